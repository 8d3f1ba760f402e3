"""A ``Document`` as a Word file (python-docx): real heading styles, tables with a header
row, charts embedded as pictures with their table beside them, editable in Word."""

import io

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from analysis.papers.document import (
    Bullets,
    Document,
    Figure,
    Heading,
    KeyFigure,
    PageBreak,
    Paragraph,
    Quote,
    Stoplight,
    Table,
)
from analysis.style import MUTED, TEXT

FONT = "DejaVu Sans"  # the PDF's font; Word falls back to its own sans where it is missing
LIGHT_COLOURS = {"green": "1B7837", "orange": "E08214", "red": "B2182B", "grey": "8C8C8C"}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _setup(word) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        style = word.styles[name]
        style.font.name = FONT
        style.font.color.rgb = _rgb(TEXT)
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(word, table: Table) -> None:
    if table.caption:
        word.add_paragraph(table.caption, style="Caption")
    has_header = any(table.header)
    grid = word.add_table(rows=1 if has_header else 0, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    if has_header:
        _repeat_header(grid.rows[0])
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            _shade(cell, "E8EEF4")
    for values in table.rows:
        cells = grid.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=False)):
            cell.text = str(text)
            if index in table.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    word.add_paragraph()


def _note(word, text: str, italic: bool = False):
    paragraph = word.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(8.5)
    run.font.color.rgb = _rgb(MUTED)
    run.italic = italic
    return paragraph


def _block(word, block) -> None:
    if isinstance(block, Heading):
        word.add_heading(block.text, level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        if block.style == "note":
            _note(word, block.text)
        else:
            paragraph = word.add_paragraph()
            run = paragraph.add_run(block.text)
            if block.style == "warning":
                run.bold = True
                run.font.color.rgb = _rgb("B2182B")
    elif isinstance(block, Bullets):
        for item in block.items:
            word.add_paragraph(item, style="List Bullet")
    elif isinstance(block, KeyFigure):
        paragraph = word.add_paragraph(style="Intense Quote")
        paragraph.add_run(block.text).bold = True
        if block.n is not None:
            paragraph.add_run(f"  (n = {block.n:,})".replace(",", "."))
    elif isinstance(block, Figure):
        word.add_picture(io.BytesIO(block.png), width=Cm(16.5))
        word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _table(word, Table(block.alt.header, block.alt.rows, numeric=block.alt.numeric))
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Quote):
        paragraph = word.add_paragraph(style="Quote")
        paragraph.add_run(f"“{block.text}”")
        if block.who:
            paragraph.add_run(f" – {block.who}").italic = True
    elif isinstance(block, Stoplight):
        paragraph = word.add_heading(level=3)
        light = paragraph.add_run("● ")
        light.font.color.rgb = _rgb(LIGHT_COLOURS[block.light])
        paragraph.add_run(f"{block.label}: " if block.label else "")
        paragraph.add_run(block.title)
        _table(word, Table(["", ""], [[k, v] for k, v in block.lines]))
    elif isinstance(block, PageBreak):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(document: Document) -> bytes:
    """The document as DOCX bytes."""
    word = WordDocument()
    _setup(word)
    word.core_properties.title = document.title
    word.core_properties.language = document.language
    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    if document.cover:
        _table(word, Table(["", ""], [[k, v] for k, v in document.cover]))
    for block in document.blocks:
        _block(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()

"""A ``Document`` as a Word file (python-docx): real heading styles, tables with a header
row, charts embedded as pictures with their table beside them, editable in Word."""

import io
import re
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from analysis.papers.document import (
    LIGHT_COLOURS,
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
    column_shares,
)
from analysis.style import MUTED, TEXT, fmt_int

FONT = "DejaVu Sans"  # the PDF's font; Word falls back to its own sans where it is missing


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


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Word:
    """A Word document being written: paragraphs styled by style id (looked up once, not by
    name per paragraph) and tables written as one piece of XML each."""

    def __init__(self):
        self.doc = WordDocument()
        _setup(self.doc)
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}
        section = self.doc.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin

    def paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        element = self.doc.element.body.add_p()
        if style is not None:
            element.style = self.style_ids[style]
        paragraph = DocxParagraph(element, self.doc._body)
        if text:
            paragraph.add_run(_clean(text))
        return paragraph

    def heading(self, text: str, level: int) -> DocxParagraph:
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, table: Table) -> None:
        """A table with the house grid style, a shaded header row repeated on every page and
        numbers aligned right; then an empty paragraph, as Word leaves after a table."""
        if table.caption:
            self.paragraph(table.caption, "Caption")
        columns = len(table.header)
        widths = [int(Emu(int(self.width * share)).twips) for share in column_shares(columns)]
        cell_width = [f'<w:tcW w:type="dxa" w:w="{width}"/>' for width in widths]
        rows = []
        if any(table.header):
            header = "".join(
                f"<w:tc><w:tcPr>{cell_width[i]}"
                '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/></w:tcPr>'
                f"<w:p>{_run(text, bold=True)}</w:p></w:tc>"
                for i, text in enumerate(table.header)
            )
            rows.append(f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{header}</w:tr>')
        right = '<w:pPr><w:jc w:val="right"/></w:pPr>'
        for values in table.rows:
            cells = [str(v) for v in values[:columns]] + [""] * (columns - len(values))
            rows.append(
                "<w:tr>"
                + "".join(
                    f"<w:tc><w:tcPr>{cell_width[i]}</w:tcPr>"
                    f"<w:p>{right if i in table.numeric else ''}{_run(text)}</w:p></w:tc>"
                    for i, text in enumerate(cells)
                )
                + "</w:tr>"
            )
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        xml = (
            f"<w:tbl {nsdecls('w')}><w:tblPr>"
            f'<w:tblStyle w:val="{self.style_ids["Table Grid"]}"/>'
            f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:jc w:val="left"/>'
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )
        self.doc.element.body._insert_tbl(parse_xml(xml))
        self.paragraph()


def _clean(text: str) -> str:
    """Text Word can hold: characters XML forbids left out."""
    return _NOT_XML.sub("", str(text))


def _run(text: str, bold: bool = False) -> str:
    """A run of text as XML; line breaks kept."""
    if not text:
        return ""
    lines = [escape(line) for line in _clean(text).replace("\r\n", "\n").split("\n")]
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    return f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{body}</w:r>"


def _note(word: _Word, text: str, italic: bool = False):
    paragraph = word.paragraph()
    run = paragraph.add_run(_clean(text))
    run.font.size = Pt(8.5)
    run.font.color.rgb = _rgb(MUTED)
    run.italic = italic
    return paragraph


def _block(word: _Word, block) -> None:
    if isinstance(block, Heading):
        word.heading(block.text, min(block.level, 3))
    elif isinstance(block, Paragraph):
        if block.style == "note":
            _note(word, block.text)
        else:
            paragraph = word.paragraph()
            run = paragraph.add_run(_clean(block.text))
            if block.style == "warning":
                run.bold = True
                run.font.color.rgb = _rgb("B2182B")
    elif isinstance(block, Bullets):
        for item in block.items:
            word.paragraph(item, "List Bullet")
    elif isinstance(block, KeyFigure):
        paragraph = word.paragraph(style="Intense Quote")
        paragraph.add_run(_clean(block.text)).bold = True
        if block.n is not None:
            paragraph.add_run(f"  (n = {fmt_int(block.n)})")
    elif isinstance(block, Figure):
        paragraph = word.paragraph()
        paragraph.add_run().add_picture(io.BytesIO(block.png), width=Cm(16.5))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        word.table(Table(block.alt.header, block.alt.rows, numeric=block.alt.numeric))
    elif isinstance(block, Table):
        word.table(block)
    elif isinstance(block, Quote):
        paragraph = word.paragraph(style="Quote")
        paragraph.add_run(_clean(f"“{block.text}”"))
        if block.who:
            paragraph.add_run(_clean(f" – {block.who}")).italic = True
    elif isinstance(block, Stoplight):
        paragraph = word.paragraph(style="Heading 3")
        light = paragraph.add_run("● ")
        light.font.color.rgb = _rgb(LIGHT_COLOURS[block.light])
        paragraph.add_run(_clean(f"{block.label}: ") if block.label else "")
        paragraph.add_run(_clean(block.title))
        word.table(Table(["", ""], [[k, v] for k, v in block.lines]))
    elif isinstance(block, PageBreak):
        word.paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(document: Document) -> bytes:
    """The document as DOCX bytes."""
    word = _Word()
    word.doc.core_properties.title = _clean(document.title)
    word.doc.core_properties.language = document.language
    word.heading(document.title, 0)
    if document.subtitle:
        word.paragraph(document.subtitle, "Subtitle")
    if document.cover:
        word.table(Table(["", ""], [[k, v] for k, v in document.cover]))
    for block in document.blocks:
        _block(word, block)
    buffer = io.BytesIO()
    word.doc.save(buffer)
    return buffer.getvalue()

"""A ``Document`` as an A4 PDF (reportlab platypus) in DejaVu Sans, which covers Turkish,
Polish, Arabic and Cyrillic names; long texts flow over pages, table rows split between
pages, and every page carries the title and its number."""

import io
import unicodedata
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

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
from analysis.papers.pdf_images import ChartImage
from analysis.style import MAIN, MUTED, TEXT, fmt_int
from surveys.paper.fonts import load_fonts, visual_order

# Images as binary streams: ASCII85 text (reportlab's default, in pure Python) costs most of
# the time of a paper with charts and makes the file a quarter larger; every reader reads both.
rl_config.useA85 = 0

WIDTH = A4[0] - 4.4 * cm


def styles(fonts) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a paper."""
    base = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=10,
        leading=14,
        textColor=colors.HexColor(TEXT),
        spaceAfter=6,
    )
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", base, fontName=fonts.bold, fontSize=24, leading=30, spaceAfter=12
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            base,
            fontSize=13,
            leading=18,
            spaceAfter=18,
            textColor=colors.HexColor(MUTED),
        ),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=fonts.bold,
            fontSize=17,
            leading=22,
            spaceBefore=6,
            spaceAfter=10,
            textColor=colors.HexColor(MAIN),
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=fonts.bold, fontSize=13, leading=17, spaceBefore=10, spaceAfter=6
        ),
        "h3": ParagraphStyle(
            "h3",
            base,
            fontName=fonts.bold,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "note": ParagraphStyle(
            "note", base, fontSize=8.5, leading=11, textColor=colors.HexColor(MUTED)
        ),
        "warning": ParagraphStyle(
            "warning",
            base,
            fontName=fonts.bold,
            textColor=colors.HexColor("#b2182b"),
            borderPadding=6,
            borderColor=colors.HexColor("#b2182b"),
            borderWidth=0.8,
            spaceBefore=6,
            spaceAfter=12,
        ),
        "key": ParagraphStyle(
            "key",
            base,
            fontName=fonts.bold,
            fontSize=12,
            leading=16,
            leftIndent=10,
            borderPadding=(6, 6, 6, 10),
            backColor=colors.HexColor("#e8eef4"),
            spaceBefore=12,  # more than the padding, so the box clears the heading above
            spaceAfter=14,
            keepWithNext=1,
        ),
        "quote": ParagraphStyle(
            "quote",
            base,
            fontName=fonts.italic,
            leftIndent=18,
            rightIndent=18,
            textColor=colors.HexColor("#333333"),
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=0),
        "cellnum": ParagraphStyle(
            "cellnum", base, fontSize=8.5, leading=11, spaceAfter=0, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head", base, fontName=fonts.bold, fontSize=8.5, leading=11, spaceAfter=0
        ),
    }


def markup(text: str) -> str:
    """Plain text for a platypus paragraph: XML escaped, lines kept, right-to-left runs in
    the order they are drawn."""
    text = str(text or "")
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        text = "\n".join(visual_order(line) for line in text.split("\n"))
    return escape(text).replace("\n", "<br/>")


PADDING = 6  # reportlab's cell padding left and right


def _cell(text, style: ParagraphStyle, width: float):
    """A table cell: plain text where it fits on one line (reportlab draws it directly),
    else a paragraph that wraps."""
    text = str(text if text is not None else "")
    if (
        "\n" not in text
        and stringWidth(text, style.fontName, style.fontSize) <= width - 2 * PADDING
    ):
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
            text = visual_order(text)
        return text
    return PdfParagraph(markup(text), style)


def _grid(table: Table, st: dict, widths=None) -> list:
    has_header = any(table.header)
    columns = len(table.header) or max((len(r) for r in table.rows), default=0)
    if not columns or not (has_header or table.rows):
        return []
    if widths is None:
        widths = [WIDTH * share for share in column_shares(columns)]
    rows = []
    if has_header:
        rows.append([_cell(h, st["head"], w) for h, w in zip(table.header, widths, strict=False)])
    for values in table.rows:
        rows.append(
            [
                _cell(v, st["cellnum" if i in table.numeric else "cell"], w)
                for i, (v, w) in enumerate(zip(values, widths, strict=False))
            ]
        )
    cell, head = st["cell"], st["head"]
    grid = PdfTable(rows, colWidths=widths, repeatRows=1 if has_header else 0, splitInRow=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, 0), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), cell.textColor),
    ]
    first_row = 1 if has_header else 0
    commands += [("ALIGN", (i, first_row), (i, -1), "RIGHT") for i in sorted(table.numeric)]
    if has_header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")))
        commands.append(("FONT", (0, 0), (-1, 0), head.fontName, head.fontSize, head.leading))
    grid.setStyle(TableStyle(commands))
    flow = []
    if table.caption:
        flow.append(PdfParagraph(markup(table.caption), st["h3"]))
    return flow + [grid, Spacer(1, 8)]


class Picture(Flowable):
    """A chart at a given width."""

    def __init__(self, image: ChartImage, width: float):
        super().__init__()
        self.image = image
        pixels_wide, pixels_high = image.size()
        self.drawWidth, self.drawHeight = width, width * pixels_high / pixels_wide
        self.hAlign = "CENTER"

    def wrap(self, available_width, available_height):
        return self.drawWidth, self.drawHeight

    def draw(self):
        self.image.draw(self.canv, 0, 0, self.drawWidth, self.drawHeight)


def _flowables(block, st: dict) -> list:
    if isinstance(block, Heading):
        style = st[f"h{min(block.level, 3)}"]
        return [CondPageBreak(3 * cm), PdfParagraph(markup(block.text), style)]
    if isinstance(block, Paragraph):
        return [PdfParagraph(markup(block.text), st.get(block.style, st["body"]))]
    if isinstance(block, Bullets):
        items = [ListItem(PdfParagraph(markup(i), st["body"]), leftIndent=14) for i in block.items]
        return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=14)]
    if isinstance(block, KeyFigure):
        n = f"  (n = {fmt_int(block.n)})" if block.n is not None else ""
        return [PdfParagraph(markup(block.text + n), st["key"])]
    if isinstance(block, Figure):
        image = ChartImage(block.png)
        picture = Picture(image, WIDTH)
        if picture.drawHeight > A4[1] - 8 * cm:  # a tall chart: keep it on one page
            picture = Picture(image, WIDTH * (A4[1] - 8 * cm) / picture.drawHeight)
        alt = Table(block.alt.header, block.alt.rows, numeric=block.alt.numeric)
        return [KeepTogether([picture, Spacer(1, 6)])] + _grid(alt, st)
    if isinstance(block, Table):
        return _grid(block, st)
    if isinstance(block, Quote):
        who = f" – {block.who}" if block.who else ""
        return [PdfParagraph(markup(f"“{block.text}”{who}"), st["quote"])]
    if isinstance(block, Stoplight):
        colour = LIGHT_COLOURS[block.light]
        title = (
            f'<font color="{colour}">●</font> <b>{markup(block.label)}</b>: {markup(block.title)}'
        )
        return [PdfParagraph(title, st["h3"])] + _grid(
            Table(["", ""], [[k, v] for k, v in block.lines]), st, [WIDTH * 0.25, WIDTH * 0.75]
        )
    if isinstance(block, PageBreak):
        return [PdfPageBreak()]
    return []


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    fonts = load_fonts()
    st = styles(fonts)
    buffer = io.BytesIO()

    def footer(canvas, template):
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(2.2 * cm, 1.2 * cm, document.title[:110])
        canvas.drawRightString(A4[0] - 2.2 * cm, 1.2 * cm, str(template.page))
        canvas.restoreState()

    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=document.title,
        lang=document.language,
    )
    story = [
        Spacer(1, 3 * cm),
        PdfParagraph(markup(document.title), st["title"]),
        PdfParagraph(markup(document.subtitle), st["subtitle"]),
    ]
    if document.cover:
        story += _grid(
            Table(["", ""], [[k, v] for k, v in document.cover]), st, [WIDTH * 0.3, WIDTH * 0.7]
        )
    story.append(PdfPageBreak())
    for block in document.blocks:
        story += _flowables(block, st)
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()

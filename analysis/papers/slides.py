"""The meeting pack: 16:9 slides per gemeente (one chart or key figure per slide, large type,
n and source on each; per theme "what we asked → what was agreed → how it went" with the
stoplight), and the paper's charts as PNG files in a zip."""

import io
import zipfile
from datetime import date

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame
from reportlab.platypus import Paragraph as PdfParagraph

from analysis.papers import parts
from analysis.papers.build import (
    Context,
    figure_block,
    key_items,
    other_figures,
    themes_of,
)
from analysis.papers.document import LIGHT_COLOURS
from analysis.papers.pdf_images import ChartImage
from analysis.papers.pdf_render import markup
from analysis.style import MAIN, MUTED, TEXT, fmt_date, fmt_int
from surveys.paper.fonts import load_fonts
from surveys.themes import theme_label

PAGE = (960, 540)  # points: 13.33 x 7.5 inches, 16:9
MARGIN = 40


class Deck:
    """A PDF of slides drawn one by one."""

    def __init__(self, title: str):
        self.fonts = load_fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=PAGE, pageCompression=1)
        self.canvas.setTitle(title)
        self.count = 0

    def style(self, size: float, bold=False, colour=TEXT, leading=1.25) -> ParagraphStyle:
        return ParagraphStyle(
            "s",
            fontName=self.fonts.bold if bold else self.fonts.regular,
            fontSize=size,
            leading=size * leading,
            textColor=colors.HexColor(colour),
        )

    def text(self, text, x, y, width, height, size, bold=False, colour=TEXT) -> None:
        """Paragraphs in a box (top-left at x, y from the top), shrunk until they fit."""
        paragraphs = text if isinstance(text, list) else [text]
        while size > 9:
            flow = [PdfParagraph(markup(t), self.style(size, bold, colour)) for t in paragraphs]
            frame = Frame(x, PAGE[1] - y - height, width, height, 0, 0, 0, 0, showBoundary=0)
            used = sum(p.wrap(width, height)[1] + size * 0.4 for p in flow)
            if used <= height:
                frame.addFromList(flow, self.canvas)
                return
            size -= 2
        frame.addFromList(flow, self.canvas)

    def slide(self, title: str, footer: str) -> None:
        """Start a slide with its title bar and the n / source line at the bottom."""
        if self.count:
            self.canvas.showPage()
        self.count += 1
        c = self.canvas
        c.setFillColor(colors.HexColor(MAIN))
        c.rect(0, PAGE[1] - 8, PAGE[0], 8, stroke=0, fill=1)
        self.text(title, MARGIN, 24, PAGE[0] - 2 * MARGIN, 70, 30, bold=True)
        room = PAGE[0] - 2 * MARGIN - 40  # the slide number stands in the last 40 points
        size = 13
        while size > 10 and stringWidth(footer, self.fonts.regular, size) > room:
            size -= 0.5
        while stringWidth(footer, self.fonts.regular, size) > room:
            footer = footer[: max(0, len(footer) - 4)] + "…"
        c.setFont(self.fonts.regular, size)
        c.setFillColor(colors.HexColor(MUTED))
        c.drawString(MARGIN, 18, footer)
        c.drawRightString(PAGE[0] - MARGIN, 18, str(self.count))

    def image(self, image: ChartImage, top: float, bottom: float) -> None:
        width, height = image.size()
        box_w, box_h = PAGE[0] - 2 * MARGIN, PAGE[1] - top - bottom
        scale = min(box_w / width, box_h / height)
        w, h = width * scale, height * scale
        image.draw(self.canvas, (PAGE[0] - w) / 2, bottom + (box_h - h), w, h)

    def light(self, light: str, x: float, y: float, radius: float = 16) -> None:
        self.canvas.setFillColor(colors.HexColor(LIGHT_COLOURS.get(light, LIGHT_COLOURS["grey"])))
        self.canvas.circle(x, PAGE[1] - y, radius, stroke=0, fill=1)

    def done(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buffer.getvalue()


def source_line(ctx: Context, n: int | None) -> str:
    """The slide's source; when a question's n is not everyone who took part (a chart's own
    source line counts those), it says both, so the two numbers cannot be confused."""
    counted = fmt_int(n) if n is not None else _("too few")
    if n is not None and n != ctx.respondents:
        return _(
            "Source: %(survey)s · n = %(n)s answered this question, of %(total)s households "
            "that took part · %(day)s",
            survey=ctx.survey.display_title,
            n=counted,
            total=fmt_int(ctx.respondents),
            day=fmt_date(date.today()),
        )
    return _(
        "Source: %(survey)s · n = %(n)s · %(day)s",
        survey=ctx.survey.display_title,
        n=counted,
        day=fmt_date(date.today()),
    )


def meeting_pack(ctx: Context, positions: dict | None) -> bytes:
    """The slides of one gemeente (or the koepel) as a 16:9 PDF."""
    deck = Deck(_("Meeting pack %(place)s", place=ctx.place))
    deck.slide(
        _("What tenants in %(place)s told us", place=ctx.place), source_line(ctx, ctx.respondents)
    )
    deck.text(
        [
            ctx.survey.display_title,
            _("%(n)s households answered.", n=fmt_int(ctx.respondents)),
            parts.decision_text(positions),
        ],
        MARGIN,
        160,
        PAGE[0] - 2 * MARGIN,
        300,
        30,
    )
    if ctx.counts_only:
        deck.slide(_("Too few answers"), source_line(ctx, ctx.respondents))
        deck.text(parts.too_few_text(ctx), MARGIN, 140, PAGE[0] - 2 * MARGIN, 300, 28)
    lookback = (positions or {}).get("lookback") or []
    for theme in themes_of(ctx):
        key, others = key_items(ctx, theme, positions)
        if ctx.respondents < ctx.rule.suppress_below:
            key, others = [], []
        for item in key:
            figure = figure_block(ctx, item)
            title = f"{theme_label(theme)}: {item.meta.text}"
            deck.slide(title, source_line(ctx, item.key.n))
            if figure is not None:
                deck.text(item.key.text, MARGIN, 96, PAGE[0] - 2 * MARGIN, 40, 22, bold=True)
                deck.image(ChartImage(figure.png), 140, 40)
            else:
                deck.text(item.key.text, MARGIN, 160, PAGE[0] - 2 * MARGIN, 280, 40, bold=True)
        if others:
            deck.slide(
                _("%(theme)s: more figures", theme=theme_label(theme)),
                source_line(ctx, ctx.respondents),
            )
            lines = [f"• {line}" for line in other_figures(others)]
            deck.text(lines, MARGIN, 110, PAGE[0] - 2 * MARGIN, 380, 22)
        for item in (x for x in lookback if x.get("theme") == theme):
            lookback_slide(deck, ctx, theme, item)
    return deck.done()


def lookback_slide(deck: Deck, ctx: Context, theme: str, item: dict) -> None:
    """What we asked → what was agreed → how it went, with the stoplight."""
    deck.slide(
        _("%(theme)s: what became of it", theme=theme_label(theme)),
        _("Source: our positions and the agreements of last year"),
    )
    width = (PAGE[0] - 2 * MARGIN - 2 * 30) / 3
    columns = [
        (_("What we asked"), item.get("text") or "–"),
        (_("What was agreed"), item.get("agreement") or item.get("outcome") or "–"),
        (_("How it went"), f"{item.get('realisation') or '–'}. {item.get('reason') or ''}"),
    ]
    for n, (head, body) in enumerate(columns):
        x = MARGIN + n * (width + 30)
        deck.text(head, x, 110, width, 36, 24, bold=True, colour=MAIN)
        deck.text(body, x, 150, width, 300 if n < 2 else 230, 22)
        if n < 2:
            deck.text("→", x + width + 2, 110, 28, 36, 24, bold=True, colour=MUTED)
    x = MARGIN + 2 * (width + 30)
    deck.light(item.get("light") or "grey", x + 18, 420)
    deck.text(parts.light_label(item.get("light")), x + 44, 405, width - 44, 60, 20, bold=True)


def chart_zip(ctx: Context, positions: dict | None = None) -> bytes:
    """The meeting pack's charts (the key questions of every theme) as PNG files in a zip,
    named by question: the same drawings as the slides and the paper."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for theme in themes_of(ctx):
            for item in key_items(ctx, theme, positions)[0]:
                figure = figure_block(ctx, item)
                if figure is not None and figure.png:
                    archive.writestr(f"{figure.name}.png", figure.png)
    return buffer.getvalue()

"""The personalised invitation letter: A4, address in the window, code, short URL and QR.

Window envelope: the address block sits where the window of the common Dutch window
envelopes (EA5/6 and C5/6, window on the left) shows it: from 20 mm from the left edge and
50 mm from the top, 90 × 40 mm. The address is printed from 22 mm / 54 mm, inside the window
with room for folding tolerance; the small return line above it is for the postal service.

Everything that is the same for all letters of a batch (logo, sender, text, code box frame)
is drawn once as a PDF form object; per letter only the address, code, QR and reference are
drawn, which keeps batches of tens of thousands of letters small and fast.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from surveys.paper.errors import PaperError
from surveys.paper.fonts import FONT_FAMILY, Fonts, width, wrap
from surveys.paper.layout import MM_PER_PT, Line, Rect, Text
from surveys.paper.phrases import phrase
from surveys.paper.qr import draw_qr
from surveys.paper.render import draw_ops, y_pt

log = logging.getLogger(__name__)

LEFT, RIGHT, BOTTOM = 20.0, 190.0, 270.0
WINDOW = (20.0, 50.0, 90.0, 40.0)  # x, y, width, height in mm
ADDRESS_X, ADDRESS_Y = 22.0, 54.0
SENDER_X = 122.0
BODY_TOP = 108.0
CODE_BOX_H = 36.0
QR_SIZE = 31.0
MONO = "PaperMono-Bold"


@dataclass(frozen=True)
class LetterContext:
    """What is the same for every letter of a batch."""

    lang: str
    texts: dict[str, str]  # filled-in letter texts
    sender_name: str
    sender_lines: tuple[str, ...]
    website: str
    date_text: str
    reminder: bool = False
    large_print: bool = False
    logo_path: str | None = None
    return_address: tuple[str, ...] = ()  # the sender's postal address, for the return line


@dataclass(frozen=True)
class Recipient:
    """One household's letter: where it goes and its code."""

    address_lines: tuple[str, ...]
    code: str  # ABCD-EFGH-K
    url: str  # the QR code's address
    reference: str  # batch-sequence, also in the mailing-house CSV


class LetterPrinter:
    """Lays out the letter once and prints it for each recipient."""

    def __init__(self, context: LetterContext, fonts: Fonts, font_dir: str):
        self.ctx = context
        self.fonts = fonts
        _register_mono(font_dir)
        self.size = 14.0 if context.large_print else 12.0
        # How to answer online is as large as the rest of the letter in large print.
        self.small = self.size if context.large_print else 11.0
        self.code_box_h = CODE_BOX_H + (8.0 if context.large_print else 0.0)
        self.pages, self.code_box = self._layout()
        self._prepared: set[int] = set()

    @property
    def page_count(self) -> int:
        """Pages per letter (1, or 2 for a long text in large print)."""
        return len(self.pages)

    # -- layout ---------------------------------------------------------------------------
    def _wrap(self, text, width, font="regular", size=None):
        return wrap(text, getattr(self.fonts, font), size or self.size, width / MM_PER_PT)

    def _layout(self):
        ctx, size = self.ctx, self.size
        line = size * 1.3 * MM_PER_PT
        pages: list[list] = [self._head()]
        y = BODY_TOP

        def paragraph(text, font="regular", gap=line * 0.6, size_=None):
            nonlocal y
            step = (size_ or size) * 1.3 * MM_PER_PT
            for text_line in self._wrap(text, RIGHT - LEFT, font, size_):
                if y + step > BOTTOM:
                    pages.append([])
                    y = 25.0
                if text_line:
                    pages[-1].append(Text(LEFT, y + step * 0.78, text_line, font, size_ or size))
                y += step
            y += gap

        def lines_of(text, font="regular"):
            return len(self._wrap(text, RIGHT - LEFT, font)) if text.strip() else 0

        paragraph(ctx.texts["salutation"])
        if ctx.reminder and ctx.texts.get("reminder"):
            paragraph(ctx.texts["reminder"], "bold")
        paragraph(ctx.texts["body"])
        if y + self.code_box_h + 4 > BOTTOM:
            pages.append([])
            y = 25.0
        code_box = (len(pages) - 1, y)
        pages[-1] += self._code_box_frame(y)
        y += self.code_box_h + 6.0
        # The greeting stays with the signature: both go to the back if they do not fit.
        ending = lines_of(ctx.texts["closing"]) + lines_of(ctx.texts["signature"], "bold")
        if y + ending * line + line * 1.6 > BOTTOM:
            pages.append([])
            y = 25.0
        paragraph(ctx.texts["closing"], gap=line * 1.6)
        paragraph(ctx.texts["signature"], "bold")
        if ctx.texts.get("privacy"):
            paragraph(ctx.texts["privacy"], "italic", size_=max(size - 2, 10.0))
        return pages, code_box

    def _head(self) -> list:
        ctx = self.ctx
        ops = [Text(SENDER_X, 17.0, ctx.sender_name, "bold", 12.0)]
        y = 22.5
        for text in ctx.sender_lines:
            ops.append(Text(SENDER_X, y, text, "regular", 10.0))
            y += 4.6
        if not ctx.logo_path:
            ops.append(Rect(LEFT, 12.0, 52.0, 24.0, line=0.8, grey=True))
            ops.append(Text(LEFT + 26.0, 26.0, ctx.sender_name[:18], "bold", 16.0, "centre", True))
        ops.append(Text(ADDRESS_X, ADDRESS_Y, self._return_line(), "regular", 7.0, grey=True))
        ops.append(Line(ADDRESS_X, ADDRESS_Y + 1.0, ADDRESS_X + 80.0, ADDRESS_Y + 1.0, 0.3, True))
        ops.append(
            Text(LEFT, 97.0, f"{phrase(ctx.lang, 'date')}: {ctx.date_text}", "regular", self.small)
        )
        ops.append(Text(LEFT, 102.5, ctx.texts["subject"], "bold", max(self.small, 12.0)))
        return ops

    def _return_line(self) -> str:
        """The return line above the window: "Retour:" and as much of the address as fits."""
        ctx = self.ctx
        parts = [ctx.sender_name, *ctx.return_address]
        while len(parts) > 1:
            line = f"{phrase(ctx.lang, 'return_to')} {', '.join(parts)}"
            if width(line, self.fonts.regular, 7.0) * MM_PER_PT <= 80.0:
                return line
            parts.pop()
        return f"{phrase(ctx.lang, 'return_to')} {ctx.sender_name}"

    def _code_box_frame(self, top: float) -> list:
        ctx, small = self.ctx, self.small
        text_w = 158.0 - 25.0
        online = f"{phrase(ctx.lang, 'online')} {ctx.website}"
        ops = [Rect(LEFT, top, RIGHT - LEFT, self.code_box_h, line=1.5)]
        ops.append(Text(25.0, top + 7.0, phrase(ctx.lang, "your_code"), "bold", max(small, 12.0)))
        lines = self._wrap(online, text_w, "regular", small)[:2]
        scan = self._wrap(phrase(ctx.lang, "or_scan"), text_w, "regular", small - 1.0)[:2]
        y = top + 25.0
        step = small * 1.25 * MM_PER_PT
        for text_line in lines + scan:
            size = small if text_line in lines else small - 1.0
            ops.append(Text(25.0, y, text_line, "regular", size))
            y += step
        return ops

    # -- printing -------------------------------------------------------------------------
    def _name(self, index: int) -> str:
        return f"letter{id(self)}p{index}"

    def _prepare(self, canvas) -> None:
        if id(canvas) in self._prepared:
            return
        for index, ops in enumerate(self.pages):
            canvas.beginForm(self._name(index))
            draw_ops(canvas, ops, self.fonts)
            canvas.endForm()
        self._prepared.add(id(canvas))

    def print_letter(self, canvas, recipient: Recipient) -> int:
        """Draw the letter for one household; returns the number of pages."""
        self._prepare(canvas)
        for index in range(len(self.pages)):
            canvas.doForm(self._name(index))
            if index == 0:
                self._address(canvas, recipient)
                self._logo(canvas)
            if index == self.code_box[0]:
                self._code(canvas, recipient, self.code_box[1])
            canvas.setFont(self.fonts.regular, 8.0)
            canvas.setFillColorRGB(0.33, 0.33, 0.33)
            label = f"{phrase(self.ctx.lang, 'reference')} {recipient.reference}"
            canvas.drawString(LEFT * mm, y_pt(287.0), label)
            canvas.setFillColorRGB(0, 0, 0)
            canvas.showPage()
        return len(self.pages)

    def _address(self, canvas, recipient: Recipient) -> None:
        canvas.setFont(self.fonts.regular, 11.0)
        y = ADDRESS_Y + 6.5
        for text in recipient.address_lines[:5]:
            canvas.drawString(ADDRESS_X * mm, y_pt(y), text)
            y += 5.0

    def _logo(self, canvas) -> None:
        path = self.ctx.logo_path
        if not path:
            return
        canvas.drawImage(
            path, LEFT * mm, y_pt(36.0), 52.0 * mm, 24.0 * mm, preserveAspectRatio=True, mask="auto"
        )

    def _code(self, canvas, recipient: Recipient, top: float) -> None:
        canvas.setFont(MONO, 24.0)
        canvas.drawString(25.0 * mm, y_pt(top + 17.0), recipient.code)
        draw_qr(canvas, recipient.url, 157.0 * mm, y_pt(top + 2.5 + QR_SIZE), QR_SIZE * mm)


def _register_mono(font_dir: str) -> None:
    """The monospaced bold font for codes (0 and O, 1 and I are easy to tell apart)."""
    if MONO in pdfmetrics.getRegisteredFontNames():
        return
    path = Path(font_dir) / "DejaVuSansMono-Bold.ttf"
    if not path.is_file():
        raise PaperError(
            _l(
                "The font %(font)s is missing: %(path)s. Install the package "
                "fonts-dejavu-core or set PAPER_FONT_DIR to a folder with this font.",
                font=f"{FONT_FAMILY} Mono (DejaVuSansMono-Bold.ttf)",
                path=str(path),
            )
        )
    pdfmetrics.registerFont(TTFont(MONO, str(path)))


def logo_file(path: str | None) -> str | None:
    """The logo image to print, when one is configured and readable."""
    if path and Path(path).is_file():
        return path
    if path:
        log.warning("letter logo %s not found; printing the placeholder", path)
    return None

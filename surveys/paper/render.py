"""Drawing form layouts on a reportlab canvas.

The unchanging part of each form page (questions, boxes, marks, page numbers) is drawn once
per document as a PDF form object and placed on every copy; only the QR code and the code
or serial text differ per copy. That keeps a batch of 25 000 forms small and fast.
"""

from reportlab.lib.units import mm

from surveys.paper.fonts import Fonts, visual_order
from surveys.paper.form import HEADER_IDENT_Y, FormLayout
from surveys.paper.layout import LEFT, PAGE_H, QR_SIZE, QR_X, QR_Y, Line, Rect, Text
from surveys.paper.phrases import phrase
from surveys.paper.qr import PageIdentity, draw_qr

GREY = (0.33, 0.33, 0.33)


def y_pt(value: float) -> float:
    """A distance from the top of the page in mm as a reportlab y coordinate."""
    return (PAGE_H - value) * mm


def draw_ops(canvas, ops, fonts: Fonts) -> None:
    """Draw layout operations (mm from the top-left) on the canvas."""
    current = None
    for op in ops:
        if isinstance(op, Text):
            font = getattr(fonts, op.font)
            if current != (font, op.size):
                canvas.setFont(font, op.size)
                current = (font, op.size)
            canvas.setFillColorRGB(*(GREY if op.grey else (0, 0, 0)))
            text = visual_order(op.text)
            if op.align == "right":
                canvas.drawRightString(op.x * mm, y_pt(op.y), text)
            elif op.align == "centre":
                canvas.drawCentredString(op.x * mm, y_pt(op.y), text)
            else:
                canvas.drawString(op.x * mm, y_pt(op.y), text)
        elif isinstance(op, Rect):
            canvas.setLineWidth(op.line)
            colour = GREY if op.grey else (0, 0, 0)
            canvas.setStrokeColorRGB(*colour)
            canvas.setFillColorRGB(*colour)
            canvas.rect(
                op.x * mm,
                y_pt(op.y + op.h),
                op.w * mm,
                op.h * mm,
                stroke=int(op.line > 0),
                fill=int(op.fill),
            )
        elif isinstance(op, Line):
            canvas.setLineWidth(op.line)
            canvas.setStrokeColorRGB(*(GREY if op.grey else (0, 0, 0)))
            canvas.line(op.x1 * mm, y_pt(op.y1), op.x2 * mm, y_pt(op.y2))
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)


class FormPrinter:
    """Prints copies of one form layout on a canvas: static pages once, identity per copy."""

    def __init__(self, layout: FormLayout, fonts: Fonts, revision: int = 1):
        self.layout = layout
        self.fonts = fonts
        self.revision = revision
        self._prepared: set[int] = set()

    def _form_name(self, number: int) -> str:
        layout = self.layout
        variant = "g" if layout.large_print else "n"
        return f"s{layout.survey_id}v{layout.survey_version}{layout.language}{variant}p{number}"

    def _prepare(self, canvas) -> None:
        if id(canvas) in self._prepared:
            return
        for page in self.layout.pages:
            canvas.beginForm(self._form_name(page.number))
            draw_ops(canvas, page.ops, self.fonts)
            canvas.endForm()
        self._prepared.add(id(canvas))

    def identity(self, page: int, code: str | None = None, serial: int | None = None):
        """The page identity encoded in the QR code of one page of one copy."""
        layout = self.layout
        return PageIdentity(
            survey_id=layout.survey_id,
            survey_version=layout.survey_version,
            language=layout.language,
            large_print=layout.large_print,
            revision=self.revision,
            page=page,
            code=code.replace("-", "") if code else None,
            serial=serial,
        )

    def print_copy(
        self, canvas, *, code: str | None = None, serial: int | None = None, label: str = ""
    ) -> None:
        """All pages of one copy, for a household code (ABCD-EFGH-K) or a blank-form serial."""
        if (code is None) == (serial is None):
            raise ValueError("a copy needs either a household code or a serial")
        self._prepare(canvas)
        lang = self.layout.language
        size = 12.0 if not self.layout.large_print else 16.0
        ident = label or (
            f"{phrase(lang, 'code')} {code}"
            if code
            else f"{phrase(lang, 'form_number')} {serial_label(self.layout.survey_id, serial)}"
        )
        for page in self.layout.pages:
            canvas.doForm(self._form_name(page.number))
            canvas.setFont(self.fonts.bold, size)
            canvas.drawString(LEFT * mm, y_pt(HEADER_IDENT_Y + (2.0 if size > 12 else 0.0)), ident)
            payload = self.identity(page.number, code, serial).payload()
            draw_qr(canvas, payload, QR_X * mm, y_pt(QR_Y + QR_SIZE), QR_SIZE * mm)
            canvas.showPage()


def serial_label(survey_id: int, serial: int | None) -> str:
    """A blank form's number as printed and typed: B12-00045."""
    return f"B{survey_id}-{serial:05d}"

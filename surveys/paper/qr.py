"""QR codes on letters and forms, and the machine-readable page identity of a form page.

A form page carries ``CF1.S<survey>.V<version>.<language>[G].R<revision>.P<page>.<identity>``
where the identity is ``H`` plus the household's code (9 characters, no dash) or ``B`` plus
the serial of a blank form. Only capitals, digits and dots are used, so the payload is encoded
compactly (QR alphanumeric mode) and a USB scanner that types it like a keyboard gives the
same text on any keyboard layout. ``G`` after the language marks the large-print variant.
"""

import re
from dataclasses import dataclass

import segno

PAYLOAD_PREFIX = "CF1"
_PAYLOAD = re.compile(
    r"^CF1\.S(?P<survey>\d{1,9})\.V(?P<version>\d{1,9})\.(?P<lang>[A-Z]{2})(?P<large>G?)"
    r"\.R(?P<revision>\d{1,4})\.P(?P<page>\d{1,3})\.(?P<kind>[HB])(?P<ident>[0-9A-Z]{1,12})$"
)
QUIET_MODULES = 4
FIXED_MASK = 2


@dataclass(frozen=True)
class PageIdentity:
    """What the QR code of a form page says."""

    survey_id: int
    survey_version: int
    language: str
    large_print: bool
    revision: int
    page: int
    code: str | None = None  # household code without dash
    serial: int | None = None  # blank form

    def payload(self) -> str:
        """The text encoded in the page's QR code."""
        ident = f"H{self.code}" if self.code else f"B{self.serial}"
        return (
            f"{PAYLOAD_PREFIX}.S{self.survey_id}.V{self.survey_version}."
            f"{self.language.upper()}{'G' if self.large_print else ''}.R{self.revision}."
            f"P{self.page}.{ident}"
        )


def parse_payload(text: str) -> PageIdentity | None:
    """The page identity in a scanned QR text, or None when it is not a form page code."""
    match = _PAYLOAD.match(str(text or "").strip().upper())
    if not match:
        return None
    kind, ident = match["kind"], match["ident"]
    return PageIdentity(
        survey_id=int(match["survey"]),
        survey_version=int(match["version"]),
        language=match["lang"].lower(),
        large_print=bool(match["large"]),
        revision=int(match["revision"]),
        page=int(match["page"]),
        code=ident if kind == "H" else None,
        serial=int(ident) if kind == "B" and ident.isdigit() else None,
    )


def draw_qr(canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw a QR code with its quiet zone inside the square (x, y, size) in points.

    (x, y) is the lower-left corner in reportlab coordinates. Dark modules of a row are
    merged into one rectangle and written as plain PDF path operators, which keeps pages
    small and fast to render. A fixed mask pattern is used: every mask is valid for
    readers, and choosing the "best" one costs more time than printing the page.
    """
    matrix = segno.make(payload, error="m", micro=False, mask=FIXED_MASK).matrix
    unit = size / (len(matrix) + 2 * QUIET_MODULES)
    parts = ["q 0 g"]
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + QUIET_MODULES + 1) * unit
        start = None
        for col, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                left = x + (start + QUIET_MODULES) * unit
                parts.append(f"{left:.3f} {top:.3f} {(col - start) * unit:.3f} {unit:.3f} re")
                start = None
    parts.append("f Q")
    canvas.addLiteral("\n".join(parts))


def qr_module_count(payload: str) -> int:
    """Modules across the symbol including the quiet zone (for sizing checks)."""
    return (
        len(segno.make(payload, error="m", micro=False, mask=FIXED_MASK).matrix) + 2 * QUIET_MODULES
    )

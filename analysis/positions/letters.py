"""The bod letters: checked PDFs kept in the instance folder, outside the web root.

A letter is refused, with a message that says why, when it is larger than the limit
(``BOD_PDF_MAX_MB``), not a PDF, damaged, or encrypted (a locked file cannot be read back or
archived). It is stored under a random name; only the bod page serves it, after the scope
check of its gemeente.
"""

import secrets
from pathlib import Path

import pypdfium2 as pdfium
from flask_babel import lazy_gettext as _l

from analysis.positions.operations import PositionError

DEFAULT_MAX_MB = 20


def check_pdf(content: bytes, max_mb: float = DEFAULT_MAX_MB) -> int:
    """The number of pages of an acceptable letter; PositionError otherwise."""
    if len(content) > max_mb * 1024 * 1024:
        raise PositionError(
            _l(
                "The file is larger than %(n)s MB. Save a smaller PDF and upload that.",
                n=f"{max_mb:g}".replace(".", ","),
            ),
            field="letter",
        )
    if not content.lstrip()[:5] == b"%PDF-":
        raise PositionError(
            _l("This file is not a PDF. Upload the letter as a PDF."), field="letter"
        )
    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PositionError(_ENCRYPTED, field="letter") from None
        raise PositionError(
            _l("This PDF is damaged and cannot be read. Save it again and upload that."),
            field="letter",
        ) from None
    try:
        if pdfium.raw.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
            raise PositionError(_ENCRYPTED, field="letter")
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise PositionError(_l("This PDF has no pages."), field="letter")
    return pages


_ENCRYPTED = _l(
    "This PDF is locked with a password or encryption. Ask for an unlocked copy, or print it "
    "to a new PDF, and upload that."
)


def folder(upload_folder: str) -> Path:
    """Where bod letters are kept."""
    path = Path(upload_folder) / "bod"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(upload_folder: str, content: bytes) -> str:
    """Write a checked letter; its random token."""
    token = secrets.token_hex(16)
    target = folder(upload_folder) / f"{token}.pdf"
    target.write_bytes(content)
    target.chmod(0o600)
    return token


def path_of(upload_folder: str, token: str) -> Path:
    """The file of a stored letter (it may be gone)."""
    return folder(upload_folder) / f"{token}.pdf"

"""Pages of an uploaded scan file as greyscale images, with safe limits.

A file is recognised by its first bytes, never by its name (a zip renamed to .pdf is a zip).
Each page comes out as a ``SourcePage`` holding a greyscale numpy array, or holding a status
and message when it cannot be read; a broken file or page never raises, so the rest of a batch
goes on. Pages are produced one at a time: a 300-page PDF takes the memory of one page.
"""

import io
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence

from surveys.scans import messages as m

RENDER_DPI = 200  # PDF pages are rendered at this resolution
MAX_PIXELS = 80_000_000  # an A3 page at 600 dpi is 70 million pixels
MAX_PDF_PAGE_MM = 600.0  # a page larger than A2 is not a form
MAX_FILE_BYTES = 1_000_000_000
MAX_PAGES = 5000
# What Pillow raises on a damaged file besides OSError: a cut-off TIFF raises TypeError
# ("Missing dimensions"), a broken directory KeyError, IndexError or struct.error.
DECODE_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    TypeError,
    KeyError,
    IndexError,
    ZeroDivisionError,
    struct.error,
)


@dataclass
class SourcePage:
    """One page of a file: its image (greyscale, 0 black to 255 white), or why not."""

    file: str
    page: int  # 1-based; 0 when the whole file failed before its pages were known
    image: np.ndarray | None = None
    status: str = m.READ
    message: str = ""
    values: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The message in English with its values filled in (translate ``message`` to show)."""
        return self.message % self.values if self.values else self.message

    @property
    def ok(self) -> bool:
        """Whether there is an image to read."""
        return self.image is not None


def _failed(name: str, page: int, status: str, **values) -> SourcePage:
    text, values = m.message(status, **values)
    return SourcePage(name, page, None, status, text, values)


def sniff(head: bytes) -> str:
    """The kind of file from its first bytes: pdf, tiff, jpeg, png, zip or unknown."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"  # some scanners put a few bytes before the header
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return "unknown"


def read_pages(data: bytes, name: str, dpi: int = RENDER_DPI) -> Iterator[SourcePage]:
    """Every page of a scan file's bytes, in file order."""
    if not data:
        yield _failed(name, 0, m.EMPTY_FILE)
        return
    if len(data) > MAX_FILE_BYTES:
        yield _failed(name, 0, m.UNREADABLE, detail="larger than 1 GB")
        return
    kind = sniff(data[:1024])
    if kind == "pdf":
        yield from _pdf_pages(data, name, dpi)
    elif kind in ("tiff", "jpeg", "png"):
        yield from _image_pages(data, name)
    else:
        label = {"zip": "zip", "unknown": "?"}[kind]
        yield _failed(name, 0, m.UNSUPPORTED, kind=label)


def _pdf_pages(data: bytes, name: str, dpi: int) -> Iterator[SourcePage]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            yield _failed(name, 0, m.ENCRYPTED)
        else:
            yield _failed(name, 0, m.UNREADABLE, detail=_short(exc))
        return
    try:
        count = len(pdf)
        if count == 0:
            yield _failed(name, 0, m.UNREADABLE, detail="no pages")
        for index in range(min(count, MAX_PAGES)):
            yield _pdf_page(pdf, index, name, dpi)
    finally:
        pdf.close()


def _pdf_page(pdf, index: int, name: str, dpi: int) -> SourcePage:
    try:
        page = pdf[index]
        width_pt, height_pt = page.get_size()
        scale = dpi / 72
        pixels = width_pt * scale * height_pt * scale
        if max(width_pt, height_pt) * 25.4 / 72 > MAX_PDF_PAGE_MM or pixels > MAX_PIXELS:
            return _failed(name, index + 1, m.TOO_LARGE, limit=MAX_PIXELS // 1_000_000)
        bitmap = page.render(scale=scale, grayscale=True)
        image = np.array(bitmap.to_numpy()[:, :, 0] if bitmap.n_channels > 1 else bitmap.to_numpy())
        if image.ndim == 3:
            image = image[:, :, 0]
        page.close()
        return SourcePage(name, index + 1, np.ascontiguousarray(image, dtype=np.uint8))
    except pdfium.PdfiumError as exc:
        return _failed(name, index + 1, m.UNREADABLE, detail=_short(exc))


def _image_pages(data: bytes, name: str) -> Iterator[SourcePage]:
    with warnings.catch_warnings():
        # The size is checked below before anything is decoded.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        # A damaged file is reported by its page's status; Pillow's own warning about it
        # (such as "Corrupt EXIF data") would only stop the batch where warnings are errors.
        warnings.simplefilter("ignore", UserWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            yield _failed(name, 1, m.TOO_LARGE, limit=MAX_PIXELS // 1_000_000)
            return
        except DECODE_ERRORS as exc:
            yield _failed(name, 0, m.UNREADABLE, detail=_short(exc))
            return
        number = 0
        try:
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                if number > MAX_PAGES:
                    break
                yield _frame(frame, name, number)
        except DECODE_ERRORS as exc:
            # A multi-page file cut off after some pages: the pages before it were read.
            yield _failed(name, number + 1, m.UNREADABLE, detail=_short(exc))


def _frame(frame: Image.Image, name: str, number: int) -> SourcePage:
    width, height = frame.size
    if width * height > MAX_PIXELS:
        return _failed(name, number, m.TOO_LARGE, limit=MAX_PIXELS // 1_000_000)
    try:
        frame.load()
        if frame.format == "JPEG" or "exif" in frame.info:
            frame = ImageOps.exif_transpose(frame)
        if frame.mode in ("I;16", "I;16B", "I;16L", "I"):
            array = np.asarray(frame, dtype=np.float32)
            top = float(array.max()) or 1.0
            grey = (array * (255.0 / top)).astype(np.uint8)
        else:
            grey = np.asarray(frame.convert("L"), dtype=np.uint8)
    except DECODE_ERRORS as exc:
        return _failed(name, number, m.UNREADABLE, detail=_short(exc))
    return SourcePage(name, number, np.ascontiguousarray(grey))


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]

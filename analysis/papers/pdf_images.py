"""Charts in a PDF as their PNG's own compressed rows.

A PDF reader decompresses an image stream with the Flate filter and undoes the PNG row
filters itself (``/DecodeParms`` with ``/Predictor 15``), so the IDAT data of an 8-bit RGB
PNG can go into the PDF as it is: a chart is not decoded, hashed and compressed again for
each PDF it appears in (the paper and the meeting pack). Any other image (a PNG with a
palette, alpha or interlacing, or not a PNG) goes through reportlab's own ``drawImage``.
"""

import hashlib
import io
import struct
from dataclasses import dataclass
from functools import cached_property

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc

SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class PngRows:
    """What a PDF image stream needs of a PNG: its size and its compressed rows."""

    width: int
    height: int
    rows: bytes


def png_rows(png: bytes) -> PngRows | None:
    """The size and joined IDAT data of an 8-bit RGB, non-interlaced PNG; None otherwise."""
    if not png.startswith(SIGNATURE):
        return None
    position, size, rows = len(SIGNATURE), None, []
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        data = png[position + 8 : position + 8 + length]
        if len(data) != length:
            return None  # cut short
        if kind == b"IHDR":
            width, height, depth, colour, _method, _filter, interlace = struct.unpack(
                ">IIBBBBB", data
            )
            if (depth, colour, interlace) != (8, 2, 0):
                return None
            size = (width, height)
        elif kind == b"IDAT":
            rows.append(data)
        elif kind == b"IEND":
            break
        position += 12 + length
    if size is None or not rows or not all(size):
        return None
    return PngRows(size[0], size[1], b"".join(rows))


class _PngImage(pdfdoc.PDFImageXObject):
    """An image XObject whose stream is a PNG's compressed rows."""

    def __init__(self, name: str, png: PngRows):  # no call to super: nothing to load
        self.name = name
        self.width, self.height = png.width, png.height
        self.bitsPerComponent = 8
        self.colorSpace = "DeviceRGB"
        self.streamContent = png.rows
        self.mask = None

    def format(self, document):
        stream = pdfdoc.PDFStream(content=self.streamContent)
        entries = stream.dictionary
        entries["Type"] = pdfdoc.PDFName("XObject")
        entries["Subtype"] = pdfdoc.PDFName("Image")
        entries["Width"] = self.width
        entries["Height"] = self.height
        entries["BitsPerComponent"] = 8
        entries["ColorSpace"] = pdfdoc.PDFName("DeviceRGB")
        entries["Filter"] = pdfdoc.PDFName("FlateDecode")
        entries["DecodeParms"] = pdfdoc.PDFDictionary(
            {"Predictor": 15, "Colors": 3, "BitsPerComponent": 8, "Columns": self.width}
        )
        entries["Length"] = len(self.streamContent)
        return stream.format(document)


class ChartImage:
    """A chart's PNG to place in PDFs: its pixel size, and drawing at any place and size
    (stored once per PDF however often it is drawn)."""

    def __init__(self, png: bytes):
        self.png = png

    @cached_property
    def rows(self) -> PngRows | None:
        return png_rows(self.png)

    @cached_property
    def _reader(self) -> ImageReader:
        return ImageReader(io.BytesIO(self.png))

    @cached_property
    def name(self) -> str:
        return hashlib.sha1(self.png, usedforsecurity=False).hexdigest()

    def size(self) -> tuple[int, int]:
        """Width and height in pixels."""
        if self.rows is not None:
            return self.rows.width, self.rows.height
        return self._reader.getSize()

    def draw(self, canvas, x: float, y: float, width: float, height: float) -> None:
        """The chart on the canvas with its lower left corner at (x, y)."""
        if self.rows is None:
            canvas.drawImage(self._reader, x, y, width, height)
            return
        document = canvas._doc
        registered = document.getXObjectName(self.name)
        if document.idToObject.get(registered) is None:
            image = _PngImage(self.name, self.rows)
            canvas._setXObjects(image)
            document.Reference(image, registered)
            document.addForm(self.name, image)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(width, height)
        canvas._code.append(f"/{registered} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.name)

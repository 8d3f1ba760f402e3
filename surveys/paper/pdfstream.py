"""A reportlab canvas that writes each page to the file as soon as it is finished.

reportlab keeps every page of a document in memory until ``save()``, which does not scale to
a batch of 25 000 letters with forms. ``StreamingCanvas`` replaces the canvas's document with
one that formats a page and its content stream when the page ends, writes them out and
forgets them, keeping only their file offsets (8 bytes per object). Objects needed until the
end (the font dictionary, the embedded font subsets, the page tree, the catalogue) are written
by ``close()``, followed by the cross-reference table. Everything else is reportlab's own
formatting, so the canvas API is unchanged.
"""

import re
from array import array
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

_TRANSIENT = re.compile(r"^(Page|R)\d+$")  # page dictionaries and their content streams
_CHUNK = 10_000  # objects per piece of the page tree and the cross-reference table


class StreamingDocument(pdfdoc.PDFDocument):
    """A PDFDocument that writes finished pages straight to a binary file."""

    def __init__(self, out: BinaryIO, **kwargs):
        super().__init__(**kwargs)
        self._out = out
        header = b"".join(pdfdoc.PDFFile(self._pdfVersion).strings)
        out.write(header)
        self._position = len(header)
        self._offsets = array("Q", [0])
        self._written = bytearray(1)
        self._page_numbers = array("L")
        self._scanned = 0  # highest object number looked at by _flush

    # -- pages ---------------------------------------------------------------------------
    def addPage(self, page) -> None:
        """Register the page, then write it and every finished object out."""
        super().addPage(page)
        self.Pages.pages.pop()  # the page tree keeps object numbers, not page objects
        number, _version = self.idToObjectNumberAndVersion[page.__InternalName__]
        self._page_numbers.append(number)
        self._flush()

    @property
    def page_count(self) -> int:
        """Pages written so far."""
        return len(self._page_numbers)

    def _deferred(self, name: str) -> bool:
        """Objects that may still change until the end of the document."""
        obj = self.idToObject.get(name)
        return name == pdfdoc.BasicFonts or obj is self.Pages

    def _flush(self) -> None:
        while self._scanned < self.objectcounter:
            self._scanned += 1
            name = self.numberToId[self._scanned]
            if self._deferred(name):
                continue
            self._write_object(self._scanned, name, forget=True)

    def _write_object(self, number: int, name: str, forget: bool = False) -> None:
        ascii85, rl_config.useA85 = rl_config.useA85, 0  # binary Flate streams: smaller, faster
        try:
            data = pdfdoc.PDFIndirectObject(name, self.idToObject[name]).format(self)
        finally:
            rl_config.useA85 = ascii85
        self._emit(number, data)
        del self.idToObject[name]
        if forget and _TRANSIENT.match(name):
            del self.idToObjectNumberAndVersion[name]
            del self.numberToId[number]

    def _emit(self, number: int, *parts: bytes) -> None:
        while len(self._offsets) <= number:
            self._offsets.append(0)
            self._written.append(0)
        self._offsets[number] = self._position
        self._written[number] = 1
        for data in parts:
            self._out.write(data)
            self._position += len(data)

    # -- end of document -----------------------------------------------------------------
    def close(self, canvas) -> None:
        """Write the remaining objects, the cross-reference table and the trailer."""
        if not self._page_numbers:
            raise ValueError("a PDF needs at least one page")
        for font in self.delayedFonts:
            font.addObjects(self)
        self.info.invariant = self.invariant
        self.info.digest(self.signature)
        catalog = self.Reference(self.Catalog)
        info = self.Reference(self.info)
        self.Outlines.prepare(self, canvas)
        if self.Outlines.ready < 0:
            self.Catalog.Outlines = None
        number = 1
        while number <= self.objectcounter:  # formatting may register further objects
            if number >= len(self._written) or not self._written[number]:
                name = self.numberToId[number]
                if self.idToObject[name] is self.Pages:
                    self._emit(number, *self._page_tree(number))
                else:
                    self._write_object(number, name)
            number += 1
        self._write_xref_and_trailer(catalog, info)

    def _page_tree(self, number: int):
        """The page tree in pieces, so that a tree of 350 000 pages is never one string."""
        pages = self._page_numbers
        yield f"{number} 0 obj\n<< /Type /Pages /Count {len(pages)} /Kids [ ".encode("ascii")
        for start in range(0, len(pages), _CHUNK):
            chunk = pages[start : start + _CHUNK]
            yield "".join(f"{n} 0 R " for n in chunk).encode("ascii")
        yield b"] >>\nendobj\n"

    def _write_xref_and_trailer(self, catalog, info) -> None:
        size = self.objectcounter + 1
        xref_at = self._position
        self._out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode("ascii"))
        for start in range(1, size, _CHUNK):  # in pieces: one line per object of the batch
            numbers = range(start, min(start + _CHUNK, size))
            lines = "".join(f"{self._offsets[n]:010d} 00000 n \n" for n in numbers)
            self._out.write(lines.encode("ascii"))
        trailer = pdfdoc.PDFTrailer(
            startxref=xref_at, Size=size, Root=catalog, Info=info, ID=self.ID()
        )
        self._out.write(trailer.format(self))


class StreamingCanvas(Canvas):
    """A reportlab Canvas whose pages go to the file as they are finished."""

    def __init__(self, out: BinaryIO, *, initial_font: str, **kwargs):
        kwargs.setdefault("pageCompression", 1)
        super().__init__(out, initialFontName=initial_font, **kwargs)
        self._doc = StreamingDocument(
            out,
            compression=self._doc.compression,
            invariant=self._doc.invariant,
            pdfVersion=self._doc._pdfVersion,
        )

    @property
    def pages_written(self) -> int:
        """Pages written to the file so far."""
        return self._doc.page_count

    def save(self) -> None:
        """Finish the last page and close the document (the file stays open)."""
        if len(self._code):
            self.showPage()
        self._doc.close(self)

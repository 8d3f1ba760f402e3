"""Scan files as offices deliver them, and broken ones: each page read or a clear status."""

import io
import struct
import zipfile
import zlib

import numpy as np
import pytest
from PIL import Image
from reportlab.pdfgen import canvas as pdfcanvas

from surveys.scans.images import read_pages
from surveys.scans.reading import read_bytes


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a huge size but holds almost no data (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _statuses(data: bytes, name: str = "scan.pdf"):
    return [(p.status, p.text) for p in read_pages(data, name)]


def test_an_empty_file_is_named_as_empty():
    assert _statuses(b"") == [("empty_file", "The file is empty (0 bytes).")]


def test_a_zip_renamed_to_pdf_is_recognised_by_its_content():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.pdf", b"%PDF-1.4 ...")
    [(status, message)] = _statuses(buffer.getvalue(), "scan.pdf")
    assert status == "unsupported" and "zip" in message


def test_a_truncated_pdf_gives_a_status_instead_of_an_exception(form):
    [(status, message)] = _statuses(form.pdf[: len(form.pdf) // 3])[:1]
    assert status == "unreadable" and message


def test_an_encrypted_pdf_asks_for_a_scan_without_password():
    buffer = io.BytesIO()
    pdf = pdfcanvas.Canvas(buffer, encrypt="geheim")
    pdf.drawString(100, 100, "x")
    pdf.save()
    [(status, message)] = _statuses(buffer.getvalue())
    assert status == "encrypted" and "password" in message


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    [(status, message)] = _statuses(_png_header_only(30_000, 30_000), "bom.png")
    assert status == "too_large" and "80 million" in message


def test_a_truncated_jpeg_gives_a_status(form):
    buffer = io.BytesIO()
    Image.fromarray(form.pages[0]).save(buffer, "JPEG", quality=80)
    [(status, _message)] = _statuses(buffer.getvalue()[:5000], "cut.jpg")
    assert status == "unreadable"


def test_a_multipage_g4_tiff_gives_every_page_in_order(form):
    frames = [
        Image.fromarray(page).point(lambda v: 255 if v > 128 else 0).convert("1")
        for page in form.pages[:3]
    ]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "TIFF",
        compression="group4",
        save_all=True,
        append_images=frames[1:],
        dpi=(200, 200),
    )
    pages = list(read_pages(buffer.getvalue(), "stapel.tif"))
    assert [p.page for p in pages] == [1, 2, 3]
    assert all(p.ok and p.image.dtype == np.uint8 for p in pages)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_single_images_are_read_as_one_page(form, kind):
    buffer = io.BytesIO()
    Image.fromarray(form.pages[0]).convert("RGB").save(buffer, kind)
    [reading] = list(read_bytes(buffer.getvalue(), f"p.{kind.lower()}", form.layouts))
    assert reading.status == "read" and reading.identity.page == 1


def test_a_broken_file_does_not_stop_the_pages_of_a_good_one(form):
    good = list(read_bytes(form.pdf, "good.pdf", form.layouts))
    broken = list(read_bytes(b"PK\x03\x04rest", "kapot.pdf", form.layouts))
    assert [r.status for r in good] == ["read"] * len(form.pages)
    assert [r.status for r in broken] == ["unsupported"]

"""Scan files as offices deliver them, and broken ones: each page read or a clear status."""

import io
import struct
import zipfile
import zlib

import numpy as np
import pytest
import segno
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdfcanvas

from surveys.scans import degrade, synth
from surveys.scans.images import read_pages
from surveys.scans.reading import read_bytes, read_page


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


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header says it is width × height pixels."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _tiff_claiming(width: int, height: int) -> bytes:
    """A small uncompressed TIFF whose header says it is width × height pixels."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, "TIFF")
    data = bytearray(buffer.getvalue())
    offset = struct.unpack("<I", data[4:8])[0]
    count = struct.unpack("<H", data[offset : offset + 2])[0]
    for index in range(count):
        entry = offset + 2 + 12 * index
        tag, kind = struct.unpack("<HH", data[entry : entry + 4])
        if tag in (256, 257):  # ImageWidth, ImageLength
            value = width if tag == 256 else height
            data[entry + 2 : entry + 12] = struct.pack("<HII", 4, 1, value)
    return bytes(data)


@pytest.mark.parametrize(
    ("make", "name"), [(_jpeg_claiming, "bom.jpg"), (_tiff_claiming, "bom.tif")]
)
def test_jpeg_and_tiff_bombs_are_refused_before_they_are_decoded(make, name):
    for size in (30_000, 10_000):  # beyond Pillow's own limit, and just beyond ours
        [(status, message)] = _statuses(make(size, size), name)
        assert status == "too_large" and "80 million" in message


def _pdf_of(pages: list) -> bytes:
    """A PDF with one A4 page per item: a page image, or text (a letter), or None (blank)."""
    buffer = io.BytesIO()
    pdf = pdfcanvas.Canvas(buffer, pagesize=(595.3, 841.9))
    for item in pages:
        if isinstance(item, str):
            pdf.setFont("Helvetica", 11)
            for line, text in enumerate(item.splitlines()):
                pdf.drawString(72, 760 - 16 * line, text)
        elif item is not None:
            png = io.BytesIO()
            Image.fromarray(item).save(png, "PNG")
            png.seek(0)
            pdf.drawImage(ImageReader(png), 0, 0, 595.3, 841.9)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_letter_and_a_blank_sheet_in_a_stack_get_their_own_status(form):
    letter = "Beste bewoner,\nHierbij de vragenlijst over uw woning.\nMet vriendelijke groet,"
    data = _pdf_of([form.pages[0], letter, None, form.pages[1]])
    readings = list(read_bytes(data, "stapel.pdf", form.layouts))
    assert [(r.page, r.status) for r in readings] == [
        (1, "read"),
        (2, "no_form_found"),
        (3, "no_form_found"),
        (4, "read"),
    ]
    assert "corner marks" in readings[1].message


def test_a_page_with_someone_elses_qr_code_is_not_our_form(form):
    image = form.pages[0].copy()
    qr = form.layout["qr"]
    k = synth.DPI / 25.4
    x, y, size = int(qr["x"] * k), int(qr["y"] * k), int(qr["w"] * k)
    other = segno.make("https://example.org/enquete", error="m")
    buffer = io.BytesIO()
    other.save(buffer, kind="png", scale=10, border=0)
    code = Image.open(io.BytesIO(buffer.getvalue())).convert("L").resize((size, size))
    image[y : y + size, x : x + size] = np.asarray(code)
    reading = read_page(image, form.layouts)
    assert (reading.status, reading.qr) == ("not_our_form", "https://example.org/enquete")
    assert reading.boxes == [] and reading.needs_review


def test_a_multipage_tiff_cut_off_keeps_the_pages_before_the_cut(form):
    frames = [Image.fromarray(page) for page in form.pages[:3]]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", compression="tiff_deflate", save_all=True,
                   append_images=frames[1:])  # fmt: skip
    data = buffer.getvalue()
    readings = list(read_bytes(data[: int(len(data) * 0.8)], "afgebroken.tif", form.layouts))
    assert readings[0].status == "read" and readings[-1].status == "unreadable"
    assert all(r.status in ("read", "unreadable") for r in readings)


@pytest.mark.parametrize("dpi", [150, 300])
def test_a_g4_tiff_of_binarised_scans_at_other_resolutions_is_read(form, dpi):
    pages = synth.form_pages(form.pdf, dpi)[:2]
    rng = np.random.default_rng(dpi)
    scans, truths = [], []
    for number, page in enumerate(pages, start=1):
        image = page.copy()
        truths.append(synth.fill_in(image, form.layout, number, rng, "office", dpi))
        scanned, _upside_down, _hidden = degrade.scan(image, rng, "office", dpi)
        scans.append(degrade.binarised(scanned, rng))
    data = synth.g4_tiff(scans, dpi)
    readings = list(read_bytes(data, "kopie.tif", form.layouts))
    assert [(r.page, r.status) for r in readings] == [(1, "read"), (2, "read")]
    for reading, truth in zip(readings, truths, strict=True):
        wrong = [
            (b.box["question"], b.state, t.mark)
            for b, t in zip(reading.boxes, truth, strict=True)
            if b.state != "uncertain" and b.state not in t.accept
        ]
        assert wrong == []


def test_a_600_dpi_grey_jpeg_scan_is_read(form):
    rng = np.random.default_rng(600)
    image = synth.form_pages(form.pdf, 600)[1].copy()
    truth = synth.fill_in(image, form.layout, 2, rng, "office", 600)
    scanned, _upside_down, _hidden = degrade.scan(image, rng, "office", 600)
    buffer = io.BytesIO()
    Image.fromarray(scanned).save(buffer, "JPEG", quality=85, dpi=(600, 600))
    [reading] = list(read_bytes(buffer.getvalue(), "fijn.jpg", form.layouts))
    assert reading.status == "read" and reading.identity.page == 2
    assert reading.registration.describe()["scale"] == pytest.approx(600, rel=0.12)
    wrong = [
        (b.box["question"], b.state, t.mark)
        for b, t in zip(reading.boxes, truth, strict=True)
        if b.state != "uncertain" and b.state not in t.accept
    ]
    assert wrong == []

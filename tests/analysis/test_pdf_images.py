"""Charts go into PDFs as their PNG's compressed rows: the PDF holds exactly the chart's
pixels, once however often it is drawn; any other image takes reportlab's own way."""

import io

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageDraw
from reportlab.pdfgen.canvas import Canvas

from analysis.papers.pdf_images import ChartImage, png_rows


def _png(mode: str = "RGB") -> bytes:
    image = Image.new("RGB", (240, 90), "white")
    draw = ImageDraw.Draw(image)
    for n, colour in enumerate(("#b35806", "#f1a340", "#d8daeb", "#998ec3", "#542788")):
        draw.rectangle((20 + 40 * n, 20, 58 + 40 * n, 70), fill=colour)
    draw.text((10, 2), "n = 412", fill="#222222")
    image = image.convert(mode) if mode != "RGB" else image
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    return buffer.getvalue()


def _pdf(image: ChartImage, times: int = 1) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 400))
    for n in range(times):
        image.draw(canvas, 10, 10 + 100 * n, 240, 90)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _images(pdf: bytes) -> list[np.ndarray]:
    """The pixels of every image on the PDF's page, as the PDF reader decodes them."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        found = page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])
        images = [np.asarray(obj.get_bitmap().to_pil().convert("RGB")) for obj in found]
        page.close()
        return images
    finally:
        document.close()


def test_the_pdf_holds_exactly_the_charts_pixels_stored_once_however_often_drawn():
    png = _png()
    assert png_rows(png) is not None
    pdf = _pdf(ChartImage(png), times=3)
    images = _images(pdf)
    assert len(images) == 3
    expected = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    for pixels in images:
        assert np.array_equal(pixels, expected)
    assert pdf.count(b"/Subtype /Image") == 1  # one image object, drawn three times


@pytest.mark.parametrize(
    "png",
    [
        pytest.param(_png("RGBA"), id="alpha"),
        pytest.param(_png("P"), id="palette"),
        pytest.param(_png("L"), id="grey"),
    ],
)
def test_other_pngs_take_reportlabs_way_and_still_show(png):
    assert png_rows(png) is None
    image = ChartImage(png)
    assert image.size() == (240, 90)
    (pixels,) = _images(_pdf(image))
    expected = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert np.abs(pixels.astype(int) - expected.astype(int)).max() <= 2


def test_not_a_png_a_cut_one_or_an_interlaced_one_is_no_png_rows():
    png = _png()
    interlaced = png[:28] + b"\x01" + png[29:]  # the IHDR's interlace method
    assert png_rows(interlaced) is None
    assert png_rows(b"") is None
    assert png_rows(b"GIF89a" + png[6:]) is None
    assert png_rows(png[:40]) is None

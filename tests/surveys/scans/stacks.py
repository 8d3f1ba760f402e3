"""Stacks of scanned forms for the import tests: our own forms printed for households,
marked and degraded by the generator, saved as the files a scanner delivers."""

import io

import numpy as np
from PIL import Image

from surveys.paper import operations
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.render import FormPrinter
from surveys.scans import degrade, synth

DPI = 150


def printed_pages(survey, code: str, large_print: bool = False) -> tuple[list, dict]:
    """The form printed for one household code: page images and the layout file."""
    layout, stored = operations.saved_layout(survey, "nl", large_print)
    fonts = operations.fonts()
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
    FormPrinter(layout, fonts, stored.revision).print_copy(canvas, code=code)
    canvas.save()
    return synth.form_pages(buffer.getvalue(), dpi=DPI), stored.layout


def marked(pages: list, layout: dict, seed: int, quality: str = "office") -> list:
    """Every page filled in and scanned (with the truth of its boxes)."""
    out = []
    for number, page in enumerate(pages, start=1):
        rng = np.random.default_rng(seed * 100 + number)
        image = page.copy()
        synth.fill_in(image, layout, number, rng, quality, dpi=DPI)
        scanned, _turned, _hidden = degrade.scan(image, rng, quality, dpi=DPI)
        out.append(scanned)
    return out


def pdf(images: list) -> bytes:
    """A multi-page PDF of page images, as a scanner makes it."""
    frames = [Image.fromarray(np.asarray(image)) for image in images]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def png(image) -> bytes:
    """One page as a PNG file."""
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(image)).save(buffer, "PNG")
    return buffer.getvalue()

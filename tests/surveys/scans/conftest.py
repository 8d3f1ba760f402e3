"""Fixtures for scan tests: our own printed form (PDF and layout file), made once per run,
and synthetic scans of it."""

import io

import numpy as np
import pytest

from consult.extensions import db
from surveys.paper import operations
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.render import FormPrinter
from surveys.scans import degrade, synth
from surveys.scans.reading import Layouts
from tests.factories import GemeenteFactory
from tests.surveys.conftest import build_survey
from tests.surveys.keying.conftest import open_survey  # noqa: F401  (a fixture for the import tests)
from tests.surveys.paper.conftest import add_all_types

CODE = "ABCD-EFGH-J"
_FORMS: dict = {}


class Form:
    """A printed form variant: its PDF, layout file and page images at 200 dpi."""

    def __init__(self, pdf: bytes, layout: dict):
        self.pdf, self.layout = pdf, layout
        self.pages = synth.form_pages(pdf)
        self.layouts = Layouts([layout])

    def scan(self, page: int, quality: str, seed: int):
        """A filled-in, degraded scan of one page and the truth of its boxes."""
        rng = np.random.default_rng(seed)
        image = self.pages[page - 1].copy()
        truth = synth.fill_in(image, self.layout, page, rng, quality)
        scanned, _upside_down, _hidden = degrade.scan(image, rng, quality)
        return scanned, truth


def print_form(survey, large_print: bool = False) -> Form:
    """The survey's form printed for one household, with its layout file."""
    layout, stored = operations.saved_layout(survey, "nl", large_print)
    fonts = operations.fonts()
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
    FormPrinter(layout, fonts, stored.revision).print_copy(canvas, code=CODE)
    canvas.save()
    return Form(buffer.getvalue(), stored.layout)


@pytest.fixture
def paper_survey(ctx, board):
    """A survey with every question type (as in the paper tests)."""
    survey = build_survey(board, GemeenteFactory(name="Heeswijk"))
    add_all_types(survey)
    db.session.flush()
    return survey


@pytest.fixture
def form(paper_survey) -> Form:
    """The every-question-type survey's form (built once; reading it needs no database)."""
    if "normal" not in _FORMS:
        _FORMS["normal"] = print_form(paper_survey)
    return _FORMS["normal"]


@pytest.fixture
def large_form(paper_survey) -> Form:
    """The same form in large print."""
    if "large" not in _FORMS:
        _FORMS["large"] = print_form(paper_survey, large_print=True)
    return _FORMS["large"]

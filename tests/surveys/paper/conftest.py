"""Fixtures for paper tests: a survey with every question type, households with addresses,
and helpers that read rendered PDFs back (text, page images, QR codes)."""

import io

import pypdfium2 as pdfium
import pytest
import zxingcpp

from consult.extensions import db
from consult.households.models import MailingAddress
from surveys.builder import questions
from surveys.qtypes.likert5 import scale_options
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory, UserFactory
from tests.surveys.conftest import build_survey

DPI = 200


def add_all_types(survey) -> None:
    """Append a grade, multiple choice, Likert, matrix, ranking and open question."""

    def t(nl, en="Question"):
        return {"nl": {"text": nl, "help": ""}, "en": {"text": en, "help": ""}}

    def opt(code, nl, **flags):
        return {"code": code, "labels": {"nl": nl, "en": nl}, **flags}

    questions.add_question(
        survey,
        qtype="grade",
        texts=t("Welk cijfer geeft u uw huis?"),
        key="cijfer",
        options=[opt("dk", "Weet ik niet", dont_know=True)],
    )
    questions.add_question(
        survey,
        qtype="multiple",
        texts=t("Welke problemen heeft u?"),
        key="problemen",
        options=[opt("tocht", "Tocht"), opt("vocht", "Vocht"), opt("geen", "Geen", exclusive=True)],
    )
    questions.add_question(
        survey,
        qtype="likert5",
        texts=t("De huur is te hoog."),
        key="huur",
        options=scale_options("agree"),
        settings={"scale": "agree"},
    )
    questions.add_question(
        survey,
        qtype="matrix",
        texts=t("Wat vindt u van:"),
        key="oordeel",
        options=[opt("1", "Slecht"), opt("2", "Goed")],
        settings={"rows": [opt("huur", "De huur"), opt("buurt", "De buurt")], "scale": "agree"},
    )
    questions.add_question(
        survey,
        qtype="ranking",
        texts=t("Wat is het belangrijkst?"),
        key="prio",
        options=[opt("a", "Betaalbaar"), opt("b", "Duurzaam"), opt("c", "Veilig")],
        settings={"top_n": 2},
    )
    questions.add_question(survey, qtype="open", texts=t("Wat wilt u nog zeggen?"), key="opmerking")


@pytest.fixture
def paper_survey(ctx, board):
    """A draft survey (nl + en) with every question type, in one gemeente."""
    survey = build_survey(board, GemeenteFactory(name="Heeswijk"))
    add_all_types(survey)
    db.session.flush()
    return survey


@pytest.fixture
def paper_data(app):
    """A draft survey with two households with an address (committed for page requests)."""
    with app.app_context():
        survey = build_survey(UserFactory(role="bestuur"), GemeenteFactory(name="Uden"))
        add_all_types(survey)
        add_households(survey, survey.gemeenten[0], 2)
        empty = GemeenteFactory(name="Zeeland")
        survey.gemeenten = [survey.gemeenten[0], empty]
        data = {"id": survey.id, "gemeente_id": survey.gemeenten[0].id, "empty_id": empty.id}
        db.session.commit()
        return data


def add_households(survey, gemeente, count: int, *, address: bool = True):
    """Households in a gemeente of the survey, with a mailing address unless told not to."""
    corporation = CorporationFactory()
    made = []
    for n in range(count):
        household = HouseholdFactory(gemeente=gemeente, corporation=corporation)
        if address:
            db.session.add(
                MailingAddress(
                    household=household,
                    addressee=f"Fam. Jansen {n}",
                    street="Kerkstraat",
                    house_number=n + 1,
                    postcode="5473 AB",
                    city="Heeswijk",
                )
            )
        made.append(household)
    db.session.flush()
    return made


def pdf_texts(data: bytes) -> list[str]:
    """The text of every page of a PDF."""
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def pdf_images(data: bytes, pages=None, dpi: int = DPI) -> list:
    """Pages of a PDF as greyscale images (all pages, or the indexes given)."""
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        indexes = range(len(pdf)) if pages is None else pages
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in indexes]
    finally:
        pdf.close()


def qr_texts(image) -> list[str]:
    """The QR codes found on a page image."""
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


@pytest.fixture
def demo_survey(ctx):
    """The open demo survey (41 questions of every type, skips, sections)."""
    from sqlalchemy import select

    from surveys.builder import demo as survey_demo
    from surveys.models import Survey, SurveyStatus

    for name in ("Bernheze", "Gennep"):
        GemeenteFactory(name=name)
    survey_demo.load(seed=1, echo=lambda _m: None)
    return db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))


def text_boxes(data: bytes, page: int, needle: str) -> list[tuple[float, float, float, float]]:
    """Where a text is printed on a page: (left, top, right, bottom) in mm from top-left."""
    pdf = pdfium.PdfDocument(io.BytesIO(data))
    try:
        height = pdf[page].get_height()
        textpage = pdf[page].get_textpage()
        searcher = textpage.search(needle, match_case=True)
        found = []
        while (hit := searcher.get_next()) is not None:
            start, count = hit
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
            bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
            mm = 25.4 / 72
            found.append((left * mm, (height - top) * mm, right * mm, (height - bottom) * mm))
        return found
    finally:
        pdf.close()

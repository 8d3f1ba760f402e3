"""Fixtures for the survey tests: a small bilingual survey built through the services."""

from datetime import date

import pytest

from consult.extensions import db
from surveys.builder import operations, questions
from surveys.models import Answer, AnswerState, Channel, Population, Response
from tests.factories import GemeenteFactory, UserFactory

TEXTS = {
    "zoekt": ({"nl": "Zoekt u een ander huis?", "en": "Are you looking for another home?"}),
    "maanden": ({"nl": "Hoeveel maanden zoekt u al?", "en": "For how many months?"}),
    "keuze": ({"nl": "Wat vindt u het belangrijkst?", "en": "What matters most?"}),
}


def texts(key: str) -> dict:
    """Question texts in Dutch and English for a fixture key."""
    return {lang: {"text": text, "help": ""} for lang, text in TEXTS[key].items()}


def choice_options() -> list[dict]:
    """Three coded options with a don't-know."""
    return [
        {"code": "huur", "labels": {"nl": "Lage huur", "en": "Low rent"}},
        {"code": "groen", "labels": {"nl": "Groen", "en": "Greenery"}},
        {"code": "dk", "labels": {"nl": "Weet ik niet", "en": "Don't know"}, "dont_know": True},
    ]


def build_survey(board=None, gemeente=None):
    """A draft survey (nl + en) with one section: zoekt (yes/no), maanden (number, shown
    if zoekt is ja) and keuze (single choice)."""
    gemeente = gemeente or GemeenteFactory()
    survey = operations.create_survey(
        title={"nl": "Raadpleging 2027", "en": "Consultation 2027"},
        year=2027,
        languages=["nl", "en"],
        gemeenten=[gemeente],
        opens_on=date(2027, 1, 10),
        closes_on=date(2027, 2, 20),
        by=board,
    )
    section = operations.add_section(
        survey, title={"nl": "Wonen", "en": "Housing"}, theme="beschikbaarheid"
    )
    questions.add_question(survey, qtype="yesno", texts=texts("zoekt"), key="zoekt")
    maanden = questions.add_question(
        survey,
        qtype="number",
        texts=texts("maanden"),
        key="maanden",
        settings={"min": 0, "max": 600},
    )
    questions.set_condition(maanden, {"question": "zoekt", "op": "equals", "value": "ja"})
    questions.add_question(
        survey, qtype="single", texts=texts("keuze"), key="keuze", options=choice_options()
    )
    db.session.flush()
    assert section.questions
    return survey


def add_answer(survey, key: str, value, household=None) -> Answer:
    """Store one submitted online answer to a question (as the answering flow would)."""
    question = next(q for q in survey.ordered_questions() if q.key == key)
    response = Response(
        survey=survey,
        household=household,
        channel=Channel.ONLINE,
        population=Population.OPEN_LINK if household is None else Population.TENANT,
    )
    answer = Answer(response=response, question=question, value=value, state=AnswerState.ANSWERED)
    db.session.add_all([response, answer])
    db.session.flush()
    return answer


@pytest.fixture
def board(ctx):
    """A board member (bestuur) user."""
    return UserFactory(role="bestuur")


@pytest.fixture
def survey(ctx, board):
    """The small draft survey of build_survey."""
    return build_survey(board)

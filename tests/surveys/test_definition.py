"""JSON survey definitions: exact round trip, and clear refusals of bad files."""

import copy
import json

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank, questions
from surveys.builder.definition import (
    FORMAT_VERSION,
    dumps,
    export_definition,
    import_definition,
    loads,
)
from surveys.errors import DefinitionError
from surveys.models import Question, Survey, SurveyStatus
from tests.surveys.conftest import build_survey


@pytest.fixture
def rich_survey(survey):
    """The fixture survey plus bank questions of every type and a gemeente note."""
    bank.seed_bank(SEED_QUESTIONS)
    for key in (
        "betaalbaarheid.woonlasten",
        "duurzaamheid.winterproblemen",
        "kwaliteit.cijfer_woning",
        "prioriteiten.themas",
        "prioriteiten.verbetering",
        "betaalbaarheid.woonlasten_open",
    ):
        questions.add_bank_question(survey, bank.latest_version(key))
    keuze = next(q for q in survey.ordered_questions() if q.key == "keuze")
    questions.set_gemeente_notes(keuze, {str(survey.gemeenten[0].id): {"nl": "Let op", "en": "NB"}})
    survey.intro = {"nl": "Welkom", "en": "Welcome"}
    return survey


def test_export_import_export_is_identical(rich_survey, board):
    first = dumps(export_definition(rich_survey))
    copy_, warnings = import_definition(loads(first), by=board)
    assert warnings == []
    assert copy_.id != rich_survey.id and copy_.status == SurveyStatus.DRAFT
    second = dumps(export_definition(copy_))
    assert second == first
    data = json.loads(first)
    assert data["format_version"] == FORMAT_VERSION
    assert {q["qtype"] for s in data["sections"] for q in s["questions"]} >= {
        "yesno",
        "number",
        "single",
        "likert5",
        "multiple",
        "grade",
        "ranking",
        "matrix",
        "open",
    }


def test_definition_from_a_newer_version_is_refused_and_nothing_stored(rich_survey):
    data = export_definition(rich_survey)
    data["format_version"] = FORMAT_VERSION + 1
    before = db.session.scalar(select(func.count(Survey.id)))
    with pytest.raises(DefinitionError) as caught:
        import_definition(data)
    assert "nieuwere versie" in str(caught.value)
    assert db.session.scalar(select(func.count(Survey.id))) == before


@pytest.mark.parametrize(
    "raw", [b"{not json", b"\xff\xfe\x00", b"[]", b'{"format": "iets anders"}', b""]
)
def test_malformed_files_get_a_clear_message(ctx, raw):
    with pytest.raises(DefinitionError) as caught:
        import_definition(loads(raw))
    assert str(caught.value)


def _broken(survey, change):
    data = copy.deepcopy(export_definition(survey))
    change(data)
    return data


def _questions(data):
    return data["sections"][0]["questions"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: _questions(d)[2].update(options=[]), "antwoordopties"),
        (
            lambda d: _questions(d)[2]["options"].append(dict(_questions(d)[2]["options"][0])),
            "twee keer",
        ),
        (lambda d: _questions(d)[0].update(qtype="slider"), "Onbekend soort vraag"),
        (lambda d: _questions(d)[1].update(key="zoekt"), "twee vragen"),
        (
            lambda d: _questions(d)[0].update(
                show_if={"question": "keuze", "op": "equals", "value": "huur"}
            ),
            "later",
        ),
        (
            lambda d: _questions(d)[0].update(
                show_if={"question": "zoekt", "op": "equals", "value": "ja"}
            ),
            "eigen antwoord",
        ),
        (lambda d: _questions(d)[0]["texts"]["nl"].update(text="x" * 10_000), "1000"),
        (lambda d: d["survey"].update(opens_on="31-01-2027"), "2027-01-31"),
        (lambda d: d["sections"][0].update(theme="weer"), "weer"),
        (lambda d: d["sections"].append({"title": {}, "questions": []}), "Nederlandse titel"),
        (lambda d: d["survey"].update(title={"nl": ""}), "Nederlandse titel"),
    ],
)
def test_invalid_content_is_refused_with_a_dutch_message(survey, change, fragment):
    before = db.session.scalar(select(func.count(Question.id)))
    with pytest.raises(DefinitionError) as caught:
        import_definition(_broken(survey, change))
    assert fragment in str(caught.value)
    assert db.session.scalar(select(func.count(Question.id))) == before


def test_unknown_gemeenten_and_bank_versions_become_warnings(rich_survey):
    data = export_definition(rich_survey)
    data["survey"]["gemeenten"].append("GM9999")
    for section in data["sections"]:
        for item in section["questions"]:
            if item["bank"]:
                item["bank"]["version"] = 99
    survey, warnings = import_definition(data)
    assert any("GM9999" in w for w in warnings)
    assert any("vragenbank" in w for w in warnings)
    assert all(q.bank_question_id is None for q in survey.ordered_questions())


def test_html_in_a_definition_is_stored_as_text(ctx):
    survey = build_survey()
    data = export_definition(survey)
    _questions(data)[0]["texts"]["nl"]["text"] = "<script>alert(1)</script>"
    imported, _warnings = import_definition(data)
    assert imported.ordered_questions()[0].text() == "<script>alert(1)</script>"


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\ud800", "\uffff"])
def test_hidden_control_character_in_a_definition_is_refused(ctx, char):
    survey = build_survey()
    data = export_definition(survey)
    _questions(data)[1]["texts"]["nl"]["text"] = f"Hoeveel{char} maanden?"
    raw = json.dumps(data)  # JSON escapes the character as \\uXXXX
    with pytest.raises(DefinitionError, match="onzichtbaar teken") as caught:
        import_definition(loads(raw))
    assert "maanden" in str(caught.value)
    assert db.session.scalar(select(func.count()).select_from(Survey)) == 1

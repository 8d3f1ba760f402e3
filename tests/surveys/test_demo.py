"""The demo step: the bank and KMAS's surveys of 2026 (closed), 2027 (open) and 2028 (draft)."""

from collections import Counter

from sqlalchemy import select

from consult.extensions import db
from surveys.builder import demo
from surveys.builder.validation import validate_for_opening
from surveys.models import Survey, SurveyStatus
from tests.factories import GemeenteFactory


def test_demo_builds_last_years_and_this_years_survey(ctx):
    GemeenteFactory(name="Bernheze")
    GemeenteFactory(name="Arnhem")
    messages = []
    demo.load(seed=1, echo=messages.append)
    surveys = {s.year: s for s in db.session.scalars(select(Survey))}
    assert surveys[2026].status == SurveyStatus.CLOSED
    assert surveys[2027].status == SurveyStatus.OPEN
    assert surveys[2028].status == SurveyStatus.DRAFT
    this_year = surveys[2027]
    assert this_year.copied_from_id == surveys[2026].id
    assert surveys[2028].copied_from_id == this_year.id
    items = this_year.ordered_questions()
    assert 30 <= len(items) <= 40
    types = Counter(q.qtype for q in items)
    assert types["matrix"] and types["ranking"] and types["grade"] and types["open"]
    assert any(q.show_if for q in items)
    assert this_year.languages == ["nl", "en"]
    assert {g.name for g in this_year.gemeenten} == {"Bernheze", "Arnhem"}
    assert this_year.opens_on.isoformat() <= "2026-11-23" <= this_year.closes_on.isoformat()
    assert validate_for_opening(this_year, this_year.opens_on) == []
    themes = {q.theme for q in items}
    assert {"betaalbaarheid", "duurzaamheid", "doelgroepen", "leefbaarheid"} <= themes
    assert {"prioriteiten", "achtergrond"} <= themes
    last_keys = {q.key for q in surveys[2026].ordered_questions()}
    assert last_keys < {q.key for q in items}  # everything from last year is still asked
    assert "2027" in messages[0]

"""The demo step: the bank and KMAS's surveys of 2026 (closed), 2027 (open) and 2028 (draft)."""

from collections import Counter

from sqlalchemy import select

from consult.extensions import db
from surveys.bankdata import RETIRED_KEYS
from surveys.builder import bank, demo
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
    assert 30 <= len(items) <= 42
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
    # everything from last year is still asked, except the key the bank retired
    assert last_keys - set(RETIRED_KEYS) < {q.key for q in items}
    assert "2027" in messages[0]
    assert surveys[2027].title["nl"] == "Wat vindt u van uw huis en buurt?"


def test_demo_asks_this_year_in_the_new_wording_and_last_year_in_the_old(ctx):
    GemeenteFactory(name="Arnhem")
    demo.load(seed=1, echo=lambda _m: None)
    surveys = {s.year: s for s in db.session.scalars(select(Survey))}
    last = {q.key: q for q in surveys[2026].ordered_questions()}
    this = {q.key: q for q in surveys[2027].ordered_questions()}
    woonlasten_then, woonlasten_now = (
        last["betaalbaarheid.woonlasten"],
        this["betaalbaarheid.woonlasten"],
    )
    assert woonlasten_then.bank_question.version == 1
    assert woonlasten_now.bank_question.version == 2
    assert bank.wording_changed(woonlasten_then, woonlasten_now)
    assert "Gaat wel" in [o["labels"]["nl"] for o in woonlasten_now.options]
    assert "Gaat wel" not in [o["labels"]["nl"] for o in woonlasten_then.options]
    assert not bank.wording_changed(last["zorg.blijven_wonen"], this["zorg.blijven_wonen"])
    assert "betaalbaarheid.huurquote" not in this
    assert {"betaalbaarheid.huur_per_maand", "betaalbaarheid.inkomen_per_maand"} <= set(this)
    assert all(bank.newer_version(q) is None for q in this.values())
    order = list(this)  # the replacement and the follow-up sit where a tenant expects them
    assert (
        order.index("betaalbaarheid.huur_per_maand") == order.index("betaalbaarheid.woonlasten") + 1
    )
    assert order.index("duurzaamheid.huur_na_isolatie_hoeveel") == (
        order.index("duurzaamheid.huur_na_isolatie") + 1
    )
    assert this["duurzaamheid.huur_na_isolatie_hoeveel"].show_if["question"] == (
        "duurzaamheid.huur_na_isolatie"
    )

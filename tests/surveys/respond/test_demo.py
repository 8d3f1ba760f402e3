"""The demo step: codes for the open survey and synthetic online answers that obey the rules."""

from collections import Counter

from sqlalchemy import select

from consult.extensions import db
from consult.households.models import Household
from surveys.builder import demo as survey_demo
from surveys.invitations.operations import find_invitation
from surveys.logic import visible_keys
from surveys.models import Answer, Population, Response, ResponseStatus, Survey
from surveys.qtypes import get_type
from surveys.respond import demo
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


def test_demo_makes_codes_and_answers_within_every_questions_rules(ctx):
    corporation = CorporationFactory()
    for name in ("Bernheze", "Arnhem"):
        gemeente = GemeenteFactory(name=name)
        for i in range(300):
            band = ("<35", "35-54", "55-64", "65-74", "75+")[i % 5]
            HouseholdFactory(gemeente=gemeente, corporation=corporation, age_band=band)
    survey_demo.load(seed=1, echo=lambda _m: None)
    messages = []
    demo.load(seed=1, echo=messages.append)
    assert "600 invitation codes" in messages[0]
    survey = db.session.scalar(select(Survey).where(Survey.year == 2027))
    assert survey.open_link_enabled
    responses = list(db.session.scalars(select(Response).where(Response.survey_id == survey.id)))
    statuses = Counter(r.status for r in responses)
    assert 50 <= statuses[ResponseStatus.SUBMITTED] <= 150
    assert statuses[ResponseStatus.IN_PROGRESS] >= 5
    assert all(r.population == Population.TENANT and r.household_id for r in responses)
    questions = {q.id: q for q in survey.ordered_questions()}
    by_response = {}
    this_year = select(Answer).join(Response).where(Response.survey_id == survey.id)
    for answer in db.session.scalars(this_year):
        question = questions[answer.question_id]
        if answer.value is not None:
            assert get_type(question.qtype).clean(answer.value, question) == answer.value
        by_response.setdefault(answer.response_id, {})[question.key] = answer.value
    ordered = survey.ordered_questions()
    young = old = 0
    for response in responses:
        values = by_response.get(response.id, {})
        given = {k: v for k, v in values.items() if v is not None}
        assert set(values) <= set(visible_keys(ordered, given))  # skip logic obeyed
        if response.status == ResponseStatus.SUBMITTED:
            assert response.submitted_at >= response.started_at
            household = db.session.get(Household, response.household_id)
            age = values.get("achtergrond.leeftijd")
            assert age is None or age == {"<35": "lt35", "75+": "75plus"}.get(
                household.age_band, household.age_band
            )
            young += household.age_band == "<35"
            old += household.age_band == "75+"
    assert young > old  # more online among younger tenants


def test_hints_print_unused_codes_that_work(ctx):
    corporation = CorporationFactory()
    gemeente = GemeenteFactory(name="Bernheze")
    for _ in range(20):
        HouseholdFactory(gemeente=gemeente, corporation=corporation)
    survey_demo.load(seed=1, echo=lambda _m: None)
    demo.load(seed=3, echo=lambda _m: None)
    lines = []
    demo.print_hints(lines.append)
    codes = [line.split()[0] for line in lines if "/c/" in line]
    assert len(codes) == 3
    for code in codes:
        invitation = find_invitation(code)
        assert (
            db.session.scalar(
                select(Response).where(
                    Response.survey_id == invitation.survey_id,
                    Response.household_id == invitation.household_id,
                )
            )
            is None
        )
    assert any("/open/" in line for line in lines)


def test_demo_answers_differ_by_gemeente_age_and_year_and_last_year_has_answers(ctx):
    from surveys import demo_patterns as patterns
    from surveys.models import Channel, SurveyStatus

    assert patterns.lean("Oss", "55-64", "betaalbaarheid", 2027) != patterns.lean(
        "Gennep", "55-64", "betaalbaarheid", 2027
    )
    assert patterns.lean("Oss", "75+", "kwaliteit", 2027) > patterns.lean(
        "Oss", "<35", "kwaliteit", 2027
    )
    assert patterns.lean("Oss", "55-64", "betaalbaarheid", 2026) != patterns.lean(
        "Oss", "55-64", "betaalbaarheid", 2027
    )
    corporation = CorporationFactory()
    gemeente = GemeenteFactory(name="Bernheze")
    for i in range(800):
        band = ("<35", "75+")[i % 2]
        HouseholdFactory(gemeente=gemeente, corporation=corporation, age_band=band)
    survey_demo.load(seed=1, echo=lambda _m: None)
    messages = []
    demo.load(seed=1, echo=messages.append)
    assert any("2026 survey" in m for m in messages)
    last = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.CLOSED))
    rows = db.session.execute(
        select(Response.channel, Household.age_band)
        .join(Household, Household.id == Response.household_id)
        .where(Response.survey_id == last.id)
    ).all()
    paper = Counter(band for channel, band in rows if channel == Channel.KEYED)
    assert paper["75+"] > paper["<35"] > 0  # older tenants answered more on paper
    assert all(
        last.opens_on <= r.submitted_at.date()
        for r in db.session.scalars(select(Response).where(Response.survey_id == last.id))
    )


def test_demo_numbers_are_believable_rents_search_times_and_household_sizes():
    import random
    import statistics

    from surveys import demo_patterns as patterns

    rng = random.Random(7)
    rent = [
        patterns.number(rng, "betaalbaarheid.huur_per_maand", {"max": 3000}, 0) for _ in range(500)
    ]
    months = [patterns.number(rng, "beschikbaarheid.zoekduur", {"max": 600}, 0) for _ in range(500)]
    people = [
        patterns.number(rng, "achtergrond.personen", {"min": 1, "max": 20}, 0) for _ in range(500)
    ]
    assert 600 < statistics.mean(rent) < 780 and min(rent) >= 350 and max(rent) <= 1150
    assert 12 <= statistics.median(months) <= 30 and min(months) >= 1
    assert Counter(people).most_common(1)[0][0] == 1 and max(people) <= 10
    # a less content gemeente (negative lean) pays more on average
    dearer = [patterns.number(rng, "betaalbaarheid.huur_per_maand", None, -1) for _ in range(500)]
    assert statistics.mean(dearer) > statistics.mean(rent)

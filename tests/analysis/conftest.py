"""A small survey with known answers, built from the models, for the analysis tests.

Ede: 120 households, 40 counted responses (30 online, 10 keyed), plus a duplicate that does
not count, one still in progress and one open-link response. Wageningen: 10 households,
3 responses. The answers are chosen so that the figures can be computed by hand:
- keuze (single): Ede 18 huur, 22 groen; Wageningen 3 x "weet ik niet";
- eens (likert5): Ede 8 x each of 1..5 (40); Wageningen "dk";
- cijfer (grade): Ede 4 x each of 1..10; Wageningen 7, 8, "dk";
- wensen (multiple): Ede 20 x [tuin], 10 x [tuin, lift], 10 x [dk];
- prio (ranking top 3): Ede 20 x [a, b, c], 10 x [b, a], 10 x [c];
- open: Ede 5 answers; matrix "stellingen" with 12 statements, Ede answers each with "4";
- leeg: nobody answered.
"""

from datetime import UTC, datetime

import pytest

from consult.extensions import db
from surveys.models import (
    Answer,
    BankQuestion,
    Channel,
    Population,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

AGREE = [{"code": str(n), "labels": {"nl": f"punt {n}"}} for n in range(1, 6)]
DK = {"code": "dk", "labels": {"nl": "Weet ik niet"}, "dont_know": True}
ROWS = [{"code": f"s{n}", "labels": {"nl": f"Stelling {n}"}} for n in range(1, 13)]


def opts(*codes, dk=True):
    """Options with these codes (label = code in capitals), plus "weet ik niet"."""
    return [{"code": c, "labels": {"nl": c.upper()}} for c in codes] + ([dict(DK)] if dk else [])


QUESTIONS = [
    ("keuze", "single", opts("huur", "groen"), {}),
    ("eens", "likert5", AGREE + [dict(DK)], {"scale": "agree"}),
    ("cijfer", "grade", [dict(DK)], {}),
    ("wensen", "multiple", opts("tuin", "lift"), {}),
    ("prio", "ranking", opts("a", "b", "c", "d"), {"top_n": 3}),
    ("open", "open", [], {}),
    ("stellingen", "matrix", AGREE + [dict(DK)], {"rows": ROWS, "scale": "agree"}),
    ("leeg", "single", opts("x", "y"), {}),
]


def make_survey(year, gemeenten, keys=QUESTIONS, status=SurveyStatus.OPEN, bank=None):
    """A survey with one section and the given questions (bank: key -> BankQuestion)."""
    survey = Survey(title={"nl": f"Raadpleging {year}"}, year=year, status=status)
    survey.gemeenten = list(gemeenten)
    section = Section(survey=survey, position=0, title={"nl": "Wonen"})
    db.session.add_all([survey, section])
    for position, (key, qtype, options, settings) in enumerate(keys):
        db.session.add(
            Question(
                survey=survey,
                section=section,
                position=position,
                key=key,
                qtype=qtype,
                texts={"nl": {"text": f"Vraag {key}?"}},
                options=options,
                settings=settings,
                bank_question=(bank or {}).get(key),
            )
        )
    db.session.flush()
    return survey


def respond(survey, household, values, channel=Channel.ONLINE, counts=True, submitted=True):
    """A response with answers {key: value}."""
    by_key = {q.key: q for q in survey.ordered_questions()}
    response = Response(
        survey=survey,
        household=household,
        channel=channel,
        population=Population.TENANT if household else Population.OPEN_LINK,
        status=ResponseStatus.SUBMITTED if submitted else ResponseStatus.IN_PROGRESS,
        counts=counts,
        submitted_at=datetime(2027, 2, 1, 12, tzinfo=UTC) if submitted else None,
    )
    db.session.add(response)
    for key, value in values.items():
        db.session.add(Answer(response=response, question=by_key[key], value=value))
    return response


def ede_values(i: int) -> dict:
    """The answers of the i-th Ede respondent (0..39)."""
    values = {
        "keuze": "huur" if i < 18 else "groen",
        "eens": str(i % 5 + 1),
        "cijfer": i % 10 + 1,
        "wensen": ["tuin"] if i < 20 else (["tuin", "lift"] if i < 30 else ["dk"]),
        "prio": ["a", "b", "c"] if i < 20 else (["b", "a"] if i < 30 else ["c"]),
        "stellingen": {row["code"]: "4" for row in ROWS},
    }
    if i < 5:
        values["open"] = f"antwoord {i}"
    return values


@pytest.fixture
def results(ctx):
    """The survey described above; returns a dict of the objects."""
    corporation = CorporationFactory()
    ede = GemeenteFactory(name="Ede")
    wag = GemeenteFactory(name="Wageningen")
    bank = {
        "keuze": BankQuestion(
            key="bank.keuze",
            version=1,
            theme="betaalbaarheid",
            qtype="single",
            texts={},
            options=[],
        )
    }
    db.session.add_all(bank.values())
    survey = make_survey(2027, [ede, wag], bank=bank)
    households = [
        HouseholdFactory(
            corporation=corporation,
            gemeente=ede,
            age_band="<35" if n % 2 else "65-74",
            household_type="alleenstaand",
        )
        for n in range(120)
    ]
    wag_households = [
        HouseholdFactory(corporation=corporation, gemeente=wag, age_band=None) for n in range(10)
    ]
    for i in range(40):
        channel = Channel.ONLINE if i < 30 else Channel.KEYED
        respond(survey, households[i], ede_values(i), channel)
    respond(survey, households[0], {"keuze": "groen"}, Channel.KEYED, counts=False)
    respond(survey, households[41], {"keuze": "groen"}, submitted=False)
    respond(survey, None, {"keuze": "groen"})
    wag_values = [{"keuze": "dk", "eens": "dk", "cijfer": c} for c in (7, 8, "dk")]
    for household, values in zip(wag_households, wag_values, strict=False):
        respond(survey, household, values, Channel.KEYED)
    db.session.flush()
    return {"survey": survey, "ede": ede, "wag": wag, "bank": bank, "households": households}

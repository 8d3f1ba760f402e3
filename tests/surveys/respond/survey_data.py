"""A compact open survey with every question type and a skip-logic pair, for respondent tests
(also used by the browser tests, which need committed data)."""

from datetime import timedelta

from consult.extensions import db
from surveys.builder import operations, questions
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.qtypes.likert5 import scale_options
from surveys.respond.operations import local_today
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


def t(nl: str, en: str, help_nl: str = "", help_en: str = "") -> dict:
    """Question texts in Dutch and English."""
    return {"nl": {"text": nl, "help": help_nl}, "en": {"text": en, "help": help_en}}


def o(code: str, nl: str, en: str, **flags) -> dict:
    """One coded option."""
    return {"code": code, "labels": {"nl": nl, "en": en}, **flags}


DK = o("dk", "Weet ik niet", "Don't know", dont_know=True)

# key, type, texts, options, settings
QUESTIONS = [
    (
        "zoekt",
        "yesno",
        t("Zoekt u een ander huis?", "Are you looking for another home?"),
        None,
        None,
    ),
    (
        "maanden",
        "number",
        t("Hoeveel maanden zoekt u al?", "For how many months?"),
        [DK],
        {"min": 0, "max": 600, "unit": {"nl": "maanden", "en": "months"}},
    ),
    (
        "keuze",
        "single",
        t("Wat vindt u het belangrijkst?", "What matters most?"),
        [o("huur", "Lage huur", "Low rent"), o("groen", "Groen", "Greenery"), DK],
        None,
    ),
    (
        "tevreden",
        "likert5",
        t("Hoe tevreden bent u over uw huis?", "How satisfied are you?"),
        scale_options("satisfied"),
        {"scale": "satisfied"},
    ),
    ("cijfer", "grade", t("Welk cijfer geeft u uw buurt?", "What mark for your area?"), [DK], None),
    (
        "problemen",
        "multiple",
        t(
            "Welke problemen heeft u?",
            "Which problems do you have?",
            "Denk aan de winter.",
            "Think of winter.",
        ),
        [
            o("tocht", "Tocht", "Draught"),
            o("schimmel", "Schimmel", "Mould"),
            o("kou", "Koude vloer", "Cold floor"),
            o("geen", "Geen van deze", "None", exclusive=True),
        ],
        {"max_selections": 2},
    ),
    (
        "prioriteit",
        "ranking",
        t("Wat moet eerst beter?", "What should improve first?"),
        [
            o("huur", "De huur", "The rent"),
            o("onderhoud", "Onderhoud", "Maintenance"),
            o("buurt", "De buurt", "The area"),
            DK,
        ],
        {"top_n": 2},
    ),
    (
        "veranderd",
        "matrix",
        t("Is dit beter of slechter geworden?", "Better or worse?"),
        scale_options("better"),
        {
            "scale": "better",
            "rows": [o("huur", "De huur", "The rent"), o("buurt", "De buurt", "The area")],
        },
    ),
    (
        "opmerking",
        "open",
        t("Wilt u nog iets zeggen?", "Anything else?"),
        None,
        {"max_length": 200},
    ),
]

KEYS = [row[0] for row in QUESTIONS]
# Pages in order without the skip-logic question: matrix has two statements.
PAGES_WITHOUT_SKIP = 9


def build_open_survey(board=None, households: int = 3, allow_changes=False, open_link=False):
    """An open survey (today within its dates) in one gemeente, with invited households."""
    gemeente = GemeenteFactory()
    corporation = CorporationFactory()
    today = local_today()
    survey = operations.create_survey(
        title={"nl": "Huurdersraadpleging", "en": "Tenant survey"},
        intro={"nl": "Wij vragen uw mening.\n\nHet duurt kort.", "en": "We ask your opinion."},
        year=today.year,
        languages=["nl", "en"],
        gemeenten=[gemeente],
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
        by=board,
    )
    section = operations.add_section(survey, title={"nl": "Wonen", "en": "Housing"})
    for key, qtype, texts, options, settings in QUESTIONS:
        questions.add_question(
            survey,
            qtype=qtype,
            texts=texts,
            key=key,
            section=section,
            options=options,
            settings=settings,
        )
    maanden = next(q for q in survey.ordered_questions() if q.key == "maanden")
    questions.set_condition(maanden, {"question": "zoekt", "op": "equals", "value": "ja"})
    survey.allow_changes_after_submit = allow_changes
    survey.open_link_enabled = open_link
    operations.change_status(survey, "open", by=board, today=today)
    for _ in range(households):
        HouseholdFactory(gemeente=gemeente, corporation=corporation)
    db.session.flush()
    invitations.create_invitations(survey)
    return survey


def codes_of(survey) -> list[str]:
    """The clear codes of the survey's invitations, in household order."""
    rows = db.session.scalars(
        db.select(Invitation).where(Invitation.survey_id == survey.id).order_by(Invitation.id)
    )
    return [invitations.clear_code(i) for i in rows]


def question(survey, key: str):
    """A question of the survey by key."""
    return next(q for q in survey.ordered_questions() if q.key == key)

"""The question bank and KMAS's surveys: last year's (closed), this year's (open), a draft.

The 2027 survey is a copy of the 2026 one, improved: a skip-logic pair on house hunting, a
matrix on changes over the past year, a new question on service costs and a participation
section. Survey texts come from the bank; the organisation and dates fit the KMAS case.
"""

from datetime import date

from sqlalchemy import select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.users.models import User
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank, operations, questions
from surveys.models import Survey
from surveys.qtypes.likert5 import scale_options
from surveys.themes import THEME_TITLES, Theme

INTRO = {
    "nl": "Beste huurder,\n\nKMAS praat elk jaar met de gemeente en Mooiland over afspraken "
    "voor uw woonplaats. Wat vindt u belangrijk? Het invullen duurt ongeveer 10 minuten. "
    "Niemand ziet wat u persoonlijk heeft geantwoord.",
    "en": "Dear tenant,\n\nEvery year KMAS talks with the gemeente and Mooiland about "
    "agreements for where you live. What matters to you? Filling in takes about 10 minutes. "
    "Nobody sees what you answered personally.",
}

# Sections of the 2026 survey: theme and bank keys, in order.
SECTIONS_2026 = [
    (
        Theme.BETAALBAARHEID,
        [
            "betaalbaarheid.woonlasten",
            "betaalbaarheid.huurquote",
            "betaalbaarheid.huurbevriezing",
            "betaalbaarheid.brief_huurverhoging",
            "betaalbaarheid.achterstand",
            "betaalbaarheid.hulp_schulden",
            "betaalbaarheid.woonlasten_open",
        ],
    ),
    (
        Theme.DUURZAAMHEID,
        [
            "duurzaamheid.energielabel",
            "duurzaamheid.winterproblemen",
            "duurzaamheid.huur_na_isolatie",
            "duurzaamheid.volgorde",
            "duurzaamheid.zonnepanelen",
            "duurzaamheid.aardgasvrij",
            "kwaliteit.cijfer_woning",
            "kwaliteit.verbeterpunten",
        ],
    ),
    (
        Theme.DOELGROEPEN,
        [
            "doelgroepen.jongeren",
            "doelgroepen.tijdelijke_woningen",
            "doelgroepen.mantelzorgers",
            "zorg.blijven_wonen",
            "zorg.geclusterd",
        ],
    ),
    (
        Theme.LEEFBAARHEID,
        [
            "leefbaarheid.cijfer_buurt",
            "leefbaarheid.cijfer_veiligheid",
            "leefbaarheid.problemen",
            "leefbaarheid.ontmoetingsplek",
            "leefbaarheid.openbare_ruimte",
        ],
    ),
    (Theme.PRIORITEITEN, ["prioriteiten.themas"]),
    (
        Theme.ACHTERGROND,
        [
            "achtergrond.leeftijd",
            "achtergrond.huishouden",
            "achtergrond.huurtoeslag",
            "achtergrond.woningtype",
            "achtergrond.huurjaren",
        ],
    ),
]

SERVICE_COSTS = {
    "nl": {
        "text": "Hoe duidelijk is de rekening voor de servicekosten van uw complex?",
        "help": "Servicekosten betaalt u naast de huur. Bijvoorbeeld voor de schoonmaak van "
        "de trappenhal of de lift.",
    },
    "en": {
        "text": "How clear is the bill for the service charges of your building?",
        "help": "You pay service charges on top of the rent, for example for cleaning the "
        "stairwell or for the lift.",
    },
}

BERNHEZE_NOTE = {
    "nl": "In Bernheze zijn nog geen afspraken voor meerdere jaren. Uw antwoord helpt om die "
    "te maken.",
    "en": "Bernheze has no agreements for several years yet. Your answer helps to make them.",
}


def load(seed: int, echo) -> None:
    """Seed the bank and build the 2026, 2027 and draft 2028 surveys."""
    counts = bank.seed_bank(SEED_QUESTIONS)
    board = db.session.scalar(select(User).where(User.email == "bestuur@kmas.example"))
    gemeenten = list(db.session.scalars(select(Gemeente).order_by(Gemeente.name)))
    last_year = _survey_2026(board, gemeenten)
    this_year = _survey_2027(last_year, board)
    draft = operations.copy_survey(
        this_year,
        year=2028,
        title={
            "nl": "Achterbanraadpleging 2028 (concept)",
            "en": "Tenant consultation 2028 (draft)",
        },
        by=board,
    )
    echo(
        f"demo: question bank with {counts['added']} questions; surveys 2026 (closed), "
        f"2027 (open, {len(this_year.ordered_questions())} questions) and 2028 (draft #{draft.id})"
    )


def _survey_2026(board, gemeenten) -> Survey:
    survey = operations.create_survey(
        title={"nl": "Achterbanraadpleging 2026", "en": "Tenant consultation 2026"},
        intro=INTRO,
        year=2026,
        cycle_label="Prestatieafspraken 2027",
        languages=["nl", "en"],
        gemeenten=gemeenten,
        opens_on=date(2026, 1, 12),
        closes_on=date(2026, 2, 15),
        by=board,
    )
    for theme, keys in SECTIONS_2026:
        section = operations.add_section(survey, title=dict(THEME_TITLES[theme]), theme=theme)
        for key in keys:
            questions.add_bank_question(survey, bank.latest_version(key), section=section)
    _condition(survey, "kwaliteit.verbeterpunten", "kwaliteit.cijfer_woning", "below", 6)
    operations.change_status(survey, "open", by=board, today=date(2026, 1, 12))
    operations.change_status(survey, "closed", by=board)
    return survey


def _survey_2027(last_year: Survey, board) -> Survey:
    survey = operations.copy_survey(
        last_year,
        year=2027,
        title={"nl": "Achterbanraadpleging 2027", "en": "Tenant consultation 2027"},
        by=board,
    )
    survey.opens_on, survey.closes_on = date(2026, 11, 16), date(2027, 1, 31)
    by_theme = {s.theme: s for s in survey.sections}
    housing = by_theme[Theme.DOELGROEPEN]
    for key in ("beschikbaarheid.zoekt_woning", "beschikbaarheid.zoekduur"):
        questions.add_bank_question(survey, bank.latest_version(key), section=housing)
    _condition(survey, "beschikbaarheid.zoekduur", "beschikbaarheid.zoekt_woning", "equals", "ja")
    energy = by_theme[Theme.DUURZAAMHEID]
    questions.add_bank_question(
        survey, bank.latest_version("duurzaamheid.energiecoach"), section=energy
    )
    questions.add_question(
        survey,
        qtype="likert5",
        texts=SERVICE_COSTS,
        section=by_theme[Theme.BETAALBAARHEID],
        key="betaalbaarheid.servicekosten",
        options=scale_options("clear"),
        settings={"scale": "clear"},
        rijksprioriteit=2,
    )
    priorities = by_theme[Theme.PRIORITEITEN]
    questions.add_bank_question(
        survey, bank.latest_version("prioriteiten.verbetering"), section=priorities
    )
    themes_question = next(q for q in survey.ordered_questions() if q.key == "prioriteiten.themas")
    bernheze = next((g for g in survey.gemeenten if g.name == "Bernheze"), None)
    if bernheze is not None:
        questions.set_gemeente_notes(themes_question, {str(bernheze.id): BERNHEZE_NOTE})
    taking_part = operations.add_section(
        survey, title=dict(THEME_TITLES[Theme.PARTICIPATIE]), theme=Theme.PARTICIPATIE
    )
    for key in ("participatie.manier", "participatie.bekend_ho", "participatie.adviesgroep"):
        questions.add_bank_question(survey, bank.latest_version(key), section=taking_part)
    operations.move_section(taking_part, "up")  # before the background questions
    operations.change_status(survey, "open", by=board, today=date(2026, 11, 23))
    return survey


def _condition(survey: Survey, key: str, source: str, op: str, value) -> None:
    question = next(q for q in survey.ordered_questions() if q.key == key)
    questions.set_condition(question, {"question": source, "op": op, "value": value})


def print_hints(echo) -> None:
    """Where to find the demo surveys."""
    echo("Demo surveys: /vragenlijsten (2026 closed, 2027 open, 2028 draft).")

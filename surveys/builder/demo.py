"""The question bank and KMAS's surveys: last year's (closed), this year's (open), a draft.

Last year's survey (2026) was built from the bank as it was before the plain-language rewrite
(``surveys/bankdata/edition_2025.json``); then the bank is brought up to date, so its keys get
new versions. The 2027 survey is a copy of the 2026 one that takes the new versions (its
results note the wording change), with improvements: a skip-logic pair on house hunting, a
matrix on changes over the past year, a new question on the cleaning bill and a participation
section. Survey texts come from the bank; the organisation and dates fit the KMAS case.
"""

from datetime import date

from sqlalchemy import select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.users.models import User
from surveys.bankdata import SEED_QUESTIONS, previous_edition
from surveys.bankdata.build import not_applicable, scale_options
from surveys.builder import bank, operations, questions
from surveys.models import Survey
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

TITLE = {
    "nl": "Wat vindt u van uw huis en buurt?",
    "en": "What do you think of your home and area?",
}
SERVICE_COSTS = {
    "nl": {
        "text": "Hoe duidelijk is de rekening voor de schoonmaak van de trap of de lift?",
        "help": "Die rekening betaalt u naast de huur. Bijvoorbeeld ook voor de lampen in de gang.",
    },
    "en": {
        "text": "How clear is the bill for cleaning the stairs or the lift?",
        "help": "You pay that bill on top of the rent, for example also for the lights in the "
        "hallway.",
    },
}
NO_CLEANING_BILL = not_applicable("Ik krijg zo'n rekening niet", "I do not get such a bill")

BERNHEZE_NOTE = {
    "nl": "In Bernheze zijn nog geen afspraken voor meerdere jaren. Uw antwoord helpt om die "
    "te maken.",
    "en": "Bernheze has no agreements for several years yet. Your answer helps to make them.",
}


def load(seed: int, echo) -> None:
    """Seed the bank and build the 2026, 2027 and draft 2028 surveys."""
    counts = bank.seed_bank(previous_edition())
    board = db.session.scalar(select(User).where(User.email == "bestuur@kmas.example"))
    gemeenten = list(db.session.scalars(select(Gemeente).order_by(Gemeente.name)))
    last_year = _survey_2026(board, gemeenten)
    rewrite = bank.seed_bank(SEED_QUESTIONS, update=True)
    counts["added"] += rewrite["added"]
    this_year = _survey_2027(last_year, board)
    draft = operations.copy_survey(
        this_year,
        year=2028,
        title={"nl": f"{TITLE['nl']} (concept 2028)", "en": f"{TITLE['en']} (draft 2028)"},
        by=board,
    )
    echo(
        f"demo: question bank with {counts['added']} questions ({rewrite['updated']} reworded "
        f"since 2026); surveys 2026 (closed), "
        f"2027 (open, {len(this_year.ordered_questions())} questions) and 2028 (draft #{draft.id})"
    )


def _survey_2026(board, gemeenten) -> Survey:
    survey = operations.create_survey(
        title={"nl": f"{TITLE['nl']} (2026)", "en": f"{TITLE['en']} (2026)"},
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
        title=dict(TITLE),
        by=board,
    )
    survey.opens_on, survey.closes_on = date(2026, 11, 16), date(2027, 1, 31)
    by_theme = {s.theme: s for s in survey.sections}
    _take_new_wording(survey, by_theme, board)
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
        options=[*scale_options("clear"), NO_CLEANING_BILL],
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


def _take_new_wording(survey: Survey, by_theme: dict, board) -> None:
    """The rewritten bank versions, with the questions that replace or complete old ones."""
    for question in survey.ordered_questions():
        if question.bank_question is not None and question.bank_question.retired:
            questions.delete_question(question, by=board)  # the share of income (huurquote)
        else:
            bank.take_newest_version(question, by=board)
    additions = [  # (section, new key, the question it follows; None: at the end)
        (Theme.BETAALBAARHEID, "betaalbaarheid.huur_per_maand", "betaalbaarheid.woonlasten"),
        (
            Theme.DUURZAAMHEID,
            "duurzaamheid.huur_na_isolatie_hoeveel",
            "duurzaamheid.huur_na_isolatie",
        ),
        (Theme.ACHTERGROND, "betaalbaarheid.inkomen_per_maand", None),
    ]
    for theme, key, after in additions:
        section = by_theme[theme]
        added = questions.add_bank_question(survey, bank.latest_version(key), section=section)
        keys = [q.key for q in sorted(section.questions, key=lambda q: q.position)]
        for _step in range(len(keys) - 1 - (keys.index(after) + 1) if after else 0):
            questions.move_question(added, "up", by=board)
    _condition(
        survey,
        "duurzaamheid.huur_na_isolatie_hoeveel",
        "duurzaamheid.huur_na_isolatie",
        "equals",
        "ja",
    )


def _condition(survey: Survey, key: str, source: str, op: str, value) -> None:
    question = next(q for q in survey.ordered_questions() if q.key == key)
    questions.set_condition(question, {"question": source, "op": op, "value": value})


def print_hints(echo) -> None:
    """Where to find the demo surveys."""
    echo("Demo surveys: /vragenlijsten (2026 closed, 2027 open, 2028 draft).")

"""The plain-language rules: the bank, the tenant pages, the letter and the form keep them, and
the builder's check list warns (without refusing) when a board member's question breaks one."""

import html

import pytest

from consult.extensions import db
from consult.permissions import Role
from surveys.bankdata import RETIRED_KEYS, SEED_QUESTIONS, previous_edition
from surveys.builder import bank, plain_language, questions
from surveys.builder.validation import validate_for_opening
from surveys.models import Survey
from surveys.paper.letter_texts import DEFAULTS
from surveys.paper.phrases import PHRASES
from surveys.qtypes.likert5 import SCALES as PRESET_SCALES
from tests.surveys.conftest import add_answer, build_survey
from tests.surveys.tenant_texts import dutch_catalogue, tenant_msgids


def _dutch_texts(data: dict) -> list[str]:
    nl = data["texts"]["nl"]
    labels = [o["labels"]["nl"] for o in data["options"]]
    rows = [r["labels"]["nl"] for r in data["settings"].get("rows", [])]
    return [nl["text"], nl["help"], *labels, *rows]


def _points(data: dict) -> list[str]:
    return [o["labels"]["nl"] for o in data["options"] if not o.get("dont_know")]


@pytest.mark.parametrize("data", SEED_QUESTIONS, ids=lambda d: d["key"])
def test_bank_question_has_short_sentences_and_no_jargon(data):
    for text in _dutch_texts(data):
        assert plain_language.long_sentences(text) == [], data["key"]
        assert plain_language.banned_words(text) == [], data["key"]


@pytest.mark.parametrize("data", SEED_QUESTIONS, ids=lambda d: d["key"])
def test_bank_question_bands_have_no_gaps_or_overlaps(data):
    assert plain_language.band_problems([o["labels"]["nl"] for o in data["options"]]) == []


def test_bank_scales_are_built_balanced():
    built = {tuple(nl for nl, _en in s.points()) for s in plain_language.SCALES.values()}
    scaled = [d for d in SEED_QUESTIONS if d["qtype"] in ("likert5", "matrix")]
    assert scaled
    for data in scaled:
        assert tuple(_points(data)) in built, data["key"]
        assert plain_language.scale_problem(_points(data)) is None
    for scale in plain_language.SCALES.values():
        assert len(scale.low) == len(scale.high) == 2
    with pytest.raises(ValueError):
        plain_language.balanced_scale((("a", "a"),), ("m", "m"), (("b", "b"), ("c", "c")))


# Scales as the builder offered them before the presets were balanced.
UNBALANCED_WORRIED = [
    "Helemaal niet bezorgd",
    "Een beetje bezorgd",
    "Best bezorgd",
    "Bezorgd",
    "Heel erg bezorgd",
]
UNBALANCED_IMPORTANT = [
    "Helemaal niet belangrijk",
    "Niet belangrijk",
    "Een beetje belangrijk",
    "Belangrijk",
    "Heel belangrijk",
]
DOUBLE_NEGATIVE = [
    "Heel ontevreden",
    "Ontevreden",
    "Niet ontevreden, niet tevreden",
    "Tevreden",
    "Heel tevreden",
]


def test_unbalanced_and_double_negative_scales_are_recognised():
    assert plain_language.scale_problem(UNBALANCED_WORRIED) == "unbalanced"
    assert plain_language.scale_problem(UNBALANCED_IMPORTANT) == "unbalanced"
    assert plain_language.scale_problem(DOUBLE_NEGATIVE) == "double_negative"


def test_every_preset_scale_of_the_registry_is_balanced():
    for name, points in PRESET_SCALES.items():
        assert plain_language.scale_problem([nl for nl, _en in points]) is None, name


def test_bands_with_gaps_overlaps_or_a_vague_end_are_found():
    find = plain_language.band_problems
    assert find(["Jonger dan 35 jaar", "35 tot en met 54 jaar", "55 jaar of ouder"]) == []
    assert find(["Minder dan € 1.000", "€ 1.000 tot en met € 1.499", "€ 1.500 of meer"]) == []
    assert any(p.startswith("vague") for p in find(["25 tot 30 procent", "30 tot 40 procent"]))
    assert any(
        p.startswith("gap") for p in find(["Jonger dan 35", "40 tot en met 54", "55 of ouder"])
    )
    assert any(
        p.startswith("overlap") for p in find(["Jonger dan 36", "35 tot en met 54", "55 of ouder"])
    )


def test_sentence_and_jargon_rules():
    assert plain_language.long_sentences("Kort. " + "woord " * 16) == ["woord " * 15 + "woord"]
    assert plain_language.long_sentences("Bij € 600 huur is dat € 6 per maand.") == []
    assert [w for w, _h in plain_language.banned_words("Uw woonlasten in het complex")] == [
        "woonlasten",
        "complex",
    ]
    assert plain_language.banned_words("De instellingen van uw bestelling") == []
    assert plain_language.banned_words("Achterbanraadpleging 2027")


def test_tenant_pages_use_no_jargon():
    catalogue = dutch_catalogue()
    found = {
        msgid: plain_language.banned_words(catalogue.get(msgid, "")) for msgid in tenant_msgids()
    }
    assert {msgid: words for msgid, words in found.items() if words} == {}


@pytest.mark.parametrize("texts", [PHRASES["nl"], DEFAULTS["nl"]], ids=["form", "letter"])
def test_letter_and_form_use_no_jargon(texts):
    assert {k: v for k, v in texts.items() if plain_language.banned_words(v)} == {}
    assert "vóór" not in " ".join(texts.values())


def test_updating_the_bank_versions_used_questions_and_keeps_the_survey_wording(ctx, board):
    bank.seed_bank(previous_edition())
    survey = build_survey(board)
    old = bank.latest_version("betaalbaarheid.woonlasten")
    question = questions.add_bank_question(survey, old)
    add_answer(survey, question.key, "3")
    unused_before = bank.latest_version("zorg.scootmobiel")

    counts = bank.seed_bank(SEED_QUESTIONS, update=True)

    new = bank.latest_version("betaalbaarheid.woonlasten")
    assert (old.version, new.version) == (1, 2)
    assert question.bank_question_id == old.id and "Gaat wel" not in str(question.options)
    assert "Gaat wel" in str(new.options)
    assert bank.latest_version("zorg.scootmobiel").id == unused_before.id  # changed in place
    assert all(bank.latest_version(key).retired for key in RETIRED_KEYS)
    assert counts["retired"] == len(RETIRED_KEYS)
    assert bank.newer_version(question).id == new.id
    with pytest.raises(Exception, match="al antwoorden"):
        bank.take_newest_version(question)

    next_year = build_survey(board)
    fresh = questions.add_bank_question(next_year, bank.latest_version(old.key))
    assert bank.wording_changed(question, fresh)
    assert not bank.wording_changed(fresh, fresh)


OWN_QUESTION = (
    "Bent u het eens met de stelling dat de woonlasten van huurders in uw complex de "
    "afgelopen jaren zo sterk zijn gestegen dat de woningcorporatie verplicht zou moeten "
    "worden om de huursom te bevriezen en om daarnaast extra te investeren in isolatie?"
)


def test_check_list_warns_on_a_board_members_own_question_but_does_not_refuse(app, login):
    with app.app_context():
        survey = build_survey()
        scale = [
            {"code": str(n), "labels": {"nl": nl, "en": nl}}
            for n, nl in enumerate(UNBALANCED_WORRIED, start=1)
        ]
        questions.add_question(
            survey,
            qtype="likert5",
            texts={"nl": {"text": OWN_QUESTION, "help": ""}, "en": {"text": "Agree?", "help": ""}},
            key="eigen",
            options=scale,
            settings={"scale": "worried"},
        )
        db.session.commit()
        survey_id = survey.id
        assert validate_for_opening(survey) == []
    page = html.unescape(
        login(Role.BESTUUR).get(f"/vragenlijsten/{survey_id}/controle").get_data(as_text=True)
    )
    assert "Tips voor duidelijke taal" in page
    assert "De vraag heeft 42 woorden" in page
    assert "Een zin heeft meer dan 15 woorden" in page
    assert "“woonlasten” is voor veel huurders moeilijk" in page
    assert "De schaal is niet in evenwicht" in page
    with app.app_context():
        assert db.session.get(Survey, survey_id).status.value == "draft"

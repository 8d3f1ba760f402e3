"""The question bank: a complete, valid seed; versions when used questions change."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.extensions import db
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank, questions
from surveys.errors import SurveyError
from surveys.models import BankQuestion
from surveys.qtypes import get_type
from surveys.qtypes.base import DraftQuestion
from surveys.themes import Theme


def test_seed_has_at_least_40_questions_on_every_theme():
    themes = Counter(q["theme"] for q in SEED_QUESTIONS)
    assert len(SEED_QUESTIONS) >= 40
    assert set(themes) == {t.value for t in Theme}
    assert len({q["key"] for q in SEED_QUESTIONS}) == len(SEED_QUESTIONS)


@pytest.mark.parametrize("data", SEED_QUESTIONS, ids=lambda d: d["key"])
def test_every_seed_question_is_valid_and_translated(data):
    draft = DraftQuestion(data["qtype"], data["texts"], data["options"], data["settings"])
    assert get_type(data["qtype"]).validate_definition(draft) == []
    assert data["key"].startswith(data["theme"] + ".")
    assert data["texts"]["en"]["text"] and data["texts"]["nl"]["text"]
    assert bool(data["texts"]["nl"]["help"]) == bool(data["texts"]["en"]["help"])
    for option in data["options"] + data["settings"].get("rows", []):
        assert option["labels"]["nl"] and option["labels"]["en"]
    # B1: short question texts
    assert len(data["texts"]["nl"]["text"]) <= 130


def test_choice_questions_offer_a_coded_way_out():
    """Closed questions on opinions carry "weet ik niet" (or "geen van deze") as an option."""
    for data in SEED_QUESTIONS:
        if data["qtype"] in ("single", "yesno", "likert5", "multiple", "matrix"):
            if data["theme"] == "achtergrond" and data["key"] == "achtergrond.woningtype":
                continue
            flags = [o.get("dont_know") or o.get("exclusive") for o in data["options"]]
            assert any(flags), data["key"]


def test_seeding_twice_adds_nothing(ctx):
    first = bank.seed_bank(SEED_QUESTIONS)
    second = bank.seed_bank(SEED_QUESTIONS)
    assert first["added"] == len(SEED_QUESTIONS)
    assert second == {
        "added": 0,
        "unchanged": len(SEED_QUESTIONS),
        "changed": 0,
        "updated": 0,
        "retired": 0,
    }
    assert db.session.scalar(select(func.count(BankQuestion.id))) == len(SEED_QUESTIONS)


def test_bank_search_by_text_and_theme(ctx):
    bank.seed_bank(SEED_QUESTIONS)
    found = bank.latest_versions(search="energielabel")
    assert "duurzaamheid.energielabel" in [q.key for q in found]
    assert all(q.theme == Theme.ZORG for q in bank.latest_versions(theme="zorg"))
    assert bank.latest_versions(search="HUURTOESLAG")


def _edit(question, text):
    texts = {**question.texts, "nl": {**question.texts["nl"], "text": text}}
    return bank.update_bank_question(
        question,
        texts=texts,
        options=question.options,
        settings=question.settings,
        theme=question.theme,
        rijksprioriteit=question.rijksprioriteit,
    )


def test_editing_an_unused_bank_question_changes_it_in_place(ctx):
    bank.seed_bank(SEED_QUESTIONS)
    original = bank.latest_version("zorg.wmo")
    edited = _edit(original, "Weet u waar u hulp aanvraagt voor een aanpassing?")
    assert edited is original
    assert edited.version == 1


def test_editing_a_used_bank_question_makes_a_new_version_and_surveys_keep_theirs(survey):
    bank.seed_bank(SEED_QUESTIONS)
    version_1 = bank.latest_version("zorg.wmo")
    used = questions.add_bank_question(survey, version_1)
    version_2 = _edit(version_1, "Nieuwe tekst over de Wmo?")
    assert (version_2.key, version_2.version) == ("zorg.wmo", 2)
    assert version_1.texts["nl"]["text"] != "Nieuwe tekst over de Wmo?"
    assert used.bank_question_id == version_1.id
    assert used.texts["nl"]["text"] == version_1.texts["nl"]["text"]
    assert bank.latest_versions(search="Nieuwe tekst over de Wmo")[0].id == version_2.id
    with pytest.raises(SurveyError, match="nieuwste versie"):
        _edit(version_1, "Oude versie aanpassen?")
    assert db.session.scalar(
        select(func.count()).where(AuditEvent.action == "bank.question_versioned")
    )


def test_bank_question_keys_are_checked(ctx):
    with pytest.raises(SurveyError, match="code"):
        bank.create_bank_question(
            key="Geen Geldige Code!",
            theme="betaalbaarheid",
            qtype="yesno",
            texts={"nl": {"text": "Vraag?"}},
        )


def test_retired_questions_leave_the_bank_but_not_the_surveys(survey):
    bank.seed_bank(SEED_QUESTIONS)
    wmo = bank.latest_version("zorg.wmo")
    used = questions.add_bank_question(survey, wmo)
    bank.retire_bank_question(wmo)
    assert "zorg.wmo" not in [q.key for q in bank.latest_versions()]
    assert used.bank_question is wmo


def test_slugify_and_unique_key():
    assert (
        bank.slugify("Hoe tevreden bent u over uw woning?") == "hoe_tevreden_bent_u_over_uw_woning"
    )
    assert bank.slugify("???") == "vraag"
    assert bank.unique_key("a.b", {"a.b", "a.b_2"}) == "a.b_3"

"""Survey services: copy, reorder, validation before opening, and the rules once answers exist."""

from datetime import date

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.extensions import db
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank, operations, questions
from surveys.errors import ConflictError, SurveyError
from surveys.models import Question, SurveyStatus
from tests.factories import GemeenteFactory
from tests.surveys.conftest import add_answer, build_survey

TODAY = date(2027, 1, 5)


def keys(survey):
    return [q.key for q in survey.ordered_questions()]


def by_key(survey, key) -> Question:
    return next(q for q in survey.ordered_questions() if q.key == key)


def test_new_survey_is_a_draft_with_dutch_always_offered(ctx, board):
    survey = operations.create_survey(
        title={"nl": "Raadpleging"}, year=2027, languages=["en", "xx", "en"], by=board
    )
    assert survey.status == SurveyStatus.DRAFT
    assert survey.languages == ["nl", "en"]
    assert survey.channels == ["online", "paper"]
    assert survey.dedup_rule == "first_complete"


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"title": {"nl": ""}, "year": 2027}, "Nederlandse titel"),
        ({"title": {"nl": "x" * 10_000}, "year": 2027}, "200"),
        ({"title": {"nl": "Ok"}, "year": "volgend jaar"}, "jaartal"),
        ({"title": {"nl": "Ok"}, "year": 2027, "channels": []}, "manier"),
        (
            {
                "title": {"nl": "Ok"},
                "year": 2027,
                "opens_on": date(2027, 3, 1),
                "closes_on": date(2027, 2, 1),
            },
            "sluitingsdatum",
        ),
    ],
)
def test_bad_survey_settings_are_refused(ctx, values, fragment):
    with pytest.raises(SurveyError) as caught:
        operations.create_survey(**values)
    assert fragment in str(caught.value)


def test_copy_keeps_sections_questions_keys_and_bank_versions(survey, board):
    bank.seed_bank(SEED_QUESTIONS)
    wmo = questions.add_bank_question(survey, bank.latest_version("zorg.wmo"))
    survey.cycle_label = "Prestatieafspraken 2028"
    copy = operations.copy_survey(survey, year=2028, title={"nl": "Raadpleging 2028"}, by=board)
    assert copy.status == SurveyStatus.DRAFT
    assert copy.copied_from_id == survey.id
    assert keys(copy) == keys(survey)
    assert by_key(copy, "zorg.wmo").bank_question_id == wmo.bank_question_id
    assert by_key(copy, "maanden").show_if == {"question": "zoekt", "op": "equals", "value": "ja"}
    assert copy.opens_on == date(2028, 1, 10) and copy.closes_on == date(2028, 2, 20)
    assert copy.cycle_label == "Prestatieafspraken 2029"
    assert copy.gemeenten == survey.gemeenten
    # a deep copy: changing the copy leaves the original alone
    questions.update_question(
        by_key(copy, "keuze"), texts={"nl": {"text": "Nieuw?"}, "en": {"text": "New?"}}
    )
    assert by_key(survey, "keuze").texts["nl"]["text"] == "Wat vindt u het belangrijkst?"


def test_theme_template_fills_sections_from_the_bank(ctx, board):
    bank.seed_bank(SEED_QUESTIONS)
    survey = operations.create_survey_from_themes(
        ["duurzaamheid", "achtergrond"], title={"nl": "Energie"}, year=2027, by=board
    )
    assert [s.theme for s in survey.sections] == ["duurzaamheid", "achtergrond"]
    assert "duurzaamheid.energielabel" in keys(survey)
    assert all(q.bank_question_id for q in survey.ordered_questions())


def test_questions_move_up_and_down_and_across_sections(survey):
    operations.add_section(survey, title={"nl": "Tweede", "en": "Second"})
    keuze = by_key(survey, "keuze")
    questions.move_question(keuze, "down")
    assert keuze.section.text() == "Tweede"
    assert keys(survey) == ["zoekt", "maanden", "keuze"]
    questions.move_question(keuze, "up")
    questions.move_question(keuze, "up")
    assert keys(survey) == ["zoekt", "keuze", "maanden"]
    assert [q.position for q in survey.sections[0].questions] == [0, 1, 2]


def test_a_move_that_breaks_skip_logic_is_refused(survey):
    with pytest.raises(SurveyError, match="maanden"):
        questions.move_question(by_key(survey, "maanden"), "up")
    assert keys(survey) == ["zoekt", "maanden", "keuze"]


def test_skip_logic_that_refers_forward_or_loops_is_refused(survey):
    zoekt = by_key(survey, "zoekt")
    with pytest.raises(SurveyError, match="later"):
        questions.set_condition(zoekt, {"question": "keuze", "op": "equals", "value": "huur"})
    with pytest.raises(SurveyError):
        questions.set_condition(zoekt, {"question": "maanden", "op": "above", "value": 3})
    assert zoekt.show_if is None


def test_ready_survey_passes_validation_and_opens(survey, board):
    assert operations.validate_for_opening(survey, TODAY) == []
    operations.change_status(survey, "open", by=board, today=TODAY)
    assert survey.status == SurveyStatus.OPEN


def test_validation_lists_every_problem_with_its_question(survey):
    keuze = by_key(survey, "keuze")
    keuze.texts = {"nl": {"text": "Alleen Nederlands?"}}
    keuze.options = []
    operations.add_section(survey, title={"nl": "Leeg"})
    survey.gemeenten = []
    survey.opens_on, survey.closes_on = date(2026, 12, 1), date(2027, 1, 1)
    problems = operations.validate_for_opening(survey, TODAY)
    messages = " | ".join(p.message for p in problems)
    assert "Engels" in messages or "English" in messages
    assert "antwoordopties" in messages
    assert "Leeg" in messages
    assert "gemeenten" in messages
    assert "sluitingsdatum" in messages
    assert {p.question_id for p in problems if p.question_id} == {keuze.id}
    with pytest.raises(SurveyError):
        operations.change_status(survey, "open", today=TODAY)


def test_life_cycle_only_allows_known_steps(survey, board):
    with pytest.raises(SurveyError, match="concept"):
        operations.change_status(survey, "archived")
    operations.change_status(survey, "open", today=TODAY)
    operations.change_status(survey, "closed")
    operations.change_status(survey, "archived")
    with pytest.raises(SurveyError, match="gearchiveerde"):
        questions.update_question(by_key(survey, "zoekt"), required=True)
    events = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "survey.status_changed")
    ).all()
    assert [e["new"] for e in events] == ["open", "closed", "archived"]


def test_open_survey_with_answers_cannot_go_back_to_draft(survey):
    operations.change_status(survey, "open", today=TODAY)
    add_answer(survey, "zoekt", "ja")
    with pytest.raises(SurveyError, match="concept"):
        operations.change_status(survey, "draft")


def test_question_with_answers_cannot_be_removed(survey):
    add_answer(survey, "keuze", "huur")
    with pytest.raises(SurveyError, match="1 antwoorden"):
        questions.delete_question(by_key(survey, "keuze"))
    assert "keuze" in keys(survey)


def test_question_without_answers_can_be_removed_unless_a_condition_needs_it(survey):
    with pytest.raises(SurveyError, match="maanden"):
        questions.delete_question(by_key(survey, "zoekt"))
    questions.delete_question(by_key(survey, "keuze"))
    assert keys(survey) == ["zoekt", "maanden"]


def test_used_options_cannot_be_removed_or_recoded_but_new_ones_can_be_added(survey):
    keuze = by_key(survey, "keuze")
    add_answer(survey, "keuze", "groen")
    options = keuze.options
    recoded = [o if o["code"] != "groen" else {**o, "code": "natuur"} for o in options]
    with pytest.raises(SurveyError, match="opgeslagen antwoorden"):
        questions.update_question(keuze, options=recoded)
    with pytest.raises(SurveyError, match="opgeslagen antwoorden"):
        questions.update_question(keuze, options=[o for o in options if o["code"] != "groen"])
    assert [o["code"] for o in keuze.options] == ["huur", "groen", "dk"]
    extra = options + [{"code": "bus", "labels": {"nl": "Bus", "en": "Bus"}}]
    questions.update_question(keuze, options=extra)
    unused_removed = [o for o in extra if o["code"] != "huur"]
    questions.update_question(keuze, options=unused_removed)
    assert [o["code"] for o in keuze.options] == ["groen", "dk", "bus"]


def test_settings_that_stored_answers_break_are_refused(survey):
    add_answer(survey, "maanden", 48)
    with pytest.raises(SurveyError):
        questions.update_question(by_key(survey, "maanden"), settings={"min": 0, "max": 24})


def test_text_corrections_after_opening_are_audited_with_old_and_new_text(survey, board):
    operations.change_status(survey, "open", today=TODAY)
    add_answer(survey, "keuze", "huur")
    keuze = by_key(survey, "keuze")
    new = {"nl": {"text": "Wat is voor u het belangrijkst?"}, "en": {"text": "What matters most?"}}
    questions.update_question(keuze, texts=new, by=board)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "survey.question_changed")
    ).one()
    assert event.actor_id == board.id
    assert event.detail["old_texts"]["nl"]["text"] == "Wat vindt u het belangrijkst?"
    assert event.detail["new_texts"]["nl"]["text"] == "Wat is voor u het belangrijkst?"


def test_no_new_questions_once_answers_came_in(survey):
    operations.change_status(survey, "open", today=TODAY)
    add_answer(survey, "zoekt", "nee")
    with pytest.raises(SurveyError, match="antwoorden"):
        questions.add_question(survey, qtype="yesno", texts={"nl": {"text": "Nog een vraag?"}})


def test_stale_version_gives_a_conflict_and_changes_nothing(survey):
    version = survey.version
    questions.update_question(by_key(survey, "zoekt"), expected_version=version, required=True)
    db.session.flush()
    assert survey.version == version + 1
    with pytest.raises(ConflictError) as caught:
        questions.update_question(
            by_key(survey, "keuze"), expected_version=version, texts={"nl": {"text": "Weg?"}}
        )
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in str(caught.value)
    assert by_key(survey, "keuze").text() == "Wat vindt u het belangrijkst?"


def test_new_question_can_be_saved_to_the_bank(survey, board):
    question = questions.add_question(
        survey,
        qtype="likert5",
        texts={"nl": {"text": "De servicekosten zijn duidelijk."}},
        theme="betaalbaarheid",
        save_to_bank=True,
        by=board,
    )
    assert question.key == "betaalbaarheid.de_servicekosten_zijn_duidelijk"
    stored = bank.latest_version(question.key)
    assert stored.id == question.bank_question_id
    assert stored.created_by_id == board.id


def test_same_bank_question_cannot_be_added_twice(survey):
    bank.seed_bank(SEED_QUESTIONS)
    wmo = bank.latest_version("zorg.wmo")
    questions.add_bank_question(survey, wmo)
    with pytest.raises(SurveyError, match="al in de vragenlijst"):
        questions.add_bank_question(survey, wmo)


def test_gemeente_notes_only_for_gemeenten_in_scope(survey):
    inside = survey.gemeenten[0]
    outside = GemeenteFactory()
    keuze = by_key(survey, "keuze")
    questions.set_gemeente_notes(keuze, {str(inside.id): {"nl": "Let op", "en": "Note"}})
    assert keuze.gemeente_note(inside.id, "en") == "Note"
    with pytest.raises(SurveyError):
        questions.set_gemeente_notes(keuze, {str(outside.id): {"nl": "Nee"}})


def test_html_in_texts_is_kept_as_plain_data(survey):
    script = "<script>alert('x')</script><b>vet</b>"
    keuze = by_key(survey, "keuze")
    questions.update_question(keuze, texts={"nl": {"text": script}, "en": {"text": "x"}})
    assert keuze.text() == script


def test_sections_move_and_only_empty_sections_are_removed(survey):
    second = operations.add_section(survey, title={"nl": "Tweede", "en": "Second"})
    operations.move_section(second, "up")
    assert [s.text() for s in survey.sections] == ["Tweede", "Wonen"]
    with pytest.raises(SurveyError, match="leeg"):
        operations.delete_section(survey.sections[1])
    operations.delete_section(second)
    assert [s.text() for s in survey.sections] == ["Wonen"]


def test_a_second_survey_builds_independently(ctx):
    one, two = build_survey(), build_survey()
    assert keys(one) == keys(two)
    assert {q.survey_id for q in two.ordered_questions()} == {two.id}

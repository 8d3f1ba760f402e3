"""Keying a returned form: lookup of codes, storing, bad input, resuming, conflicts."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.extensions import db
from surveys.errors import ConflictError
from surveys.invitations.codes import check_character
from surveys.keying import operations
from surveys.keying.errors import KeyingError
from surveys.keying.lookup import identify
from surveys.keying.models import KeyedForm, KeyedStatus
from surveys.keying.operations import AlreadyKeyedError, BusyError
from surveys.models import AnswerState, Channel, ResponseStatus
from surveys.paper import operations as paper
from surveys.paper.qr import PageIdentity
from tests.factories import GemeenteFactory, UserFactory
from tests.surveys.conftest import build_survey
from tests.surveys.keying.conftest import codes, fields, full_form


def answers_of(response) -> dict:
    return {a.question.key: (a.state.value, a.value) for a in response.answers}


def test_a_code_is_found_however_it_is_typed_or_scanned(open_survey):
    code = codes(open_survey)[0]
    household = identify(open_survey, code).household_id
    loose = code.replace("-", " ").lower()
    page = PageIdentity(
        open_survey.id, open_survey.version, "nl", False, 1, 3, code=code.replace("-", "")
    )
    for typed in (loose, page.payload(), f"https://raadpleging.example/c/{code}"):
        assert identify(open_survey, typed).household_id == household


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Typ of scan"),
        ("ABC", "9 letters en cijfers"),
        ("ABCD-EFGH-" + ("K" if check_character("ABCDEFGH") != "K" else "M"), "typfout"),
        ("ABCD-EFGH-" + check_character("ABCDEFGH"), "bestaat niet"),
        ("B1-99999", "geen blanco formulier"),
    ],
)
def test_a_wrong_code_gets_a_clear_message(open_survey, typed, message):
    with pytest.raises(KeyingError, match=message):
        identify(open_survey, typed.replace("B1-", f"B{open_survey.id}-"))


def test_a_code_of_another_survey_is_refused_with_its_title(open_survey, board):
    from surveys.invitations import operations as invitations

    other = build_survey(board, open_survey.gemeenten[0])
    invitations.create_invitations(other)
    db.session.flush()
    other_code = codes(other)[0]
    with pytest.raises(KeyingError, match="andere vragenlijst"):
        identify(open_survey, other_code)
    page = PageIdentity(other.id, 1, "nl", False, 1, 1, serial=3)
    with pytest.raises(KeyingError, match="andere vragenlijst"):
        identify(open_survey, page.payload())


def test_a_blank_form_number_is_accepted_once_it_was_printed(open_survey):
    batch = paper.issue_blank_forms(open_survey, 3)
    ref = identify(open_survey, f"b{open_survey.id}-{batch.first_serial + 2:05d}")
    assert ref.serial == batch.first_serial + 2 and ref.household_id is None


def test_a_volunteer_outside_the_gemeente_cannot_key_its_forms(open_survey):
    elsewhere = GemeenteFactory()
    with pytest.raises(KeyingError, match="eigen gemeenten"):
        identify(open_survey, codes(open_survey)[0], scope_ids={elsewhere.id})


def test_a_keyed_form_is_stored_as_a_keyed_response_by_the_volunteer(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans)
    result = operations.save_entry(entry, full_form(open_survey), by=ans, finish=True)
    assert result.errors == {}
    response = entry.form.response
    assert response.channel == Channel.KEYED and response.entered_by_id == ans.id
    assert response.status == ResponseStatus.SUBMITTED and response.counts
    assert entry.form.status == KeyedStatus.ACCEPTED
    stored = answers_of(response)
    assert stored["zoekt"] == ("answered", "ja") and stored["maanden"] == ("answered", 14)
    assert stored["keuze"] == ("answered", "groen") and stored["cijfer"] == ("answered", 7)
    assert stored["problemen"] == ("answered", ["tocht", "vocht"])
    assert stored["oordeel"] == ("answered", {"huur": "1", "buurt": "2"})
    assert stored["prio"] == ("answered", ["c", "a"])
    assert stored["opmerking"] == ("answered", "Meer groen in de wijk, graag!")


def test_an_option_number_out_of_range_is_refused_naming_the_question(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans)
    f = fields(open_survey)
    typed = full_form(open_survey) | {f["keuze"]: "7", f["oordeel:buurt"]: "9"}
    result = operations.save_entry(entry, typed, by=ans, finish=True)
    assert set(result.errors) == {f["keuze"], f["oordeel"]}
    assert result.errors[f["keuze"]].startswith("Vraag 3: 7 staat hier niet op het formulier")
    assert "1, 2, 3" in result.errors[f["keuze"]]
    assert "De buurt" in result.errors[f["oordeel"]]
    assert entry.finished_at is None and entry.typed[f["keuze"]] == "7"  # kept to correct
    assert entry.form.response.status == ResponseStatus.IN_PROGRESS


def test_no_answer_and_several_boxes_are_recorded_states(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans)
    f = fields(open_survey)
    typed = full_form(open_survey) | {f["keuze"]: "*", f["huur"]: "-", f["cijfer"]: ""}
    typed[f["problemen"]] = "1 3"  # "geen" (exclusive) crossed next to "tocht"
    operations.save_entry(entry, typed, by=ans, finish=True)
    stored = answers_of(entry.form.response)
    assert stored["keuze"] == ("multiple_marks", None)
    assert stored["huur"] == ("no_answer", None)
    assert stored["cijfer"] == ("no_answer", None)  # left empty on a shown question
    assert stored["problemen"] == ("multiple_marks", None)


def test_a_half_keyed_form_is_kept_and_can_be_resumed(open_survey, volunteers):
    ans, _bert = volunteers
    code = codes(open_survey)[0]
    entry = operations.open_form(open_survey, code, by=ans)
    f = fields(open_survey)
    operations.save_entry(entry, {f["zoekt"]: "1", f["maanden"]: "3"}, by=ans)
    response = entry.form.response
    assert response.status == ResponseStatus.IN_PROGRESS
    assert answers_of(response) == {"zoekt": ("answered", "ja"), "maanden": ("answered", 3)}
    again = operations.open_form(open_survey, code.lower(), by=ans)
    assert again.id == entry.id and again.typed == {f["zoekt"]: "1", f["maanden"]: "3"}
    operations.save_entry(again, full_form(open_survey), by=ans, finish=True)
    assert response.status == ResponseStatus.SUBMITTED


def test_a_second_volunteer_cannot_key_a_form_that_is_being_keyed(open_survey, volunteers):
    ans, bert = volunteers
    code = codes(open_survey)[0]
    entry = operations.open_form(open_survey, code, by=ans)
    with pytest.raises(BusyError, match="Ans") as busy:
        operations.open_form(open_survey, code, by=bert)
    assert not busy.value.idle
    with pytest.raises(BusyError):
        operations.save_entry(entry, full_form(open_survey), by=bert, finish=True)
    with pytest.raises(BusyError):
        operations.take_over(entry, by=bert)
    entry.saved_at -= timedelta(hours=1)  # Ans went home
    operations.take_over(entry, by=bert)
    assert entry.entered_by_id == bert.id and entry.form.response.entered_by_id == bert.id
    operations.save_entry(entry, full_form(open_survey), by=bert, finish=True)
    assert entry.form.status == KeyedStatus.ACCEPTED


def test_saving_from_an_old_page_does_not_overwrite_a_newer_save(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans)
    old_version = entry.version
    f = fields(open_survey)
    operations.save_entry(entry, {f["zoekt"]: "1"}, by=ans, expected_version=old_version)
    with pytest.raises(ConflictError):
        operations.save_entry(entry, {f["zoekt"]: "2"}, by=ans, expected_version=old_version)
    assert entry.typed == {f["zoekt"]: "1"}


def test_an_already_keyed_code_changes_nothing(open_survey, volunteers):
    ans, bert = volunteers
    code = codes(open_survey)[0]
    entry = operations.open_form(open_survey, code, by=ans)
    operations.save_entry(entry, full_form(open_survey), by=ans, finish=True)
    before = answers_of(entry.form.response)
    with pytest.raises(AlreadyKeyedError, match="al ingevoerd op .* door Ans"):
        operations.open_form(open_survey, code, by=bert)
    assert answers_of(entry.form.response) == before
    with pytest.raises(KeyingError, match="al klaar"):
        operations.save_entry(entry, {}, by=ans, finish=True)


def test_a_second_paper_form_of_a_household_is_kept_as_a_duplicate(open_survey, volunteers):
    ans, bert = volunteers
    code = codes(open_survey)[0]
    first = operations.open_form(open_survey, code, by=ans)
    operations.save_entry(first, full_form(open_survey), by=ans, finish=True)
    second = operations.open_form(open_survey, code, by=bert, another_copy=True)
    assert second.form.copy == 2
    operations.save_entry(second, full_form(open_survey), by=bert, finish=True)
    assert first.form.response.counts and not second.form.response.counts
    assert second.form.response.status == ResponseStatus.SUBMITTED


def test_paper_answers_against_the_skip_instruction_are_kept_and_flagged(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans)
    f = fields(open_survey)
    typed = full_form(open_survey) | {f["zoekt"]: "2"}  # "nee", yet months were written
    operations.save_entry(entry, typed, by=ans, finish=True)
    assert answers_of(entry.form.response)["maanden"] == ("answered", 14)
    assert entry.form.flags == ["maanden"]


def test_a_skipped_question_left_empty_gets_no_answer_row(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans)
    f = fields(open_survey)
    typed = full_form(open_survey) | {f["zoekt"]: "2"}
    del typed[f["maanden"]]
    operations.save_entry(entry, typed, by=ans, finish=True)
    stored = answers_of(entry.form.response)
    assert "maanden" not in stored and entry.form.flags == []
    assert stored["zoekt"] == ("answered", "nee")


def test_a_form_opened_by_mistake_can_be_put_back(open_survey, volunteers):
    ans, _bert = volunteers
    code = codes(open_survey)[0]
    entry = operations.open_form(open_survey, code, by=ans)
    operations.discard_form(entry, by=ans)
    assert db.session.scalar(select(KeyedForm)) is None
    entry = operations.open_form(open_survey, code, by=ans)
    operations.save_entry(entry, {fields(open_survey)["zoekt"]: "1"}, by=ans)
    with pytest.raises(KeyingError):
        operations.discard_form(entry, by=ans)


def test_blank_forms_are_keyed_without_a_household(open_survey, volunteers):
    ans, _bert = volunteers
    batch = paper.issue_blank_forms(open_survey, 2)
    entry = operations.open_form(open_survey, f"B{open_survey.id}-{batch.first_serial}", by=ans)
    operations.save_entry(entry, full_form(open_survey), by=ans, finish=True)
    response = entry.form.response
    assert response.household_id is None and response.status == ResponseStatus.SUBMITTED
    assert entry.form.serial == batch.first_serial


def test_forms_of_a_draft_survey_cannot_be_keyed(ctx, board, volunteers):
    ans, _bert = volunteers
    draft = build_survey(board)
    with pytest.raises(KeyingError, match="open is"):
        operations.open_form(draft, "ABCD-EFGH-J", by=ans)


def test_answer_states_are_the_model_states(open_survey):
    assert {s.value for s in AnswerState} >= {"answered", "no_answer", "multiple_marks"}
    assert UserFactory  # factories usable in this module

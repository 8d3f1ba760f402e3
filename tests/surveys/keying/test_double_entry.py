"""Double entry: a second volunteer keys the form blind; identical entries are accepted,
differences go to a coordinator, who resolves them; error rates per volunteer."""

import pytest

from surveys.keying import operations, review
from surveys.keying.errors import KeyingError
from surveys.keying.models import KeyedStatus
from surveys.keying.screen import side_by_side
from surveys.models import ResponseStatus
from surveys.paper.models import DoubleEntry
from tests.surveys.keying.conftest import codes, double_entry, fields, full_form


def key_twice(survey, code, first_by, second_by, first_typed, second_typed):
    first = operations.open_form(survey, code, by=first_by)
    operations.save_entry(first, first_typed, by=first_by, finish=True)
    second = operations.open_form(survey, code, by=second_by)
    operations.save_entry(second, second_typed, by=second_by, finish=True)
    return first, second


def test_the_second_volunteer_keys_blind_and_identical_entries_are_accepted(
    open_survey, volunteers
):
    ans, bert = volunteers
    double_entry(open_survey)
    code = codes(open_survey)[0]
    first = operations.open_form(open_survey, code, by=ans)
    operations.save_entry(first, full_form(open_survey), by=ans, finish=True)
    form = first.form
    assert form.status == KeyedStatus.WAITING
    assert form.response.status == ResponseStatus.IN_PROGRESS  # not counted before the check
    with pytest.raises(KeyingError, match="andere vrijwilliger"):
        operations.open_form(open_survey, code, by=ans)
    second = operations.open_form(open_survey, code, by=bert)
    assert second.number == 2 and second.typed == {} and second.values == {}
    operations.save_entry(second, full_form(open_survey), by=bert, finish=True)
    assert form.status == KeyedStatus.ACCEPTED and form.differences == []
    assert form.response.status == ResponseStatus.SUBMITTED and form.response.counts


def test_differences_are_resolved_by_the_coordinator_with_the_question(
    open_survey, volunteers, coordinator
):
    ans, bert = volunteers
    double_entry(open_survey)
    f = fields(open_survey)
    wrong = full_form(open_survey) | {f["keuze"]: "1", f["cijfer"]: "8"}
    first, _second = key_twice(
        open_survey, codes(open_survey)[0], ans, bert, full_form(open_survey), wrong
    )
    form = first.form
    assert form.status == KeyedStatus.DIFFERENCES
    assert {d.question_key for d in form.differences} == {"keuze", "cijfer"}
    assert review.forms_with_differences(open_survey) == [form]
    rows = side_by_side(form)
    assert [(r.number, r.first, r.second) for r in rows] == [
        (3, "Groen", "Lage huur"),
        (4, "7", "8"),
    ]
    with pytest.raises(KeyingError, match="elk verschil"):
        review.resolve_differences(form, {str(rows[0].difference_id): "first"}, by=coordinator)
    choices = {str(rows[0].difference_id): "first", str(rows[1].difference_id): "second"}
    review.resolve_differences(form, choices, by=coordinator)
    answers = {a.question.key: a.value for a in form.response.answers}
    assert answers["keuze"] == "groen" and answers["cijfer"] == 8
    assert form.status == KeyedStatus.ACCEPTED
    assert form.response.status == ResponseStatus.SUBMITTED
    rates = {r.name: r for r in review.volunteer_rates(open_survey)}
    assert rates["Ans"].forms == rates["Bert"].forms == 1
    assert rates["Ans"].differences == rates["Bert"].differences == 2
    assert (rates["Ans"].errors, rates["Bert"].errors) == (1, 1)
    assert rates["Ans"].fields == len(open_survey.ordered_questions())
    assert 0 < rates["Ans"].error_rate < rates["Ans"].difference_rate


def test_a_random_share_of_the_forms_is_keyed_twice(open_survey, volunteers):
    ans, _bert = volunteers
    double_entry(open_survey, DoubleEntry.SAMPLE, percent=50)
    chosen = []
    for code in codes(open_survey):
        entry = operations.open_form(open_survey, code, by=ans)
        chosen.append(entry.form.double_entry)
    assert True in chosen and False in chosen
    double_entry(open_survey, DoubleEntry.OFF)
    entry = operations.open_form(open_survey, codes(open_survey)[0], by=ans, another_copy=True)
    assert not entry.form.double_entry


def test_without_double_entry_a_form_is_accepted_at_once(open_survey, volunteers):
    ans, _bert = volunteers
    entry = operations.open_form(open_survey, codes(open_survey)[1], by=ans)
    operations.save_entry(entry, full_form(open_survey), by=ans, finish=True)
    assert not entry.form.double_entry and entry.form.status == KeyedStatus.ACCEPTED

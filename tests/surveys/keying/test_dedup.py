"""Duplicates across channels: one rule decides which response counts; a coordinator can
let another one count (audit-logged); nothing is thrown away."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.database import utcnow
from consult.extensions import db
from surveys import dedup
from surveys.errors import SurveyError
from surveys.keying import operations, progress
from surveys.keying.lookup import identify
from surveys.models import Channel, DuplicateCase, Response, ResponseStatus
from tests.surveys.keying.conftest import codes, full_form


def online_response(survey, household_id, *, minutes_ago=0, status=ResponseStatus.SUBMITTED):
    """A response stored by the online flow (counted unless another one counts already)."""
    response = Response(
        survey_id=survey.id,
        household_id=household_id,
        channel=Channel.ONLINE,
        counts=dedup.may_count_now(survey.id, household_id),
        status=status,
        submitted_at=utcnow() - timedelta(minutes=minutes_ago)
        if status == ResponseStatus.SUBMITTED
        else None,
    )
    db.session.add(response)
    db.session.flush()
    return response


def key_paper(survey, code, volunteer):
    entry = operations.open_form(survey, code, by=volunteer)
    operations.save_entry(entry, full_form(survey), by=volunteer, finish=True)
    return entry.form.response


def test_paper_after_online_is_kept_as_a_duplicate(open_survey, volunteers):
    ans, _bert = volunteers
    code = codes(open_survey)[0]
    household = identify(open_survey, code).household_id
    online = online_response(open_survey, household, minutes_ago=60)
    paper = key_paper(open_survey, code, ans)
    db.session.refresh(online)
    assert online.counts and not paper.counts
    case = db.session.scalar(select(DuplicateCase))
    assert case.household_id == household and case.reviewed_at is None
    assert progress.status_counts(open_survey)["duplicates_open"] == 1
    assert [r.id for r in progress.case_responses(case)] == [online.id, paper.id]


def test_online_while_a_paper_form_is_being_keyed_does_not_collide(open_survey, volunteers):
    ans, _bert = volunteers
    code = codes(open_survey)[0]
    household = identify(open_survey, code).household_id
    entry = operations.open_form(open_survey, code, by=ans)  # keyed response, counts = false
    online = online_response(open_survey, household, status=ResponseStatus.IN_PROGRESS)
    assert online.counts  # the online flow's default: the household's counted response
    operations.save_entry(entry, full_form(open_survey), by=ans, finish=True)
    db.session.refresh(online)
    assert entry.form.response.counts and not online.counts  # complete first counts


def test_the_survey_rule_decides(open_survey, volunteers):
    ans, _bert = volunteers
    open_survey.dedup_rule = "online_first"
    code = codes(open_survey)[0]
    household = identify(open_survey, code).household_id
    paper = key_paper(open_survey, code, ans)
    online = online_response(open_survey, household)
    assert not online.counts
    dedup.settle_household(open_survey, household)  # as the online flow does after sending
    assert online.counts and not paper.counts
    open_survey.dedup_rule = "last_complete"
    db.session.delete(db.session.scalar(select(DuplicateCase)))
    db.session.flush()
    dedup.settle_household(open_survey, household)
    assert online.counts and not paper.counts
    open_survey.dedup_rule = "paper_first"
    dedup.settle_household(open_survey, household)
    assert paper.counts and not online.counts


def test_a_coordinator_swaps_which_response_counts_with_an_audit_entry(
    open_survey, volunteers, coordinator
):
    ans, _bert = volunteers
    code = codes(open_survey)[0]
    household = identify(open_survey, code).household_id
    online = online_response(open_survey, household, minutes_ago=30)
    paper = key_paper(open_survey, code, ans)
    case = db.session.scalar(select(DuplicateCase))
    dedup.choose_counted(case, paper, by=coordinator)
    db.session.flush()  # the partial unique index allows one counted response per household
    assert paper.counts and not online.counts
    assert case.reviewed_by_id == coordinator.id and case.chosen_response_id == paper.id
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "response.counted_changed")
    )
    assert event.detail["counted_before"] == online.id and event.detail["counted_now"] == paper.id
    dedup.settle_household(open_survey, household)  # the coordinator's choice sticks
    assert paper.counts and not online.counts
    assert len(list(db.session.scalars(select(Response)))) == 2  # nothing thrown away


def test_only_a_complete_response_of_the_household_can_be_chosen(
    open_survey, volunteers, coordinator
):
    ans, _bert = volunteers
    first, second = codes(open_survey)[:2]
    household = identify(open_survey, first).household_id
    online_response(open_survey, household)
    key_paper(open_survey, first, ans)
    case = db.session.scalar(select(DuplicateCase))
    other = key_paper(open_survey, second, ans)
    with pytest.raises(SurveyError, match="niet van dit huishouden"):
        dedup.choose_counted(case, other, by=coordinator)
    unfinished = online_response(open_survey, household, status=ResponseStatus.IN_PROGRESS)
    with pytest.raises(SurveyError, match="afgerond"):
        dedup.choose_counted(case, unfinished, by=coordinator)


def test_a_reviewed_case_keeps_the_rule_choice(open_survey, volunteers, coordinator):
    ans, _bert = volunteers
    code = codes(open_survey)[0]
    household = identify(open_survey, code).household_id
    online = online_response(open_survey, household, minutes_ago=5)
    key_paper(open_survey, code, ans)
    case = db.session.scalar(select(DuplicateCase))
    dedup.confirm_case(case, by=coordinator)
    assert case.reviewed_at is not None and case.chosen_response_id == online.id
    assert progress.status_counts(open_survey)["duplicates_open"] == 0

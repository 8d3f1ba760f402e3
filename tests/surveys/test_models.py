"""Constraints in the database itself: one counted response per household, versions."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from consult.extensions import db
from surveys.models import Channel, Response, Survey
from tests.factories import HouseholdFactory
from tests.surveys.conftest import build_survey


def test_only_one_counted_response_per_household_per_survey(survey):
    household = HouseholdFactory()
    db.session.add(Response(survey=survey, household=household, channel=Channel.ONLINE))
    db.session.flush()
    # a second response is kept, but only as not counted (e.g. a paper duplicate)
    db.session.add(
        Response(survey=survey, household=household, channel=Channel.KEYED, counts=False)
    )
    db.session.flush()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(Response(survey=survey, household=household, channel=Channel.SCANNED))
            db.session.flush()


def test_open_link_responses_have_no_household_and_do_not_collide(survey):
    for _ in range(3):
        db.session.add(Response(survey=survey, household=None, channel=Channel.ONLINE))
    db.session.flush()
    assert len(db.session.scalars(select(Response).where(Response.survey == survey)).all()) == 3


def test_database_refuses_swapped_dates_and_duplicate_keys(survey):
    question = survey.ordered_questions()[0]
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.execute(
                Survey.__table__.update()
                .where(Survey.id == survey.id)
                .values(opens_on=survey.closes_on, closes_on=survey.opens_on)
            )
    clone = type(question)(
        survey_id=survey.id, section_id=question.section_id, key=question.key, qtype="yesno"
    )
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(clone)
            db.session.flush()


@pytest.mark.committing
def test_two_board_members_saving_at_once_do_not_overwrite_each_other(app):
    with app.app_context():
        survey_id = build_survey().id
        db.session.commit()
        first = Session(db.engine, expire_on_commit=False)
        second = Session(db.engine)
        try:
            mine = first.get(Survey, survey_id)  # the edit form is loaded ...
            first.commit()  # ... and that request ends
            theirs = second.get(Survey, survey_id)
            theirs.title = {"nl": "Hun titel"}
            second.commit()
            mine.title = {"nl": "Mijn titel"}
            with pytest.raises(StaleDataError):
                first.commit()
            first.rollback()
            assert first.get(Survey, survey_id).title == {"nl": "Hun titel"}
        finally:
            first.close()
            second.close()

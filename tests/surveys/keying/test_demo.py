"""The keying demo step: keyed paper forms, some checked twice, with differences and
duplicates to resolve, and a few forms half keyed."""

from collections import Counter

from sqlalchemy import func, select

from consult.extensions import db
from surveys.keying import demo
from surveys.keying.models import KeyedForm, KeyedStatus
from surveys.models import DuplicateCase, Response, Survey, SurveyStatus
from surveys.paper.operations import settings_for
from tests.surveys.demo_data import load_small_demo


def test_demo_keys_paper_forms_with_differences_duplicates_and_half_keyed_ones(ctx):
    load_small_demo(750)
    messages = []
    demo.load(seed=1, echo=messages.append)
    survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
    statuses = Counter(db.session.scalars(select(KeyedForm.status)))
    assert statuses[KeyedStatus.DIFFERENCES] == demo.DIFFERENCES
    assert statuses[KeyedStatus.KEYING] == demo.HALF_KEYED
    assert statuses[KeyedStatus.ACCEPTED] >= 40
    assert "(4 with differences to check), 3 households also answered online" in messages[0]
    cases = list(db.session.scalars(select(DuplicateCase)))
    assert len(cases) == demo.DUPLICATES
    for case in cases:  # both responses kept, exactly one of them counts
        counted = db.session.scalar(
            select(func.count(Response.id)).where(
                Response.survey_id == case.survey_id,
                Response.household_id == case.household_id,
                Response.counts.is_(True),
            )
        )
        total = db.session.scalar(
            select(func.count(Response.id)).where(
                Response.survey_id == case.survey_id, Response.household_id == case.household_id
            )
        )
        assert (counted, total) == (1, 2)
    assert settings_for(survey).sender_address.startswith("Postbus")

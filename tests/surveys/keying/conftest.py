"""Fixtures for keying tests: an open survey with every question type, households with
codes, volunteers and a coordinator."""

from datetime import date

import pytest

from consult.extensions import db
from surveys.builder import operations as survey_operations
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.keying.entry import question_fields
from surveys.paper.models import DoubleEntry
from surveys.paper.operations import settings_for
from tests.factories import CorporationFactory, HouseholdFactory, UserFactory
from tests.surveys.conftest import build_survey
from tests.surveys.paper.conftest import add_all_types


@pytest.fixture
def open_survey(ctx, board):
    """An open survey (nl + en) with every question type and five invited households."""
    survey = build_survey(board)
    add_all_types(survey)
    survey_operations.change_status(survey, "open", by=board, today=date(2027, 1, 15))
    corporation = CorporationFactory()
    for _ in range(5):
        HouseholdFactory(gemeente=survey.gemeenten[0], corporation=corporation)
    db.session.flush()
    invitations.create_invitations(survey)
    db.session.flush()
    return survey


def codes(survey) -> list[str]:
    """The clear codes of the survey's invitations, in household order."""
    rows = db.session.scalars(
        db.select(Invitation).where(Invitation.survey_id == survey.id).order_by(Invitation.id)
    )
    return [invitations.clear_code(invitation) for invitation in rows]


@pytest.fixture
def volunteers(ctx):
    """Two volunteers."""
    return UserFactory(role="vrijwilliger", name="Ans"), UserFactory(
        role="vrijwilliger", name="Bert"
    )


@pytest.fixture
def coordinator(ctx):
    """A board member who coordinates keying."""
    return UserFactory(role="bestuur", name="Coby")


def double_entry(survey, mode=DoubleEntry.ALL, percent=10) -> None:
    """Switch double entry on for the survey."""
    settings = settings_for(survey)
    settings.double_entry = mode
    settings.double_entry_percent = percent
    db.session.flush()


def fields(survey) -> dict[str, str]:
    """Input name per question key (first input), plus matrix/ranking inputs by name."""
    names = {}
    for row in question_fields(survey):
        for name, _field in row.fields:
            names.setdefault(row.question.key, name)
            names[f"{row.question.key}:{_field.name}"] = name
    return names


def full_form(survey) -> dict[str, str]:
    """What a volunteer types for a fully answered form (zoekt = ja, so maanden is asked)."""
    f = fields(survey)
    return {
        f["zoekt"]: "1",
        f["maanden"]: "14",
        f["keuze"]: "2",
        f["cijfer"]: "7",
        f["problemen"]: "1 2",
        f["huur"]: "4",
        f["oordeel:huur"]: "1",
        f["oordeel:buurt"]: "2",
        f["prio:r1"]: "3",
        f["prio:r2"]: "1",
        f["opmerking"]: "Meer groen in de wijk, graag!",
    }

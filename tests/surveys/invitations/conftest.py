"""Fixtures for invitation tests: a survey over two gemeenten with a handful of households."""

import pytest

from consult.extensions import db
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory
from tests.surveys.conftest import build_survey


@pytest.fixture
def fieldwork(ctx, board):
    """A draft survey in gemeenten A and B; A has 3 active and 1 inactive household, B has 2,
    and gemeente C (not in the survey) has 1."""
    corporation = CorporationFactory()
    a, b, c = GemeenteFactory(name="Aa"), GemeenteFactory(name="Bb"), GemeenteFactory(name="Cc")
    survey = build_survey(board, a)
    survey.gemeenten = [a, b]
    households = {
        "a": [HouseholdFactory(gemeente=a, corporation=corporation) for _ in range(3)],
        "a_inactive": [HouseholdFactory(gemeente=a, corporation=corporation, active=False)],
        "b": [HouseholdFactory(gemeente=b, corporation=corporation) for _ in range(2)],
        "c": [HouseholdFactory(gemeente=c, corporation=corporation)],
    }
    db.session.flush()
    return {"survey": survey, "gemeenten": (a, b, c), "households": households}

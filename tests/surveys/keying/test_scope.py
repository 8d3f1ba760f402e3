"""Keying coordination shows a board member limited to some gemeenten only their forms."""

from datetime import UTC, datetime

import pytest

from consult.extensions import db
from consult.permissions import Role
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.keying.models import KeyedForm, KeyedStatus, KeyingEntry
from surveys.models import Channel, DuplicateCase, Response, ResponseStatus, SurveyStatus
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory, UserFactory
from tests.surveys.conftest import build_survey


@pytest.fixture
def two_gemeenten(app):
    """An open survey of Bernheze and Boxtel with, per gemeente, a form waiting for a second
    entry, an unfinished one, one with differences and a duplicate household."""
    with app.app_context():
        bernheze, boxtel = GemeenteFactory(name="Bernheze"), GemeenteFactory(name="Boxtel")
        survey = build_survey(UserFactory(role="admin"), bernheze)
        survey.gemeenten = [bernheze, boxtel]
        survey.status = SurveyStatus.OPEN
        corporation = CorporationFactory()
        volunteer = UserFactory(role="vrijwilliger", name="Ans")
        codes = {}
        for gemeente in (bernheze, boxtel):
            for status in (KeyedStatus.WAITING, KeyedStatus.KEYING, KeyedStatus.DIFFERENCES):
                household = HouseholdFactory(gemeente=gemeente, corporation=corporation)
                db.session.flush()
                invitations.create_invitations(survey, gemeente_ids=[gemeente.id])
                response = Response(survey=survey, household=household, channel=Channel.KEYED)
                keyed = KeyedForm(
                    survey=survey, household=household, response=response, status=status
                )
                finished = datetime(2027, 1, 20, tzinfo=UTC)
                db.session.add(KeyingEntry(form=keyed, number=1, entered_by=volunteer))
                if status is not KeyedStatus.KEYING:
                    keyed.entries[0].finished_at = finished
                online = Response(
                    survey=survey,
                    household=household,
                    channel=Channel.ONLINE,
                    status=ResponseStatus.SUBMITTED,
                    counts=False,
                )
                db.session.add_all([keyed, online])
                db.session.flush()
                db.session.add(DuplicateCase(survey_id=survey.id, household_id=household.id))
                invitation = db.session.scalar(
                    db.select(Invitation).where(
                        Invitation.survey_id == survey.id,
                        Invitation.household_id == household.id,
                    )
                )
                codes.setdefault(gemeente.name, []).append(invitations.clear_code(invitation))
        db.session.commit()
        return survey.id, bernheze, codes


PAGES = ("voortgang", "verschillen", "dubbel", "")


def test_scoped_coordinator_sees_only_codes_and_households_of_own_gemeente(login, two_gemeenten):
    survey_id, bernheze, codes = two_gemeenten
    client = login(Role.BESTUUR, gemeenten=[bernheze])
    pages = {p: client.get(f"/invoeren/{survey_id}/{p}".rstrip("/")) for p in PAGES}
    html = "".join(page.get_data(as_text=True) for page in pages.values())
    assert all(page.status_code == 200 for page in pages.values())
    assert codes["Bernheze"][0] in html  # waiting for a second entry
    assert codes["Bernheze"][2] in html  # differences
    for code in codes["Boxtel"]:
        assert code not in html
    assert "Household in Bernheze" in html or "Huishouden in Bernheze" in html
    assert "Boxtel" not in pages["dubbel"].get_data(as_text=True)


def test_unscoped_coordinator_sees_every_gemeente(login, two_gemeenten):
    survey_id, _bernheze, codes = two_gemeenten
    client = login(Role.BESTUUR)
    html = "".join(client.get(f"/invoeren/{survey_id}/{p}").get_data(as_text=True) for p in PAGES)
    for code in (codes["Bernheze"][0], codes["Boxtel"][0], codes["Boxtel"][2]):
        assert code in html

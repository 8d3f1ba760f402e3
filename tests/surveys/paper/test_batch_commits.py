"""A letter batch from the web commits as it goes: while it reads and draws for a while,
tenants and volunteers can still store answers (SQLite has one writer at a time).

These tests commit for real, on an app configured as in production (``server_app``).
"""

import pytest
from sqlalchemy import func, select, update

from consult.extensions import db
from consult.households.models import Household
from surveys.invitations.models import Invitation
from surveys.models import Survey
from surveys.paper import storage
from surveys.paper.batch import Selection
from surveys.paper.letters import LetterPrinter
from surveys.paper.models import LetterBatch
from tests.factories import GemeenteFactory, UserFactory
from tests.surveys.conftest import build_survey
from tests.surveys.paper.conftest import add_households

pytestmark = pytest.mark.committing


@pytest.fixture
def committed_survey(app):
    with app.app_context():
        survey = build_survey(UserFactory(role="bestuur"), GemeenteFactory(name="Heeswijk"))
        households = add_households(survey, survey.gemeenten[0], 3)
        db.session.commit()
        return survey.id, households[0].id


def write_elsewhere(household_id: int) -> None:
    """Another writer on its own connection, willing to wait two seconds for the lock."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA busy_timeout=2000")
        connection.execute(
            update(Household).where(Household.id == household_id).values(kern="Centrum")
        )
        connection.commit()


def test_others_can_write_while_a_letter_batch_is_written(
    server_app, committed_survey, monkeypatch
):
    survey_id, household_id = committed_survey
    original, writes = LetterPrinter.print_letter, []

    def print_letter(self, canvas, recipient):
        if not writes:  # halfway through the batch, someone else stores something
            write_elsewhere(household_id)
            writes.append(household_id)
        return original(self, canvas, recipient)

    monkeypatch.setattr(LetterPrinter, "print_letter", print_letter)
    with server_app.app_context():
        survey = db.session.get(Survey, survey_id)
        batch = storage.make_letter_batch(
            Selection(survey), with_forms=False, checkpoint=db.session.commit
        )
        db.session.commit()
        assert writes and batch.household_count == 3
        printed = db.session.scalars(
            select(Invitation.letter_printed_at).where(Invitation.survey_id == survey_id)
        ).all()
        assert len(printed) == 3 and all(printed)
        assert db.session.get(Household, household_id).kern == "Centrum"
        storage.delete_batch_files(batch)
        db.session.commit()


def test_a_batch_that_fails_halfway_leaves_no_record_and_no_files(
    server_app, committed_survey, monkeypatch
):
    survey_id, _household_id = committed_survey
    original, calls = LetterPrinter.print_letter, []

    def print_letter(self, canvas, recipient):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return original(self, canvas, recipient)

    monkeypatch.setattr(LetterPrinter, "print_letter", print_letter)
    with server_app.app_context():
        survey = db.session.get(Survey, survey_id)
        with pytest.raises(OSError, match="No space"):
            storage.make_letter_batch(
                Selection(survey), with_forms=False, checkpoint=db.session.commit
            )
        db.session.rollback()
        assert db.session.scalar(select(func.count(LetterBatch.id))) == 0
        assert not list(storage.batch_folder().glob("*.pdf"))
        codes = db.session.scalar(select(func.count(Invitation.id)))
        assert codes == 3  # the codes made for the batch stay: they are the households' own

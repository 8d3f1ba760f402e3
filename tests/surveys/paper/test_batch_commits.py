"""Letter batches in the background: written by the task queue, committing as they go, so
that tenants and volunteers can store answers meanwhile (SQLite has one writer at a time).

These tests commit for real, on an app configured as in production (``server_app``).
"""

import signal
import time

import pytest
from huey import SqliteHuey
from sqlalchemy import func, select, update

from consult.extensions import db
from consult.households.models import Household
from consult.tasks import huey
from surveys.invitations.models import Invitation
from surveys.models import Survey
from surveys.paper import storage, tasks
from surveys.paper.batch import Selection
from surveys.paper.letters import LetterPrinter
from surveys.paper.models import BatchStatus, LetterBatch
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


def queued(survey_id: int) -> int:
    survey = db.session.get(Survey, survey_id)
    batch = storage.queue_letter_batch(Selection(survey), with_forms=False)
    db.session.commit()
    return batch.id


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
    monkeypatch.setattr(storage, "PROGRESS_EVERY", 1)  # and progress is stored meanwhile
    with server_app.app_context():
        batch_id = queued(survey_id)
        storage.write_queued_batch(batch_id)
        batch = db.session.get(LetterBatch, batch_id)
        assert writes and batch.status == BatchStatus.READY and batch.household_count == 3
        printed = db.session.scalars(
            select(Invitation.letter_printed_at).where(Invitation.survey_id == survey_id)
        ).all()
        assert len(printed) == 3 and all(printed)
        assert db.session.get(Household, household_id).kern == "Centrum"
        storage.delete_batch_files(batch)
        db.session.commit()


def test_a_batch_that_fails_halfway_says_why_and_leaves_no_files(
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
        batch_id = queued(survey_id)
        storage.write_queued_batch(batch_id)
        batch = db.session.get(LetterBatch, batch_id)
        assert batch.status == BatchStatus.FAILED
        assert batch.error.startswith("Er ging iets mis bij het maken van de brieven")
        assert not list(storage.batch_folder().glob(f"{batch.file_token}.*"))
        codes = db.session.scalar(select(func.count(Invitation.id)))
        assert codes == 3  # the codes made for the batch stay: they are the households' own
        assert storage.unfinished_batch(batch.survey) is None  # a new batch can be made


def test_a_consumer_process_takes_the_batch_from_the_queue(server_app, committed_survey, tmp_path):
    """The real queue: SQLite storage and a consumer with a worker thread, as `make run` has."""
    survey_id, _household_id = committed_survey
    huey.storage_class = SqliteHuey.storage_class
    huey.storage_kwargs = {"filename": str(tmp_path / "tasks.db")}
    huey.immediate = False
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    handlers = {sig: signal.getsignal(sig) for sig in signals}
    try:
        with server_app.app_context():
            batch_id = queued(survey_id)
            tasks.write_letters(batch_id)
            assert db.session.get(LetterBatch, batch_id).status == BatchStatus.QUEUED
        consumer.start()  # worker threads; the signal handlers it sets are put back below
        with server_app.app_context():
            for _ in range(300):
                status = db.session.scalar(
                    select(LetterBatch.status).where(LetterBatch.id == batch_id)
                )
                db.session.rollback()
                if status == BatchStatus.READY:
                    break
                time.sleep(0.1)
            batch = db.session.get(LetterBatch, batch_id)
            assert batch.status == BatchStatus.READY and batch.household_count == 3
            storage.delete_batch_files(batch)
            db.session.commit()
    finally:
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        huey.storage.close()
        huey.immediate = True

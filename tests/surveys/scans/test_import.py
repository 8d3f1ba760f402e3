"""Importing scanned forms: a batch read on the task queue becomes scanned responses."""

from sqlalchemy import func, select

from consult.extensions import db
from surveys.models import Channel, ResponseStatus
from surveys.scans import operations, tasks
from surveys.scans.models import FormStatus, ScannedForm, ScanPage
from tests.surveys.keying.conftest import codes
from tests.surveys.scans import stacks


def _import(survey, by, files):
    batch = operations.create_batch(survey, files, by=by)
    db.session.commit()
    tasks.read_batch(batch.id)
    db.session.expire_all()
    return batch


def test_a_stack_of_forms_becomes_scanned_responses(open_survey, board):
    code = codes(open_survey)[0]
    pages, layout = stacks.printed_pages(open_survey, code)
    images = stacks.marked(pages, layout, seed=1)
    batch = _import(open_survey, board, [("stapel.pdf", stacks.pdf(images))])
    stored = db.session.scalars(select(ScanPage).where(ScanPage.batch_id == batch.id)).all()
    assert [p.status for p in stored] == ["read"] * len(pages), [p.message for p in stored]
    form = db.session.scalar(select(ScannedForm))
    assert form.response.channel == Channel.SCANNED
    if form.status == FormStatus.COMPLETE:
        assert form.response.status == ResponseStatus.SUBMITTED
    else:
        assert any(p.review_open for p in stored)


def test_a_batch_read_again_after_an_interruption_stores_nothing_twice(open_survey, board):
    """A consumer killed after storing a file's pages but before marking the file done reads
    the batch again on restart: every page is already there, so nothing is added."""
    from surveys.models import Response
    from surveys.scans import storage
    from surveys.scans.models import ScanBatch, ScanFile, ScanStatus

    code = codes(open_survey)[0]
    pages, layout = stacks.printed_pages(open_survey, code)
    content = stacks.pdf(stacks.marked(pages, layout, seed=2))
    batch = _import(open_survey, board, [("stapel.pdf", content)])
    before = {
        "pages": db.session.scalar(select(func.count()).select_from(ScanPage)),
        "forms": db.session.scalar(select(func.count()).select_from(ScannedForm)),
        "responses": db.session.scalar(select(func.count()).select_from(Response)),
    }
    # the state a restart finds: the upload still on disk, the file not done, the batch running
    stored = db.session.scalars(select(ScanFile).where(ScanFile.batch_id == batch.id)).one()
    stored.done, stored.stored_name = False, storage.save_upload(batch.id, content)
    found = db.session.get(ScanBatch, batch.id)
    found.status, found.finished_at = ScanStatus.RUNNING, None
    db.session.commit()
    tasks.read_batch(batch.id)
    db.session.expire_all()
    after = {
        "pages": db.session.scalar(select(func.count()).select_from(ScanPage)),
        "forms": db.session.scalar(select(func.count()).select_from(ScannedForm)),
        "responses": db.session.scalar(select(func.count()).select_from(Response)),
    }
    assert before["pages"] == len(pages) and after == before
    assert db.session.get(ScanBatch, batch.id).status == ScanStatus.DONE

"""Importing scanned forms: a batch read on the task queue becomes scanned responses."""

from sqlalchemy import select

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

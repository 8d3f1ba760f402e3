"""The scan demo step: a scanned stack of a dozen forms, read, with pages left to check."""

from sqlalchemy import select

from consult.extensions import db
from surveys.models import Channel, Response
from surveys.scans import demo
from surveys.scans.models import ScanBatch, ScanPage, ScanStatus
from tests.factories import UserFactory
from tests.surveys.demo_data import load_small_demo


def test_demo_reads_a_scanned_stack_with_a_few_pages_to_check(ctx):
    load_small_demo(20)
    UserFactory(email=demo.VOLUNTEER_EMAIL, role="vrijwilliger")  # from the foundation step
    messages = []
    demo.load(seed=1, echo=messages.append)
    batch = db.session.scalar(select(ScanBatch))
    assert batch.status == ScanStatus.DONE and batch.source == "web"
    pages = db.session.scalars(select(ScanPage)).all()
    assert sum(1 for p in pages if p.status == "no_form_found") == 1  # the blank sheet
    waiting = [p for p in pages if p.review_open]
    assert 2 <= len(waiting) <= demo.LEFT_TO_CHECK + 1, [p.status for p in pages]
    scanned = db.session.scalars(select(Response).where(Response.channel == Channel.SCANNED))
    responses = scanned.all()
    assert len(responses) == demo.HOUSEHOLDS
    assert sum(1 for r in responses if r.complete) >= demo.HOUSEHOLDS - demo.LEFT_TO_CHECK
    assert "forms read" in messages[0] and "/controle" in messages[0]

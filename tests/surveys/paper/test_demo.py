"""The letters demo step: a reminder batch with forms, made by the real background writer."""

from pypdfium2 import PdfDocument
from sqlalchemy import select

from consult.extensions import db
from surveys.keying import demo as keying_demo
from surveys.paper import demo, storage
from surveys.paper.models import BatchStatus, LetterBatch
from tests.surveys.demo_data import load_small_demo


def test_demo_makes_reminder_letters_with_forms_for_the_smallest_gemeente(ctx):
    load_small_demo(60)
    keying_demo.load(seed=1, echo=lambda _m: None)
    messages = []
    demo.load(seed=1, echo=messages.append)
    batch = db.session.scalar(select(LetterBatch))
    assert batch.status == BatchStatus.READY and batch.reminder and batch.with_forms
    assert batch.gemeente.name == "Bernheze"  # the first of two of the same size
    assert 0 < batch.household_count <= 60 and f"{batch.household_count} letters" in messages[0]
    pdf_path, csv_path = storage.batch_files(batch)
    pdf = PdfDocument(pdf_path)
    assert len(pdf) == batch.page_count
    pdf.close()
    assert len(csv_path.read_text(encoding="utf-8-sig").splitlines()) == batch.household_count + 1
    storage.delete_batch_files(batch)

"""Scan batches: take an upload, read its pages on the task queue, store what was read.

``create_batch`` keeps the uploaded files and queues the batch; ``process_batch`` (run by
the task queue) reads every page and stores it, committing after each page, so a batch that
was interrupted resumes where it stopped: a page already stored (same file, same index) is
never stored again. Each read page is put with its household's scanned form
(``surveys.scans.results``); a page that cannot be used keeps a status and message.
"""

import logging
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys.models import Survey, SurveyStatus
from surveys.paper.models import PaperLayout
from surveys.scans import messages as m
from surveys.scans import results, statuses, storage
from surveys.scans.images import read_pages
from surveys.scans.models import MarkReading, ScanBatch, ScanFile, ScanPage, ScanStatus
from surveys.scans.reading import Layouts, PageReading, identity_json, read_source

log = logging.getLogger(__name__)

MAX_FILES = 200
STALLED_AFTER = timedelta(minutes=10)  # no progress for this long: the reading was interrupted


CLOSED = _l("The survey is closed: its scanned forms are no longer read.")
CLOSED_BEFORE_READING = _l(
    "The survey was closed before this batch was read. Nothing of it was stored; the files "
    "were removed."
)


class ScanError(Exception):
    """A batch cannot be taken; the message is fit for the user."""


def survey_layouts(survey: Survey) -> Layouts | None:
    """The layout files of every printed variant of the survey's form (None: none printed)."""
    layouts = db.session.scalars(
        select(PaperLayout.layout).where(PaperLayout.survey_id == survey.id)
    ).all()
    try:
        return Layouts(layouts)
    except ValueError:
        return None


def survey_open(survey_id: int) -> bool:
    """Whether the survey is open now, as committed (not as an object loaded earlier says)."""
    status = db.session.scalar(select(Survey.status).where(Survey.id == survey_id))
    return status == SurveyStatus.OPEN


def create_batch(survey: Survey, files: list[tuple[str, bytes]], *, by, source: str = "web"):
    """Keep the uploaded files as a new queued batch (the caller commits, then queues it)."""
    if not survey_open(survey.id):
        raise ScanError(CLOSED)
    if survey_layouts(survey) is None:
        raise ScanError(
            _l("No form of this survey has been printed yet, so there is nothing to read.")
        )
    if not files:
        raise ScanError(_l("Choose one or more scan files (PDF, TIFF, JPEG or PNG)."))
    if len(files) > MAX_FILES:
        raise ScanError(_l("Upload at most %(n)d files at once.", n=MAX_FILES))
    scope_ids = getattr(by, "scope_ids", None)
    batch = ScanBatch(
        survey_id=survey.id,
        uploaded_by_id=getattr(by, "id", None),
        gemeente_ids=sorted(scope_ids) if scope_ids is not None else None,
        file_count=len(files),
        source=source,
    )
    db.session.add(batch)
    db.session.flush()
    for position, (name, data) in enumerate(files, start=1):
        stored = storage.save_upload(batch.id, data)
        batch.files.append(
            ScanFile(position=position, name=_safe_name(name), stored_name=stored, size=len(data))
        )
    db.session.flush()
    record_event("scans.batch_uploaded", actor=by, target=survey, batch=batch.id, files=len(files))
    log.info("scan batch %s: %d files queued", batch.id, len(files))
    return batch


def _safe_name(name: str) -> str:
    """The file name as shown (no folders, no control characters)."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if ch.isprintable()).strip()
    return clean[:200] or "scan"


def process_batch(batch_id: int) -> None:
    """Read every page of a batch not read yet (run by the task queue); commits per page."""
    batch = db.session.get(ScanBatch, batch_id)
    if batch is None or batch.status in (ScanStatus.DONE, ScanStatus.FAILED):
        return
    if not survey_open(batch.survey_id):
        _stop_closed(batch)
        return
    batch.status, batch.progress_at = ScanStatus.RUNNING, utcnow()
    db.session.commit()
    layouts = survey_layouts(batch.survey)
    if layouts is None:
        batch.status, batch.finished_at = ScanStatus.FAILED, utcnow()
        batch.message = str(_l("No form of this survey has been printed yet."))
        db.session.commit()
        return
    for file_id in [f.id for f in batch.files if not f.done]:
        if not survey_open(batch.survey_id):  # closed while this batch was being read
            _stop_closed(db.session.get(ScanBatch, batch_id))
            return
        _process_file(db.session.get(ScanFile, file_id), layouts)
    batch = db.session.get(ScanBatch, batch_id)
    incomplete = results.forms_missing_pages(batch)
    batch.status, batch.finished_at = ScanStatus.DONE, utcnow()
    record_event(
        "scans.batch_read",
        actor=batch.uploaded_by,
        target=batch.survey,
        batch=batch.id,
        pages=batch.pages_done,
        forms_missing_pages=incomplete,
        review=batch.pages_review,
    )
    db.session.commit()


def _stop_closed(batch: ScanBatch) -> None:
    """The survey closed before the batch (or the rest of it) was read: store nothing more."""
    for file in batch.files:
        if not file.done:
            storage.remove_upload(batch.id, file.stored_name)
            file.stored_name, file.done = None, True
    batch.status, batch.finished_at = ScanStatus.FAILED, utcnow()
    batch.message = str(CLOSED_BEFORE_READING)
    record_event("scans.batch_refused_closed", actor=batch.uploaded_by, target=batch.survey)
    log.info("scan batch %s: survey closed, not read", batch.id)
    db.session.commit()


def interrupted(batch: ScanBatch) -> bool:
    """A batch that should be read but has shown no progress for a while (resume it)."""
    if not batch.unfinished:
        return False
    return (batch.progress_at or batch.created_at) < utcnow() - STALLED_AFTER


def _process_file(file: ScanFile, layouts: Layouts) -> None:
    batch_id, file_id = file.batch_id, file.id
    stored = set(db.session.scalars(select(ScanPage.index).where(ScanPage.file_id == file_id)))
    path = storage.upload_path(batch_id, file.stored_name) if file.stored_name else None
    try:
        data = path.read_bytes() if path else b""
    except OSError:
        data = None
    if data is None:
        reading = PageReading(file.name, 0, m.UNREADABLE, *m.message(m.UNREADABLE, detail="?"))
        if 0 not in stored:
            _store(file, reading, None, layouts)
    else:
        for source in read_pages(data, file.name):
            if source.page in stored:
                continue  # stored before an interruption: never twice
            try:
                _store(file, read_source(source, layouts), source.image, layouts)
            except Exception:  # one page must not stop the batch: note it, go on
                db.session.rollback()
                log.exception("scan batch %s: page %s could not be stored", batch_id, source.page)
                failed = PageReading(
                    file.name, source.page, m.UNREADABLE, *m.message(m.UNREADABLE, detail="?")
                )
                _store(db.session.get(ScanFile, file_id), failed, None, layouts)
            file = db.session.get(ScanFile, file_id)
    file = db.session.get(ScanFile, file_id)
    file.done = True
    storage.remove_upload(batch_id, file.stored_name)
    file.stored_name = None
    db.session.commit()


def _store(file: ScanFile, reading: PageReading, original, layouts: Layouts) -> None:
    """Store one page's reading, put it with its form, and commit."""
    batch = file.batch
    page = ScanPage(
        batch_id=batch.id,
        file_id=file.id,
        index=reading.page,
        status=reading.status,
        message=reading.message or None,
        values=_plain(reading.values),
        qr=(reading.qr or "")[:200] or None,
        identity=identity_json(reading.identity),
        registration=reading.registration.describe() if reading.registration else None,
        page_number=reading.identity.page if reading.identity else None,
    )
    db.session.add(page)
    db.session.flush()
    if original is not None:
        page.original_path = storage.save_image(batch.id, page.id, "original", original)
    if reading.image is not None:
        page.registered_path = storage.save_image(batch.id, page.id, "page", reading.image)
    page.marks = [mark_reading(position, box) for position, box in enumerate(reading.boxes)]
    db.session.flush()
    results.place_page(page, reading.identity)
    _count(batch, page)
    db.session.commit()


def _count(batch: ScanBatch, page: ScanPage) -> None:
    batch.pages_done += 1
    batch.progress_at = utcnow()
    if page.review_open:
        batch.pages_review += 1
    elif page.status in statuses.PROBLEMS:
        batch.pages_refused += 1
    else:
        batch.pages_read += 1


def _plain(values: dict) -> dict:
    return {k: v if isinstance(v, int | float | str) else str(v) for k, v in values.items()}


def mark_reading(position: int, box) -> MarkReading:
    meaning = {k: v for k, v in box.box.items() if k not in ("x", "y", "w", "h", "page")}
    return MarkReading(
        position=position,
        question=str(box.box["question"])[:80],
        option=str(box.box["option"])[:40] if box.box.get("option") is not None else None,
        kind=box.box["kind"],
        meaning=meaning,
        fill=min(1.0, max(0.0, float(box.fill))),
        state=box.state,
        confidence=float(box.confidence),
        mark=box.mark,
        reason=box.reason or None,
        final_state=("empty" if box.writing else box.state) if box.settled else None,
    )

"""Letter batches made from the web: queued, written in the background by the task queue,
downloaded, deleted.

The files hold names and addresses, so they are kept only until they are deleted by the
board or are older than ``PAPER_BATCH_DAYS`` (14 days by default); the record of the batch
(who, when, how many) stays.
"""

import logging
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from consult import privacy
from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys.models import Survey
from surveys.paper import operations
from surveys.paper.batch import Selection, check_batch, write_letter_batch
from surveys.paper.errors import PaperError
from surveys.paper.models import BatchStatus, LetterBatch

log = logging.getLogger(__name__)

UNFINISHED = (BatchStatus.QUEUED, BatchStatus.RUNNING)
STALLED_AFTER = timedelta(minutes=10)  # no progress for this long: the batch was interrupted
PROGRESS_EVERY = 200  # letters between two progress reports


def batch_folder() -> Path:
    """Where letter batches are kept until they are downloaded and deleted (PAPER_FOLDER)."""
    default = Path(current_app.instance_path) / "paper"
    return Path(operations.paper_config("PAPER_FOLDER", default))


def batch_files(batch: LetterBatch) -> tuple[Path, Path]:
    """The PDF and CSV file of a letter batch."""
    folder = batch_folder()
    return folder / f"{batch.file_token}.pdf", folder / f"{batch.file_token}.csv"


def interrupted(batch: LetterBatch) -> bool:
    """A batch that should be running but has shown no progress for a while."""
    if batch.status not in UNFINISHED:
        return False
    return (batch.progress_at or batch.created_at) < utcnow() - STALLED_AFTER


def unfinished_batch(survey: Survey) -> LetterBatch | None:
    """The survey's batch that is waiting or being written (not an interrupted one)."""
    batches = db.session.scalars(
        select(LetterBatch).where(
            LetterBatch.survey_id == survey.id, LetterBatch.status.in_(UNFINISHED)
        )
    )
    return next((b for b in batches if not interrupted(b)), None)


def _ensure_one_at_a_time(survey: Survey) -> None:
    if unfinished_batch(survey) is not None:
        raise PaperError(
            _l("Letters for this survey are being made right now. Wait until they are ready.")
        )


def queue_letter_batch(
    selection: Selection,
    *,
    lang: str = "nl",
    with_forms: bool = True,
    large_print: bool = False,
    duplex: bool = True,
    by=None,
) -> LetterBatch:
    """Check the selection and record a batch for the task queue; PaperError if it cannot be.

    One batch per survey at a time: a second click, or a colleague's batch, waits for it.
    """
    return _record_batch(
        selection,
        dict(language=lang, with_forms=with_forms, large_print=large_print, duplex=duplex),
        status=BatchStatus.QUEUED,
        file_token=secrets.token_hex(16),
        created_by_id=getattr(by, "id", None),
    )


def _record_batch(selection: Selection, options: dict, **state) -> LetterBatch:
    """A checked batch of letters for the selection, one per survey at a time."""
    households = check_batch(selection, options["language"])
    _ensure_one_at_a_time(selection.survey)
    batch = LetterBatch(
        survey_id=selection.survey.id,
        gemeente_id=selection.gemeente_id,
        reminder=selection.reminder,
        planned_count=households,
        **options,
        **state,
    )
    db.session.add(batch)
    db.session.flush()
    return batch


COMMAND_LINE_PREFIX = "cli-"  # file token of a batch written by ``flask paper letters``


def record_command_batch(
    selection: Selection,
    *,
    lang: str = "nl",
    with_forms: bool = True,
    large_print: bool = False,
    duplex: bool = True,
) -> LetterBatch:
    """Record a batch the command line writes to files of its own; its number makes the
    mailing references unique per survey, as those of batches made on the web are."""
    return _record_batch(
        selection,
        dict(language=lang, with_forms=with_forms, large_print=large_print, duplex=duplex),
        status=BatchStatus.RUNNING,
        progress_at=utcnow(),
        file_token=COMMAND_LINE_PREFIX + secrets.token_hex(16),
    )


def note_command_progress(batch_id: int, written: int) -> None:
    """A command-line batch shows its progress (and is not taken for one stopped halfway)."""
    batch = db.session.get(LetterBatch, batch_id)
    batch.household_count, batch.progress_at = written, utcnow()
    db.session.commit()


def finish_command_batch(batch: LetterBatch, households: int, pages: int) -> None:
    """Mark a command-line batch as written (its files are where the command wrote them)."""
    batch.household_count, batch.page_count = households, pages
    batch.status, batch.finished_at = BatchStatus.READY, utcnow()
    record_event(
        "paper.letters_made",
        target=batch.survey,
        batch=batch.id,
        households=households,
        reminder=batch.reminder,
        gemeente=batch.gemeente_id,
    )


def write_queued_batch(batch_id: int) -> None:
    """Write a queued batch's files (run by the task queue); commits as it goes.

    Progress is stored every ``PROGRESS_EVERY`` letters on a connection of its own, so the
    board sees "1.200 of 7.000" while the long read goes on. A batch that cannot be made is
    marked failed with the reason, in the language of whoever started it; no files are left.
    """
    batch = db.session.get(LetterBatch, batch_id)
    if batch is None or batch.status != BatchStatus.QUEUED:
        return  # deleted, or already taken by another consumer
    batch.status, batch.progress_at = BatchStatus.RUNNING, utcnow()
    db.session.commit()
    by = batch.created_by
    locale = (by.locale if by else None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    pdf_path, csv_path = batch_files(batch)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            open(pdf_path, "wb") as pdf,
            open(csv_path, "w", encoding="utf-8-sig", newline="") as out,
        ):
            result = write_letter_batch(
                _selection(batch),
                pdf,
                out,
                lang=batch.language,
                with_forms=batch.with_forms,
                large_print=batch.large_print,
                duplex=batch.duplex,
                reference=str(batch.id),
                by=by,
                progress=lambda n: _store_progress(batch_id, n),
                progress_every=PROGRESS_EVERY,
                checkpoint=db.session.commit,
            )
    except Exception as exc:
        pdf_path.unlink(missing_ok=True)
        csv_path.unlink(missing_ok=True)
        db.session.rollback()
        if not isinstance(exc, PaperError):
            log.exception("letter batch %s failed", batch_id)
        with force_locale(locale):
            reason = str(exc) if isinstance(exc, PaperError) else _failure_text()
        fail_batch(batch_id, reason)
        return
    batch = db.session.get(LetterBatch, batch_id)
    batch.household_count, batch.page_count = result.households, result.pages
    if result.unprintable_addresses:
        batch.unprintable = {
            "count": result.unprintable_addresses,
            "examples": [list(example) for example in result.unprintable_examples],
        }
    batch.status, batch.finished_at = BatchStatus.READY, utcnow()
    record_event(
        "paper.letters_made",
        actor=by,
        target=batch.survey,
        batch=batch.id,
        households=result.households,
        reminder=batch.reminder,
        gemeente=batch.gemeente_id,
    )
    db.session.commit()


def _failure_text() -> str:
    return str(
        _l("Something went wrong while making the letters. Try again, or ask the administrator.")
    )


def _selection(batch: LetterBatch) -> Selection:
    by = batch.created_by
    scope = by.scope_ids if by is not None else None
    return Selection(
        batch.survey,
        gemeente_id=batch.gemeente_id,
        reminder=batch.reminder,
        scope_ids=frozenset(scope) if scope is not None else None,
    )


def _store_progress(batch_id: int, written: int) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            update(LetterBatch)
            .where(LetterBatch.id == batch_id)
            .values(household_count=written, progress_at=utcnow())
        )


def fail_batch(batch_id: int, reason: str) -> None:
    """Mark a batch as failed with the reason the board will read; commits."""
    batch = db.session.get(LetterBatch, batch_id)
    batch.status, batch.error, batch.finished_at = BatchStatus.FAILED, reason, utcnow()
    batch.household_count = 0
    db.session.commit()


def delete_batch_files(batch: LetterBatch) -> None:
    """Remove a batch's PDF and CSV (they hold addresses); the record of the batch stays."""
    for path in batch_files(batch):
        path.unlink(missing_ok=True)
    if batch.files_deleted_at is None:
        batch.files_deleted_at = utcnow()


def letter_batches(survey: Survey, scope_ids=None, keep_days: int = 14) -> list[LetterBatch]:
    """The survey's batches, newest first; files older than ``keep_days`` are deleted."""
    batches = list(
        db.session.scalars(
            select(LetterBatch)
            .where(LetterBatch.survey_id == survey.id)
            .order_by(LetterBatch.created_at.desc())
        )
    )
    cutoff = utcnow() - timedelta(days=keep_days)
    for batch in batches:
        if batch.files_deleted_at is None and batch.created_at < cutoff:
            delete_batch_files(batch)
    if scope_ids is None:
        return batches
    return [b for b in batches if b.gemeente_id is not None and b.gemeente_id in scope_ids]


def purge_old_letter_files(gemeente_id: int | None, now) -> int:
    """The privacy purge's hook: delete letter files older than PAPER_BATCH_DAYS, also when
    nobody opens the paper page (batches for all gemeenten go with any gemeente's purge)."""
    cutoff = now - timedelta(days=int(operations.paper_config("PAPER_BATCH_DAYS", 14)))
    stmt = select(LetterBatch).where(
        LetterBatch.files_deleted_at.is_(None), LetterBatch.created_at < cutoff
    )
    if gemeente_id is not None:
        stmt = stmt.where(
            (LetterBatch.gemeente_id == gemeente_id) | LetterBatch.gemeente_id.is_(None)
        )
    batches = db.session.scalars(stmt).all()
    for batch in batches:
        delete_batch_files(batch)
    db.session.flush()
    return len(batches)


privacy.register_purge("letter_files", purge_old_letter_files)

"""Letter batches made from the web: generated into the batch folder, downloaded, deleted.

The files hold names and addresses, so they are kept only until they are deleted by the
board or are older than ``PAPER_BATCH_DAYS`` (14 days by default); the record of the batch
(who, when, how many) stays.
"""

import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys.models import Survey
from surveys.paper import operations
from surveys.paper.batch import Selection, check_batch, write_letter_batch
from surveys.paper.errors import PaperError
from surveys.paper.models import LetterBatch


def batch_folder() -> Path:
    """Where letter batches are kept until they are downloaded and deleted (PAPER_FOLDER)."""
    default = Path(current_app.instance_path) / "paper"
    return Path(operations.paper_config("PAPER_FOLDER", default))


def batch_files(batch: LetterBatch) -> tuple[Path, Path]:
    """The PDF and CSV file of a letter batch."""
    folder = batch_folder()
    return folder / f"{batch.file_token}.pdf", folder / f"{batch.file_token}.csv"


def make_letter_batch(
    selection: Selection,
    *,
    lang: str = "nl",
    with_forms: bool = True,
    large_print: bool = False,
    duplex: bool = True,
    limit: int | None = None,
    by=None,
    checkpoint: Callable[[], None] | None = None,
) -> LetterBatch:
    """Generate a batch into the batch folder and record it (for download from the web).

    ``checkpoint`` (a commit) lets the batch commit as it goes, so that it holds up no other
    writer (see ``write_letter_batch``); a batch that fails is then removed again.
    """
    households = check_batch(selection, lang)
    if limit is not None and households > limit:
        gemeente = f" --gemeente {selection.gemeente_id}" if selection.gemeente_id else ""
        reminder = " --reminder" if selection.reminder else ""
        raise PaperError(
            _l(
                "%(n)d letters are too many to make here (at most %(limit)d). Ask the "
                "administrator to run: %(command)s",
                n=households,
                limit=limit,
                command=f"flask paper letters --survey {selection.survey.id}{gemeente}"
                f"{reminder} --language {lang} --out brieven.pdf",
            )
        )
    batch = LetterBatch(
        survey_id=selection.survey.id,
        gemeente_id=selection.gemeente_id,
        reminder=selection.reminder,
        with_forms=with_forms,
        language=lang,
        large_print=large_print,
        file_token=secrets.token_hex(16),
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(batch)
    db.session.flush()
    batch_id = batch.id
    pdf_path, csv_path = batch_files(batch)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            open(pdf_path, "wb") as pdf,
            open(csv_path, "w", encoding="utf-8-sig", newline="") as out,
        ):
            result = write_letter_batch(
                selection,
                pdf,
                out,
                lang=lang,
                with_forms=with_forms,
                large_print=large_print,
                duplex=duplex,
                reference=str(batch.id),
                by=by,
                checkpoint=checkpoint,
            )
    except BaseException:
        pdf_path.unlink(missing_ok=True)
        csv_path.unlink(missing_ok=True)
        if checkpoint is not None:
            db.session.rollback()
            db.session.execute(delete(LetterBatch).where(LetterBatch.id == batch_id))
            checkpoint()
        raise
    batch.household_count, batch.page_count = result.households, result.pages
    record_event(
        "paper.letters_made",
        actor=by,
        target=selection.survey,
        batch=batch.id,
        households=result.households,
        reminder=selection.reminder,
        gemeente=selection.gemeente_id,
    )
    return batch


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

"""Letter batch pages: queue a batch, follow it while the task queue writes it, download
and delete its files."""

import logging

from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within
from surveys.errors import SurveyError
from surveys.paper import page, storage, tasks
from surveys.paper.batch import Selection
from surveys.paper.blueprint import bp
from surveys.paper.models import BatchStatus

log = logging.getLogger(__name__)


@bp.post("/vragenlijsten/<int:survey_id>/papier/brieven")
@requires(Permission.MANAGE_SURVEYS)
@within("survey_id")
def make_letters(survey_id: int):
    """Queue a letter batch; the task queue writes it while the board follows its progress."""
    survey = scope.obj("survey_id")
    form = page.batch_form(survey)
    if form.validate_on_submit():
        selection = Selection(
            survey,
            gemeente_id=form.gemeente.data or None,
            reminder=form.reminder.data,
            scope_ids=frozenset(current_user.scope_ids) if current_user.scope_ids else None,
        )
        try:
            batch = storage.queue_letter_batch(
                selection,
                lang=form.language.data,
                with_forms=form.with_forms.data,
                large_print=form.large_print.data,
                duplex=form.duplex.data,
                by=current_user,
            )
        except SurveyError as exc:
            db.session.rollback()
            form.gemeente.errors.append(str(exc))
        else:
            batch_id = batch.id
            db.session.commit()
            try:
                tasks.write_letters(batch_id)
            except Exception:  # the queue cannot be reached: say so, leave nothing waiting
                log.exception("letter batch %s could not be queued", batch_id)
                storage.fail_batch(
                    batch_id,
                    _("The task queue cannot be reached. Ask the administrator to start it."),
                )
            return redirect(url_for(".letter_batch", survey_id=survey_id, batch_id=batch_id))
    return page.survey_page(survey, letters=form, status=422)


@bp.get("/vragenlijsten/<int:survey_id>/papier/brieven/<int:batch_id>")
@requires(Permission.MANAGE_SURVEYS)
def letter_batch(survey_id: int, batch_id: int):
    """How far a letter batch is; the page reloads itself until the letters are ready."""
    survey = scope.obj("survey_id")
    batch = scope.obj("batch_id")
    return render_template(
        "paper/batch.html",
        survey=survey,
        batch=batch,
        interrupted=storage.interrupted(batch),
        unfinished=batch.status in storage.UNFINISHED,
    )


@bp.get("/vragenlijsten/<int:survey_id>/papier/brieven/<int:batch_id>.<any(pdf, csv):kind>")
@requires(Permission.MANAGE_SURVEYS)
def download_letters(survey_id: int, batch_id: int, kind: str):
    """The PDF or the mailing-house CSV of a batch."""
    survey = scope.obj("survey_id")
    batch = scope.obj("batch_id")
    if batch.status != BatchStatus.READY:
        return redirect(url_for(".letter_batch", survey_id=survey.id, batch_id=batch.id))
    pdf_path, csv_path = storage.batch_files(batch)
    path = pdf_path if kind == "pdf" else csv_path
    if batch.files_deleted_at is not None or not path.is_file():
        flash(_("These letters were deleted. Make them again if you need them."), "warning")
        return redirect(url_for(".survey", survey_id=survey.id) + "#brieven")
    name = f"brieven-{survey.id}-{batch.id}.{kind}"
    mimetype = "application/pdf" if kind == "pdf" else "text/csv"
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)


@bp.post("/vragenlijsten/<int:survey_id>/papier/brieven/<int:batch_id>/verwijderen")
@requires(Permission.MANAGE_SURVEYS)
@within("survey_id")
def delete_letters(survey_id: int, batch_id: int):
    """Delete a batch's files (they hold addresses)."""
    survey = scope.obj("survey_id")
    batch = scope.obj("batch_id")
    storage.delete_batch_files(batch)
    db.session.commit()
    flash(_("The letter files were deleted."), "success")
    return redirect(url_for(".survey", survey_id=survey.id) + "#brieven")

"""Scan pages: upload a stack, follow its reading, check what the machine doubted, and see
the stored page images (only for users whose gemeenten the page belongs to)."""

import io
import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within
from surveys.models import Survey, SurveyStatus
from surveys.paper.skips import question_numbers
from surveys.scans import (
    operations,
    retention,  # noqa: F401  (registers the purge of old page images)
    review,
    statuses,
    storage,
    tasks,
)
from surveys.scans.forms import IdentifyForm, UploadForm
from surveys.scans.models import ScanBatch, ScannedForm, ScanStatus
from surveys.scans.operations import ScanError

bp = Blueprint("scans", __name__)
log = logging.getLogger(__name__)


def _open_survey() -> Survey:
    survey = scope.obj("survey_id")
    if survey.status != SurveyStatus.OPEN:
        abort(404)
    return survey


@bp.get("/scannen")
@requires(Permission.KEY_FORMS)
def index():
    """The open surveys whose scanned forms can be uploaded."""
    found = db.session.scalars(select(Survey).where(Survey.status == SurveyStatus.OPEN))
    surveys = [survey for survey in found if scope.may(survey, "survey_id")]
    if len(surveys) == 1:
        return redirect(url_for(".upload", survey_id=surveys[0].id))
    return render_template("scans/index.html", surveys=surveys)


@bp.route("/scannen/<int:survey_id>", methods=["GET", "POST"])
@requires(Permission.KEY_FORMS)
@within("survey_id")
def upload(survey_id: int):
    """Upload a stack of scans; the task queue reads it while this page shows how far."""
    survey = scope.obj("survey_id")
    if not operations.survey_open(survey.id):
        flash(str(operations.CLOSED), "error")
        return redirect(url_for(".index"))
    form = UploadForm()
    if form.validate_on_submit():
        files = []
        for upload in form.files.data or []:
            if upload:
                files.append((upload.filename or "scan", upload.read()))
                upload.close()  # a large upload is a temporary file: close it now
        try:
            batch = operations.create_batch(survey, files, by=current_user)
        except ScanError as exc:
            db.session.rollback()
            form.files.errors.append(str(exc))
        else:
            batch_id = batch.id
            db.session.commit()
            _queue(batch_id)
            return redirect(url_for(".batch", survey_id=survey.id, scan_batch_id=batch_id))
    batches = db.session.scalars(
        select(ScanBatch).where(ScanBatch.survey_id == survey.id).order_by(ScanBatch.id.desc())
    ).all()
    shown = [b for b in batches if scope.may(b, "scan_batch_id")][:20]
    return render_template(
        "scans/upload.html",
        survey=survey,
        form=form,
        batches=shown,
        to_check=review.still_open([b.id for b in shown]),
        waiting=len(review.open_pages(survey, current_user)),
    ), (422 if form.errors else 200)


def _queue(batch_id: int) -> None:
    try:
        tasks.read_batch(batch_id)
    except Exception:  # the queue cannot be reached: say so on the batch
        log.exception("scan batch %s could not be queued", batch_id)
        batch = db.session.get(ScanBatch, batch_id)
        batch.message = _("The task queue cannot be reached. Ask the administrator to start it.")
        db.session.commit()


@bp.get("/scannen/<int:survey_id>/stapel/<int:scan_batch_id>")
@requires(Permission.KEY_FORMS)
def batch(survey_id: int, scan_batch_id: int):
    """How far a batch is, and the status of every page."""
    survey = scope.obj("survey_id")
    batch = scope.obj("scan_batch_id")
    mine = set(current_user.scope_ids) if current_user.scope_ids is not None else None
    pages = [
        p
        for p in batch.pages
        if mine is None or p.household is None or p.household.gemeente_id in mine
    ]
    return render_template(
        "scans/batch.html",
        survey=survey,
        batch=batch,
        to_check=review.still_open([batch.id]).get(batch.id, 0),
        pages=pages,
        labels=statuses.LABELS,
        problems=statuses.PROBLEMS,
        interrupted=operations.interrupted(batch),
        retention_days=storage.retention_days(),
    )


@bp.get("/scannen/<int:survey_id>/antwoord/<int:response_id>")
@requires(Permission.KEY_FORMS)
def response_pages(survey_id: int, response_id: int):
    """The scanned pages a response was read from, with what was read on each."""
    survey = scope.obj("survey_id")
    response = scope.obj("response_id")
    form = db.session.scalar(select(ScannedForm).where(ScannedForm.response_id == response.id))
    if form is None:
        abort(404)
    pages = sorted(form.pages, key=lambda p: (not p.counted, p.page_number or 0, p.id))
    return render_template(
        "scans/response.html",
        survey=survey,
        form=form,
        pages=[p for p in pages if scope.may(p, "scan_page_id")],
        questions=printed_questions(survey),
        labels=statuses.LABELS,
        retention_days=storage.retention_days(),
    )


@bp.post("/scannen/<int:survey_id>/stapel/<int:scan_batch_id>/hervatten")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def resume(survey_id: int, scan_batch_id: int):
    """Read an interrupted batch further (pages already read are not read again)."""
    batch = scope.obj("scan_batch_id")
    if operations.interrupted(batch):  # a batch still being read is left to its reader
        batch.status = ScanStatus.QUEUED
        db.session.commit()
        _queue(batch.id)
    return redirect(url_for(".batch", survey_id=survey_id, scan_batch_id=scan_batch_id))


@bp.get("/scannen/<int:survey_id>/controle")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def queue(survey_id: int):
    """The next page to check, or a note that nothing waits."""
    survey = _open_survey()
    pages = review.open_pages(survey, current_user)
    if pages:
        return redirect(url_for(".check", survey_id=survey.id, scan_page_id=pages[0].id))
    return render_template("scans/done.html", survey=survey)


@bp.route("/scannen/<int:survey_id>/controle/<int:scan_page_id>", methods=["GET", "POST"])
@requires(Permission.KEY_FORMS)
@within("survey_id")
def check(survey_id: int, scan_page_id: int):
    """Check one page: confirm or correct its doubtful boxes, type its writing over."""
    survey = _open_survey()
    page = scope.obj("scan_page_id")
    problem = None
    if request.method == "POST" and page.review_open and page.status == "read":
        typed = {int(k[1:]): v for k, v in request.form.items() if k[:1] == "g" and k[1:].isdigit()}
        try:
            review.decide_page(page, typed, by=current_user)
        except ScanError as exc:
            db.session.rollback()
            problem = str(exc)
        else:
            db.session.commit()
            flash(_("Saved. This is the next page to check."), "success")
            return redirect(url_for(".queue", survey_id=survey.id))
    return _check_page(survey, page, problem=problem)


def printed_questions(survey) -> dict[str, str]:
    """Question key → the question as the form prints it: "3. Vindt u uw huur te hoog?"."""
    questions = survey.ordered_questions()
    numbers = question_numbers(questions)
    return {q.key: f"{numbers[q.key]}. {q.text()}" for q in questions}


def _check_page(survey, page, problem=None, identify=None):
    identify = identify or _identify_form(survey)
    return render_template(
        "scans/check.html",
        survey=survey,
        page=page,
        groups=review.groups(page) if page.review_open and page.status == "read" else [],
        questions=printed_questions(survey),
        identify=identify,
        labels=statuses.LABELS,
        problem=problem,
    ), (422 if problem else 200)


def _identify_form(survey) -> IdentifyForm:
    form = IdentifyForm()
    form.variant.choices = [
        (
            v.id,
            v.language.upper() + (" " + _("large print") if v.large_print else ""),
        )
        for v in review.variants(survey)
    ]
    return form


@bp.post("/scannen/<int:survey_id>/controle/<int:scan_page_id>/herkennen")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def identify(survey_id: int, scan_page_id: int):
    """Read a page again as the form page whose code and number a volunteer typed."""
    survey = _open_survey()
    page = scope.obj("scan_page_id")
    form = _identify_form(survey)
    if not form.validate_on_submit() or page.status not in statuses.IDENTIFIABLE:
        return _check_page(
            survey, page, problem=_("Type the code and the page number."), identify=form
        )
    variant = next(v for v in review.variants(survey) if v.id == form.variant.data)
    try:
        review.identify_page(page, form.code.data, form.number.data, variant, by=current_user)
    except ScanError as exc:
        db.session.rollback()
        return _check_page(
            survey, db.session.get(type(page), scan_page_id), problem=str(exc), identify=form
        )
    db.session.commit()
    return redirect(url_for(".check", survey_id=survey.id, scan_page_id=scan_page_id))


@bp.post("/scannen/<int:survey_id>/controle/<int:scan_page_id>/apart")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def set_aside(survey_id: int, scan_page_id: int):
    """Put aside a page that is not a form page."""
    page = scope.obj("scan_page_id")
    if page.status in statuses.IDENTIFIABLE:
        review.set_aside(page, by=current_user)
        db.session.commit()
    return redirect(url_for(".queue", survey_id=survey_id))


@bp.get("/scannen/<int:survey_id>/pagina/<int:scan_page_id>.png")
@requires(Permission.KEY_FORMS)
def original(survey_id: int, scan_page_id: int):
    """The stored image of a page as it was scanned (never cached by the browser)."""
    page = scope.obj("scan_page_id")
    if not page.original_path or page.images_removed_at:
        abort(404)
    path = storage.image_path(page.original_path)
    if not path.exists():
        abort(404)
    return _private(send_file(path, mimetype="image/png"))


@bp.get("/scannen/<int:survey_id>/pagina/<int:scan_page_id>/uitsnede.png")
@requires(Permission.KEY_FORMS)
def crop(survey_id: int, scan_page_id: int):
    """The crop of one doubtful question or writing area of a page."""
    page = scope.obj("scan_page_id")
    number = request.args.get("groep", type=int) or 0
    data = review.group_png(page, number)
    if data is None:
        abort(404)
    return _private(send_file(io.BytesIO(data), mimetype="image/png"))


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response

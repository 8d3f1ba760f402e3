"""Keying screens: choose a survey, type or scan a form's code, key it with the keyboard,
and (for coordinators) progress, differences between two entries, and duplicates."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within
from surveys import dedup
from surveys.errors import ConflictError, SurveyError
from surveys.keying import operations, progress, review
from surveys.keying.errors import KeyingError
from surveys.keying.forms import ActionForm, AnotherCopyForm, CodeForm, EntryForm
from surveys.keying.models import KeyingEntry
from surveys.keying.screen import first_focus, keying_screen, side_by_side
from surveys.models import Survey, SurveyStatus

bp = Blueprint("keying", __name__)


def _survey() -> Survey:
    survey = scope.obj("survey_id")
    if survey.status not in operations.KEYABLE:
        abort(404)
    return survey


def _scope() -> set[int] | None:
    return current_user.scope_ids


def _coordinator() -> bool:
    return current_user.can(Permission.COORDINATE_KEYING)


@bp.get("/invoeren")
@requires(Permission.KEY_FORMS)
def index():
    """The surveys whose returned forms can be keyed."""
    keyable = db.session.scalars(
        select(Survey).where(Survey.status.in_(operations.KEYABLE)).order_by(Survey.year.desc())
    )
    surveys = [survey for survey in keyable if scope.may(survey, "survey_id")]
    open_ones = [s for s in surveys if s.status == SurveyStatus.OPEN]
    if len(open_ones) == 1 and not request.args.get("alle"):
        return redirect(url_for(".start", survey_id=open_ones[0].id))
    return render_template("keying/index.html", surveys=surveys)


@bp.route("/invoeren/<int:survey_id>", methods=["GET", "POST"])
@requires(Permission.KEY_FORMS)
@within("survey_id")
def start(survey_id: int):
    """Type or scan the code of the next form."""
    survey = _survey()
    form, problem = CodeForm(), None
    if form.validate_on_submit():
        try:
            entry = operations.open_form(
                survey, form.code.data, by=current_user, scope_ids=current_user.scope_ids
            )
        except KeyingError as exc:
            db.session.rollback()
            problem = exc
            form.code.errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for(".key", survey_id=survey.id, entry_id=entry.id))
    return render_template(
        "keying/start.html",
        survey=survey,
        form=form,
        problem=problem,
        copy_form=AnotherCopyForm(code=form.code.data),
        action=ActionForm(),
        counts=progress.status_counts(survey, _scope()) if _coordinator() else None,
        mine=progress.my_entries_today(survey, current_user),
        coordinator=_coordinator(),
    ), (422 if problem else 200)


@bp.post("/invoeren/<int:survey_id>/tweede-exemplaar")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def another_copy(survey_id: int):
    """Key a further form of a household whose form was keyed already (a duplicate)."""
    survey = _survey()
    form = AnotherCopyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        entry = operations.open_form(
            survey,
            form.code.data,
            by=current_user,
            scope_ids=current_user.scope_ids,
            another_copy=True,
        )
    except KeyingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".start", survey_id=survey.id))
    db.session.commit()
    flash(
        _("This second form is kept next to the first; the duplicate rule decides which counts."),
        "info",
    )
    return redirect(url_for(".key", survey_id=survey.id, entry_id=entry.id))


@bp.route("/invoeren/<int:survey_id>/formulier/<int:entry_id>", methods=["GET", "POST"])
@requires(Permission.KEY_FORMS)
@within("survey_id")
def key(survey_id: int, entry_id: int):
    """The keying page: one small input per question, in the order of the paper form."""
    survey = _survey()
    entry = scope.obj("entry_id")
    if entry.entered_by_id != current_user.id or entry.finished_at is not None:
        flash(_("This form is not (or no longer) yours to key."), "warning")
        return redirect(url_for(".start", survey_id=survey.id))
    form = EntryForm(version=entry.version)
    typed, errors = dict(entry.typed or {}), {}
    if form.validate_on_submit():
        typed = {k: v for k, v in request.form.items() if k.startswith("q")}
        finish = "finish" in request.form
        try:
            errors = operations.save_entry(
                entry, typed, by=current_user, expected_version=form.version.data, finish=finish
            ).errors
        except (KeyingError, ConflictError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for(".start", survey_id=survey.id))
        db.session.commit()
        if not errors:
            return _after_save(survey, entry, finish)
        form.version.data = entry.version
    screen = keying_screen(entry, typed, errors)
    return render_template(
        "keying/key.html",
        survey=survey,
        entry=entry,
        form=form,
        screen=screen,
        autofocus_name=first_focus(screen),
        action=ActionForm(),
    ), (422 if errors else 200)


def _after_save(survey: Survey, entry: KeyingEntry, finish: bool):
    """Finished: on to the next form. Saved in between: stay on this form."""
    if finish:
        flash(_finished_message(entry), "success")
        return redirect(url_for(".start", survey_id=survey.id))
    flash(_("Saved. Continue, or stop for now: what is saved is kept."), "success")
    return redirect(url_for(".key", survey_id=survey.id, entry_id=entry.id))


def _finished_message(entry: KeyingEntry) -> str:
    form = entry.form
    if form.status.value == "waiting_second":
        return _("Form keyed. It will be checked by a second volunteer. Next form!")
    if form.status.value == "differences":
        return _("Second entry done. It differs from the first; a coordinator will check it.")
    if form.response.counts is False and form.household_id is not None:
        return _(
            "Form keyed. This household had answered already: this form is kept as a duplicate."
        )
    return _("Form keyed and stored. Next form!")


@bp.post("/invoeren/<int:survey_id>/formulier/<int:entry_id>/overnemen")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def take_over(survey_id: int, entry_id: int):
    """Continue an entry someone else left unfinished."""
    survey = _survey()
    entry = scope.obj("entry_id")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        operations.take_over(entry, by=current_user, coordinator=_coordinator())
    except (KeyingError, ConflictError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".start", survey_id=survey.id))
    db.session.commit()
    return redirect(url_for(".key", survey_id=survey.id, entry_id=entry.id))


@bp.post("/invoeren/<int:survey_id>/formulier/<int:entry_id>/terugleggen")
@requires(Permission.KEY_FORMS)
@within("survey_id")
def discard(survey_id: int, entry_id: int):
    """Put back a form opened by mistake (nothing typed yet)."""
    survey = _survey()
    entry = scope.obj("entry_id")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        operations.discard_form(entry, by=current_user)
    except KeyingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".key", survey_id=survey.id, entry_id=entry.id))
    db.session.commit()
    flash(_("The form was put back; nothing was stored."), "info")
    return redirect(url_for(".start", survey_id=survey.id))


@bp.get("/invoeren/<int:survey_id>/voortgang")
@requires(Permission.COORDINATE_KEYING)
def overview(survey_id: int):
    """Progress: forms per volunteer per day, waiting, differences, duplicates, error rates."""
    survey = _survey()
    waiting = progress.forms_in(survey, *progress.WAITING, scope_ids=_scope())
    unfinished = progress.forms_in(survey, *progress.UNFINISHED, scope_ids=_scope())
    return render_template(
        "keying/progress.html",
        survey=survey,
        counts=progress.status_counts(survey, _scope()),
        table=progress.keyed_table(survey, scope_ids=_scope()),
        waiting=waiting,
        unfinished=unfinished,
        codes=progress.form_codes(survey, waiting + unfinished),
        rates=review.volunteer_rates(survey, _scope()),
        action_form=ActionForm(),
    )


@bp.get("/invoeren/<int:survey_id>/verschillen")
@requires(Permission.COORDINATE_KEYING)
def differences(survey_id: int):
    """Forms whose two entries differ."""
    survey = _survey()
    forms = review.forms_with_differences(survey, _scope())
    return render_template(
        "keying/differences.html",
        survey=survey,
        forms=forms,
        codes=progress.form_codes(survey, forms),
    )


@bp.route("/invoeren/<int:survey_id>/verschillen/<int:form_id>", methods=["GET", "POST"])
@requires(Permission.COORDINATE_KEYING)
@within("survey_id")
def resolve(survey_id: int, form_id: int):
    """Both entries side by side with the question; choose the right one per difference."""
    survey = _survey()
    keyed = scope.obj("form_id")
    form, problem = ActionForm(), None
    if form.validate_on_submit():
        choices = {
            k[len("choice-") :]: v for k, v in request.form.items() if k.startswith("choice-")
        }
        try:
            review.resolve_differences(keyed, choices, by=current_user)
        except KeyingError as exc:
            db.session.rollback()
            problem = str(exc)
        else:
            db.session.commit()
            flash(_("Differences resolved; the form is accepted."), "success")
            return redirect(url_for(".differences", survey_id=survey.id))
    return render_template(
        "keying/resolve.html",
        survey=survey,
        keyed=keyed,
        form=form,
        rows=side_by_side(keyed),
        problem=problem,
    ), (422 if problem else 200)


@bp.get("/invoeren/<int:survey_id>/dubbel")
@requires(Permission.COORDINATE_KEYING)
def duplicates(survey_id: int):
    """Households that answered more than once, with the response that counts."""
    survey = _survey()
    cases = progress.duplicate_cases(survey, scope_ids=_scope())
    return render_template(
        "keying/duplicates.html",
        survey=survey,
        cases=[(case, progress.case_responses(case)) for case in cases],
        action=ActionForm(),
        rule=dedup.RULE_LABELS.get(survey.dedup_rule, survey.dedup_rule),
    )


@bp.post("/invoeren/<int:survey_id>/dubbel/<int:case_id>/tellen/<int:response_id>")
@requires(Permission.COORDINATE_KEYING)
@within("survey_id")
def count_this(survey_id: int, case_id: int, response_id: int):
    """Let another of the household's responses count (recorded in the audit log)."""
    survey = _survey()
    case = scope.obj("case_id")
    response = scope.obj("response_id")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        dedup.choose_counted(case, response, by=current_user)
    except SurveyError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The chosen response counts now; the other one is kept as a duplicate."), "success")
    return redirect(url_for(".duplicates", survey_id=survey.id))


@bp.post("/invoeren/<int:survey_id>/dubbel/<int:case_id>/akkoord")
@requires(Permission.COORDINATE_KEYING)
@within("survey_id")
def confirm(survey_id: int, case_id: int):
    """Agree with the response that the rule let count."""
    survey = _survey()
    case = scope.obj("case_id")
    if not ActionForm().validate_on_submit():
        abort(400)
    dedup.confirm_case(case, by=current_user)
    db.session.commit()
    flash(_("Checked: the response that counts stays as it is."), "success")
    return redirect(url_for(".duplicates", survey_id=survey.id))

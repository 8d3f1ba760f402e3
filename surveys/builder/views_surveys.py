"""Builder pages for whole surveys: the list, creating and copying, settings, the survey
page, the check before opening and the life cycle."""

from dataclasses import dataclass
from datetime import date

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import Need
from surveys.builder import operations, questions
from surveys.builder.blueprint import bp
from surveys.builder.common import (
    commit_or_conflict,
    form_error,
    gemeente_choices,
    limit_to_scope,
    load_survey,
    refresh_version,
)
from surveys.builder.forms import CopyForm, ThemeTemplateForm, VersionForm, settings_form
from surveys.builder.operations import STATUS_LABELS
from surveys.builder.plain_language import survey_warnings
from surveys.builder.validation import validate_for_opening
from surveys.errors import SurveyError
from surveys.languages import DEFAULT_LANGUAGE
from surveys.models import Survey, SurveyStatus

STATUS_ACTIONS = {
    SurveyStatus.DRAFT: [SurveyStatus.OPEN],
    SurveyStatus.OPEN: [SurveyStatus.CLOSED, SurveyStatus.DRAFT],
    SurveyStatus.CLOSED: [SurveyStatus.OPEN, SurveyStatus.ARCHIVED],
    SurveyStatus.ARCHIVED: [],
}


@dataclass(frozen=True)
class StatusStep:
    """A change of status as the pages offer it: its button, question, what it means and
    its confirmation."""

    target: SurveyStatus
    button: str
    heading: str
    explanation: str
    confirm: str
    main: bool = False  # the step the survey is waiting for (a primary button)
    warning: bool = False  # hard to undo: a warning colour on the confirmation
    needs_check: bool = False  # only when the check list is empty (opening)
    needs_no_answers: bool = False  # only while no answers have come in (back to draft)


def status_step(survey: Survey, target: SurveyStatus) -> StatusStep:
    """The texts of one status step of a survey, in the user's language."""
    if target == SurveyStatus.OPEN:
        return StatusStep(
            target,
            _("Open for answers"),
            _("Open the survey for answers?"),
            _(
                "Tenants can answer from %(start)s to %(end)s. Once answers come in, questions "
                "can no longer be added or removed, and used answers can no longer be removed. "
                "Texts can still be corrected.",
                start=format_date(survey.opens_on) if survey.opens_on else "",
                end=format_date(survey.closes_on) if survey.closes_on else "",
            ),
            _("Yes, open it"),
            main=True,
            needs_check=True,
        )
    if target == SurveyStatus.CLOSED:
        return StatusStep(
            target,
            _("Close"),
            _("Close the survey?"),
            _(
                "Nobody can answer any more. Answers already given are kept. You can open the "
                "survey again later."
            ),
            _("Yes, close it"),
            warning=True,
        )
    if target == SurveyStatus.ARCHIVED:
        return StatusStep(
            target,
            _("Archive"),
            _("Archive the survey?"),
            _(
                "An archived survey can no longer be changed or opened. Its answers stay "
                "available for results and comparisons."
            ),
            _("Yes, archive it"),
            warning=True,
        )
    return StatusStep(
        target,
        _("Back to draft"),
        _("Back to draft?"),
        _(
            "The survey goes back to draft so you can change it freely. This is only possible "
            "while no answers have come in."
        ),
        _("Yes, back to draft"),
        needs_no_answers=True,
    )


# -- list, create, copy --------------------------------------------------------------------


@bp.get("/")
@requires(Permission.VIEW_SURVEYS)
def index():
    """All surveys by year, newest first, with their status."""
    surveys = db.session.scalars(select(Survey).order_by(Survey.year.desc(), Survey.id.desc()))
    visible = [s for s in surveys if scope.may(s, "survey_id")]
    return render_template(
        "surveys/index.html",
        surveys=visible,
        can_manage=current_user.can(Permission.MANAGE_SURVEYS),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def create():
    """A new, empty survey."""
    form = settings_form(
        [DEFAULT_LANGUAGE, "en"],
        gemeente_choices(),
        data={
            "version": "0",  # a new survey has no version yet
            "year": date.today().year + 1,
            "channels": ["online", "paper"],
            "languages": ["en"],
        },
    )
    if form.validate_on_submit():
        try:
            survey = operations.create_survey(by=current_user, **_settings_values(form))
        except SurveyError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("The survey has been made. Add sections and questions."), "success")
            return redirect(url_for(".show", survey_id=survey.id))
    return render_template("surveys/settings.html", form=form, survey=None)


def _settings_values(form) -> dict:
    chosen = set(form.gemeenten.data or [])
    return {
        "title": {lang: getattr(form, f"title_{lang}").data for lang in form.language_codes},
        "intro": {lang: getattr(form, f"intro_{lang}").data for lang in form.language_codes},
        "year": form.year.data,
        "cycle_label": form.cycle_label.data,
        "languages": [DEFAULT_LANGUAGE] + list(form.languages.data or []),
        "channels": form.channels.data,
        "opens_on": form.opens_on.data,
        "closes_on": form.closes_on.data,
        "gemeenten": [g for g in operations.gemeenten_by_ids(chosen)],
        "open_link_enabled": form.open_link_enabled.data,
        "allow_changes_after_submit": form.allow_changes_after_submit.data,
    }


@bp.route("/thema", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def from_themes():
    """A new survey from a template: one section per theme, filled from the question bank."""
    form = ThemeTemplateForm(data={"year": date.today().year + 1})
    if form.validate_on_submit():
        try:
            survey = operations.create_survey_from_themes(
                form.themes.data,
                title={DEFAULT_LANGUAGE: form.title_nl.data},
                year=form.year.data,
                languages=[DEFAULT_LANGUAGE, "en"],
                gemeenten=operations.gemeenten_by_ids(dict(gemeente_choices())),
                by=current_user,
            )
        except SurveyError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("The survey has been made from the question bank."), "success")
            return redirect(url_for(".show", survey_id=survey.id))
    return render_template("surveys/themes.html", form=form)


@bp.route("/<int:survey_id>/kopie", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def copy(survey_id: int):
    """Copy an earlier survey (usually last year's) as a new draft."""
    source = load_survey()
    year = max(source.year + 1, date.today().year)
    title = source.text("title").replace(str(source.year), str(year))
    form = CopyForm(data={"year": year, "title_nl": title})
    submitted = form.validate_on_submit()
    chosen_year = form.year.data if form.year.data is not None else year
    drafts = [s for s in operations.drafts_of_year(chosen_year) if scope.may(s, "survey_id")]
    if submitted and drafts and not form.second.data:
        form.second.errors.append(
            _(
                "There is already a draft for %(year)s. Open that draft, or tick the box to "
                "make a second survey for %(year)s.",
                year=chosen_year,
            )
        )
        submitted = False
    if submitted:
        titles = {
            lang: t.replace(str(source.year), str(form.year.data))
            for lang, t in (source.title or {}).items()
        }
        titles[DEFAULT_LANGUAGE] = form.title_nl.data
        try:
            survey = operations.copy_survey(
                source, year=form.year.data, title=titles, by=current_user
            )
            limit_to_scope(survey)
        except SurveyError as exc:
            form_error(form, exc)
        else:
            db.session.commit()
            flash(_("The copy has been made. It is a draft you can change."), "success")
            return redirect(url_for(".show", survey_id=survey.id))
    return render_template(
        "surveys/copy.html", form=form, source=source, drafts=drafts, draft_year=chosen_year
    )


# -- the survey page ---------------------------------------------------------------------


@bp.get("/<int:survey_id>")
@requires(Permission.VIEW_SURVEYS)
def show(survey_id: int):
    """The survey: settings, sections and questions in order, and what can be done."""
    survey = load_survey()
    can_manage = current_user.can(Permission.MANAGE_SURVEYS) and scope.may(
        survey, "survey_id", Need.WHOLE
    )
    preview_url = None
    if "respond.preview" in current_app.view_functions:
        preview_url = url_for("respond.preview", survey_id=survey.id)
    # Offer only what can be done now; what answers rule out is named with its reason.
    answered = survey.status != SurveyStatus.DRAFT and operations.has_responses(survey)
    steps = [status_step(survey, t) for t in STATUS_ACTIONS[survey.status]] if can_manage else []
    return render_template(
        "surveys/survey.html",
        survey=survey,
        can_manage=can_manage and survey.status != SurveyStatus.ARCHIVED,
        problems=validate_for_opening(survey) if survey.status == SurveyStatus.DRAFT else [],
        actions=[step for step in steps if not (step.needs_no_answers and answered)],
        no_draft_reason=any(step.needs_no_answers for step in steps) and answered,
        structure_locked=answered,
        answered_ids=questions.answered_question_ids(survey) if answered else set(),
        preview_url=preview_url,
        form=VersionForm(data={"version": survey.version}),
        numbers={q.id: n for n, q in enumerate(survey.ordered_questions(), start=1)},
    )


@bp.route("/<int:survey_id>/instellingen", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def settings(survey_id: int):
    """Change title, introduction, languages, dates, gemeenten and options."""
    survey = load_survey(manage=True)
    choices = gemeente_choices()
    if request.method == "GET":
        form = settings_form(survey.languages, choices, data=_settings_data(survey))
    else:
        form = settings_form(survey.languages, choices)
    if form.validate_on_submit():
        try:
            operations.update_survey_settings(
                survey,
                expected_version=form.version.data,
                by=current_user,
                **_settings_values(form),
            )
        except SurveyError as exc:
            refresh_version(form, survey_id)
            form_error(form, exc)
        else:
            if commit_or_conflict():
                flash(_("The settings have been saved."), "success")
                return redirect(url_for(".show", survey_id=survey.id))
            refresh_version(form, survey_id)
    return render_template("surveys/settings.html", form=form, survey=survey)


def _settings_data(survey: Survey) -> dict:
    data = {
        "version": survey.version,
        "year": survey.year,
        "cycle_label": survey.cycle_label or "",
        "languages": [lang for lang in survey.languages if lang != DEFAULT_LANGUAGE],
        "channels": list(survey.channels),
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "gemeenten": [g.id for g in survey.gemeenten],
        "open_link_enabled": survey.open_link_enabled,
        "allow_changes_after_submit": survey.allow_changes_after_submit,
    }
    for lang in survey.languages:
        data[f"title_{lang}"] = (survey.title or {}).get(lang, "")
        data[f"intro_{lang}"] = (survey.intro or {}).get(lang, "")
    return data


@bp.get("/<int:survey_id>/controle")
@requires(Permission.VIEW_SURVEYS)
def check(survey_id: int):
    """Everything that stops the survey from opening, with links to fix it."""
    survey = load_survey()
    return render_template(
        "surveys/check.html",
        survey=survey,
        problems=validate_for_opening(survey),
        warnings=survey_warnings(survey),
    )


@bp.route("/<int:survey_id>/status/<status>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def change_status(survey_id: int, status: str):
    """Confirm, then open, close, archive or return a survey to draft."""
    survey = load_survey(manage=True)
    try:
        target = SurveyStatus(status)
    except ValueError:
        abort(404)
    if target not in STATUS_ACTIONS[survey.status]:
        flash(_("This step is not possible for this survey now."), "error")
        return redirect(url_for(".show", survey_id=survey.id))
    form = VersionForm(data={"version": survey.version})
    if form.validate_on_submit():
        try:
            operations.change_status(
                survey, target, expected_version=form.version.data, by=current_user
            )
        except SurveyError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            if target == SurveyStatus.OPEN:
                return redirect(url_for(".check", survey_id=survey_id))
            return redirect(url_for(".show", survey_id=survey_id))
        if commit_or_conflict():
            flash(_("The survey is now: %(status)s.", status=STATUS_LABELS[target]), "success")
        return redirect(url_for(".show", survey_id=survey_id))
    problems = validate_for_opening(survey) if target == SurveyStatus.OPEN else []
    return render_template(
        "surveys/status.html",
        survey=survey,
        step=status_step(survey, target),
        form=form,
        problems=problems,
        has_responses=operations.has_responses(survey),
    )

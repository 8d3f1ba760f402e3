"""Builder pages for sections and questions (from the bank, new, edit, translations,
moving and removing). Every change carries the survey version the
page showed, so a simultaneous edit by someone else is reported instead of overwritten."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from surveys.builder import bank, form_data, operations, questions
from surveys.builder.blueprint import bp
from surveys.builder.common import commit_or_conflict, form_error, load_survey, refresh_version
from surveys.builder.forms import (
    AddSectionForm,
    BankAddForm,
    VersionForm,
    choices,
    new_question_form,
    question_form,
    section_form,
)
from surveys.errors import ConflictError, SurveyError
from surveys.models import Question, Section, Survey
from surveys.qtypes import get_type
from surveys.themes import theme_choices

DIRECTIONS = {"omhoog": "up", "omlaag": "down"}


def _section(survey: Survey, section_id: int) -> Section:
    """A section named by the route or by a form field: of this survey, or 404."""
    section = scope.load("section_id", section_id)
    if section.survey_id != survey.id:
        abort(404)
    return section


def question_of(survey: Survey, question_id: int) -> Question:
    """A question named by the route: of this survey, or 404."""
    question = scope.load("question_id", question_id)
    if question.survey_id != survey.id:
        abort(404)
    return question


def back_to_survey(survey: Survey, anchor: str | None = None):
    return redirect(url_for(".show", survey_id=survey.id, _anchor=anchor))


def _run(survey: Survey, action, success: str, anchor: str | None = None):
    """Do one change from a plain POST button and go back to the survey page."""
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        action(form.version.data)
    except SurveyError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return back_to_survey(survey, anchor)
    if commit_or_conflict():
        flash(success, "success")
    return back_to_survey(survey, anchor)


# -- sections ----------------------------------------------------------------------------


@bp.post("/<int:survey_id>/onderdelen")
@requires(Permission.MANAGE_SURVEYS)
def add_section(survey_id: int):
    """Add a section at the end."""
    survey = load_survey(manage=True)
    form = AddSectionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return back_to_survey(survey, "onderdeel-nieuw")
    return _run(
        survey,
        lambda version: operations.add_section(
            survey,
            title={"nl": form.title_nl.data},
            theme=form.theme.data or None,
            expected_version=version,
            by=current_user,
        ),
        _("The section has been added."),
    )


@bp.route("/<int:survey_id>/onderdelen/<int:section_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def edit_section(survey_id: int, section_id: int):
    """Titles (per language), introduction and theme of a section."""
    survey = load_survey(manage=True)
    section = _section(survey, section_id)
    data = {"version": survey.version, "theme": section.theme.value if section.theme else ""}
    for lang in survey.languages:
        data[f"title_{lang}"] = (section.title or {}).get(lang, "")
        data[f"intro_{lang}"] = (section.intro or {}).get(lang, "")
    form = section_form(survey.languages, data=data if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            operations.update_section(
                section,
                title=form_data.labels(form, "title"),
                intro=form_data.labels(form, "intro"),
                theme=form.theme.data or None,
                expected_version=form.version.data,
                by=current_user,
            )
        except SurveyError as exc:
            refresh_version(form, survey_id)
            form_error(form, exc)
        else:
            if commit_or_conflict():
                flash(_("The section has been saved."), "success")
                return back_to_survey(survey, f"onderdeel-{section.id}")
            refresh_version(form, survey_id)
    return render_template("surveys/section.html", survey=survey, section=section, form=form)


@bp.post("/<int:survey_id>/onderdelen/<int:section_id>/<any(omhoog, omlaag):direction>")
@requires(Permission.MANAGE_SURVEYS)
def move_section(survey_id: int, section_id: int, direction: str):
    """Move a section one place up or down."""
    survey = load_survey(manage=True)
    section = _section(survey, section_id)
    return _run(
        survey,
        lambda version: operations.move_section(
            section, DIRECTIONS[direction], expected_version=version, by=current_user
        ),
        _("The section has been moved."),
        f"onderdeel-{section.id}",
    )


@bp.post("/<int:survey_id>/onderdelen/<int:section_id>/verwijderen")
@requires(Permission.MANAGE_SURVEYS)
def delete_section(survey_id: int, section_id: int):
    """Remove an empty section."""
    survey = load_survey(manage=True)
    section = _section(survey, section_id)
    return _run(
        survey,
        lambda version: operations.delete_section(
            section, expected_version=version, by=current_user
        ),
        _("The section has been removed."),
    )


# -- questions from the bank, and new questions -------------------------------------------


@bp.get("/<int:survey_id>/vragenbank")
@requires(Permission.MANAGE_SURVEYS)
def bank_search(survey_id: int):
    """Search the question bank by text and theme, and add questions to a section."""
    survey = load_survey(manage=True)
    search = (request.args.get("zoek") or "").strip()[:100]
    theme = request.args.get("thema") or ""
    if theme not in dict(theme_choices()):
        theme = ""
    found = bank.latest_versions(theme=theme or None, search=search or None)
    in_survey = {q.key for q in survey.ordered_questions()}
    form = BankAddForm(data={"version": survey.version})
    form.section.choices = choices((s.id, s.text()) for s in survey.sections)
    return render_template(
        "surveys/bank.html",
        survey=survey,
        found=found,
        search=search,
        theme=theme,
        themes=theme_choices(),
        in_survey=in_survey,
        form=form,
    )


@bp.post("/<int:survey_id>/vragenbank/<int:bank_id>")
@requires(Permission.MANAGE_SURVEYS)
def add_from_bank(survey_id: int, bank_id: int):
    """Add one bank question (its current version) to a section."""
    survey = load_survey(manage=True)
    bank_question = scope.obj("bank_id")
    form = BankAddForm()
    form.section.choices = choices((s.id, s.text()) for s in survey.sections)
    back = redirect(request.referrer or url_for(".bank_search", survey_id=survey.id))
    if not form.validate_on_submit():
        flash(_("Choose a section to add the question to."), "error")
        return back
    try:
        questions.add_bank_question(
            survey,
            bank_question,
            section=_section(survey, form.section.data),
            expected_version=form.version.data,
            by=current_user,
        )
    except SurveyError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return back
    if commit_or_conflict():
        flash(
            _("The question has been added: %(text)s", text=bank_question.texts["nl"]["text"]),
            "success",
        )
    return redirect(
        url_for(
            ".bank_search",
            survey_id=survey.id,
            zoek=request.args.get("zoek"),
            thema=request.args.get("thema"),
        )
    )


@bp.route("/<int:survey_id>/vragen/nieuw", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def new_question(survey_id: int):
    """Write a new question, optionally also saved to the question bank."""
    survey = load_survey(manage=True)
    if not survey.sections:
        flash(_("Add a section first."), "error")
        return back_to_survey(survey, "onderdeel-nieuw")
    sections = [(s.id, s.text()) for s in survey.sections]
    data = {"version": survey.version, "section": request.args.get("onderdeel", type=int)}
    form = new_question_form(
        survey.languages, sections, data=data if request.method == "GET" else None
    )
    if form.validate_on_submit():
        try:
            question = questions.add_question(
                survey,
                qtype=form.qtype.data,
                texts=form_data.texts(form),
                section=_section(survey, form.section.data),
                options=_new_options(form),
                key=form.key.data or None,
                theme=form.theme.data or None,
                required=form.required.data,
                save_to_bank=form.save_to_bank.data,
                expected_version=form.version.data,
                by=current_user,
            )
        except SurveyError as exc:
            refresh_version(form, survey_id)
            form_error(form, exc)
        else:
            if commit_or_conflict():
                flash(
                    _("The question has been added. Check its answers and translations."), "success"
                )
                return redirect(
                    url_for(".edit_question", survey_id=survey.id, question_id=question.id)
                )
            refresh_version(form, survey_id)
    return render_template("surveys/question_new.html", survey=survey, form=form)


def _new_options(form) -> list[dict] | None:
    kind = get_type(form.qtype.data)
    if not kind.has_options or not (form.options_text.data or "").strip():
        return None
    return form_data.options_from_lines(form.options_text.data)


# -- editing a question ------------------------------------------------------------------


@bp.route("/<int:survey_id>/vragen/<int:question_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def edit_question(survey_id: int, question_id: int):
    """Texts and translations side by side, answer options, settings, required flag."""
    survey = load_survey(manage=True)
    question = question_of(survey, question_id)
    form = question_form(
        survey.languages, get_type(question.qtype), data={"version": survey.version}
    )
    conflict = False
    if request.method == "GET":
        form_data.fill_question_form(form, question)
    elif form.validate_on_submit():
        try:
            questions.update_question(
                question,
                expected_version=form.version.data,
                by=current_user,
                texts=form_data.texts(form),
                options=_edited_options(form, question),
                settings=form_data.settings_from(form, question),
                required=form.required.data,
                theme=form.theme.data,
                rijksprioriteit=form.rijksprioriteit.data,
            )
        except SurveyError as exc:
            conflict = isinstance(exc, ConflictError)
            refresh_version(form, survey_id)
            form_error(form, exc)
        else:
            if commit_or_conflict():
                flash(_("The question has been saved."), "success")
                return back_to_survey(survey, f"vraag-{question.id}")
            conflict = True
            refresh_version(form, survey_id)
    form_data.ensure_blank_rows(form.options)
    form_data.ensure_blank_rows(form.rows)
    return render_template(
        "surveys/question.html",
        survey=survey,
        question=question,
        form=form,
        kind=get_type(question.qtype),
        conflict=conflict,
        answers=questions.answer_count(question),
    )


def _edited_options(form, question: Question) -> list[dict] | None:
    if not get_type(question.qtype).has_options:
        return None
    return form_data.coded_items(form.options.entries, form.language_codes)


@bp.post("/<int:survey_id>/vragen/<int:question_id>/<any(omhoog, omlaag):direction>")
@requires(Permission.MANAGE_SURVEYS)
def move_question(survey_id: int, question_id: int, direction: str):
    """Move a question one place up or down (across sections at the edges)."""
    survey = load_survey(manage=True)
    question = question_of(survey, question_id)
    return _run(
        survey,
        lambda version: questions.move_question(
            question, DIRECTIONS[direction], expected_version=version, by=current_user
        ),
        _("The question has been moved."),
        f"vraag-{question.id}",
    )


@bp.route("/<int:survey_id>/vragen/<int:question_id>/verwijderen", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def delete_question(survey_id: int, question_id: int):
    """Confirm, then remove a question that has no answers."""
    survey = load_survey(manage=True)
    question = question_of(survey, question_id)
    if request.method == "POST":
        return _run(
            survey,
            lambda version: questions.delete_question(
                question, expected_version=version, by=current_user
            ),
            _("The question has been removed."),
        )
    return render_template(
        "surveys/question_delete.html",
        survey=survey,
        question=question,
        form=VersionForm(data={"version": survey.version}),
        answers=questions.answer_count(question),
    )

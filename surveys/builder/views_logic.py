"""Builder pages for skip logic (as a simple form) and notes per gemeente."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.permissions import Permission, requires
from surveys.builder import questions
from surveys.builder.blueprint import bp
from surveys.builder.common import commit_or_conflict, form_error, load_survey, refresh_version
from surveys.builder.forms import ConditionForm, choices, notes_form
from surveys.builder.views_structure import back_to_survey, question_of
from surveys.errors import SurveyError
from surveys.qtypes import get_type, option_label
from surveys.qtypes.base import to_number


def _sources(survey, question) -> list:
    """Earlier questions whose answers a condition can test."""
    earlier = []
    for other in survey.ordered_questions():
        if other.id == question.id:
            break
        if get_type(other.qtype).skip_ops:
            earlier.append(other)
    return earlier


@bp.route("/<int:survey_id>/vragen/<int:question_id>/voorwaarde", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def condition(survey_id: int, question_id: int):
    """Show a question only when an earlier answer is, is one of, or is above/below a value."""
    survey = load_survey(manage=True)
    question = question_of(survey, question_id)
    sources = _sources(survey, question)
    current = question.show_if or {}
    chosen_key = request.values.get("source") or current.get("question") or ""
    # any question of the survey: a later one is refused by the service with its reason
    source = next((q for q in survey.ordered_questions() if q.key == chosen_key), None)
    form = ConditionForm(data=_condition_data(survey, current, chosen_key))
    form.source.choices = choices(
        [("", _("(choose a question)"))] + [(q.key, f"{q.key}: {q.text()[:80]}") for q in sources]
    )
    if source is not None:
        form.codes.choices = choices(
            (str(o["code"]), option_label(o)) for o in source.options or []
        )
    if request.method == "POST" and form.validate_on_submit():
        try:
            show_if = None if form.remove.data else _show_if(form, source)
            questions.set_condition(
                question, show_if, expected_version=form.version.data, by=current_user
            )
        except SurveyError as exc:
            refresh_version(form, survey_id)
            form_error(form, exc)
        else:
            if commit_or_conflict():
                flash(_("The condition has been saved."), "success")
                return back_to_survey(survey, f"vraag-{question.id}")
            refresh_version(form, survey_id)
    return render_template(
        "surveys/condition.html",
        survey=survey,
        question=question,
        form=form,
        source=source,
        numeric=source is not None and get_type(source.qtype).numeric,
        has_sources=bool(sources),
    )


def _condition_data(survey, current: dict, chosen_key: str) -> dict:
    data = {"version": survey.version, "source": chosen_key}
    if current.get("question") == chosen_key:
        value = current.get("value")
        data["codes"] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        data["op"] = current.get("op") if current.get("op") in ("above", "below") else "equals"
        data["number"] = "" if isinstance(value, list) else str(value)
    return data


def _show_if(form, source) -> dict:
    if source is None:
        raise SurveyError(_("Choose the question the condition depends on."), field="source")
    if get_type(source.qtype).numeric:
        number = to_number(form.number.data or "")
        if number is None:
            raise SurveyError(_("Give a number to compare with."), field="number")
        value = int(number) if number.is_integer() else number
        return {"question": source.key, "op": form.op.data, "value": value}
    codes = list(form.codes.data or [])
    if not codes:
        raise SurveyError(_("Choose at least one answer for the condition."), field="codes")
    if len(codes) == 1:
        return {"question": source.key, "op": "equals", "value": codes[0]}
    return {"question": source.key, "op": "any_of", "value": codes}


@bp.route("/<int:survey_id>/vragen/<int:question_id>/gemeenten", methods=["GET", "POST"])
@requires(Permission.MANAGE_SURVEYS)
def notes(survey_id: int, question_id: int):
    """A note with this question for tenants of particular gemeenten."""
    survey = load_survey(manage=True)
    question = question_of(survey, question_id)
    data = {"version": survey.version}
    for gemeente in survey.gemeenten:
        for lang in survey.languages:
            data[f"note_{gemeente.id}_{lang}"] = question.gemeente_note_exact(gemeente.id, lang)
    form = notes_form(
        survey.languages, survey.gemeenten, data=data if request.method == "GET" else None
    )
    if form.validate_on_submit():
        values = {
            str(g.id): {
                lang: getattr(form, f"note_{g.id}_{lang}").data or "" for lang in survey.languages
            }
            for g in survey.gemeenten
        }
        try:
            questions.set_gemeente_notes(
                question, values, expected_version=form.version.data, by=current_user
            )
        except SurveyError as exc:
            refresh_version(form, survey_id)
            form_error(form, exc)
        else:
            if commit_or_conflict():
                flash(_("The notes have been saved."), "success")
                return redirect(
                    url_for(".show", survey_id=survey.id, _anchor=f"vraag-{question.id}")
                )
            refresh_version(form, survey_id)
    return render_template("surveys/notes.html", survey=survey, question=question, form=form)

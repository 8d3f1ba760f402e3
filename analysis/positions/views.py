"""Positions pages: per survey and gemeente (or the whole koepel) the positions by theme with
status and stoplight, a position with its live evidence and the steps it may take, draft
suggestions from the results, and the corporation's bod with our reaction per item.

Readers see everything; board members and administrators change it (``MANAGE_POSITIONS``). A
board member limited to some gemeenten reaches only those, and koepel-wide positions only to
read (``consult.scope``).
"""

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from analysis.positions import bod_views, labels, operations, rules
from analysis.positions.blueprint import (
    bp,
    can_edit,
    gemeente_of_route,
    place_args,
    rule,
    survey_of_route,
)
from analysis.positions.evidence import Figures, questions_of
from analysis.positions.forms import (
    EvidenceForm,
    PositionForm,
    StepForm,
)
from analysis.positions.paper import looked_back, theme_name
from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within
from surveys.errors import ConflictError
from surveys.models import Question


@bp.get("/<int:survey_id>")
@requires(Permission.VIEW_RESULTS)
def index(survey_id: int):
    """The gemeenten of a survey the user may see, and the koepel-wide positions."""
    survey = survey_of_route()
    own = current_user.scope_ids
    gemeenten = [g for g in survey.gemeenten if own is None or g.id in own]
    return render_template("analysis/positions/index.html", survey=survey, gemeenten=gemeenten)


@bp.get("/<int:survey_id>/koepel")
@bp.get("/<int:survey_id>/gemeente/<int:gemeente_id>")
@requires(Permission.VIEW_RESULTS)
def overview(survey_id: int, gemeente_id: int | None = None):
    """Positions by theme with status and stoplight."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    themes: dict[str, list] = {}
    for position in operations.positions_of(survey.id, getattr(gemeente, "id", None)):
        themes.setdefault(theme_name(position.theme), []).append(position)
    previous, last_year = looked_back(survey, getattr(gemeente, "id", None))
    return render_template(
        "analysis/positions/overview.html",
        survey=survey,
        gemeente=gemeente,
        themes=themes,
        previous=previous,
        last_year=last_year,
        theme_name=theme_name,
        labels=labels,
        missing=operations.missing,
        can_add=can_edit() and (gemeente is not None or current_user.scope_ids is None),
        place=place_args(gemeente),
    )


@bp.get("/<int:survey_id>/koepel/nieuw")
@bp.get("/<int:survey_id>/gemeente/<int:gemeente_id>/nieuw")
@requires(Permission.MANAGE_POSITIONS)
def new(survey_id: int, gemeente_id: int | None = None):
    """An empty position."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    return _new_page(survey, gemeente, PositionForm())


def _new_page(survey, gemeente, form):
    return render_template(
        "analysis/positions/new.html",
        survey=survey,
        gemeente=gemeente,
        form=form,
        place=place_args(gemeente),
    )


@bp.post("/<int:survey_id>/koepel/nieuw")
@bp.post("/<int:survey_id>/gemeente/<int:gemeente_id>/nieuw")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def create(survey_id: int, gemeente_id: int | None = None):
    """Save a new concept position."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    if gemeente is None and not scope.may(survey, "survey_id", scope.Need.WHOLE):
        abort(403)  # koepel-wide positions belong to the whole board
    form = PositionForm()
    if form.validate_on_submit():
        try:
            values = form.values()
            position = operations.create_position(
                survey,
                gemeente,
                theme=values.pop("theme"),
                title=values.pop("title"),
                actor=current_user,
                **values,
            )
        except operations.PositionError as exc:
            db.session.rollback()
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("Position saved as a draft."), "success")
            return redirect(url_for(".position", survey_id=survey.id, position_id=position.id))
    return _new_page(survey, gemeente, form)


def _field_error(form, exc) -> None:
    field = getattr(form, exc.field or "", None) or form.title
    if not hasattr(field, "errors") or isinstance(field.errors, tuple):
        field = form.title
    field.errors = list(field.errors) + [str(exc)]


def _position_page(survey, position, form, theirs=None, step_form=None, status=200):
    gemeente = position.gemeente
    figures = Figures(survey, rule(), scope=current_user.scope_ids)
    shown = [(e, figures.of(e, gemeente.id if gemeente else None)) for e in position.evidence]
    evidence_form = EvidenceForm()
    linked = {e.question_id for e in position.evidence}
    evidence_form.question.choices = [
        (str(m.question_id), f"{m.section}: {m.text}")
        for m in questions_of(survey.id).itertuples(index=False)
        if m.question_id not in linked
    ]
    step_form = step_form or StepForm(formdata=None)
    step_form.version.data = position.version
    return (
        render_template(
            "analysis/positions/position.html",
            survey=survey,
            position=position,
            gemeente=gemeente,
            form=form,
            theirs=theirs,
            evidence=shown,
            evidence_form=evidence_form,
            step_form=step_form,
            steps=operations.allowed_steps(position) if can_edit(position) else [],
            can_edit=can_edit(position) and position.status in operations.EDITABLE,
            missing=operations.missing(position),
            labels=labels,
            place=place_args(gemeente),
            theme_name=theme_name,
        ),
        status,
    )


@bp.get("/<int:survey_id>/standpunt/<int:position_id>")
@requires(Permission.VIEW_RESULTS)
def position(survey_id: int, position_id: int):
    """A position: its text, SMART check, live evidence and workflow."""
    survey, found = survey_of_route(), scope.obj("position_id")
    form = PositionForm(obj=found, formdata=None)
    form.version.data = found.version
    return _position_page(survey, found, form)


@bp.post("/<int:survey_id>/standpunt/<int:position_id>")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def save(survey_id: int, position_id: int):
    """Save a position's text; a save that comes second keeps the user's text and shows the
    other person's next to it."""
    survey, found = survey_of_route(), scope.obj("position_id")
    form = PositionForm()
    if not form.validate_on_submit():
        return _position_page(survey, found, form, status=400)
    try:
        operations.update_position(
            found, actor=current_user, version=form.version.data, **form.values()
        )
    except ConflictError as exc:
        db.session.rollback()
        found = db.session.get(type(found), position_id)
        theirs = operations.snapshot(found)
        form.version.data = found.version  # a next save is a deliberate choice
        flash(str(exc), "error")
        return _position_page(survey, found, form, theirs=theirs, status=409)
    except operations.PositionError as exc:
        db.session.rollback()
        _field_error(form, exc)
        return _position_page(survey, found, form, status=400)
    db.session.commit()
    flash(_("Position saved."), "success")
    return redirect(url_for(".position", survey_id=survey.id, position_id=found.id))


@bp.post("/<int:survey_id>/standpunt/<int:position_id>/stap")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def step(survey_id: int, position_id: int):
    """One workflow step (only the steps the status allows)."""
    survey, found = survey_of_route(), scope.obj("position_id")
    form = StepForm()
    if form.validate_on_submit():
        try:
            operations.step(
                found,
                request.form.get("action", "")[:20],
                actor=current_user,
                version=form.version.data,
                adopted_on=form.adopted_on.data,
                reference=form.reference.data,
                by=form.by.data,
                outcome=form.outcome.data,
                agreement=form.agreement.data,
                realisation=form.realisation.data,
                reason=form.reason.data,
            )
        except (operations.PositionError, ConflictError) as exc:
            db.session.rollback()
            found = db.session.get(type(found), position_id)
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(
                _(
                    "Status changed: %(status)s.",
                    status=labels.label(labels.STATUSES, found.status),
                ),
                "success",
            )
    else:
        flash(_("A date is not valid. Write it as dd-mm-yyyy."), "error")
    return redirect(url_for(".position", survey_id=survey.id, position_id=found.id))


@bp.post("/<int:survey_id>/standpunt/<int:position_id>/bewijs")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def add_evidence(survey_id: int, position_id: int):
    """Link a question of the survey to the position."""
    survey, found = survey_of_route(), scope.obj("position_id")
    raw = request.form.get("question", "")
    question = db.session.get(Question, int(raw)) if raw.isdigit() and len(raw) < 12 else None
    try:
        operations.add_evidence(found, question, actor=current_user)
    except operations.PositionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Question linked."), "success")
    return redirect(url_for(".position", survey_id=survey.id, position_id=found.id))


@bp.post("/<int:survey_id>/standpunt/<int:position_id>/bewijs/<int:evidence_id>/weg")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def remove_evidence(survey_id: int, position_id: int, evidence_id: int):
    """Unlink a question."""
    survey, found = survey_of_route(), scope.obj("position_id")
    try:
        operations.remove_evidence(scope.obj("evidence_id"), actor=current_user)
    except operations.PositionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("Question unlinked."), "success")
    return redirect(url_for(".position", survey_id=survey.id, position_id=found.id))


def _suggestions(survey, gemeente):
    skip = operations.dismissed(survey.id, getattr(gemeente, "id", None))
    return rules.suggestions(survey, gemeente, rule(), skip, scope=current_user.scope_ids)


@bp.get("/<int:survey_id>/koepel/voorstellen")
@bp.get("/<int:survey_id>/gemeente/<int:gemeente_id>/voorstellen")
@requires(Permission.VIEW_RESULTS)
def suggestions(survey_id: int, gemeente_id: int | None = None):
    """Draft positions from the results, each with its rule and figures."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    found = _suggestions(survey, gemeente)
    themes: dict[str, list] = {}
    for suggestion in found:
        themes.setdefault(theme_name(suggestion.theme), []).append(suggestion)
    can_decide = can_edit() and (gemeente is not None or current_user.scope_ids is None)
    return render_template(
        "analysis/positions/suggestions.html",
        survey=survey,
        gemeente=gemeente,
        themes=themes,
        can_decide=can_decide,
        place=place_args(gemeente),
    )


@bp.post("/<int:survey_id>/koepel/voorstellen")
@bp.post("/<int:survey_id>/gemeente/<int:gemeente_id>/voorstellen")
@requires(Permission.MANAGE_POSITIONS)
@within("survey_id")
def decide(survey_id: int, gemeente_id: int | None = None):
    """Accept a suggestion (a concept position with its evidence) or discard it."""
    survey = survey_of_route()
    gemeente = gemeente_of_route(survey)
    if gemeente is None and not scope.may(survey, "survey_id", scope.Need.WHOLE):
        abort(403)
    key = request.form.get("key", "")
    chosen = next((s for s in _suggestions(survey, gemeente) if s.key == key), None)
    back = url_for(".suggestions", survey_id=survey.id, **place_args(gemeente))
    if chosen is None:
        flash(
            _("This suggestion is no longer there: the figures changed or it was handled."), "info"
        )
        return redirect(back)
    if "dismiss" in request.form:
        operations.dismiss_suggestion(survey, gemeente, key, actor=current_user)
        db.session.commit()
        flash(_("Suggestion discarded."), "success")
        return redirect(back)
    position = operations.accept_suggestion(survey, gemeente, chosen, actor=current_user)
    db.session.commit()
    flash(_("Draft position made. Now write it in SMART form."), "success")
    return redirect(url_for(".position", survey_id=survey.id, position_id=position.id))


__all__ = ["bod_views", "bp"]

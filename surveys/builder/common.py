"""Helpers the builder's views share: the route's survey, saving with a conflict check,
form errors and the gemeenten a user may choose."""

from flask import flash
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from consult import scope
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.scope import Need
from surveys.builder.operations import CONFLICT
from surveys.errors import ConflictError, SurveyError
from surveys.logic import describe
from surveys.models import Survey


def load_survey(manage: bool = False) -> Survey:
    """The route's survey, its scope checked before the view ran; to manage it (an edit
    page, even when only shown), all its gemeenten must be the user's."""
    survey = scope.obj("survey_id")
    if manage:
        scope.check(survey, "survey_id", Need.WHOLE)
    return survey


def commit_or_conflict() -> bool:
    """Commit; on a simultaneous save by someone else roll back and say so."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        flash(str(ConflictError(CONFLICT)), "error")
        return False
    return True


def refresh_version(form, survey_id: int) -> None:
    """After a refused save, let the form carry the survey's current version."""
    db.session.rollback()
    form.version.data = db.session.get(Survey, survey_id).version


def gemeente_choices() -> list[tuple[int, str]]:
    """The gemeenten the current user may put in a survey."""
    stmt = select(Gemeente).order_by(Gemeente.name)
    ids = current_user.scope_ids
    if ids is not None:
        stmt = stmt.where(Gemeente.id.in_(ids))
    return [(g.id, g.name) for g in db.session.scalars(stmt)]


def describe_condition(question) -> str:
    """The question's skip logic in words, for the survey page."""
    by_key = {q.key: q for q in question.survey.ordered_questions()}
    return describe(question.show_if, by_key)


def form_error(form, exc: SurveyError) -> None:
    """Show a service error at its field, or above the form."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None or not hasattr(field, "errors"):
        form.form_errors.append(str(exc))
    else:
        field.errors = list(field.errors) + [str(exc)]


def limit_to_scope(survey: Survey) -> None:
    """Keep only the user's own gemeenten in a survey they copied or imported."""
    ids = current_user.scope_ids
    if ids is not None:
        survey.gemeenten = [g for g in survey.gemeenten if g.id in ids]

"""The positions blueprint and what its pages share: the survey and gemeente of the route,
and whether the user may change an object."""

from flask import Blueprint, abort, current_app, request
from flask_login import current_user

from analysis import suppress
from consult import scope
from consult.permissions import Permission

bp = Blueprint("positions", __name__, url_prefix="/standpunten")


def survey_of_route():
    """The route's survey, checked by the scope; 404 for a draft."""
    survey = scope.obj("survey_id")
    if str(survey.status) == "draft":
        abort(404)
    return survey


def gemeente_of_route(survey):
    """The gemeente of the route (None: koepel-wide); 404 when the survey does not cover it."""
    if "gemeente_id" not in (request.view_args or {}):
        return None
    gemeente = scope.obj("gemeente_id")
    if gemeente not in survey.gemeenten:
        abort(404)
    return gemeente


def place_args(gemeente) -> dict:
    """Route arguments of a gemeente, or none for the koepel."""
    return {} if gemeente is None else {"gemeente_id": gemeente.id}


def rule():
    """The small-cell rule of this installation."""
    return suppress.rule_from_config(current_app.config)


def can_edit(obj=None, argument="position_id") -> bool:
    """Whether the user may change positions, and this object in particular."""
    if not current_user.can(Permission.MANAGE_POSITIONS):
        return False
    return obj is None or scope.may(obj, argument, scope.Need.WHOLE)

"""The board's fieldwork pages: response per gemeente and channel, live, and making codes."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult import scope
from consult.database import utcnow
from consult.extensions import db
from consult.permissions import Permission, requires
from consult.scope import within
from consult.users.models import User
from surveys.errors import SurveyError
from surveys.fieldwork.operations import fieldwork_figures, surveys_with_fieldwork
from surveys.invitations import operations as invitations
from surveys.respond.forms import PageForm
from surveys.respond.open_link import open_link_token

bp = Blueprint("fieldwork", __name__, url_prefix="/veldwerk")


def _scope(user: User):
    return user.scope_ids


@bp.get("/")
@requires(Permission.VIEW_SURVEYS)
def index():
    """Surveys in or after fieldwork, with their overall response."""
    rows = [
        (s, fieldwork_figures(s, _scope(current_user)).total)
        for s in surveys_with_fieldwork()
        if scope.may(s, "survey_id")
    ]
    return render_template("fieldwork/index.html", rows=rows)


@bp.get("/<int:survey_id>")
@requires(Permission.VIEW_SURVEYS)
def survey(survey_id: int):
    """Response and response rate per gemeente, channel and age band; computed now."""
    survey = scope.obj("survey_id")
    figures = fieldwork_figures(survey, _scope(current_user))
    open_url = None
    if survey.open_link_enabled and figures.open_link_sent is not None:
        open_url = url_for("respond.open_link", token=open_link_token(survey), _external=True)
    return render_template(
        "fieldwork/survey.html",
        survey=survey,
        figures=figures,
        open_url=open_url,
        can_invite=current_user.can(Permission.MANAGE_SURVEYS)
        and survey.status in invitations.INVITABLE,
        now=utcnow(),
    )


def _make_codes(survey_id: int, gemeente_ids):
    survey = scope.obj("survey_id")
    if not PageForm().validate_on_submit():
        return redirect(url_for(".survey", survey_id=survey.id))
    try:
        count = invitations.create_invitations(survey, gemeente_ids=gemeente_ids, by=current_user)
    except SurveyError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".survey", survey_id=survey.id))
    db.session.commit()
    if count:
        flash(ngettext("%(num)d code made.", "%(num)d codes made.", count), "success")
    else:
        flash(_("Every household in scope already has a code."), "info")
    return redirect(url_for(".survey", survey_id=survey.id))


@bp.post("/<int:survey_id>/codes")
@requires(Permission.MANAGE_SURVEYS)
@within("survey_id")
def make_codes(survey_id: int):
    """Codes for every household in the user's scope that has none yet."""
    scope = _scope(current_user)
    return _make_codes(survey_id, None if scope is None else sorted(scope))


@bp.post("/<int:survey_id>/codes/<int:gemeente_id>")
@requires(Permission.MANAGE_SURVEYS)
@within("survey_id")
def make_gemeente_codes(survey_id: int, gemeente_id: int):
    """Codes for the households of one gemeente (its scope is checked centrally)."""
    return _make_codes(survey_id, [gemeente_id])

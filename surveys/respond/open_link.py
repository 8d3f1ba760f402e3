"""The open link: a survey address for people without a code (for example home seekers).

Their responses form a separate population (``open_link``) without a household. Protection
against automated abuse without a CAPTCHA: a rate limit per connection on starting, and a
field that people do not see (and leave empty) but robots fill in.
"""

import base64
import hashlib
import hmac
import logging

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consult.extensions import db, limiter
from consult.permissions import public
from surveys.invitations.operations import code_secret
from surveys.models import Survey, SurveyStatus
from surveys.respond import operations, session_state
from surveys.respond.blueprint import bp, not_answering, notice, resume_url
from surveys.respond.flow import NewFlow, ResponseFlow
from surveys.respond.forms import OpenStartForm
from surveys.respond.pages import begin_context

log = logging.getLogger(__name__)
DEFAULT_OPEN_LIMIT = "5 per minute;30 per hour"


def open_link_token(survey: Survey) -> str:
    """The unguessable part of a survey's open link (fixed per survey and secret)."""
    digest = hmac.new(code_secret(), f"open-link:{survey.id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def survey_for_token(token: str) -> Survey | None:
    """The survey whose open link this is, if its open link is switched on."""
    candidates = db.session.scalars(
        select(Survey).where(
            Survey.open_link_enabled.is_(True),
            Survey.status.in_([SurveyStatus.OPEN, SurveyStatus.CLOSED]),
        )
    )
    for survey in candidates:
        if hmac.compare_digest(open_link_token(survey), token[:40].lower()):
            return survey
    return None


def _open_limit() -> str:
    return current_app.config.get("RESPOND_OPEN_LIMIT") or DEFAULT_OPEN_LIMIT


def _survey_or_404(token: str) -> Survey:
    survey = survey_for_token(token)
    if survey is None:
        abort(404)
    return survey


@bp.get("/open/<token>")
@public
def open_link(token: str):
    """The start page of the open link."""
    survey = _survey_or_404(token)
    state = operations.answering_state(survey)
    if state != "open":
        return not_answering(survey, state)
    response = session_state.current_response()
    if response is not None and response.survey_id == survey.id:
        flow = ResponseFlow(response, session_state.language())
    else:
        flow = NewFlow(survey, session_state.language())
    context = begin_context(flow)
    context["form"] = OpenStartForm()
    return render_template("respond/begin.html", **context, open_token=token)


@bp.post("/open/<token>")
@public
@limiter.limit(_open_limit, key_func=None, scope="respond-open")
def open_start(token: str):
    """Start a new open-link response (or continue the one of this browser)."""
    survey = _survey_or_404(token)
    form = OpenStartForm()
    if not form.validate_on_submit():
        return redirect(url_for(".open_link", token=token))
    if form.website.data:
        log.warning(
            "open link of survey %s: the hidden field was filled in; nothing stored", survey.id
        )
        return notice(_("Thank you"), [_("Your answers have been received.")])
    response = session_state.current_response()
    if response is None or response.survey_id != survey.id:
        try:
            response = operations.start_open_response(survey, language=session_state.language())
        except operations.RespondError:
            return not_answering(survey, operations.answering_state(survey))
        db.session.commit()
        session_state.begin(survey.id, response_id=response.id)
    return redirect(resume_url(ResponseFlow(response, session_state.language())))

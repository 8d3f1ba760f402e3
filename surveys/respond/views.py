"""The tenant's pages: code, survey start, one question per page, check, send, confirmation.

Only ids live in the session; every answer is saved in the database when the tenant presses
"Volgende". Entering the code again (on any device) continues where the tenant left off.
"""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import surveys.respond.open_link  # noqa: F401  (its pages are on this blueprint)
import surveys.respond.preview  # noqa: F401  (its pages are on this blueprint)
from consult.extensions import db
from consult.i18n import safe_next
from consult.permissions import public
from surveys.invitations.models import Invitation
from surveys.invitations.operations import CodeError, find_invitation
from surveys.models import Channel, ResponseStatus
from surveys.respond import operations, session_state
from surveys.respond.blueprint import bp, code_limit, long_date, not_answering, resume_url
from surveys.respond.flow import NewFlow, ResponseFlow
from surveys.respond.forms import CodeForm, PageForm
from surveys.respond.pages import begin_context, check_page, question_page


def start_page(form: CodeForm | None = None, status: int = 200):
    """The site root for tenants: enter the code from the letter."""
    return render_template("respond/start.html", form=form or CodeForm()), status


@bp.get("/")
@public
def home():
    """The tenants' start page ("Vul de code uit uw brief in"); signed-in staff go on to
    the start page of their role. Staff sign in at /login, linked from the bottom of this page."""
    if current_user.is_authenticated:
        return redirect(url_for("home.start"))
    return start_page()


@bp.post("/code")
@public
@code_limit
def enter_code():
    """Check the typed code and let the tenant in (or explain what is wrong)."""
    form = CodeForm()
    if not form.validate_on_submit():
        return start_page(form)
    try:
        invitation = find_invitation(form.code.data)
    except CodeError as exc:
        form.code.errors = [str(exc)]
        return start_page(form)
    return _enter(invitation)


@bp.get("/c/<path:code>")
@public
@code_limit
def short_link(code: str):
    """The address in the QR code of the letter: opens the survey directly."""
    try:
        invitation = find_invitation(code[:60])
    except CodeError as exc:
        form = CodeForm(formdata=None, code=code[:60])
        form.code.errors = [str(exc)]
        return start_page(form)
    return _enter(invitation)


def _enter(invitation: Invitation):
    """After a valid code: resume the household's response, or show the survey's start page."""
    survey = invitation.survey
    response = operations.counted_response(survey.id, invitation.household_id)
    session_state.begin(
        survey.id, invitation_id=invitation.id, response_id=response.id if response else None
    )
    if response is not None and response.channel == Channel.ONLINE:
        session_state.set_language(response.language)
    if response is not None and (
        response.status == ResponseStatus.SUBMITTED or response.channel != Channel.ONLINE
    ):
        return redirect(url_for(".already_sent"))
    state = operations.answering_state(survey)
    if state != "open":
        return not_answering(survey, state)
    if response is None:
        return redirect(url_for(".begin"))
    return redirect(resume_url(ResponseFlow(response, session_state.language())))


def _lost_session():
    """The session is gone (time-out, other device): ask for the code again; nothing is lost."""
    form = CodeForm(formdata=None)
    return render_template(
        "respond/start.html",
        form=form,
        message=_("Enter the code from your letter again. The answers you gave are kept."),
    )


def _response_flow():
    """The flow of the response in this session, or a page that explains what to do."""
    response = session_state.current_response()
    if response is None:
        return None, _lost_session()
    flow = ResponseFlow(response, session_state.language())
    state = operations.answering_state(response.survey)
    if state != "open":
        return None, not_answering(response.survey, state)
    if not operations.may_change(response):
        return None, redirect(url_for(".already_sent"))
    return flow, None


@bp.get("/vragenlijst")
@public
def begin():
    """The survey's start page: who asks, why, how long it takes, privacy, help, language."""
    current = session_state.state()
    response = session_state.current_response()
    if response is not None:
        flow, stop = _response_flow()
        if stop is not None:
            return stop
        return render_template("respond/begin.html", **begin_context(flow))
    invitation = db.session.get(Invitation, current.get("invitation") or 0)
    if invitation is None:
        return _lost_session()
    flow = NewFlow(invitation.survey, session_state.language())
    state = operations.answering_state(invitation.survey)
    if state != "open":
        return not_answering(invitation.survey, state)
    return render_template("respond/begin.html", **begin_context(flow))


@bp.post("/vragenlijst")
@public
def start():
    """Begin (or continue) answering: the response is made on the first press of "Start"."""
    form = PageForm()
    if not form.validate_on_submit():
        return redirect(url_for(".begin"))
    response = session_state.current_response()
    if response is None:
        invitation = db.session.get(Invitation, session_state.state().get("invitation") or 0)
        if invitation is None:
            return _lost_session()
        try:
            response = operations.start_response(invitation, language=session_state.language())
        except operations.RespondError:
            return not_answering(invitation.survey, operations.answering_state(invitation.survey))
        db.session.commit()
        session_state.set_response(response)
    flow, stop = _response_flow()
    if stop is not None:
        return stop
    return redirect(resume_url(flow))


@bp.route("/vragenlijst/vraag/<int:question_id>", methods=["GET", "POST"])
@bp.route("/vragenlijst/vraag/<int:question_id>/<row>", methods=["GET", "POST"])
@public
def question(question_id: int, row: str | None = None):
    """One question per page; "Volgende" saves the answer on the server."""
    flow, stop = _response_flow()
    if stop is not None:
        return stop
    try:
        page = question_page(flow, question_id, row)
    except operations.RespondError:
        db.session.rollback()
        return _response_flow()[1] or redirect(url_for(".begin"))
    if page.saved:
        db.session.commit()
    elif page.refused:
        db.session.rollback()
    return page.response


@bp.get("/vragenlijst/controleren")
@public
def check():
    """Check your answers, with a change link per question."""
    flow, stop = _response_flow()
    if stop is not None:
        return stop
    return check_page(flow, sent=flow.response.status == ResponseStatus.SUBMITTED)


@bp.post("/vragenlijst/versturen")
@public
def submit():
    """Send the answers; a second press or a retry gives the same confirmation."""
    response = session_state.current_response()
    if response is None:
        return _lost_session()
    if response.status == ResponseStatus.SUBMITTED:
        return redirect(url_for(".done"))
    form = PageForm()
    flow, stop = _response_flow()
    if stop is not None:
        return stop
    if not form.validate_on_submit():
        return redirect(flow.url("check"))
    try:
        operations.submit_response(response)
    except operations.MissingAnswersError as exc:
        db.session.rollback()
        return check_page(flow, missing=exc.steps)
    except operations.RespondError:
        db.session.rollback()
        return not_answering(response.survey, operations.answering_state(response.survey))
    db.session.commit()
    return redirect(url_for(".done"))


@bp.get("/vragenlijst/verstuurd")
@public
def done():
    """Confirmation: thank you, and what happens next."""
    response = session_state.current_response()
    if response is None or response.status != ResponseStatus.SUBMITTED:
        return redirect(url_for(".check")) if response is not None else _lost_session()
    return render_template(
        "respond/done.html",
        survey=response.survey,
        can_change=operations.may_change(response),
        closes_on=long_date(response.survey.closes_on),
    )


@bp.get("/vragenlijst/al-ingevuld")
@public
def already_sent():
    """The code was used to send answers already (online or on paper)."""
    response = session_state.current_response()
    if response is None:
        return _lost_session()
    return render_template(
        "respond/already_sent.html",
        survey=response.survey,
        on_paper=response.channel != Channel.ONLINE,
        can_change=operations.may_change(response),
        closes_on=long_date(response.survey.closes_on),
    )


@bp.post("/vragenlijst/taal")
@public
def language():
    """Switch the survey's language; the answers stay as they are."""
    form = PageForm()
    lang = request.form.get("lang", "")
    response = session_state.current_response()
    survey_languages = response.survey.languages if response else _survey_languages()
    if form.validate_on_submit() and lang in (survey_languages or []):
        session_state.set_language(lang)
        if response is not None and operations.may_change(response):
            operations.set_response_language(response, lang)
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for(".begin")))


def _survey_languages() -> list[str]:
    invitation = db.session.get(Invitation, session_state.state().get("invitation") or 0)
    return invitation.survey.languages if invitation else []


@bp.get("/vragenlijst/later-verder")
@public
def pause():
    """Stop for now: everything is saved; come back with the same code."""
    return render_template("respond/pause.html", form=PageForm())


@bp.post("/vragenlijst/afsluiten")
@public
def close_session():
    """Forget this browser's session (for a shared computer); the answers stay saved."""
    if PageForm().validate_on_submit():
        session_state.clear()
    return redirect(url_for(".home", afgesloten=1))


@bp.get("/privacy")
@public
def privacy():
    """What happens with the answers, in plain words."""
    return render_template("respond/privacy.html")

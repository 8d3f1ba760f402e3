"""What the respondent's browser session holds: only ids (survey, invitation, response) and
the chosen language. Answers live in the database, so losing the session loses nothing."""

from flask import current_app, session
from sqlalchemy.orm import joinedload

from consult.extensions import db
from surveys.languages import DEFAULT_LANGUAGE
from surveys.models import Response

KEY = "respond"


def begin(survey_id: int, *, invitation_id=None, response_id=None, lang=None) -> None:
    """Start a fresh respondent session (after a code or the open link was accepted)."""
    previous_lang = (session.get(KEY) or {}).get("lang")
    session.pop(KEY, None)
    session[KEY] = {
        "survey": survey_id,
        "invitation": invitation_id,
        "response": response_id,
        "lang": lang or previous_lang or session.get("lang") or DEFAULT_LANGUAGE,
    }
    session.permanent = True


def state() -> dict:
    """The respondent part of the session (empty when there is none)."""
    return session.get(KEY) or {}


def set_response(response: Response) -> None:
    """Bind the session to a response by its id."""
    current = dict(state())
    current["response"] = response.id
    current["survey"] = response.survey_id
    session[KEY] = current


def current_response() -> Response | None:
    """The response this browser works on, if any."""
    response_id = state().get("response")
    if not isinstance(response_id, int):
        return None
    # The survey comes along in the same query: every page needs it.
    return db.session.get(Response, response_id, options=[joinedload(Response.survey)])


def language() -> str:
    """The survey language chosen in this browser."""
    return state().get("lang") or session.get("lang") or DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Remember the survey language, and show the interface in it when we can (else English)."""
    current = dict(state())
    current["lang"] = lang
    session[KEY] = current
    available = current_app.config["LANGUAGES"]
    session["lang"] = lang if lang in available else ("en" if "en" in available else "nl")


def clear() -> None:
    """Forget the respondent session (for a shared computer)."""
    session.pop(KEY, None)

"""Respondent services: start a response, save the answer of each page, send the response.

Every page's answer is stored when the respondent presses "Volgende", so closing the phone or
losing the session loses nothing that was acknowledged. One counted response per household per
survey is enforced by the database (a partial unique index); two browsers of one household
starting at once end up in the same response. Sending is idempotent.
"""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from consult.database import utcnow
from consult.extensions import db
from surveys.errors import AnswerError, SurveyError
from surveys.invitations.models import Invitation
from surveys.languages import DEFAULT_LANGUAGE
from surveys.models import (
    Answer,
    AnswerState,
    Channel,
    Population,
    Question,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from surveys.qtypes import get_type
from surveys.respond.journey import Step, progress
from surveys.respond.structure import questions_of

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class RespondError(SurveyError):
    """Answering is not possible right now; the message says why, in plain words."""


class SurveyClosedError(RespondError):
    """The survey is closed: no more answers are taken (those given are kept)."""


class SurveyNotOpenError(RespondError):
    """The survey has not opened yet."""


class AlreadySentError(RespondError):
    """The response was sent and the survey does not allow changes (any more)."""


class MissingAnswersError(RespondError):
    """Questions that must be answered are still empty."""

    def __init__(self, steps: list[Step]):
        super().__init__(_l("Some questions still need an answer."))
        self.steps = steps


def local_today() -> date:
    """Today's date in the Netherlands (a survey closes at the end of its closing day)."""
    return datetime.now(AMSTERDAM).date()


def answering_state(survey: Survey, today: date | None = None) -> str:
    """ "open", "not_yet" or "closed": whether answers are taken today."""
    today = today or local_today()
    if survey.status in (SurveyStatus.CLOSED, SurveyStatus.ARCHIVED):
        return "closed"
    if survey.status != SurveyStatus.OPEN:
        return "not_yet"
    if survey.opens_on and today < survey.opens_on:
        return "not_yet"
    if survey.closes_on and today > survey.closes_on:
        return "closed"
    return "open"


def ensure_answering_open(survey: Survey, today: date | None = None) -> None:
    """SurveyClosedError or SurveyNotOpenError unless answers are taken today."""
    state = answering_state(survey, today)
    if state == "closed":
        raise SurveyClosedError(
            _l("This survey is closed. The answers you gave before are kept. Thank you.")
        )
    if state == "not_yet":
        raise SurveyNotOpenError(_l("This survey is not open yet."))


def counted_response(survey_id: int, household_id: int) -> Response | None:
    """The household's counted response to the survey (any channel), if there is one."""
    return db.session.scalar(
        select(Response).where(
            Response.survey_id == survey_id,
            Response.household_id == household_id,
            Response.counts.is_(True),
        )
    )


def start_response(
    invitation: Invitation, *, language: str = DEFAULT_LANGUAGE, today: date | None = None
) -> Response:
    """The household's response: the existing counted one, or a new online one."""
    survey = invitation.survey
    existing = counted_response(survey.id, invitation.household_id)
    if existing is not None:
        return existing
    ensure_answering_open(survey, today)
    now = utcnow()
    values = {
        "survey_id": survey.id,
        "household_id": invitation.household_id,
        "channel": Channel.ONLINE,
        "population": Population.TENANT,
        "status": ResponseStatus.IN_PROGRESS,
        "counts": True,
        "language": _language(survey, language),
        "started_at": now,
        "updated_at": now,
    }
    # One statement that cannot make a second counted response: when another browser of the
    # household started at the same moment, nothing is inserted and its response is used.
    stmt = (
        _insert(Response)
        .values(**values)
        .on_conflict_do_nothing(
            index_elements=["survey_id", "household_id"], index_where=_counted_predicate()
        )
    )
    inserted = db.session.execute(stmt).rowcount
    response = counted_response(survey.id, invitation.household_id)
    if inserted:
        log.info("response %s started online (survey %s)", response.id, survey.id)
    return response


def _counted_predicate():
    """The WHERE of the partial unique index uq_responses_counted_household, per database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return text("counts")
    return text("counts = 1")


def _insert(model):
    """INSERT with ON CONFLICT for the database in use (PostgreSQL or SQLite)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def start_open_response(
    survey: Survey, *, language: str = DEFAULT_LANGUAGE, today: date | None = None
) -> Response:
    """A new response through the survey's open link (no household; its own population)."""
    ensure_answering_open(survey, today)
    if not survey.open_link_enabled:
        raise SurveyClosedError(_l("This link does not work (any more)."))
    response = Response(
        survey_id=survey.id,
        household_id=None,
        channel=Channel.ONLINE,
        population=Population.OPEN_LINK,
        language=_language(survey, language),
    )
    db.session.add(response)
    db.session.flush()
    log.info("response %s started through the open link (survey %s)", response.id, survey.id)
    return response


def _language(survey: Survey, language: str) -> str:
    return language if language in (survey.languages or []) else DEFAULT_LANGUAGE


def stored_answers(response: Response) -> dict:
    """The response's answers by question key (None for a question left empty on purpose)."""
    rows = db.session.execute(
        select(Question.key, Answer.value)
        .join(Answer, Answer.question_id == Question.id)
        .where(Answer.response_id == response.id)
    ).all()
    return {key: value for key, value in rows}


def may_change(response: Response, today: date | None = None) -> bool:
    """Whether answers may still be changed: in progress, or sent when the survey allows it."""
    if answering_state(response.survey, today) != "open":
        return False
    if response.status == ResponseStatus.IN_PROGRESS:
        return response.channel == Channel.ONLINE
    return bool(response.survey.allow_changes_after_submit) and response.channel == Channel.ONLINE


def ensure_changeable(response: Response, today: date | None = None) -> None:
    """The error that explains why answers cannot be changed, if they cannot."""
    ensure_answering_open(response.survey, today)
    if not may_change(response, today):
        raise AlreadySentError(_l("You have already sent your answers. Thank you!"))


def save_answer(
    response: Response,
    question,
    raw,
    *,
    row: str | None = None,
    today: date | None = None,
):
    """Store the answer of one page (an upsert) and return the stored value; AnswerError when
    the answer is outside the question's domain.

    ``question`` is a Question or its read-only view (``surveys.respond.structure``).
    """
    ensure_changeable(response, today)
    if question.survey_id != response.survey_id:
        raise AnswerError(_l("This question is not part of the survey."))
    qtype = get_type(question.qtype)
    if question.required and qtype.is_empty(raw):
        raise AnswerError(_l("Give an answer to this question to go on."))
    previous = _stored_value(response.id, question.id) if qtype.web_rows(question) else None
    value = qtype.web_value(previous, raw, question, row)
    now = utcnow()
    state = AnswerState.ANSWERED if value is not None else AnswerState.NO_ANSWER
    stmt = _insert(Answer).values(
        response_id=response.id, question_id=question.id, value=value, state=state, updated_at=now
    )
    db.session.execute(
        stmt.on_conflict_do_update(
            index_elements=["response_id", "question_id"],
            set_={"value": stmt.excluded.value, "state": state, "updated_at": now},
        )
    )
    return value


def _stored_value(response_id: int, question_id: int):
    """The stored value of a question (a matrix merges each statement into it)."""
    return db.session.scalar(
        select(Answer.value)
        .where(Answer.response_id == response_id, Answer.question_id == question_id)
        .with_for_update()
    )


def missing_required(response: Response) -> list[Step]:
    """Shown steps of required questions that have no answer yet."""
    stored = stored_answers(response)
    missing = []
    for step in progress(questions_of(response.survey), stored).steps:
        if not step.question.required:
            continue
        qtype = get_type(step.question.qtype)
        if not qtype.web_display(stored.get(step.question.key), step.question, row=step.row_code):
            missing.append(step)
    return missing


def submit_response(response: Response, *, today: date | None = None) -> bool:
    """Send the response; True when it was sent now, False when it had been sent already."""
    if response.status == ResponseStatus.SUBMITTED:
        return False
    ensure_answering_open(response.survey, today)
    missing = missing_required(response)
    if missing:
        raise MissingAnswersError(missing)
    now = utcnow()
    result = db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.status == ResponseStatus.IN_PROGRESS)
        .values(status=ResponseStatus.SUBMITTED, submitted_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(response, ["status", "submitted_at", "updated_at"])
    if result.rowcount:
        log.info("response %s sent", response.id)
        return True
    return False


def set_response_language(response: Response, language: str) -> None:
    """Remember the language the respondent chose (a language of the survey)."""
    if language in (response.survey.languages or []) and response.language != language:
        response.language = language
        db.session.flush()

"""One household, one counted response: the duplicate rule shared by every channel.

A household may answer online and on paper, or send two paper forms. Every response is
kept; ``settle_household`` decides which one counts (``counts = true``) after any response
of the household is completed, whatever its channel. The survey's ``dedup_rule`` says how:

- ``first_complete`` (default): the response that was completed first counts;
- ``last_complete``: the most recently completed response counts;
- ``online_first`` / ``paper_first``: a complete response of that channel wins, else the
  first complete one.

A household with more than one complete response becomes a ``DuplicateCase`` that the board
sees; a coordinator can let another response count, which is recorded in the audit log and
then sticks. The partial unique index on responses allows one counted response per household,
so the old one is always unset and flushed before the new one is set.

A channel that creates a response sets ``counts = may_count_now(...)``; the online flow calls
``settle_household(survey, household_id)`` after a response is sent, keying and scanning call
it when a paper form is accepted.
"""

import logging
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys.errors import SurveyError
from surveys.models import Channel, DuplicateCase, Response, ResponseStatus, Survey

log = logging.getLogger(__name__)

RULES = ("first_complete", "last_complete", "online_first", "paper_first")
RULE_LABELS = {
    "first_complete": _l("The response that was completed first counts"),
    "last_complete": _l("The response that was completed last counts"),
    "online_first": _l("An online response counts before a paper one"),
    "paper_first": _l("A paper response counts before an online one"),
}
PAPER = (Channel.KEYED, Channel.SCANNED)


def _completed(response: Response):
    return (response.submitted_at or response.updated_at, response.id)


def pick_counted(rule: str, complete: list[Response]) -> Response:
    """The complete response that counts under a rule (an unknown rule: first complete)."""
    ordered = sorted(complete, key=_completed)
    if rule == "last_complete":
        return ordered[-1]
    if rule == "online_first":
        preferred = [r for r in ordered if r.channel == Channel.ONLINE]
        return (preferred or ordered)[0]
    if rule == "paper_first":
        preferred = [r for r in ordered if r.channel in PAPER]
        return (preferred or ordered)[0]
    return ordered[0]


def may_count_now(survey_id: int, household_id: int | None) -> bool:
    """Whether a new response of the household may start as the counted one (none counts yet).

    Channels use this for the ``counts`` of a response they create, so the partial unique
    index is never hit; ``settle_household`` decides for good once a response is complete.
    """
    if household_id is None:
        return True
    return not db.session.scalar(
        select(Response.id).where(
            Response.survey_id == survey_id,
            Response.household_id == household_id,
            Response.counts.is_(True),
        )
    )


def household_responses(survey_id: int, household_id: int) -> list[Response]:
    """All responses of a household to a survey, locked for the rest of the transaction."""
    stmt = (
        select(Response)
        .where(Response.survey_id == survey_id, Response.household_id == household_id)
        .order_by(Response.id)
        .with_for_update()
    )
    return list(db.session.scalars(stmt))


def settle_household(survey: Survey, household_id: int | None, *, by=None) -> Response | None:
    """Decide which of the household's responses counts; returns it (None: no household)."""
    if household_id is None:
        return None
    responses = household_responses(survey.id, household_id)
    complete = [r for r in responses if r.status == ResponseStatus.SUBMITTED]
    case = _case(survey.id, household_id)
    chosen = case.chosen_response_id if case else None
    if chosen in {r.id for r in complete}:
        winner = next(r for r in complete if r.id == chosen)
    elif complete:
        winner = pick_counted(survey.dedup_rule, complete)
    else:
        return next((r for r in responses if r.counts), None)
    _set_counted(responses, winner)
    if len(complete) > 1 and case is None:
        db.session.add(DuplicateCase(survey_id=survey.id, household_id=household_id))
        db.session.flush()
        record_event(
            "response.duplicate_detected",
            actor=by,
            target=survey,
            household_id=household_id,
            responses=[r.id for r in complete],
            counted=winner.id,
        )
        log.info("survey %s: household has %d complete responses", survey.id, len(complete))
    return winner


def _case(survey_id: int, household_id: int) -> DuplicateCase | None:
    return db.session.scalar(
        select(DuplicateCase).where(
            DuplicateCase.survey_id == survey_id, DuplicateCase.household_id == household_id
        )
    )


def _set_counted(responses: Iterable[Response], winner: Response) -> None:
    """Unset every other response first (the unique index allows one), then set the winner."""
    changed = False
    for response in responses:
        if response is not winner and response.counts:
            response.counts = False
            changed = True
    if changed:
        db.session.flush()
    if not winner.counts:
        winner.counts = True
        db.session.flush()


def choose_counted(case: DuplicateCase, response: Response, *, by) -> None:
    """A coordinator lets another complete response of the household count."""
    if response.survey_id != case.survey_id or response.household_id != case.household_id:
        raise SurveyError(_l("This response is not one of this household's responses."))
    if response.status != ResponseStatus.SUBMITTED:
        raise SurveyError(_l("Only a complete response can count."))
    responses = household_responses(case.survey_id, case.household_id)
    before = next((r.id for r in responses if r.counts), None)
    case.chosen_response_id = response.id
    case.reviewed_by_id = getattr(by, "id", None)
    case.reviewed_at = utcnow()
    _set_counted(responses, next(r for r in responses if r.id == response.id))
    record_event(
        "response.counted_changed",
        actor=by,
        target=db.session.get(Survey, case.survey_id),
        household_id=case.household_id,
        counted_before=before,
        counted_now=response.id,
    )


def confirm_case(case: DuplicateCase, *, by) -> None:
    """A coordinator agrees with the response the rule let count."""
    case.reviewed_by_id = getattr(by, "id", None)
    case.reviewed_at = utcnow()
    counted = db.session.scalar(
        select(Response.id).where(
            Response.survey_id == case.survey_id,
            Response.household_id == case.household_id,
            Response.counts.is_(True),
        )
    )
    case.chosen_response_id = counted
    db.session.flush()
    record_event(
        "response.duplicate_reviewed",
        actor=by,
        target=db.session.get(Survey, case.survey_id),
        household_id=case.household_id,
        counted=counted,
    )

"""Where a paper's parts come from besides the results: the board's positions and the
letters sent for a survey."""

from sqlalchemy import func, or_, select

from analysis.positions.paper import paper_positions
from consult.extensions import db
from surveys.models import Survey
from surveys.paper.models import BatchStatus, LetterBatch


def positions_for(survey_id: int, gemeente_id: int | None, scope=None) -> dict:
    """The adopted positions, the bod with its reactions and last year's look-back for one
    gemeente (None: koepel-wide, with the figures of the gemeenten in ``scope``; None: all):
    keys ``decision``, ``positions``, ``bod`` and ``lookback``."""
    return paper_positions(survey_id, gemeente_id, scope)


def letters_sent(survey_id: int, gemeente_ids: list[int]) -> dict[str, int]:
    """Letters written for the survey to these gemeenten: first letters and reminders.

    Batches for all gemeenten at once (no gemeente) are counted only in a koepel-wide paper
    of every gemeente, since they cannot be split by gemeente afterwards.
    """
    stmt = (
        select(LetterBatch.reminder, func.coalesce(func.sum(LetterBatch.household_count), 0))
        .where(LetterBatch.survey_id == survey_id, LetterBatch.status == BatchStatus.READY)
        .group_by(LetterBatch.reminder)
    )
    chosen = LetterBatch.gemeente_id.in_(gemeente_ids)
    survey = db.session.get(Survey, survey_id)
    if survey is not None and {g.id for g in survey.gemeenten} <= set(gemeente_ids):
        chosen = or_(chosen, LetterBatch.gemeente_id.is_(None))  # batches for all at once
    stmt = stmt.where(chosen)
    counts = dict(db.session.execute(stmt).all())
    return {"letters": int(counts.get(False, 0)), "reminders": int(counts.get(True, 0))}

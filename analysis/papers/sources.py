"""Where a paper's parts come from besides the results: the board's positions (from the
positions package, when it is installed) and the letters sent for a survey."""

import importlib
import importlib.util

from sqlalchemy import func, select

from consult.extensions import db
from surveys.paper.models import BatchStatus, LetterBatch

POSITIONS_MODULE = "analysis.positions.paper"


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent package is not there either
        return False


def positions_for(survey_id: int, gemeente_id: int | None) -> dict | None:
    """The adopted positions, the bod with its reactions and last year's look-back for one
    gemeente (None: koepel-wide), or None while no positions can be recorded yet.

    The shape is that of ``analysis.positions.paper.paper_positions``: keys ``decision``,
    ``positions``, ``bod`` and ``lookback``.
    """
    if not _module_exists(POSITIONS_MODULE):
        return None
    module = importlib.import_module(POSITIONS_MODULE)
    return module.paper_positions(survey_id, gemeente_id)


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
    stmt = stmt.where(LetterBatch.gemeente_id.in_(gemeente_ids))
    counts = dict(db.session.execute(stmt).all())
    return {"letters": int(counts.get(False, 0)), "reminders": int(counts.get(True, 0))}

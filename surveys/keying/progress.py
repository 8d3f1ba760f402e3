"""Keying progress for coordinators: forms keyed per volunteer per day, forms waiting for a
second entry, open differences and duplicates to review."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.households.models import households_in
from consult.users.models import User
from surveys.invitations.models import Invitation
from surveys.invitations.operations import clear_code
from surveys.keying.models import KeyedForm, KeyedStatus, KeyingEntry
from surveys.models import DuplicateCase, Response, Survey
from surveys.paper.render import serial_label

WAITING = (KeyedStatus.WAITING,)
UNFINISHED = (KeyedStatus.KEYING, KeyedStatus.SECOND)


@dataclass(frozen=True)
class DayCount:
    """Entries one volunteer finished on one day."""

    day: date
    name: str
    entries: int


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))


def visible(scope_ids):
    """Keyed forms a user with these gemeenten may see: their households' and blank forms."""
    return households_in(KeyedForm.household_id, scope_ids, blank_allowed=True)


def keyed_per_day(survey: Survey, limit_days: int = 31, scope_ids=None) -> list[DayCount]:
    """Finished entries per volunteer per (local) day, newest day first."""
    rows = db.session.execute(
        select(KeyingEntry.finished_at, User.name)
        .join(KeyedForm, KeyedForm.id == KeyingEntry.keyed_form_id)
        .outerjoin(User, User.id == KeyingEntry.entered_by_id)
        .where(KeyedForm.survey_id == survey.id, KeyingEntry.finished_at.is_not(None))
        .where(visible(scope_ids))
    )
    zone = _zone()
    counts = Counter((when.astimezone(zone).date(), name or "?") for when, name in rows)
    days = sorted({day for day, _name in counts}, reverse=True)[:limit_days]
    return [
        DayCount(day, name, counts[(day, name)])
        for day in days
        for name in sorted(n for d, n in counts if d == day)
    ]


@dataclass(frozen=True)
class DayTable:
    """Finished entries per day (rows) and volunteer (columns), with totals."""

    volunteers: list[str]
    rows: list[tuple[date, list[int], int]]  # day, entries per volunteer, day total
    totals: list[int]
    total: int


def keyed_table(survey: Survey, limit_days: int = 31, scope_ids=None) -> DayTable:
    """The per-day counts as a table: one row per day, one column per volunteer."""
    counts = keyed_per_day(survey, limit_days, scope_ids)
    volunteers = sorted({c.name for c in counts})
    by_day: dict[date, dict[str, int]] = {}
    for count in counts:
        by_day.setdefault(count.day, {})[count.name] = count.entries
    rows = [
        (day, [per.get(name, 0) for name in volunteers], sum(per.values()))
        for day, per in by_day.items()
    ]
    totals = [sum(row[1][i] for row in rows) for i in range(len(volunteers))]
    return DayTable(volunteers, rows, totals, sum(totals))


def form_codes(survey: Survey, forms: list[KeyedForm]) -> dict[int, str]:
    """What is printed on each form: the household's code, or a blank form's number."""
    households = [f.household_id for f in forms if f.household_id is not None]
    invitations = {
        i.household_id: i
        for i in db.session.scalars(
            select(Invitation).where(
                Invitation.survey_id == survey.id, Invitation.household_id.in_(households)
            )
        )
    }
    labels = {}
    for form in forms:
        if form.serial is not None:
            labels[form.id] = serial_label(survey.id, form.serial)
        elif form.household_id in invitations:
            labels[form.id] = clear_code(invitations[form.household_id])
        else:
            labels[form.id] = "?"
    return labels


def status_counts(survey: Survey, scope_ids=None) -> dict[str, int]:
    """Number of keyed forms per status, and of duplicates still to review."""
    counts = dict.fromkeys((s.value for s in KeyedStatus), 0)
    rows = db.session.execute(
        select(KeyedForm.status, func.count(KeyedForm.id))
        .where(KeyedForm.survey_id == survey.id, visible(scope_ids))
        .group_by(KeyedForm.status)
    )
    for status, number in rows:
        counts[KeyedStatus(status).value] = number
    counts["duplicates_open"] = db.session.scalar(
        select(func.count(DuplicateCase.id)).where(
            DuplicateCase.survey_id == survey.id,
            DuplicateCase.reviewed_at.is_(None),
            households_in(DuplicateCase.household_id, scope_ids),
        )
    )
    counts["flagged"] = sum(
        1
        for flags in db.session.scalars(
            select(KeyedForm.flags).where(KeyedForm.survey_id == survey.id, visible(scope_ids))
        )
        if flags
    )
    return counts


def forms_in(
    survey: Survey, *statuses: KeyedStatus, scope_ids=None, limit: int = 200
) -> list[KeyedForm]:
    """Keyed forms with one of the statuses, oldest first."""
    return list(
        db.session.scalars(
            select(KeyedForm)
            .where(KeyedForm.survey_id == survey.id, KeyedForm.status.in_(statuses))
            .where(visible(scope_ids))
            .options(selectinload(KeyedForm.entries).selectinload(KeyingEntry.entered_by))
            .order_by(KeyedForm.created_at)
            .limit(limit)
        )
    )


def duplicate_cases(
    survey: Survey, *, scope_ids=None, open_only: bool = False
) -> list[DuplicateCase]:
    """Households with more than one complete response, open ones first."""
    stmt = select(DuplicateCase).where(
        DuplicateCase.survey_id == survey.id, households_in(DuplicateCase.household_id, scope_ids)
    )
    if open_only:
        stmt = stmt.where(DuplicateCase.reviewed_at.is_(None))
    stmt = stmt.order_by(DuplicateCase.reviewed_at.is_not(None), DuplicateCase.detected_at)
    return list(db.session.scalars(stmt))


def my_entries_today(survey: Survey, user) -> int:
    """Entries the volunteer finished today (local time), for a word of encouragement."""
    zone = _zone()
    today = datetime.now(zone).date()
    start = datetime.combine(today, time.min, zone).astimezone(UTC)
    return db.session.scalar(
        select(func.count(KeyingEntry.id))
        .join(KeyedForm, KeyedForm.id == KeyingEntry.keyed_form_id)
        .where(
            KeyedForm.survey_id == survey.id,
            KeyingEntry.entered_by_id == user.id,
            KeyingEntry.finished_at >= start,
        )
    )


def case_responses(case: DuplicateCase) -> list[Response]:
    """The responses of a duplicate case's household, oldest first."""
    return list(
        db.session.scalars(
            select(Response)
            .where(Response.survey_id == case.survey_id, Response.household_id == case.household_id)
            .order_by(Response.started_at, Response.id)
        )
    )

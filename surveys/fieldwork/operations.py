"""Fieldwork figures: per gemeente the households, codes, responses per channel, response
rate and responses started but not sent; the same per age band; and the open link.

Only counted responses of tenant households are in the rates; open-link responses are a
separate population. Everything is computed on each page load (live), in a few grouped
queries that stay fast for 25 000 households.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import AGE_BANDS, Household
from surveys.invitations.models import Invitation
from surveys.models import (
    Channel,
    Population,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
    survey_gemeente,
)

CHANNELS = (Channel.ONLINE, Channel.KEYED, Channel.SCANNED)


@dataclass
class Row:
    """Figures of one group (a gemeente, an age band, or the total)."""

    label: str
    gemeente_id: int | None = None
    households: int = 0
    invitations: int = 0
    sent: dict = field(default_factory=lambda: {c.value: 0 for c in CHANNELS})
    started: int = 0

    @property
    def submitted(self) -> int:
        """Responses sent through any channel."""
        return sum(self.sent.values())

    @property
    def base(self) -> int:
        """What the rate is a share of: the invited households, else all households."""
        return self.invitations or self.households

    @property
    def rate(self) -> float | None:
        """Responses sent as a share of the base; None when there is no base."""
        return self.submitted / self.base if self.base else None

    @property
    def without_code(self) -> int:
        """Households that have no code yet."""
        return max(self.households - self.invitations, 0)

    def add(self, other: "Row") -> None:
        """Add another group's figures to this one."""
        self.households += other.households
        self.invitations += other.invitations
        self.started += other.started
        for channel, count in other.sent.items():
            self.sent[channel] += count


@dataclass
class Fieldwork:
    """The fieldwork figures of a survey within one user's gemeente scope."""

    gemeenten: list[Row]
    age_bands: list[Row]
    total: Row
    open_link_sent: int | None
    open_link_started: int | None


def _in_scope(survey: Survey, scope_ids):
    stmt = select(survey_gemeente.c.gemeente_id).where(survey_gemeente.c.survey_id == survey.id)
    if scope_ids is not None:
        stmt = stmt.where(survey_gemeente.c.gemeente_id.in_(sorted(scope_ids)))
    return stmt


def fieldwork_figures(survey: Survey, scope_ids=None) -> Fieldwork:
    """The figures of a survey for the gemeenten in scope (None: every gemeente)."""
    gemeente_ids = _in_scope(survey, scope_ids)
    gemeenten = db.session.execute(
        select(Gemeente.id, Gemeente.name)
        .where(Gemeente.id.in_(gemeente_ids))
        .order_by(Gemeente.name)
    ).all()
    by_gemeente = {gid: Row(label=name, gemeente_id=gid) for gid, name in gemeenten}
    _fill(by_gemeente, Household.gemeente_id, survey, gemeente_ids)
    bands = {band: Row(label=band) for band in AGE_BANDS}
    bands[None] = Row(label="")
    _fill(bands, Household.age_band, survey, gemeente_ids)
    total = Row(label="")
    for row in by_gemeente.values():
        total.add(row)
    open_sent = open_started = None
    if scope_ids is None:
        open_sent, open_started = _open_link(survey)
    return Fieldwork(
        gemeenten=list(by_gemeente.values()),
        age_bands=[row for row in bands.values() if row.households or row.submitted],
        total=total,
        open_link_sent=open_sent,
        open_link_started=open_started,
    )


def _fill(rows: dict, group, survey: Survey, gemeente_ids) -> None:
    """Households, codes and responses per group (a Household column)."""
    in_scope = Household.gemeente_id.in_(gemeente_ids)
    for key, count in db.session.execute(
        select(group, func.count(Household.id)).where(Household.active, in_scope).group_by(group)
    ):
        if key in rows:
            rows[key].households = count
    for key, count in db.session.execute(
        select(group, func.count(Invitation.id))
        .join(Household, Household.id == Invitation.household_id)
        .where(Invitation.survey_id == survey.id, in_scope)
        .group_by(group)
    ):
        if key in rows:
            rows[key].invitations = count
    counts = defaultdict(int)
    for key, channel, status, count in db.session.execute(
        select(group, Response.channel, Response.status, func.count(Response.id))
        .join(Household, Household.id == Response.household_id)
        .where(Response.survey_id == survey.id, Response.counts.is_(True), in_scope)
        .group_by(group, Response.channel, Response.status)
    ):
        counts[(key, Channel(channel), ResponseStatus(status))] += count
    for (key, channel, status), count in counts.items():
        if key not in rows:
            continue
        if status == ResponseStatus.SUBMITTED:
            rows[key].sent[channel.value] += count
        elif channel == Channel.ONLINE:
            rows[key].started += count


def _open_link(survey: Survey) -> tuple[int, int]:
    counts = dict(
        db.session.execute(
            select(Response.status, func.count(Response.id))
            .where(Response.survey_id == survey.id, Response.population == Population.OPEN_LINK)
            .group_by(Response.status)
        ).all()
    )
    return counts.get(ResponseStatus.SUBMITTED, 0), counts.get(ResponseStatus.IN_PROGRESS, 0)


def surveys_with_fieldwork() -> list[Survey]:
    """Surveys that are open or were open (newest first): those with fieldwork to follow."""
    return list(
        db.session.scalars(
            select(Survey)
            .where(Survey.status != SurveyStatus.DRAFT)
            .order_by(Survey.year.desc(), Survey.id)
        )
    )

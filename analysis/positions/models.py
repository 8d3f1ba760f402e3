"""Tables of positions: a position with its SMART fields and workflow, the questions it rests
on, the corporation's bod with its items and the board's reaction, and dismissed suggestions.

Evidence stores which question a position rests on and the wording it had when it was linked,
never a figure: figures are read live from the results, so a paper cannot cite a number that
is not in the data.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Column,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import scope
from consult.database import Base, UTCDateTime, utcnow
from consult.gemeenten.models import Corporation, Gemeente
from consult.users.models import User
from surveys.models import Question, Survey

TITLE_MAX = 200
FIELD_MAX = 2000  # a SMART field
TEXT_MAX = 100_000  # a position text (5 000 words fit easily)


def _enum(cls, length: int = 20):
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class PositionType(StrEnum):
    """The kind of agreement a position asks for (domain §4.3)."""

    INTENTION = "intentie"
    PROCESS = "procesafspraak"
    QUALITATIVE = "kwalitatief"
    QUANTITATIVE = "kwantitatief"


class PositionStatus(StrEnum):
    """Where a position is in its yearly cycle, in order."""

    CONCEPT = "concept"
    PROPOSED = "proposed"
    ADOPTED = "adopted"
    BROUGHT_IN = "brought_in"
    OUTCOME = "outcome"  # the agreements are known
    EVALUATED = "evaluated"  # next year: its realisation is known


class Outcome(StrEnum):
    """What became of a position in the prestatieafspraken."""

    AGREED = "agreed"
    PARTLY = "partly"
    NOT = "not"
    DIFFERENTLY = "differently"


class Realisation(StrEnum):
    """How the agreement was carried out, judged the next year."""

    REALISED = "realised"
    PARTLY = "partly"
    NOT = "not"
    ONGOING = "ongoing"


class Reaction(StrEnum):
    """The board's reaction to one item of the bod."""

    AGREE = "agree"
    ASK_MORE = "ask_more"
    DISAGREE = "disagree"
    MISSING = "missing"  # something tenants asked for that the bod does not offer


class Position(Base):
    """One position of the huurdersorganisatie for a survey's year, for one gemeente or (no
    gemeente) for the whole koepel, with local figures per gemeente."""

    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int | None] = mapped_column(
        ForeignKey("gemeenten.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    text: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[PositionType] = mapped_column(_enum(PositionType), default=PositionType.INTENTION)
    what: Mapped[str] = mapped_column(Text, default="")
    who: Mapped[str] = mapped_column(Text, default="")
    how_much: Mapped[str] = mapped_column(Text, default="")
    by_when: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(Text, default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")
    negotiable: Mapped[bool] = mapped_column(default=True)
    offer: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PositionStatus] = mapped_column(
        _enum(PositionStatus), default=PositionStatus.CONCEPT
    )
    adopted_on: Mapped[date | None]
    decision_reference: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    adopted_by: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    agreement: Mapped[str] = mapped_column(Text, default="")
    realisation: Mapped[Realisation | None] = mapped_column(_enum(Realisation))
    realisation_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    survey: Mapped[Survey] = relationship()
    gemeente: Mapped[Gemeente | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    evidence: Mapped[list["PositionEvidence"]] = relationship(
        back_populates="position", cascade="all, delete-orphan", order_by="PositionEvidence.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def audit_name(self) -> str:
        return self.title


class PositionEvidence(Base):
    """A question a position rests on, and its wording when it was linked (no figure)."""

    __tablename__ = "position_evidence"
    __table_args__ = (UniqueConstraint("position_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    # SET NULL: a question removed from the survey leaves the link, so the page can say so.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(Text, default="")  # the question text when linked
    wording: Mapped[str] = mapped_column(Text, default="")  # all its texts, to see changes
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    position: Mapped[Position] = relationship(back_populates="evidence")
    question: Mapped[Question | None] = relationship()


class DismissedSuggestion(Base):
    """A draft suggestion the board set aside, so that it is not offered again."""

    __tablename__ = "dismissed_suggestions"
    __table_args__ = (UniqueConstraint("survey_id", "gemeente_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Bod(Base):
    """A corporation's yearly bod for one gemeente, with its letter (a PDF kept outside the
    web root under ``file_token``) and the date the board's reaction is due."""

    __tablename__ = "bods"
    __table_args__ = (UniqueConstraint("gemeente_id", "year", "corporation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(
        ForeignKey("gemeenten.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int]
    corporation_id: Mapped[int | None] = mapped_column(
        ForeignKey("corporations.id", ondelete="SET NULL")
    )
    received_on: Mapped[date | None]
    reaction_due: Mapped[date | None]
    file_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(TITLE_MAX), default="")
    file_size: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    gemeente: Mapped[Gemeente] = relationship()
    corporation: Mapped[Corporation | None] = relationship()
    items: Mapped[list["BodItem"]] = relationship(
        back_populates="bod", cascade="all, delete-orphan", order_by="BodItem.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def audit_name(self) -> str:
        return f"{self.gemeente.name} {self.year}"


bod_item_positions = Table(
    "bod_item_positions",
    Base.metadata,
    Column("item_id", Integer, ForeignKey("bod_items.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "position_id",
        Integer,
        ForeignKey("positions.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class BodItem(Base):
    """What the corporation offers on one theme, and the board's reaction to it."""

    __tablename__ = "bod_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    bod_id: Mapped[int] = mapped_column(ForeignKey("bods.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(40))
    offer: Mapped[str] = mapped_column(Text, default="")
    numbers: Mapped[str] = mapped_column(String(FIELD_MAX), default="")
    reaction: Mapped[Reaction | None] = mapped_column(_enum(Reaction))
    reaction_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    bod: Mapped[Bod] = relationship(back_populates="items")
    positions: Mapped[list[Position]] = relationship(secondary=bod_item_positions)

    __mapper_args__ = {"version_id_col": version}


def _position_gemeenten(position: Position) -> list[int]:
    if position.gemeente_id is not None:
        return [position.gemeente_id]
    return [g.id for g in position.survey.gemeenten]


scope.register(
    "position_id",
    Position,
    _position_gemeenten,
    shared=lambda position: position.gemeente_id is None,  # koepel-wide: the whole board's
    parent=("survey_id", lambda position: position.survey_id),
    owner=lambda position: position.created_by_id,
)
scope.register(
    "evidence_id",
    PositionEvidence,
    lambda evidence: _position_gemeenten(evidence.position),
    shared=lambda evidence: evidence.position.gemeente_id is None,
    parent=("position_id", lambda evidence: evidence.position_id),
)
scope.register(
    "bod_id", Bod, lambda bod: [bod.gemeente_id], parent=("gemeente_id", lambda b: b.gemeente_id)
)
scope.register(
    "item_id",
    BodItem,
    lambda item: [item.bod.gemeente_id],
    parent=("bod_id", lambda item: item.bod_id),
)

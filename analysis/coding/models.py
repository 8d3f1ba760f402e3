"""Tables of open-answer coding: a survey's codebook, the codes given to each open answer, and
whether an answer may be quoted.

A coded answer is keyed on (response, question), so it never copies the answer text: the text
is read through ``analysis.data`` like every other answer. A quote is shown in results and
papers only in the form a person approved (``quote_text``), never straight from the answer.
"""

from datetime import datetime
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
from consult.users.models import User
from surveys.models import Survey

LABEL_MAX = 80


class QuoteState(StrEnum):
    """Whether a coded answer may be quoted."""

    NONE = "none"  # not proposed as a quote
    PROPOSED = "proposed"  # the coder proposed it; a person must still check it
    APPROVED = "approved"  # checked: ``quote_text`` may be shown
    REJECTED = "rejected"  # checked and not to be quoted


class AnswerCode(Base):
    """One code of a survey's codebook, grouped by theme."""

    __tablename__ = "answer_codes"
    __table_args__ = (UniqueConstraint("survey_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str | None] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship()


coded_answer_codes = Table(
    "coded_answer_codes",
    Base.metadata,
    Column(
        "coded_answer_id",
        Integer,
        ForeignKey("coded_answers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "code_id",
        Integer,
        ForeignKey("answer_codes.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class CodedAnswer(Base):
    """The codes one open answer got (none: read, nothing applies), and its quote state."""

    __tablename__ = "coded_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    coded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    coded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    quote: Mapped[QuoteState] = mapped_column(
        Enum(
            QuoteState, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e]
        ),
        default=QuoteState.NONE,
    )
    quote_text: Mapped[str | None] = mapped_column(Text)
    quote_checked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    quote_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    codes: Mapped[list[AnswerCode]] = relationship(secondary=coded_answer_codes)
    coded_by: Mapped[User | None] = relationship(foreign_keys=[coded_by_id])
    quote_checked_by: Mapped[User | None] = relationship(foreign_keys=[quote_checked_by_id])

    __mapper_args__ = {"version_id_col": version}


def _survey_gemeenten(code: AnswerCode) -> list[int]:
    return [g.id for g in code.survey.gemeenten]


scope.register(
    "code_id",
    AnswerCode,
    _survey_gemeenten,
    shared=True,
    parent=("survey_id", lambda code: code.survey_id),
    owner=lambda code: code.survey.created_by_id,
)

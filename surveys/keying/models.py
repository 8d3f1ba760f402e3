"""Tables of volunteer keying: a keyed paper form, its one or two entries, the differences
between two entries, and households with more than one complete response."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import scope
from consult.database import Base, UTCDateTime, utcnow
from consult.households.models import Household
from consult.users.models import User
from surveys.models import Response, Survey


class KeyedStatus(StrEnum):
    """Where a returned paper form is in keying."""

    KEYING = "keying"  # first entry started, not finished
    WAITING = "waiting_second"  # finished once, a second volunteer must key it again
    SECOND = "second_keying"  # second entry started
    DIFFERENCES = "differences"  # the two entries differ; a coordinator decides
    ACCEPTED = "accepted"  # keyed (and checked): the response is complete


class KeyedForm(Base):
    """One returned paper form (household code or blank-form serial) and its response."""

    __tablename__ = "keyed_forms"
    __table_args__ = (
        UniqueConstraint("survey_id", "household_id", "copy"),
        UniqueConstraint("survey_id", "serial"),
        CheckConstraint("(household_id IS NULL) <> (serial IS NULL)", name="code_or_serial"),
        CheckConstraint("copy >= 1", name="copy_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    serial: Mapped[int | None]
    copy: Mapped[int] = mapped_column(default=1)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    status: Mapped[KeyedStatus] = mapped_column(
        Enum(
            KeyedStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=KeyedStatus.KEYING,
        index=True,
    )
    double_entry: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    flags: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    survey: Mapped[Survey] = relationship()
    household: Mapped[Household | None] = relationship()
    response: Mapped[Response] = relationship()
    entries: Mapped[list["KeyingEntry"]] = relationship(
        back_populates="form",
        order_by="KeyingEntry.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    differences: Mapped[list["KeyingDifference"]] = relationship(
        back_populates="form", cascade="all, delete-orphan", passive_deletes=True
    )

    def entry(self, number: int) -> "KeyingEntry | None":
        """The first or second entry, if started."""
        return next((e for e in self.entries if e.number == number), None)


class KeyingEntry(Base):
    """What one volunteer typed for a form: the text per field and what it means per question."""

    __tablename__ = "keying_entries"
    __table_args__ = (
        UniqueConstraint("keyed_form_id", "number"),
        CheckConstraint("number IN (1, 2)", name="number_first_or_second"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    keyed_form_id: Mapped[int] = mapped_column(ForeignKey("keyed_forms.id", ondelete="CASCADE"))
    number: Mapped[int]
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    typed: Mapped[dict] = mapped_column(JSON, default=dict)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    form: Mapped[KeyedForm] = relationship(back_populates="entries")
    entered_by: Mapped[User | None] = relationship()


class KeyingDifference(Base):
    """A question the two entries read differently, and the coordinator's decision."""

    __tablename__ = "keying_differences"
    __table_args__ = (UniqueConstraint("keyed_form_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    keyed_form_id: Mapped[int] = mapped_column(ForeignKey("keyed_forms.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(80))
    first: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    second: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    chosen: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    blame: Mapped[str | None] = mapped_column(String(10))  # first, second, both
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    form: Mapped[KeyedForm] = relationship(back_populates="differences")
    resolved_by: Mapped[User | None] = relationship()


def _form_gemeenten(form: KeyedForm) -> list[int]:
    if form.household is not None:
        return [form.household.gemeente_id]
    return [g.id for g in form.survey.gemeenten]  # a blank form: the survey's


def _blank(form: KeyedForm) -> bool:
    return form.household_id is None


scope.register(
    "form_id",
    KeyedForm,
    _form_gemeenten,
    shared=_blank,
    parent=("survey_id", lambda form: form.survey_id),
    owner=lambda form: form.survey.created_by_id,
)
scope.register(
    "entry_id",
    KeyingEntry,
    lambda entry: _form_gemeenten(entry.form),
    shared=lambda entry: _blank(entry.form),
    parent=("survey_id", lambda entry: entry.form.survey_id),
    owner=lambda entry: entry.entered_by_id,
)

"""Tables of the paper channel: per-survey letter and keying settings, saved form layouts,
blank-form serial ranges, and generated letter batches."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import scope
from consult.database import Base, UTCDateTime, utcnow
from consult.gemeenten.models import Gemeente
from consult.users.models import User
from surveys.models import Survey


def _enum(cls, length: int = 20) -> Enum:
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class DoubleEntry(StrEnum):
    """Whether returned forms are keyed twice: never, always, or a random share."""

    OFF = "off"
    ALL = "all"
    SAMPLE = "sample"


class PaperSettings(Base):
    """A survey's letter texts per language, sender details and double-entry choice."""

    __tablename__ = "paper_settings"
    __table_args__ = (
        CheckConstraint("double_entry_percent BETWEEN 1 AND 100", name="double_entry_percent"),
        CheckConstraint("next_serial >= 1", name="next_serial_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), unique=True
    )
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    sender_name: Mapped[str | None] = mapped_column(String(200))
    sender_address: Mapped[str | None] = mapped_column(Text)
    help_phone: Mapped[str | None] = mapped_column(String(40))
    double_entry: Mapped[DoubleEntry] = mapped_column(_enum(DoubleEntry), default=DoubleEntry.OFF)
    double_entry_percent: Mapped[int] = mapped_column(default=10)
    next_serial: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    survey: Mapped[Survey] = relationship()


class PaperLayout(Base):
    """The layout file of one printed form variant, kept for reading scans of it."""

    __tablename__ = "paper_layouts"
    __table_args__ = (
        UniqueConstraint("survey_id", "survey_version", "language", "large_print", "revision"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("page_count >= 1", name="page_count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    survey_version: Mapped[int]
    language: Mapped[str] = mapped_column(String(5))
    large_print: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(default=1)
    fingerprint: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int]
    layout: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship()


class BlankFormBatch(Base):
    """A range of serial numbers printed on blank forms (handed out at meetings)."""

    __tablename__ = "blank_form_batches"
    __table_args__ = (
        UniqueConstraint("survey_id", "first_serial"),
        CheckConstraint("first_serial >= 1", name="first_serial_positive"),
        CheckConstraint("count BETWEEN 1 AND 5000", name="count_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    first_serial: Mapped[int]
    count: Mapped[int]
    language: Mapped[str] = mapped_column(String(5))
    large_print: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def last_serial(self) -> int:
        """The highest serial of the range."""
        return self.first_serial + self.count - 1


class BatchStatus(StrEnum):
    """Where a letter batch is: waiting for the task queue, being written, ready, or failed."""

    QUEUED = "queued"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


class LetterBatch(Base):
    """A PDF of letters (and forms) with its mailing-house CSV, written in the background.

    ``household_count`` counts the letters written so far while the batch runs.
    """

    __tablename__ = "letter_batches"
    __table_args__ = (CheckConstraint("household_count >= 0", name="household_count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeenten.id", ondelete="SET NULL"))
    reminder: Mapped[bool] = mapped_column(default=False)
    with_forms: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    large_print: Mapped[bool] = mapped_column(default=False)
    household_count: Mapped[int] = mapped_column(default=0)
    page_count: Mapped[int] = mapped_column(default=0)
    file_token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[BatchStatus] = mapped_column(
        _enum(BatchStatus), default=BatchStatus.READY, server_default=BatchStatus.READY.value
    )
    duplex: Mapped[bool] = mapped_column(default=True, server_default=true())
    planned_count: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    files_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Letters whose address the font cannot print whole: {"count": n, "examples": [[ref, chars]]}
    unprintable: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    survey: Mapped[Survey] = relationship()
    gemeente: Mapped[Gemeente | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def from_command_line(self) -> bool:
        """Written by ``flask paper letters``: its files are not kept on the site."""
        return self.file_token.startswith("cli-")

    @property
    def waiting(self) -> bool:
        """Queued: the task queue has not started on it."""
        return self.status == BatchStatus.QUEUED

    @property
    def running(self) -> bool:
        """Being written now."""
        return self.status == BatchStatus.RUNNING

    @property
    def failed(self) -> bool:
        """Could not be made; ``error`` says why."""
        return self.status == BatchStatus.FAILED

    @property
    def ready(self) -> bool:
        """Written: its files can be downloaded (unless deleted since)."""
        return self.status == BatchStatus.READY


def _batch_gemeenten(batch: LetterBatch) -> list[int]:
    if batch.gemeente_id is not None:
        return [batch.gemeente_id]
    return [g.id for g in batch.survey.gemeenten]


scope.register(
    "batch_id",
    LetterBatch,
    _batch_gemeenten,
    parent=("survey_id", lambda batch: batch.survey_id),
    owner=lambda batch: batch.created_by_id,
)
scope.register(
    "blank_id",
    BlankFormBatch,
    lambda batch: [g.id for g in batch.survey.gemeenten],
    shared=True,
    parent=("survey_id", lambda batch: batch.survey_id),
    owner=lambda batch: batch.created_by_id,
)

"""Tables of scanned paper forms: an uploaded batch, its files and pages, every box read on a
page, and the household's scanned form with its response.

A page keeps what the reader found (status, identity, transformation) and where its images
are stored (outside the web root). A box keeps the machine's reading and, once decided, its
``final_state``: at once for a sure reading, after a volunteer's review for a doubtful one.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import scope
from consult.database import Base, UTCDateTime, utcnow
from consult.households.models import Household
from consult.users.models import User
from surveys.models import Response, Survey


def _enum(cls, length: int = 20) -> Enum:
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class ScanStatus(StrEnum):
    """Where a batch is: waiting for the task queue, being read, done, or failed as a whole."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ScanBatch(Base):
    """Files uploaded together (a stack from the scanner), read in the background."""

    __tablename__ = "scan_batches"
    __table_args__ = (CheckConstraint("pages_done >= 0", name="pages_done_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The gemeenten whose forms this batch may hold (the uploader's); None: all of the survey's.
    gemeente_ids: Mapped[list | None] = mapped_column(JSON)
    status: Mapped[ScanStatus] = mapped_column(_enum(ScanStatus), default=ScanStatus.QUEUED)
    file_count: Mapped[int] = mapped_column(default=0)
    pages_done: Mapped[int] = mapped_column(default=0)
    pages_read: Mapped[int] = mapped_column(default=0)
    pages_review: Mapped[int] = mapped_column(default=0)
    pages_refused: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10), default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    survey: Mapped[Survey] = relationship()
    uploaded_by: Mapped[User | None] = relationship()
    files: Mapped[list["ScanFile"]] = relationship(
        back_populates="batch", order_by="ScanFile.position", cascade="all, delete-orphan"
    )
    pages: Mapped[list["ScanPage"]] = relationship(
        back_populates="batch",
        order_by="ScanPage.id",
        cascade="all, delete-orphan",
    )

    @property
    def unfinished(self) -> bool:
        """Waiting for or being read by the task queue."""
        return self.status in (ScanStatus.QUEUED, ScanStatus.RUNNING)


class ScanFile(Base):
    """One uploaded file of a batch, kept until its pages are read."""

    __tablename__ = "scan_files"
    __table_args__ = (UniqueConstraint("batch_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("scan_batches.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(default=0)
    done: Mapped[bool] = mapped_column(default=False)

    batch: Mapped[ScanBatch] = relationship(back_populates="files")
    pages: Mapped[list["ScanPage"]] = relationship(back_populates="file", order_by="ScanPage.index")


class FormStatus(StrEnum):
    """A household's scanned form: pages still to check or missing, or complete."""

    REVIEW = "review"  # a page or box waits for a volunteer
    MISSING = "missing_pages"  # not every page of the form was scanned
    COMPLETE = "complete"  # every page read and checked: the response is complete


class ScannedForm(Base):
    """The scanned pages of one household's (or blank) form, and the response they make."""

    __tablename__ = "scanned_forms"
    __table_args__ = (
        UniqueConstraint("survey_id", "household_id"),
        UniqueConstraint("survey_id", "serial"),
        CheckConstraint("(household_id IS NULL) <> (serial IS NULL)", name="code_or_serial"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    serial: Mapped[int | None]
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    status: Mapped[FormStatus] = mapped_column(_enum(FormStatus), default=FormStatus.REVIEW)
    page_count: Mapped[int] = mapped_column(default=1)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    flags: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    survey: Mapped[Survey] = relationship()
    household: Mapped[Household | None] = relationship()
    response: Mapped[Response] = relationship()
    pages: Mapped[list["ScanPage"]] = relationship(back_populates="form")


class ScanPage(Base):
    """One page of an uploaded file: what was read on it, and what became of it."""

    __tablename__ = "scan_pages"
    __table_args__ = (UniqueConstraint("file_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("scan_batches.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("scan_files.id", ondelete="CASCADE"))
    index: Mapped[int]  # 1-based page of the file (0: the file itself could not be read)
    status: Mapped[str] = mapped_column(String(30))
    message: Mapped[str | None] = mapped_column(Text)  # msgid, translated where shown
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    qr: Mapped[str | None] = mapped_column(String(200))
    identity: Mapped[dict | None] = mapped_column(JSON)
    registration: Mapped[dict | None] = mapped_column(JSON)
    page_number: Mapped[int | None]  # page of the form
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("households.id", ondelete="SET NULL"), index=True
    )
    form_id: Mapped[int | None] = mapped_column(ForeignKey("scanned_forms.id"), index=True)
    counted: Mapped[bool] = mapped_column(default=False)  # its marks go into the response
    review_open: Mapped[bool] = mapped_column(default=False, index=True)
    original_path: Mapped[str | None] = mapped_column(String(255))
    registered_path: Mapped[str | None] = mapped_column(String(255))
    images_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    batch: Mapped[ScanBatch] = relationship(back_populates="pages")
    file: Mapped[ScanFile] = relationship(back_populates="pages")
    household: Mapped[Household | None] = relationship()
    form: Mapped[ScannedForm | None] = relationship(back_populates="pages")
    marks: Mapped[list["MarkReading"]] = relationship(
        back_populates="page", order_by="MarkReading.position", cascade="all, delete-orphan"
    )


class MarkReading(Base):
    """One box or writing area of a page: the machine's reading and the final decision."""

    __tablename__ = "mark_readings"
    __table_args__ = (
        UniqueConstraint("page_id", "position"),
        CheckConstraint("fill >= 0 AND fill <= 1", name="fill_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("scan_pages.id", ondelete="CASCADE"))
    position: Mapped[int]  # index of the box on the layout page
    question: Mapped[str] = mapped_column(String(80))
    option: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))  # choice, grid, digits, text
    meaning: Mapped[dict] = mapped_column(JSON, default=dict)  # the layout box without place
    fill: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(10))  # checked, empty, uncertain
    confidence: Mapped[float] = mapped_column(Float)
    mark: Mapped[str] = mapped_column(String(12), default="none")
    reason: Mapped[str | None] = mapped_column(String(40))
    final_state: Mapped[str | None] = mapped_column(String(10))  # checked or empty; None: open
    text: Mapped[str | None] = mapped_column(Text)  # transcribed writing or number
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    page: Mapped[ScanPage] = relationship(back_populates="marks")
    reviewed_by: Mapped[User | None] = relationship()


def batch_gemeenten(batch: ScanBatch) -> list[int]:
    """The gemeenten a batch may hold forms of."""
    if batch.gemeente_ids:
        return list(batch.gemeente_ids)
    return [g.id for g in batch.survey.gemeenten]


def page_gemeenten(page: ScanPage) -> list[int]:
    """The gemeente of the page's household, or the batch's gemeenten."""
    if page.household is not None:
        return [page.household.gemeente_id]
    return batch_gemeenten(page.batch)


scope.register(
    "scan_batch_id",
    ScanBatch,
    batch_gemeenten,
    parent=("survey_id", lambda batch: batch.survey_id),
    owner=lambda batch: batch.uploaded_by_id,
)
scope.register(
    "scan_page_id",
    ScanPage,
    page_gemeenten,
    parent=("survey_id", lambda page: page.batch.survey_id),
    owner=lambda page: page.batch.uploaded_by_id,
)

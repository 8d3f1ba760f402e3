"""Survey, section, question, question bank, response and answer tables.

Texts written by users are data with their own translations: JSON objects keyed by language
code, e.g. ``{"nl": {"text": "...", "help": "..."}, "en": {...}}`` for a question and
``{"nl": "...", "en": "..."}`` for a title. Options are a JSON list of
``{"code": "2", "labels": {"nl": "...", "en": "..."}}`` with optional flags ``"dont_know": true``
and ``"exclusive": true``. The canonical answer value of each question type is documented in
its module in ``surveys.qtypes``.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import scope
from consult.database import Base, UTCDateTime, utcnow
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from consult.users.models import User
from surveys.themes import Theme

DEFAULT_LANGUAGE = "nl"


def _enum(cls, length: int = 20) -> Enum:
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class SurveyStatus(StrEnum):
    """Life cycle of a survey: built as a draft, open for answers, closed, archived."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class Channel(StrEnum):
    """How a response reached us."""

    ONLINE = "online"
    KEYED = "keyed"
    SCANNED = "scanned"


class Population(StrEnum):
    """Who answered: an invited tenant household, or anyone through the open link."""

    TENANT = "tenant"
    OPEN_LINK = "open_link"


class ResponseStatus(StrEnum):
    """Whether a response is still being filled in or has been sent."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class AnswerState(StrEnum):
    """What was found for a question: an answer, nothing, or (on paper) several marks."""

    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    MULTIPLE_MARKS = "multiple_marks"


survey_gemeente = Table(
    "survey_gemeente",
    Base.metadata,
    Column("survey_id", ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column("gemeente_id", ForeignKey("gemeenten.id", ondelete="CASCADE"), primary_key=True),
)


class BankQuestion(Base):
    """A reusable, well-written question; each edit of a used question is a new version."""

    __tablename__ = "bank_questions"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "rijksprioriteit IS NULL OR (rijksprioriteit BETWEEN 1 AND 6)",
            name="rijksprioriteit_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(default=1)
    theme: Mapped[Theme] = mapped_column(_enum(Theme, 30), index=True)
    rijksprioriteit: Mapped[int | None]
    qtype: Mapped[str] = mapped_column(String(20))
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    options: Mapped[list] = mapped_column(JSON, default=list)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<BankQuestion {self.key} v{self.version}>"


class Survey(Base):
    """One consultation round, e.g. the Achterbanraadpleging 2027 of a koepel."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint(
            "opens_on IS NULL OR closes_on IS NULL OR opens_on <= closes_on", name="dates_order"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    intro: Mapped[dict] = mapped_column(JSON, default=dict)
    year: Mapped[int] = mapped_column(index=True)
    cycle_label: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[SurveyStatus] = mapped_column(
        _enum(SurveyStatus), default=SurveyStatus.DRAFT, index=True
    )
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    languages: Mapped[list] = mapped_column(JSON, default=lambda: [DEFAULT_LANGUAGE])
    channels: Mapped[list] = mapped_column(JSON, default=lambda: ["online", "paper"])
    open_link_enabled: Mapped[bool] = mapped_column(default=False)
    allow_changes_after_submit: Mapped[bool] = mapped_column(default=False)
    dedup_rule: Mapped[str] = mapped_column(String(30), default="first_complete")
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    gemeenten: Mapped[list[Gemeente]] = relationship(
        secondary=survey_gemeente, order_by="Gemeente.name"
    )
    sections: Mapped[list["Section"]] = relationship(
        back_populates="survey",
        order_by="Section.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    copied_from: Mapped["Survey | None"] = relationship(remote_side=[id])
    created_by: Mapped[User | None] = relationship()

    def text(self, field: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """The title or intro in a language, falling back to Dutch."""
        values = getattr(self, field) or {}
        return values.get(lang) or values.get(DEFAULT_LANGUAGE) or ""

    @property
    def display_title(self) -> str:
        """The Dutch title, as staff see it in lists."""
        return self.text("title")

    @property
    def audit_name(self) -> str:
        """How the audit log names the survey: its title, with the year when the title
        does not say it (titles repeat from year to year)."""
        title = self.display_title
        return title if str(self.year) in title else f"{title} ({self.year})"

    def ordered_questions(self) -> list["Question"]:
        """All questions in the order a respondent meets them."""
        return [q for section in self.sections for q in section.questions]

    @property
    def is_draft(self) -> bool:
        """Still being built: no tenant can answer yet."""
        return self.status == SurveyStatus.DRAFT

    @property
    def is_open(self) -> bool:
        """Tenants can answer now."""
        return self.status == SurveyStatus.OPEN

    @property
    def takes_paper_forms(self) -> bool:
        """Returned paper forms can be keyed (open, or closed with forms still arriving)."""
        return self.status in (SurveyStatus.OPEN, SurveyStatus.CLOSED)

    @property
    def prints_letters(self) -> bool:
        """Letters and forms can still be made (before and during fieldwork)."""
        return self.status in (SurveyStatus.DRAFT, SurveyStatus.OPEN)

    def touch(self) -> None:
        """Mark the survey changed, so its version counter moves on (optimistic locking)."""
        self.updated_at = utcnow()

    def __repr__(self) -> str:
        return f"<Survey {self.id} {self.year} {self.status}>"


class Section(Base):
    """A page group of a survey, usually one theme."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    theme: Mapped[Theme | None] = mapped_column(_enum(Theme, 30))
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    intro: Mapped[dict] = mapped_column(JSON, default=dict)

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="section", order_by="Question.position", cascade="all, delete-orphan"
    )

    def text(self, lang: str = DEFAULT_LANGUAGE, field: str = "title") -> str:
        """The title (or intro) in a language, falling back to Dutch."""
        values = getattr(self, field) or {}
        return values.get(lang) or values.get(DEFAULT_LANGUAGE) or ""

    @property
    def audit_name(self) -> str:
        """How the audit log names the section: its Dutch title."""
        return self.text()


class Question(Base):
    """A question as used in one survey (a copy of a bank version, or written for it)."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("survey_id", "key"),
        CheckConstraint(
            "rijksprioriteit IS NULL OR (rijksprioriteit BETWEEN 1 AND 6)",
            name="rijksprioriteit_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(String(80))
    bank_question_id: Mapped[int | None] = mapped_column(ForeignKey("bank_questions.id"))
    qtype: Mapped[str] = mapped_column(String(20))
    theme: Mapped[Theme | None] = mapped_column(_enum(Theme, 30))
    rijksprioriteit: Mapped[int | None]
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    options: Mapped[list] = mapped_column(JSON, default=list)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    required: Mapped[bool] = mapped_column(default=False)
    show_if: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    gemeente_notes: Mapped[dict] = mapped_column(JSON, default=dict)

    survey: Mapped[Survey] = relationship()
    section: Mapped[Section] = relationship(back_populates="questions")
    bank_question: Mapped[BankQuestion | None] = relationship()

    @property
    def audit_name(self) -> str:
        """How the audit log names the question: its stable key."""
        return self.key

    def text(self, lang: str = DEFAULT_LANGUAGE, part: str = "text") -> str:
        """The question text (or "help") in a language, falling back to Dutch."""
        texts = self.texts or {}
        return (
            (texts.get(lang) or {}).get(part) or (texts.get(DEFAULT_LANGUAGE) or {}).get(part) or ""
        )

    def gemeente_note_exact(self, gemeente_id: int, lang: str) -> str:
        """The note for one gemeente in exactly this language (no fallback), for editing."""
        return ((self.gemeente_notes or {}).get(str(gemeente_id)) or {}).get(lang, "")

    def gemeente_note(self, gemeente_id: int, lang: str = DEFAULT_LANGUAGE) -> str:
        """The note for tenants of one gemeente, if the board wrote one."""
        note = (self.gemeente_notes or {}).get(str(gemeente_id)) or {}
        return note.get(lang) or note.get(DEFAULT_LANGUAGE) or ""

    def __repr__(self) -> str:
        return f"<Question {self.key} ({self.qtype})>"


class Response(Base):
    """One household's (or one open-link visitor's) set of answers to a survey."""

    __tablename__ = "responses"
    __table_args__ = (
        Index(
            "uq_responses_counted_household",
            "survey_id",
            "household_id",
            unique=True,
            sqlite_where=text("counts = 1"),
            postgresql_where=text("counts"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    population: Mapped[Population] = mapped_column(_enum(Population), default=Population.TENANT)
    status: Mapped[ResponseStatus] = mapped_column(
        _enum(ResponseStatus), default=ResponseStatus.IN_PROGRESS
    )
    counts: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(5), default=DEFAULT_LANGUAGE)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    survey: Mapped[Survey] = relationship()
    household: Mapped[Household | None] = relationship()
    entered_by: Mapped[User | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def complete(self) -> bool:
        """Sent in full (online) or keyed and accepted (paper)."""
        return self.status == ResponseStatus.SUBMITTED

    @property
    def scanned(self) -> bool:
        """Read from scanned paper forms (whose pages can be shown)."""
        return self.channel == Channel.SCANNED


class Answer(Base):
    """The stored answer to one question in one response (canonical value, see qtypes)."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    state: Mapped[AnswerState] = mapped_column(_enum(AnswerState), default=AnswerState.ANSWERED)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class DuplicateCase(Base):
    """A household with more than one complete response to a survey (any channels)."""

    __tablename__ = "duplicate_cases"
    __table_args__ = (UniqueConstraint("survey_id", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    chosen_response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="SET NULL")
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    household: Mapped[Household] = relationship()
    reviewed_by: Mapped[User | None] = relationship()


def _survey_gemeenten(survey: Survey) -> list[int]:
    return [g.id for g in survey.gemeenten]


def _response_gemeenten(response: Response) -> list[int]:
    if response.household is not None:
        return [response.household.gemeente_id]
    return _survey_gemeenten(response.survey)


scope.register(
    "survey_id",
    Survey,
    _survey_gemeenten,
    shared=True,
    owner=lambda survey: survey.created_by_id,
)
for _argument, _model in (("section_id", Section), ("question_id", Question)):
    scope.register(
        _argument,
        _model,
        lambda part: _survey_gemeenten(part.survey),
        shared=True,
        parent=("survey_id", lambda part: part.survey_id),
        owner=lambda part: part.survey.created_by_id,
    )
scope.register("bank_id", BankQuestion, everyone=True)
scope.register(
    "response_id",
    Response,
    _response_gemeenten,
    parent=("survey_id", lambda response: response.survey_id),
    owner=lambda response: response.survey.created_by_id,
)
scope.register(
    "case_id",
    DuplicateCase,
    lambda case: (case.household.gemeente_id,),
    parent=("survey_id", lambda case: case.survey_id),
)

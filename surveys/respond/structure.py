"""A read-only copy of a survey's questions, kept per process for the answering pages.

Loading 40 questions with their JSON texts, options and settings on every page view costs
more than everything else a page does. The questions of a survey change only through the
builder, which moves the survey's version on; the copy is keyed by (survey id, version) and
also expires after a short time, so a changed text shows up within seconds.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import select

from consult.extensions import db
from surveys.models import DEFAULT_LANGUAGE, Question, Section, Survey

MAX_SURVEYS = 16
MAX_AGE_SECONDS = 30.0


@dataclass(frozen=True)
class QuestionView:
    """The parts of a question that answering needs (a question-like for the qtypes)."""

    id: int
    survey_id: int
    key: str
    qtype: str
    texts: dict
    options: list
    settings: dict
    required: bool
    show_if: dict | None
    gemeente_notes: dict

    def text(self, lang: str = DEFAULT_LANGUAGE, part: str = "text") -> str:
        """The question text (or "help") in a language, falling back to Dutch."""
        texts = self.texts or {}
        return (
            (texts.get(lang) or {}).get(part) or (texts.get(DEFAULT_LANGUAGE) or {}).get(part) or ""
        )

    def gemeente_note(self, gemeente_id: int, lang: str = DEFAULT_LANGUAGE) -> str:
        """The note for tenants of one gemeente, if the board wrote one."""
        note = (self.gemeente_notes or {}).get(str(gemeente_id)) or {}
        return note.get(lang) or note.get(DEFAULT_LANGUAGE) or ""


_cache: OrderedDict[tuple, tuple[float, list[QuestionView]]] = OrderedDict()
_lock = threading.Lock()


def _view(question: Question) -> QuestionView:
    return QuestionView(
        id=question.id,
        survey_id=question.survey_id,
        key=question.key,
        qtype=question.qtype,
        texts=question.texts or {},
        options=question.options or [],
        settings=question.settings or {},
        required=bool(question.required),
        show_if=question.show_if,
        gemeente_notes=question.gemeente_notes or {},
    )


def questions_of(survey: Survey) -> list[QuestionView]:
    """The survey's questions in the order respondents meet them (from the copy if fresh)."""
    key = (survey.id, survey.version, survey.created_at)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached and now - cached[0] < MAX_AGE_SECONDS:
            _cache.move_to_end(key)
            return cached[1]
    rows = db.session.scalars(
        select(Question)
        .join(Section, Section.id == Question.section_id)
        .where(Question.survey_id == survey.id)
        .order_by(Section.position, Section.id, Question.position, Question.id)
    ).all()
    views = [_view(q) for q in rows]
    with _lock:
        _cache[key] = (now, views)
        _cache.move_to_end(key)
        while len(_cache) > MAX_SURVEYS:
            _cache.popitem(last=False)
    return views


def clear() -> None:
    """Forget every copy (tests that change questions directly use this)."""
    with _lock:
        _cache.clear()

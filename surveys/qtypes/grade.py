"""Grade 1–10 (the Dutch school mark), with an optional coded "weet ik niet".

Canonical value: a whole number from 1 to 10, e.g. ``7``, or the code of a don't-know option
(``"dk"``). Options: none, or only don't-know options. Settings: none.
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, translate
from surveys.qtypes.base import (
    QuestionLike,
    QuestionType,
    find_option,
    is_dont_know,
    option_label,
    range_constraint,
    register,
    to_number,
)
from surveys.qtypes.widgets import ScaleRow, dont_know_choices

LOWEST, HIGHEST = 1, 10


def dont_know_only(question: QuestionLike) -> list[str]:
    """Problems when a numeric question has options other than don't know."""
    for option in question.options or []:
        if not (isinstance(option, dict) and option.get("dont_know")):
            return [
                translate(_l("This type of question can only have \u201cdon't know\u201d options."))
            ]
    return []


def coded_dont_know(raw: Any, question: QuestionLike) -> str | None:
    """The code when raw input is one of the question's don't-know options."""
    if isinstance(raw, str):
        option = find_option(question, raw.strip())
        if is_dont_know(option):
            return option["code"]
    return None


@register
class Grade(QuestionType):
    """A mark from 1 (very bad) to 10 (excellent)."""

    code = "grade"
    order = 50
    label = _l("Grade 1 to 10")
    measure = "numeric"

    def xlsform_constraint(self, question: dict) -> str:
        """Marks 1 to 10."""
        return range_constraint(1, 10)

    def xlsform_settings(self, kind: str, options: list, constraint: dict | None) -> dict:
        """A grade's range is always 1–10: a constraint of only min/max says nothing more."""
        settings = self.default_settings()
        if constraint and not set(constraint) <= {"min", "max"}:
            settings.update(constraint)
        return settings

    only_dont_know_options = True
    min_options = 0
    skip_ops = ("equals", "above", "below")

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """Only don't-know options."""
        return dont_know_only(question)

    def clean(self, raw: Any, question: QuestionLike) -> int | str | None:
        """A whole number 1–10 or a don't-know code."""
        if self.is_empty(raw):
            return None
        code = coded_dont_know(raw, question)
        if code is not None:
            return code
        number = to_number(raw) if not isinstance(raw, list | dict) else None
        if number is None or not number.is_integer() or not LOWEST <= number <= HIGHEST:
            raise AnswerError(
                _l("Give a whole number from %(low)d to %(high)d.", low=LOWEST, high=HIGHEST)
            )
        return int(number)

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> ScaleRow:
        """Ten boxes numbered 1 to 10, and a box per don't-know option (keyed w)."""
        points = tuple(str(n) for n in range(LOWEST, HIGHEST + 1))
        return ScaleRow(points, extra=dont_know_choices(question.options, lang))

    # -- web (online answering) ------------------------------------------------------
    web_widget = "grade"

    def web_options(self, question: QuestionLike, lang: str = "nl") -> list[dict]:
        """The marks 1 to 10, then the don't-know options apart."""
        marks = [{"code": str(n), "label": str(n), "apart": False} for n in range(1, 11)]
        return marks + [
            {"code": str(o.get("code")), "label": option_label(o, lang), "apart": True}
            for o in question.options or []
            if is_dont_know(o)
        ]

    def web_hint(self, question: QuestionLike):
        """What the marks mean."""
        return _l("1 means very bad, 10 means excellent.")

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """The mark, or the don't-know label."""
        if value is None:
            return ""
        if isinstance(value, str):
            return option_label(find_option(question, value) or {"code": value}, lang)
        return str(value)

    def score(self, value: Any, question: QuestionLike) -> float | None:
        """The mark itself."""
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else None

    def matches(self, value: Any, op: str, target: Any, question: QuestionLike) -> bool:
        """equals / above / below on the mark; don't know never matches."""
        return numeric_match(self.score(value, question), op, target)


def numeric_match(score: float | None, op: str, target: Any) -> bool:
    """Compare a number with a skip-logic target."""
    try:
        limit = float(target)
    except (TypeError, ValueError):
        return False
    if score is None:
        return False
    if op == "equals":
        return score == limit
    if op == "above":
        return score > limit
    if op == "below":
        return score < limit
    return False

"""Matrix: several statements (rows) answered on one scale (the options).

Canonical value: a mapping from row code to option code, holding only the rows that were
answered, e.g. ``{"huur": "4", "energie": "dk"}``. Online each row is shown on its own page.
Settings: ``{"rows": [{"code": "huur", "labels": {"nl": "...", "en": "..."}}, ...],
"scale": "agree"}``. The options are the scale, by default the five agree points plus
"weet ik niet".
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, translate
from surveys.qtypes.base import (
    QuestionLike,
    QuestionType,
    check_coded_items,
    find_option,
    option_label,
    register,
)
from surveys.qtypes.likert5 import POINTS, scale_options
from surveys.qtypes.widgets import Grid, coded_lines

MAX_ROWS = 30


def rows(question: QuestionLike) -> list[dict]:
    """The statements of a matrix question."""
    value = (question.settings or {}).get("rows")
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def find_row(question: QuestionLike, code: str) -> dict | None:
    """The row with this code, or None."""
    return next((r for r in rows(question) if str(r.get("code")) == code), None)


@register
class Matrix(QuestionType):
    """Several statements on the same scale."""

    code = "matrix"
    order = 90
    label = _l("Matrix (statements on one scale)")
    measure = "matrix"
    has_rows = True

    def default_options(self) -> list[dict]:
        """Strongly disagree … strongly agree, and weet ik niet."""
        return scale_options("agree")

    def default_settings(self) -> dict:
        """No rows yet; the agree scale."""
        return {"rows": [], "scale": "agree"}

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """At least one row; row codes valid and unique; row labels in Dutch."""
        value = (question.settings or {}).get("rows", [])
        if not isinstance(value, list):
            return [translate(_l("The statements (rows) are not a list."))]
        if not value:
            return [translate(_l("Add at least one statement (row)."))] if complete else []
        problems = []
        if len(value) > MAX_ROWS:
            problems.append(translate(_l("Use at most %(n)d statements.", n=MAX_ROWS)))
        return problems + check_coded_items(value, _l("Statement"))

    def clean(self, raw: Any, question: QuestionLike) -> dict | None:
        """Known rows mapped to known options; unanswered rows left out."""
        if self.is_empty(raw):
            return None
        if not isinstance(raw, dict):
            raise AnswerError(_l("Give an answer per statement."))
        value = {}
        for row_code, answer in raw.items():
            if self.is_empty(answer):
                continue
            if find_row(question, str(row_code)) is None:
                raise AnswerError(_l("This statement is not part of the question."))
            value[str(row_code)] = self._code(answer, question)
        order = [str(r.get("code")) for r in rows(question)]
        return {code: value[code] for code in order if code in value}

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> Grid:
        """Statements a, b, c ... as rows, the scale as numbered columns."""
        return Grid(
            rows=coded_lines(rows(question), lang, keys="abcdefghijklmnopqrstuvwxyz"),
            columns=coded_lines(question.options, lang),
            one_per="row",
        )

    # -- web (online answering: one statement per page) -----------------------------
    def web_rows(self, question: QuestionLike) -> list[dict]:
        """The statements, each on its own page."""
        return rows(question)

    def web_value(self, stored: Any, raw: Any, question: QuestionLike, row: str | None = None):
        """The stored answers with this statement's answer put in (or taken out when empty)."""
        if row is None or find_row(question, row) is None:
            raise AnswerError(_l("This statement is not part of the question."))
        page = self.clean({row: raw}, question) or {}
        merged = dict(stored) if isinstance(stored, dict) else {}
        merged.pop(row, None)
        merged.update(page)
        order = [str(r.get("code")) for r in rows(question)]
        return {code: merged[code] for code in order if code in merged} or None

    def web_fields(self, value: Any, question: QuestionLike, lang: str = "nl", row=None) -> dict:
        """The chosen point for this statement."""
        code = (value or {}).get(row) if isinstance(value, dict) else None
        return {"answer": [code]} if code is not None else {}

    def web_display(self, value: Any, question: QuestionLike, lang: str = "nl", row=None) -> str:
        """The label of the point chosen for this statement."""
        code = (value or {}).get(row) if isinstance(value, dict) else None
        return option_label(find_option(question, code) or {"code": code}, lang) if code else ""

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """Statement: answer; one per row."""
        if not value:
            return ""
        parts = []
        for row_code, code in value.items():
            row = find_row(question, row_code) or {"code": row_code}
            option = find_option(question, code) or {"code": code}
            parts.append(f"{option_label(row, lang)}: {option_label(option, lang)}")
        return "; ".join(parts)

    def row_score(self, value: Any, row_code: str) -> float | None:
        """The scale point (1–5) given to one row, or None (don't know, not answered)."""
        code = (value or {}).get(row_code)
        return float(code) if code in POINTS else None

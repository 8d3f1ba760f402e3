"""Open text: the respondent's own words, up to a maximum length.

Canonical value: the text as a string with line breaks as ``\\n`` and surrounding spaces
removed, e.g. ``"Meer groen in de wijk"``. Control characters are refused.
Settings: ``{"max_length": 2000}`` (1 to 10 000).
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from consult.text import UNSTORABLE_MESSAGE, is_storable
from surveys.errors import AnswerError, translate
from surveys.qtypes.base import QuestionLike, QuestionType, SettingField, register
from surveys.qtypes.widgets import WritingBox

DEFAULT_MAX_LENGTH = 2000
LIMIT = 10_000


def max_length(question: QuestionLike) -> int:
    """The longest answer accepted."""
    value = (question.settings or {}).get("max_length", DEFAULT_MAX_LENGTH)
    if isinstance(value, bool) or not isinstance(value, int):
        return DEFAULT_MAX_LENGTH
    return value


@register
class OpenText(QuestionType):
    """An answer in the respondent's own words."""

    code = "open"
    order = 80
    label = _l("Open answer")
    measure = "text"
    xlsform_reads = ("text",)

    def xlsform_plain(self, question: dict) -> str:
        """A text."""
        return "text"

    def xlsform_constraint(self, question: dict) -> str:
        """string-length(.) <= the longest answer."""
        limit = (question.get("settings") or {}).get("max_length", 2000)
        return f"string-length(.) <= {limit}"

    settings_fields = (SettingField("max_length", _l("Longest answer (characters)"), default=2000),)
    has_options = False
    min_options = 0

    def default_settings(self) -> dict:
        """Up to 2000 characters."""
        return {"max_length": DEFAULT_MAX_LENGTH}

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """max_length from 1 to 10 000."""
        value = (question.settings or {}).get("max_length", DEFAULT_MAX_LENGTH)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LIMIT:
            return [translate(_l("The maximum length must be a number from 1 to %(n)d.", n=LIMIT))]
        return []

    def clean(self, raw: Any, question: QuestionLike) -> str | None:
        """The text, trimmed; refused when too long or with control characters."""
        if self.is_empty(raw):
            return None
        if not isinstance(raw, str):
            raise AnswerError(_l("Type your answer as text."))
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not is_storable(text):
            raise AnswerError(UNSTORABLE_MESSAGE)
        if len(text) > max_length(question):
            raise AnswerError(
                _l(
                    "Your answer is %(n)d characters long; at most %(max)d fit.",
                    n=len(text),
                    max=max_length(question),
                )
            )
        return text

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> WritingBox:
        """A lined box: 3 to 8 lines, longer for a higher maximum length."""
        limit = max_length(question)
        return WritingBox(lines=min(max(-(-limit // 250), 3), 8), max_length=limit)

    # -- web (online answering) ------------------------------------------------------
    web_widget = "textarea"

    def web_hint(self, question: QuestionLike):
        """How much fits."""
        return _l("You can type up to %(n)d characters.", n=max_length(question))

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """The text itself."""
        return "" if value is None else str(value)

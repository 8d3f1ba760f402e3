"""Single choice: exactly one of a list of coded options.

Canonical value: the chosen option's code as a string, e.g. ``"3"`` or ``"dk"``.
Settings: none. Options: at least two; a "weet ik niet / geen mening" option is an ordinary
coded option with ``"dont_know": true``.
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.qtypes.base import QuestionLike, QuestionType, register
from surveys.qtypes.widgets import ChoiceList, numbered_choices


@register
class SingleChoice(QuestionType):
    """One answer from a list."""

    code = "single"
    order = 10
    label = _l("Single choice")
    measure = "nominal"
    xlsform_select = "select_one"
    xlsform_reads = ("select one",)
    skip_ops = ("equals", "any_of")

    def clean(self, raw: Any, question: QuestionLike) -> str | None:
        """The chosen code."""
        if self.is_empty(raw):
            return None
        return self._code(raw, question)

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> ChoiceList:
        """A list of boxes numbered 1, 2, 3 ... in option order; one may be crossed."""
        return ChoiceList(numbered_choices(question.options, lang))

    def matches(self, value: Any, op: str, target: Any, question: QuestionLike) -> bool:
        """equals: this option was chosen; any_of: one of these options was chosen."""
        if value is None:
            return False
        if op == "equals":
            return str(value) == str(target)
        if op == "any_of":
            return str(value) in {str(t) for t in (target or [])}
        return False

"""Multiple choice: one or more coded options, optionally at most N.

Canonical value: a list of option codes in the order of the options, without repeats, e.g.
``["tocht", "schimmel"]``. An option marked ``"exclusive": true`` (such as "geen van deze")
or ``"dont_know": true`` can only be chosen on its own: ``["dk"]``.
Settings: ``{"max_selections": 3}`` (optional; none means no limit).
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, translate
from surveys.qtypes.base import (
    QuestionLike,
    QuestionType,
    SettingField,
    find_option,
    option_codes,
    option_label,
    register,
)
from surveys.qtypes.widgets import ChoiceList, numbered_choices


def is_exclusive(option: dict | None) -> bool:
    """Whether an option cannot be combined with others."""
    return bool(option and (option.get("exclusive") or option.get("dont_know")))


@register
class MultipleChoice(QuestionType):
    """Several answers from a list."""

    code = "multiple"
    order = 20
    label = _l("Multiple choice")
    measure = "multi"
    xlsform_select = "select_multiple"
    xlsform_reads = ("select multiple",)

    def xlsform_constraint(self, question: dict) -> str:
        """count-selected(.) <= the maximum."""
        limit = (question.get("settings") or {}).get("max_selections")
        return f"count-selected(.) <= {limit}" if limit else ""

    settings_fields = (
        SettingField(
            "max_selections",
            _l("At most this many answers"),
            hint=_l("Leave empty for no limit."),
        ),
    )
    skip_ops = ("equals", "any_of")

    def default_settings(self) -> dict:
        """No limit on the number of answers."""
        return {"max_selections": None}

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """max_selections is empty or a whole number from 1 to the number of options."""
        limit = (question.settings or {}).get("max_selections")
        if limit is None:
            return []
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            return [translate(_l("The maximum number of answers must be a whole number."))]
        if complete and limit > len(question.options or []):
            return [
                translate(_l("The maximum number of answers is larger than the number of options."))
            ]
        return []

    def clean(self, raw: Any, question: QuestionLike) -> list[str] | None:
        """Distinct codes in option order; exclusive options alone; no more than the maximum."""
        if self.is_empty(raw):
            return None
        chosen = set(self._codes(raw, question))
        codes = [c for c in option_codes(question) if c in chosen]
        if len(codes) > 1:
            for code in codes:
                option = find_option(question, code)
                if is_exclusive(option):
                    raise AnswerError(
                        _l(
                            "\u201c%(label)s\u201d cannot be combined with other answers.",
                            label=option_label(option),
                        )
                    )
        limit = (question.settings or {}).get("max_selections")
        if isinstance(limit, int) and len(codes) > limit:
            raise AnswerError(_l("Choose at most %(n)d answers.", n=limit))
        return codes

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> ChoiceList:
        """Numbered boxes of which several may be crossed (up to the maximum)."""
        limit = (question.settings or {}).get("max_selections")
        return ChoiceList(
            numbered_choices(question.options, lang),
            multiple=True,
            max_selections=limit
            if isinstance(limit, int) and not isinstance(limit, bool)
            else None,
        )

    # -- web (online answering) ------------------------------------------------------
    web_widget = "checkboxes"

    def web_hint(self, question: QuestionLike):
        """Choose all that apply, or at most N."""
        limit = (question.settings or {}).get("max_selections")
        if isinstance(limit, int) and not isinstance(limit, bool):
            return _l("Choose at most %(n)d answers.", n=limit)
        return _l("Choose all answers that apply.")

    def web_input(self, form, question: QuestionLike, row: str | None = None) -> list:
        """The ticked boxes."""
        return form.getlist("answer")

    def web_fields(self, value: Any, question: QuestionLike, lang: str = "nl", row=None) -> dict:
        """One field value per chosen code."""
        return {"answer": [str(v) for v in value or []]}

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """The labels of the chosen options, separated by commas."""
        if not value:
            return ""
        return ", ".join(option_label(find_option(question, c) or {"code": c}, lang) for c in value)

    def matches(self, value: Any, op: str, target: Any, question: QuestionLike) -> bool:
        """equals: this option was among the answers; any_of: one of these was."""
        chosen = {str(v) for v in (value or [])}
        if op == "equals":
            return str(target) in chosen
        if op == "any_of":
            return bool(chosen & {str(t) for t in (target or [])})
        return False

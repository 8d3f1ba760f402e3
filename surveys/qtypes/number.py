"""Number: a whole or decimal number within an optional range.

Canonical value: an ``int`` when ``integer`` is set (the default), otherwise a ``float``
rounded to ``decimals`` places; or the code of a don't-know option (``"dk"``).
Settings: ``{"min": 0, "max": 120, "integer": true, "decimals": 2, "unit": {"nl": "maanden"}}``.
Input may use a decimal comma ("3,5") or Dutch thousands separators ("1.250").
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, translate
from surveys.qtypes.base import (
    QuestionLike,
    QuestionType,
    SettingField,
    format_number,
    range_constraint,
    register,
    to_number,
)
from surveys.qtypes.grade import coded_dont_know, dont_know_only, numeric_match
from surveys.qtypes.widgets import DigitBoxes, dont_know_choices

MAX_DECIMALS = 6


def _bound(settings: dict, name: str) -> float | None:
    value = settings.get(name)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@register
class Number(QuestionType):
    """A number, such as months of searching or the number of people in the home."""

    code = "number"
    order = 60
    label = _l("Number")
    measure = "numeric"
    xlsform_reads = ("integer", "decimal")

    def xlsform_plain(self, question: dict) -> str:
        """integer, or decimal when the number may have decimals."""
        return "integer" if (question.get("settings") or {}).get("integer", True) else "decimal"

    def xlsform_constraint(self, question: dict) -> str:
        """. >= lowest and . <= highest."""
        settings = question.get("settings") or {}
        return range_constraint(settings.get("min"), settings.get("max"))

    def xlsform_settings(self, kind: str, options: list, constraint: dict | None) -> dict:
        """Decimals for a decimal; the range from the constraint."""
        settings = self.default_settings()
        if kind == "decimal":
            settings.update(integer=False, decimals=2)
        settings.update(constraint or {})
        return settings

    only_dont_know_options = True
    settings_fields = (
        SettingField("minimum", _l("Lowest value"), "number", key="min"),
        SettingField("maximum", _l("Highest value"), "number", key="max"),
        SettingField("decimals", _l("Decimals (0 for whole numbers)"), default=0),
        SettingField("unit", _l("Unit"), "per_language"),
    )
    min_options = 0
    skip_ops = ("equals", "above", "below")

    def settings_from_fields(self, values: dict, settings: dict) -> dict:
        """Range as given (empty: no bound), decimals 0 for a whole number, unit per language."""
        settings["min"], settings["max"] = values.get("minimum"), values.get("maximum")
        decimals = values.get("decimals") or 0
        settings["integer"] = decimals == 0
        if decimals:
            settings["decimals"] = decimals
        else:
            settings.pop("decimals", None)
        units = values.get("unit") or {}
        settings["unit"] = {lang: text.strip() for lang, text in units.items() if text.strip()}
        return settings

    def fields_from_settings(self, settings: dict) -> dict:
        """The range, the decimals (0 for a whole number) and the unit per language."""
        settings = settings or {}
        return {
            "minimum": settings.get("min"),
            "maximum": settings.get("max"),
            "decimals": 0 if settings.get("integer", True) else settings.get("decimals", 2),
            "unit": settings.get("unit") or {},
        }

    def default_settings(self) -> dict:
        """A whole number of at least 0."""
        return {"min": 0, "max": None, "integer": True}

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """min/max are numbers with min <= max; decimals 0–6; only don't-know options."""
        settings = question.settings or {}
        problems = dont_know_only(question)
        for name in ("min", "max"):
            value = settings.get(name)
            if value is not None and _bound(settings, name) is None:
                problems.append(translate(_l("The lowest and highest value must be numbers.")))
                break
        low, high = _bound(settings, "min"), _bound(settings, "max")
        if low is not None and high is not None and low > high:
            problems.append(translate(_l("The lowest value is larger than the highest value.")))
        decimals = settings.get("decimals", 2)
        if isinstance(decimals, bool) or not isinstance(decimals, int):
            decimals = -1
        if not 0 <= decimals <= MAX_DECIMALS:
            problems.append(
                translate(_l("The number of decimals must be 0 to %(n)d.", n=MAX_DECIMALS))
            )
        return problems

    def clean(self, raw: Any, question: QuestionLike) -> int | float | str | None:
        """A number in range, rounded as the settings say, or a don't-know code."""
        if self.is_empty(raw):
            return None
        code = coded_dont_know(raw, question)
        if code is not None:
            return code
        settings = question.settings or {}
        number = to_number(raw) if not isinstance(raw, list | dict) else None
        if number is None:
            raise AnswerError(_l("Give a number, for example 12."))
        if settings.get("integer", True):
            if not number.is_integer():
                raise AnswerError(_l("Give a whole number, without a comma."))
            number = int(number)
        else:
            number = round(number, int(settings.get("decimals", 2)))
        low, high = _bound(settings, "min"), _bound(settings, "max")
        if (low is not None and number < low) or (high is not None and number > high):
            raise AnswerError(self._range_message(low, high))
        return number

    def _range_message(self, low: float | None, high: float | None):
        low_text = format_number(low) if low is not None else ""
        high_text = format_number(high) if high is not None else ""
        if low is not None and high is not None:
            return _l("Give a number from %(low)s to %(high)s.", low=low_text, high=high_text)
        if low is not None:
            return _l("Give a number of at least %(low)s.", low=low_text)
        return _l("Give a number of at most %(high)s.", high=high_text)

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> DigitBoxes:
        """One box per digit (as many as the highest value needs), decimals, the unit."""
        settings = question.settings or {}
        high = _bound(settings, "max")
        digits = len(str(int(abs(high)))) if high is not None else 4
        places = settings.get("decimals", 2)
        places = places if isinstance(places, int) and not isinstance(places, bool) else 2
        decimals = 0 if settings.get("integer", True) else min(max(places, 0), 3)
        units = settings.get("unit") if isinstance(settings.get("unit"), dict) else {}
        unit = units.get(lang) or units.get("nl")
        return DigitBoxes(
            digits=min(max(digits, 1), 8),
            decimals=decimals,
            unit=str(unit or ""),
            extra=dont_know_choices(question.options, lang),
        )

    # -- web (online answering) ------------------------------------------------------
    web_widget = "number"

    def web_options(self, question: QuestionLike, lang: str = "nl") -> list[dict]:
        """Only the don't-know options (shown as a tick box under the input)."""
        return [o for o in super().web_options(question, lang) if o["apart"]]

    def web_hint(self, question: QuestionLike):
        """Type digits only."""
        if (question.settings or {}).get("integer", True):
            return _l("Type a whole number, for example 12.")
        return _l("Type a number, for example 12 or 3,5.")

    def web_input(self, form, question: QuestionLike, row: str | None = None) -> Any:
        """The typed number, or the ticked don't know (not both)."""
        typed = form.get("answer", "")
        dont_know = [v for v in form.getlist("dont_know") if v]
        if dont_know and not self.is_empty(typed):
            raise AnswerError(_l("Type a number or tick \u201cdon't know\u201d, not both."))
        return dont_know[0] if dont_know else typed

    def web_fields(self, value: Any, question: QuestionLike, lang: str = "nl", row=None) -> dict:
        """The number as typed the Dutch way, or the don't-know tick."""
        if value is None:
            return {}
        if isinstance(value, str):
            return {"dont_know": [value]}
        return {"answer": [format_number(value, lang)]}

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """The number with its unit, or the don't-know label."""
        if value is None:
            return ""
        if isinstance(value, str):
            return super().display(value, question, lang)
        unit = ((question.settings or {}).get("unit") or {}).get(lang) or ""
        return f"{format_number(value, lang)} {unit}".strip()

    def score(self, value: Any, question: QuestionLike) -> float | None:
        """The number itself."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)

    def matches(self, value: Any, op: str, target: Any, question: QuestionLike) -> bool:
        """equals / above / below; don't know never matches."""
        return numeric_match(self.score(value, question), op, target)

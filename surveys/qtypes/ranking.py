"""Ranking: choose the N most important options and put them in order.

Canonical value: a list of distinct option codes, most important first, at most ``top_n``
long, e.g. ``["betaalbaar", "duurzaam", "zorg"]``. Raw input may be that list, or a mapping
``{code: rank}`` as a paper form or a keying screen gives it (ranks 1..top_n, no rank twice;
gaps are closed up). An exclusive don't-know option may be the only answer: ``["dk"]``.
Settings: ``{"top_n": 3}``.
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, translate
from surveys.languages import ordinal
from surveys.qtypes.base import (
    QuestionLike,
    QuestionType,
    SettingField,
    find_option,
    option_label,
    register,
    to_number,
)
from surveys.qtypes.multiple import is_exclusive
from surveys.qtypes.widgets import Grid, GridLine, coded_lines, numbered_choices

DEFAULT_TOP_N = 3


def top_n(question: QuestionLike) -> int:
    """How many options the respondent puts in order."""
    value = (question.settings or {}).get("top_n", DEFAULT_TOP_N)
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_TOP_N


@register
class Ranking(QuestionType):
    """Put the most important options in order."""

    code = "ranking"
    order = 70
    label = _l("Ranking (top N in order)")
    measure = "ranking"
    xlsform_select = "rank"
    xlsform_reads = ("rank",)

    def xlsform_settings(self, kind: str, options: list, constraint: dict | None) -> dict:
        """The top three (or fewer when there are fewer options)."""
        return {**self.default_settings(), "top_n": min(3, len(options)) or 1}

    settings_fields = (SettingField("top_n", _l("Number of choices to put in order"), default=3),)

    def default_settings(self) -> dict:
        """The top three."""
        return {"top_n": DEFAULT_TOP_N}

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """top_n is a whole number from 1 to the number of ordinary options."""
        value = (question.settings or {}).get("top_n", DEFAULT_TOP_N)
        ordinary = [o for o in question.options or [] if not is_exclusive(o)]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return [translate(_l("The number of choices to rank must be a whole number."))]
        if complete and value > len(ordinary):
            return [
                translate(_l("The number of choices to rank is larger than the number of options."))
            ]
        return []

    def clean(self, raw: Any, question: QuestionLike) -> list[str] | None:
        """Codes in order of importance."""
        if self.is_empty(raw):
            return None
        if isinstance(raw, dict):
            codes = self._from_ranks(raw, question)
        else:
            codes = self._codes(raw, question)
        if len(codes) > 1 and any(is_exclusive(find_option(question, c)) for c in codes):
            raise AnswerError(_l("\u201cDon't know\u201d cannot be combined with a ranking."))
        if len(codes) > top_n(question):
            raise AnswerError(_l("Choose at most %(n)d answers.", n=top_n(question)))
        return codes

    def _from_ranks(self, raw: dict, question: QuestionLike) -> list[str]:
        ranked = {}
        for code, rank in raw.items():
            if self.is_empty(rank):
                continue
            code = self._code(code, question)
            number = to_number(rank)
            if number is None or not number.is_integer() or not 1 <= number <= top_n(question):
                raise AnswerError(
                    _l("Give each choice a number from 1 to %(n)d.", n=top_n(question))
                )
            if int(number) in ranked:
                raise AnswerError(_l("You gave two choices the same number."))
            ranked[int(number)] = code
        return [ranked[r] for r in sorted(ranked)]

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> Grid:
        """Options as numbered rows, one column per rank (a cross per column)."""
        options = [o for o in question.options or [] if isinstance(o, dict)]
        ordinary = [o for o in options if not is_exclusive(o)]
        ranks = tuple(
            GridLine(code=str(n), key=str(n), label=ordinal(lang, n))
            for n in range(1, top_n(question) + 1)
        )
        extra = [o for o in options if is_exclusive(o)]
        return Grid(
            rows=coded_lines(ordinary, lang),
            columns=ranks,
            one_per="column",
            extra=numbered_choices(extra, lang, start=len(ordinary) + 1),
        )

    # -- web (online answering) ------------------------------------------------------
    web_widget = "ranking"

    def web_options(self, question: QuestionLike, lang: str = "nl") -> list[dict]:
        """Options with the ranks they can get; exclusive options apart (a tick box)."""
        ranks = [str(n) for n in range(1, top_n(question) + 1)]
        return [
            {**option, "ranks": [] if option["apart"] else ranks}
            for option in super().web_options(question, lang)
        ]

    def web_hint(self, question: QuestionLike):
        """How to put the options in order without dragging."""
        return _l(
            "Choose 1 for the most important, 2 for the next, and so on up to %(n)d. "
            "Leave the others empty.",
            n=top_n(question),
        )

    def web_input(self, form, question: QuestionLike, row: str | None = None) -> Any:
        """A rank per ordinary option ({code: rank}), or the ticked don't know alone."""
        ranks = {
            code: form.get(f"rank-{code}", "")
            for code in (str(o.get("code")) for o in question.options or [] if isinstance(o, dict))
            if not is_exclusive(find_option(question, code))
        }
        ticked = [v for v in form.getlist("dont_know") if v]
        if ticked and any(not self.is_empty(r) for r in ranks.values()):
            raise AnswerError(_l("\u201cDon't know\u201d cannot be combined with a ranking."))
        return ticked if ticked else ranks

    def web_fields(self, value: Any, question: QuestionLike, lang: str = "nl", row=None) -> dict:
        """rank-<code> per ranked option, or the don't-know tick."""
        fields: dict[str, list[str]] = {}
        for rank, code in enumerate(value or [], start=1):
            if is_exclusive(find_option(question, code)):
                fields.setdefault("dont_know", []).append(code)
            else:
                fields[f"rank-{code}"] = [str(rank)]
        return fields

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """1. first; 2. second; ..."""
        if not value:
            return ""
        return "; ".join(
            f"{i}. {option_label(find_option(question, c) or {'code': c}, lang)}"
            for i, c in enumerate(value, start=1)
        )

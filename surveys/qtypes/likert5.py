"""Likert 5: a five-point scale with a separate, coded "weet ik niet".

Canonical value: ``"1"`` … ``"5"`` (the scale point as shown, left to right) or the code of
the don't-know option (``"dk"``). ``score`` gives 1–5 for averages; don't know gives None.
Settings: ``{"scale": "agree"}`` names the preset labels used for new questions (see SCALES).
"""

from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import translate
from surveys.qtypes.base import QuestionLike, find_option, is_dont_know, register
from surveys.qtypes.single import SingleChoice

POINTS = ("1", "2", "3", "4", "5")
DONT_KNOW = {"code": "dk", "labels": {"nl": "Weet ik niet", "en": "Don't know"}, "dont_know": True}

# Preset scales: (Dutch, English) per point, from 1 to 5; two points on each side of a true
# middle, the middle in plain words ("Gaat wel" rather than a double negative).
SCALES = {
    "agree": [
        ("Helemaal mee oneens", "Strongly disagree"),
        ("Mee oneens", "Disagree"),
        ("Neutraal", "Neutral"),
        ("Mee eens", "Agree"),
        ("Helemaal mee eens", "Strongly agree"),
    ],
    "easy": [
        ("Heel moeilijk", "Very hard"),
        ("Moeilijk", "Hard"),
        ("Gaat wel", "Neither hard nor easy"),
        ("Makkelijk", "Easy"),
        ("Heel makkelijk", "Very easy"),
    ],
    "satisfied": [
        ("Heel ontevreden", "Very dissatisfied"),
        ("Ontevreden", "Dissatisfied"),
        ("Gaat wel", "Neither dissatisfied nor satisfied"),
        ("Tevreden", "Satisfied"),
        ("Heel tevreden", "Very satisfied"),
    ],
    "clear": [
        ("Heel onduidelijk", "Very unclear"),
        ("Onduidelijk", "Unclear"),
        ("Gaat wel", "Neither clear nor unclear"),
        ("Duidelijk", "Clear"),
        ("Heel duidelijk", "Very clear"),
    ],
    "worried": [
        ("Helemaal geen zorgen", "No worries at all"),
        ("Weinig zorgen", "Few worries"),
        ("Een beetje zorgen", "Some worries"),
        ("Veel zorgen", "Many worries"),
        ("Heel veel zorgen", "Very many worries"),
    ],
    "better": [
        ("Veel slechter", "Much worse"),
        ("Slechter", "Worse"),
        ("Hetzelfde gebleven", "Stayed the same"),
        ("Beter", "Better"),
        ("Veel beter", "Much better"),
    ],
    "important": [
        ("Helemaal niet belangrijk", "Not important at all"),
        ("Niet belangrijk", "Not important"),
        ("Gaat wel", "Neither important nor unimportant"),
        ("Belangrijk", "Important"),
        ("Heel belangrijk", "Very important"),
    ],
}
SCALE_LABELS = {
    "agree": _l("disagree – agree"),
    "easy": _l("hard – easy"),
    "satisfied": _l("dissatisfied – satisfied"),
    "clear": _l("unclear – clear"),
    "worried": _l("not worried – worried"),
    "better": _l("worse – better"),
    "important": _l("not important – important"),
}


def scale_options(scale: str = "agree", dont_know: bool = True) -> list[dict]:
    """The five coded points of a preset scale, plus "weet ik niet"."""
    points = SCALES.get(scale) or SCALES["agree"]
    options = [
        {"code": code, "labels": {"nl": nl, "en": en}}
        for code, (nl, en) in zip(POINTS, points, strict=True)
    ]
    if dont_know:
        options.append({**DONT_KNOW, "labels": dict(DONT_KNOW["labels"])})
    return options


def check_five_points(question: QuestionLike) -> list[str]:
    """Exactly the points 1–5 in order, plus only don't-know options."""
    codes = [str(o.get("code")) for o in question.options or [] if isinstance(o, dict)]
    points = [c for c in codes if not is_dont_know(find_option(question, c))]
    if points != list(POINTS):
        return [
            translate(
                _l(
                    "A five-point scale needs the codes 1, 2, 3, 4 and 5 in this order; "
                    "other options must be marked as \u201cdon't know\u201d."
                )
            )
        ]
    return []


@register
class Likert5(SingleChoice):
    """A five-point scale with a separate don't know."""

    code = "likert5"
    order = 40
    label = _l("Five-point scale (with don't know)")
    measure = "ordinal"
    xlsform_select = "select_one"
    xlsform_reads = ("select one",)
    xlsform_specificity = 2

    def xlsform_appearance(self, question: dict) -> str:
        """XLSForm's likert appearance."""
        return "likert"

    def xlsform_fits(self, options: list, appearance: str) -> bool:
        """A likert appearance over the five points 1–5."""
        points = [o["code"] for o in options if not o.get("dont_know")]
        return "likert" in appearance and points == list(POINTS)

    def xlsform_settings(self, kind: str, options: list, constraint: dict | None) -> dict:
        """An agree scale."""
        return {**self.default_settings(), "scale": "agree"}

    skip_ops = ("equals", "any_of", "above", "below")

    def default_options(self) -> list[dict]:
        """Strongly disagree … strongly agree, and weet ik niet."""
        return scale_options("agree")

    def default_settings(self) -> dict:
        """The preset scale that labelled the options."""
        return {"scale": "agree"}

    def validate_settings(self, question: QuestionLike, complete: bool = True) -> list[str]:
        """Points 1–5 and the scale name."""
        problems = check_five_points(question)
        scale = (question.settings or {}).get("scale")
        if scale is not None and scale not in SCALES:
            problems.append(translate(_l("Unknown scale: %(scale)s.", scale=str(scale)[:30])))
        return problems

    def score(self, value: Any, question: QuestionLike) -> float | None:
        """1–5, or None for don't know."""
        return float(value) if str(value) in POINTS else None

    def matches(self, value: Any, op: str, target: Any, question: QuestionLike) -> bool:
        """As single choice, plus above/below on the scale points (don't know never matches)."""
        if op in ("above", "below"):
            score = self.score(value, question)
            try:
                limit = float(target)
            except (TypeError, ValueError):
                return False
            if score is None:
                return False
            return score > limit if op == "above" else score < limit
        return super().matches(value, op, target, question)

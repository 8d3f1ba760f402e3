"""Skip logic: show a question only when an earlier answer meets a condition.

A condition is ``{"question": <key of an earlier question>, "op": <op>, "value": <value>}``:

- ``equals``: the answer is this option (for multiple choice: this option is among the
  answers); for grades and numbers: the answer is this number;
- ``any_of``: the answer is one of these options (``value`` is a list of codes);
- ``above`` / ``below``: the number, grade or scale point is higher / lower than ``value``.

A question whose condition refers to an unanswered or hidden question is hidden too, so chains
of conditions work as a respondent expects. Conditions may refer only to earlier questions;
that rule also makes loops impossible, and ``find_loop`` reports one in data that breaks it.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from surveys.errors import SurveyError, translate
from surveys.qtypes import get_type
from surveys.qtypes.base import find_option, option_label, to_number

OPS = ("equals", "any_of", "above", "below")
OP_LABELS = {
    "equals": _l("is"),
    "any_of": _l("is one of"),
    "above": _l("is higher than"),
    "below": _l("is lower than"),
}


def condition_met(show_if: dict | None, answers: Mapping[str, Any], by_key: Mapping) -> bool:
    """Whether a question with this condition is shown, given the answers so far."""
    if not show_if:
        return True
    source = by_key.get(show_if.get("question"))
    value = answers.get(show_if.get("question"))
    if source is None or value is None:
        return False
    qtype = get_type(source.qtype)
    op = show_if.get("op")
    if op not in qtype.skip_ops:
        return False
    return qtype.matches(value, op, show_if.get("value"), source)


def visible_keys(questions: Iterable, answers: Mapping[str, Any]) -> list[str]:
    """Keys of the questions shown, in order; answers to hidden questions are ignored."""
    questions = list(questions)
    by_key = {q.key: q for q in questions}
    shown: list[str] = []
    effective: dict[str, Any] = {}
    for question in questions:
        if condition_met(question.show_if, effective, by_key):
            shown.append(question.key)
            if question.key in answers:
                effective[question.key] = answers[question.key]
    return shown


def validate_condition(question, ordered: list) -> list[str]:
    """Problems with one question's condition, given all questions of the survey in order."""
    show_if = question.show_if
    if not show_if:
        return []
    if not isinstance(show_if, dict):
        return [translate(_l("The condition is not valid."))]
    key, op = show_if.get("question"), show_if.get("op")
    keys = [q.key for q in ordered]
    if key == question.key:
        return [translate(_l("A question cannot depend on its own answer."))]
    if key not in keys:
        return [translate(_l("The condition refers to a question that does not exist."))]
    if question.key in keys and keys.index(key) > keys.index(question.key):
        return [
            translate(
                _l(
                    "The condition refers to question %(key)s, which comes later. "
                    "Only earlier questions can be used.",
                    key=key,
                )
            )
        ]
    source = ordered[keys.index(key)]
    qtype = get_type(source.qtype)
    if op not in qtype.skip_ops:
        if not qtype.skip_ops:
            return [translate(_l("The answer to this type of question cannot be used."))]
        return [translate(_l("This comparison cannot be used with this type of question."))]
    return _check_value(source, op, show_if.get("value"))


def _check_value(source, op: str, value: Any) -> list[str]:
    if op in ("above", "below") or (op == "equals" and get_type(source.qtype).numeric):
        if isinstance(value, bool) or to_number(value) is None:
            return [translate(_l("Give a number to compare with."))]
        return []
    codes = value if op == "any_of" else [value]
    if op == "any_of" and (not isinstance(value, list) or not value):
        return [translate(_l("Choose at least one answer for the condition."))]
    for code in codes:
        if isinstance(code, list | dict) or find_option(source, str(code)) is None:
            return [
                translate(
                    _l(
                        "The condition uses the answer %(code)s, which the question does not have.",
                        code=str(code)[:40],
                    )
                )
            ]
    return []


def find_loop(conditions: Mapping[str, str | None]) -> list[str] | None:
    """A chain of keys that refers back to itself (``{"a": "b", "b": "a"}``), or None."""
    for start in conditions:
        path, key = [], start
        while key is not None and key in conditions:
            if key in path:
                return path[path.index(key) :] + [key]
            path.append(key)
            key = conditions.get(key)
    return None


def ensure_order_valid(ordered: list) -> None:
    """SurveyError when, in this order, a condition would refer to a later question."""
    position = {q.key: i for i, q in enumerate(ordered)}
    for index, question in enumerate(ordered):
        source = (question.show_if or {}).get("question")
        if source in position and position[source] >= index:
            raise SurveyError(
                _l(
                    "This move is not possible: question %(key)s has a condition on a question "
                    "that would then come after it.",
                    key=question.key,
                )
            )


def describe(show_if: dict | None, by_key: Mapping, lang: str = "nl") -> str:
    """A condition in words: 'zoekt is “Ja”', 'maanden is higher than 24'."""
    if not show_if:
        return ""
    key, op, value = show_if.get("question"), show_if.get("op"), show_if.get("value")
    source = by_key.get(key)
    values = value if isinstance(value, list) else [value]
    if op in ("equals", "any_of") and source is not None and source.options:
        shown = ", ".join(f"\u201c{_label(source, v, lang)}\u201d" for v in values)
    else:
        shown = ", ".join(str(v) for v in values)
    return f"{key} {translate(OP_LABELS.get(op, op))} {shown}"


def _label(source, code, lang: str) -> str:
    option = find_option(source, str(code))
    return option_label(option, lang) if option else str(code)

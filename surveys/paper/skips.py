"""Skip logic on paper: printed instructions, and answers that ignored them.

Online a hidden question is simply not shown. On paper the tenant sees every question, so a
choice that makes the next questions irrelevant says "Ga door naar vraag 14", and every
question with a condition says when to fill it in. A paper answer to a question that the
instructions said to skip is kept; ``ignored_skips`` lists such questions so they are flagged.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from surveys.logic import condition_met
from surveys.paper.phrases import phrase
from surveys.qtypes import get_type
from surveys.qtypes.base import find_option, format_number, option_label
from surveys.qtypes.likert5 import POINTS
from surveys.qtypes.widgets import ScaleRow

END = 0  # "go to the end" instead of a question number


def question_numbers(questions: Sequence) -> dict[str, int]:
    """Question key → the number printed on the form (1, 2, 3 ... in survey order)."""
    return {q.key: n for n, q in enumerate(questions, start=1)}


def _hidden_after(questions: Sequence, index: int, answers: Mapping[str, Any]) -> set[str]:
    """Keys after position ``index`` hidden by the given answers (conditions on them only)."""
    by_key = {q.key: q for q in questions}
    hidden: set[str] = set()
    for question in questions[index + 1 :]:
        source = (question.show_if or {}).get("question")
        if source in hidden:
            hidden.add(question.key)
        elif source in answers and not condition_met(question.show_if, answers, by_key):
            hidden.add(question.key)
    return hidden


def go_to_targets(questions: Sequence) -> dict[tuple[str, str], int]:
    """(question key, option code) → number to go on to (END for the end of the form).

    Only where choosing that option hides the very next question, so the instruction is
    needed; single-answer questions only (a multiple choice cannot send the tenant on): a
    list of options, or a grade's row of marks and its "weet ik niet" box.
    """
    numbers = question_numbers(questions)
    sources = {(q.show_if or {}).get("question") for q in questions if q.show_if}
    targets: dict[tuple[str, str], int] = {}
    for index, question in enumerate(questions[:-1]):
        if question.key not in sources:
            continue
        for code, value in _single_answers(question):
            hidden = _hidden_after(questions, index, {question.key: value})
            if questions[index + 1].key not in hidden:
                continue
            later = [q for q in questions[index + 1 :] if q.key not in hidden]
            targets[(question.key, code)] = numbers[later[0].key] if later else END
    return targets


def _single_answers(question) -> list[tuple[str, Any]]:
    """(printed option code, stored answer) for each box of a one-answer question."""
    qtype = get_type(question.qtype)
    widget = qtype.paper_widget(question)
    if isinstance(widget, ScaleRow):
        marks = [(point, int(point)) for point in widget.points]
        return marks + [(c.code, c.code) for c in widget.extra]
    if not qtype.one_option:
        return []
    return [(str(o.get("code")), str(o.get("code"))) for o in question.options or []]


def go_to_text(target: int, lang: str) -> str:
    """ "Ga door naar vraag 14", or "Ga door naar het einde"."""
    if target == END:
        return phrase(lang, "go_to_end")
    return phrase(lang, "go_to", n=target)


def condition_text(question, questions: Sequence, lang: str) -> str:
    """When a conditional question is to be filled in, e.g. "Alleen invullen als ..."."""
    show_if = question.show_if or {}
    by_key = {q.key: q for q in questions}
    source = by_key.get(show_if.get("question"))
    if source is None:
        return ""
    answer = _answer_text(source, show_if.get("op"), show_if.get("value"), lang)
    if not answer:
        return ""
    return phrase(lang, "only_if", n=question_numbers(questions)[source.key], answer=answer)


def _answer_text(source, op: str, value: Any, lang: str) -> str:
    if get_type(source.qtype).numeric:
        try:
            number = format_number(float(value), lang)
        except (TypeError, ValueError):
            return ""
        if op == "above":
            return phrase(lang, "more_than", value=number)
        if op == "below":
            return phrase(lang, "less_than", value=number)
        return number
    if op in ("above", "below"):
        codes = [p for p in POINTS if get_type(source.qtype).matches(p, op, value, source)]
    elif op == "any_of":
        codes = [str(v) for v in (value or [])]
    else:
        codes = [str(value)]
    labels = [option_label(find_option(source, c) or {"code": c}, lang) for c in codes]
    quoted = [f"\u2018{label}\u2019" for label in labels]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {phrase(lang, 'or')} {quoted[-1]}"


def skipped_keys(questions: Sequence, answers: Mapping[str, Any]) -> set[str]:
    """Keys the paper form told the tenant to skip, given the answers that were written."""
    by_key = {q.key: q for q in questions}
    skipped: set[str] = set()
    for question in questions:
        source = (question.show_if or {}).get("question")
        if source is None:
            continue
        if source in skipped or (
            source in answers and not condition_met(question.show_if, answers, by_key)
        ):
            skipped.add(question.key)
    return skipped


def ignored_skips(questions: Sequence, answers: Mapping[str, Any]) -> list[str]:
    """Keys answered on paper although the form said to skip them (the answer is kept)."""
    skipped = skipped_keys(questions, answers)
    return [q.key for q in questions if q.key in skipped and q.key in answers]

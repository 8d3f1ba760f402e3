"""Reading a keyed form: the input fields of every question and what was typed in them.

A field's input name is ``q<question id>`` plus ``-<part>`` for questions keyed in several
fields (a matrix row, a rank). What is typed is read by the question type (see
``surveys.keying.fields``) and cleaned into the canonical answer; a value the form cannot
hold is refused with the question number and field named.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError, translate
from surveys.keying.fields import KeyField, read_widget, widget_fields
from surveys.logic import visible_keys
from surveys.paper.skips import question_numbers
from surveys.qtypes import get_type
from surveys.qtypes.widgets import ChoiceList, Grid

# Answer errors that mean the tenant marked the paper inconsistently, not a typing error.
CONTRADICTIONS = (ChoiceList, Grid)


@dataclass
class QuestionFields:
    """One question on the keying screen: its number, fields and widget."""

    question: object
    number: int
    fields: list[tuple[str, KeyField]]
    widget: object
    section: str = ""


@dataclass
class ReadEntry:
    """What an entry means per question, and the fields that could not be read."""

    values: dict[str, dict] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def input_name(question, key_field: KeyField) -> str:
    """The form field name of one keying input."""
    return f"q{question.id}" + (f"-{key_field.name}" if key_field.name else "")


def question_fields(survey, lang: str = "nl") -> list[QuestionFields]:
    """Every question of the survey with its keying inputs, in the order of the form."""
    rows, section_id = [], None
    for number, question in enumerate(survey.ordered_questions(), start=1):
        kind = get_type(question.qtype)
        heading = ""
        if question.section_id != section_id:
            section_id = question.section_id
            heading = question.section.text(lang)
        inputs = [
            (input_name(question, f), f) for f in widget_fields(kind.paper_widget(question, lang))
        ]
        widget = kind.paper_widget(question, lang)
        rows.append(QuestionFields(question, number, inputs, widget, heading))
    return rows


def read_entry(rows: list[QuestionFields], typed: dict[str, str]) -> ReadEntry:
    """The state and value of every keyed question; errors by input name."""
    result = ReadEntry()
    for row in rows:
        question = row.question
        kind = get_type(question.qtype)
        parts = {f.name: str(typed.get(name) or "") for name, f in row.fields}
        first_input = row.fields[0][0]
        try:
            keyed = read_widget(kind.paper_widget(question, "nl"), parts)
        except AnswerError as exc:
            result.errors[first_input] = _numbered(row.number, exc)
            continue
        if keyed.state == "empty":
            continue
        if keyed.state != "answered":
            result.values[question.key] = {"state": keyed.state, "value": None}
            continue
        try:
            value = kind.clean(keyed.raw, question)
        except AnswerError as exc:
            if isinstance(row.widget, CONTRADICTIONS):
                result.values[question.key] = {"state": "multiple_marks", "value": None}
                continue
            result.errors[first_input] = _numbered(row.number, exc)
            continue
        result.values[question.key] = {"state": "answered", "value": value}
    return result


def _numbered(number: int, exc: AnswerError) -> str:
    return translate(_l("Question %(n)d: %(problem)s", n=number, problem=str(exc)))


def complete_values(rows: list[QuestionFields], values: dict[str, dict]) -> dict[str, dict]:
    """At the end of a form: shown questions left empty become "no answer"."""
    questions = [row.question for row in rows]
    answered = {k: v["value"] for k, v in values.items() if v["state"] == "answered"}
    shown = set(visible_keys(questions, answered))
    complete = dict(values)
    for question in questions:
        if question.key not in complete and question.key in shown:
            complete[question.key] = {"state": "no_answer", "value": None}
    return complete


def answered_values(values: dict[str, dict]) -> dict:
    """Question key → answer, for the questions that have one."""
    return {k: v["value"] for k, v in values.items() if v.get("state") == "answered"}


def numbers(rows: list[QuestionFields]) -> dict[str, int]:
    """Question key → printed number."""
    return question_numbers([row.question for row in rows])

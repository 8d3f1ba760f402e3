"""What the keying page shows: per question its number, text and inputs with what was typed,
errors, and whether the paper form told the tenant to skip it; and, for coordinators, two
entries side by side."""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from surveys.keying import entry as reading
from surveys.keying.models import KeyedForm, KeyingEntry
from surveys.logic import condition_met
from surveys.paper.skips import skipped_keys
from surveys.qtypes import get_type
from surveys.qtypes.widgets import ChoiceList, ScaleRow


@dataclass
class ScreenField:
    """One input with its label, hint, typed text and error."""

    name: str
    label: str
    hint: str
    value: str
    error: str
    tokens: str  # complete entries, space separated, for moving on after a keystroke
    multiline: bool
    max_length: int
    inputmode: str
    choose: str = ""  # keys of a several-boxes field typed one after the other
    choose_max: int = 0


@dataclass
class ScreenQuestion:
    """One question row of the keying page."""

    number: int
    key: str
    text: str
    section: str
    fields: list[ScreenField]
    skipped: bool = False
    flagged: bool = False
    condition: dict = field(default_factory=dict)  # for greying out while typing (JS)


def keying_screen(entry: KeyingEntry, typed: dict[str, str], errors: dict[str, str]):
    """The rows of the keying page for an entry."""
    form = entry.form
    rows = reading.question_fields(form.survey, "nl")
    values = reading.read_entry(rows, typed).values
    answers = reading.answered_values(values)
    questions = [row.question for row in rows]
    skipped = skipped_keys(questions, answers)
    by_key = {row.question.key: row for row in rows}
    screen = []
    for row in rows:
        question = row.question
        fields = [
            ScreenField(
                name=name,
                label=key_field.label,
                hint=key_field.hint,
                value=typed.get(name, ""),
                error=errors.get(name, ""),
                tokens=" ".join(key_field.tokens),
                multiline=key_field.multiline,
                max_length=key_field.max_length,
                inputmode=key_field.inputmode,
                choose=" ".join(key_field.choose),
                choose_max=key_field.choose_max,
            )
            for name, key_field in row.fields
        ]
        screen.append(
            ScreenQuestion(
                number=row.number,
                key=question.key,
                text=question.text("nl"),
                section=row.section,
                fields=fields,
                skipped=question.key in skipped,
                flagged=question.key in skipped and question.key in answers,
                condition=_condition(question, by_key),
            )
        )
    return screen


def _condition(question, by_key) -> dict:
    """The source input and the typed keys that show the question (for the browser)."""
    show_if = question.show_if or {}
    source = by_key.get(show_if.get("question"))
    if source is None or not source.fields:
        return {}
    name = source.fields[0][0]
    widget = source.widget
    lookup = {source.question.key: source.question}
    if isinstance(widget, ChoiceList):
        keys = [
            c.key
            for c in widget.choices
            if condition_met(show_if, {source.question.key: _probe(widget, c.code)}, lookup)
        ]
        return {"source": name, "keys": " ".join(keys), "multiple": widget.multiple}
    if isinstance(widget, ScaleRow):
        points = [
            p
            for p in widget.points
            if condition_met(show_if, {source.question.key: int(p)}, lookup)
        ]
        return {"source": name, "keys": " ".join(points), "multiple": False}
    if show_if.get("op") in ("equals", "above", "below"):
        return {"source": name, "op": show_if["op"], "value": str(show_if.get("value"))}
    return {}


def _probe(widget: ChoiceList, code: str):
    return [code] if widget.multiple else code


@dataclass
class SideBySide:
    """One difference between two entries, with the question."""

    difference_id: int
    number: int
    text: str
    first: str
    second: str


def side_by_side(form: KeyedForm) -> list[SideBySide]:
    """The open differences of a form as the coordinator reads them."""
    rows = {row.question.key: row for row in reading.question_fields(form.survey, "nl")}
    result = []
    for difference in sorted(
        form.differences, key=lambda d: rows[d.question_key].number if d.question_key in rows else 0
    ):
        if difference.resolved_at is not None:
            continue
        row = rows.get(difference.question_key)
        if row is None:
            continue
        result.append(
            SideBySide(
                difference.id,
                row.number,
                row.question.text("nl"),
                describe(row.question, difference.first),
                describe(row.question, difference.second),
            )
        )
    return result


def describe(question, keyed: dict | None) -> str:
    """An entry's reading of a question in words: the answer, no answer, several ticked."""
    if keyed is None:
        return _("(not keyed: skipped)")
    if keyed.get("state") == "no_answer":
        return _("No answer")
    if keyed.get("state") == "multiple_marks":
        return _("More than one box ticked")
    return get_type(question.qtype).display(keyed.get("value"), question, "nl") or "–"


def first_focus(screen: list[ScreenQuestion]) -> str:
    """The input to put the cursor in: the first error, else the first empty shown field."""
    fields = [(q, f) for q in screen for f in q.fields]
    for _q, f in fields:
        if f.error:
            return f.name
    for q, f in fields:
        if not f.value and not q.skipped:
            return f.name
    return fields[0][1].name if fields else ""

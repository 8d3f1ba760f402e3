"""The keying widget of every question: input fields from the paper widget, and reading
what a volunteer typed back into a raw answer for the question type's ``clean``.

What is typed is what is printed on the form: an option number, a column number per
statement, the option number per rank, a grade, a number, or the text. ``-`` records "no
answer" and ``*`` records "more than one box ticked" where only one was allowed.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from surveys.errors import AnswerError
from surveys.qtypes.widgets import (
    ChoiceList,
    DigitBoxes,
    Grid,
    ScaleRow,
    Widget,
    WritingBox,
)

_SEPARATORS = re.compile(r"[\s,;+/.]+")
NO_ANSWER_KEYS = ("-",)
MULTIPLE_MARKS_KEYS = ("*",)


@dataclass(frozen=True)
class KeyField:
    """One input on the keying screen."""

    name: str  # suffix of the input name, "" for the question's only field
    label: str  # short label, e.g. a statement or "1e keuze"
    hint: str  # what may be typed, e.g. "1 Ja · 2 Nee · 3 Weet ik niet"
    tokens: tuple[str, ...] = ()  # complete entries, for moving on after one keystroke
    multiline: bool = False
    max_length: int = 60
    inputmode: str = "numeric"
    # Several boxes typed one after the other: the keys, and how many make the entry complete.
    choose: tuple[str, ...] = ()
    choose_max: int = 0


@dataclass
class Keyed:
    """What a volunteer typed for one question, read: its state and the raw answer."""

    state: str  # "answered", "no_answer", "multiple_marks", "empty" (not keyed yet)
    raw: object = None
    marks: list[str] = field(default_factory=list)


SPECIAL = NO_ANSWER_KEYS + MULTIPLE_MARKS_KEYS


def _hint(pairs) -> str:
    return " · ".join(f"{key} {label}" for key, label in pairs)


def widget_fields(widget: Widget) -> list[KeyField]:
    """The inputs for one question, in the order of the paper form."""
    if isinstance(widget, ChoiceList):
        if widget.multiple:
            return [_multiple_field(widget)]
        keys = tuple(c.key for c in widget.choices)
        return [
            KeyField(
                name="",
                label="",
                hint=_hint((c.key, c.label) for c in widget.choices),
                tokens=keys + SPECIAL,
                max_length=10,
            )
        ]
    if isinstance(widget, ScaleRow):
        extra = widget.extra
        hint = f"{widget.points[0]}–{widget.points[-1]}"
        if extra:
            hint += " · " + _hint((c.key, c.label) for c in extra)
        tokens = widget.points + tuple(c.key for c in extra) + SPECIAL
        return [KeyField(name="", label="", hint=hint, tokens=tokens, max_length=10)]
    if isinstance(widget, Grid):
        return _grid_fields(widget)
    if isinstance(widget, DigitBoxes):
        hint = widget.unit
        if widget.extra:
            hint = (hint + " · " if hint else "") + _hint((c.key, c.label) for c in widget.extra)
        return [KeyField(name="", label="", hint=hint, max_length=30, inputmode="decimal")]
    if isinstance(widget, WritingBox):
        return [
            KeyField(
                name="",
                label="",
                hint="",
                multiline=True,
                max_length=widget.max_length,
                inputmode="text",
            )
        ]
    raise TypeError(f"unknown paper widget {type(widget).__name__}")


def _multiple_field(widget: ChoiceList) -> KeyField:
    """Several boxes: the numbers typed one after the other (or separated), then Enter.

    The entry is complete without Enter when it cannot grow: the maximum number of boxes was
    typed, every ordinary box, or an option that stands alone ("geen van deze"), or - or *.
    """
    ordinary = [c.key for c in widget.choices if not c.exclusive]
    alone = tuple(c.key for c in widget.choices if c.exclusive) + NO_ANSWER_KEYS
    single_keys = all(len(c.key) == 1 for c in widget.choices)
    return KeyField(
        name="",
        label="",
        hint=_hint((c.key, c.label) for c in widget.choices),
        tokens=alone if single_keys else (),
        max_length=120,
        choose=tuple(ordinary) if single_keys else (),
        choose_max=min(widget.max_selections or len(ordinary), len(ordinary)),
    )


def _grid_fields(widget: Grid) -> list[KeyField]:
    if widget.one_per == "row":
        keys = tuple(c.key for c in widget.columns) + SPECIAL
        hint = _hint((c.key, c.label) for c in widget.columns)
        return [
            KeyField(name=row.code, label=f"{row.key}. {row.label}", hint=hint, tokens=keys)
            for row in widget.rows
        ]
    options = [(r.key, r.label) for r in widget.rows] + [(c.key, c.label) for c in widget.extra]
    keys = tuple(k for k, _label in options) + SPECIAL
    hint = _hint(options)
    return [
        KeyField(name=f"r{index}", label=column.label, hint=hint if index == 1 else "", tokens=keys)
        for index, column in enumerate(widget.columns, start=1)
    ]


def read_widget(widget: Widget, typed: dict[str, str]) -> Keyed:
    """What the typed text means; AnswerError (naming the field) for what cannot be read."""
    if isinstance(widget, ChoiceList):
        text = _text(typed, "")
        if widget.multiple:
            return _read_multiple(widget, text)
        return _read_single(text, {c.key.lower(): c.code for c in widget.choices})
    if isinstance(widget, ScaleRow):
        keys = {p: p for p in widget.points} | {c.key.lower(): c.code for c in widget.extra}
        return _read_single(_text(typed, ""), keys)
    if isinstance(widget, Grid):
        return _read_grid(widget, typed)
    if isinstance(widget, DigitBoxes):
        return _read_number(widget, _text(typed, ""))
    if isinstance(widget, WritingBox):
        text = str(typed.get("") or "").replace("\r\n", "\n").strip()
        if not text:
            return Keyed("empty")
        if text in NO_ANSWER_KEYS:
            return Keyed("no_answer")
        return Keyed("answered", text)
    raise TypeError(f"unknown paper widget {type(widget).__name__}")


def _text(typed: dict[str, str], name: str) -> str:
    return str(typed.get(name) or "").strip().lower()


def _special(text: str) -> Keyed | None:
    if not text:
        return Keyed("empty")
    if text in NO_ANSWER_KEYS:
        return Keyed("no_answer")
    if text in MULTIPLE_MARKS_KEYS:
        return Keyed("multiple_marks")
    return None


def _read_single(text: str, keys: dict[str, str]) -> Keyed:
    special = _special(text)
    if special:
        return special
    if text not in keys:
        raise AnswerError(_not_a_key(text, list(keys)))
    return Keyed("answered", keys[text])


def _not_a_key(text: str, keys: list[str]):
    return _l(
        "%(typed)s is not on the form here. Type one of: %(keys)s (or - for no answer, "
        "* for more than one box ticked).",
        typed=text[:10],
        keys=", ".join(keys),
    )


def _read_multiple(widget: ChoiceList, text: str) -> Keyed:
    special = _special(text)
    if special:
        return special
    keys = {c.key.lower(): c.code for c in widget.choices}
    if _SEPARATORS.search(text):
        tokens = [t for t in _SEPARATORS.split(text) if t]
    elif text in keys:
        tokens = [text]
    elif all(len(k) == 1 for k in keys):
        tokens = list(text)
    else:
        raise AnswerError(_l("Separate the numbers with a space, for example 1 4 12."))
    unknown = [t for t in tokens if t not in keys]
    if unknown:
        raise AnswerError(_not_a_key(unknown[0], list(keys)))
    codes = [keys[t] for t in dict.fromkeys(tokens)]
    return Keyed("answered", codes, marks=codes)


def _read_grid(widget: Grid, typed: dict[str, str]) -> Keyed:
    if widget.one_per == "row":
        keys = {c.key.lower(): c.code for c in widget.columns}
        answers, states = {}, []
        for row in widget.rows:
            keyed = _read_in_field(_text(typed, row.code), keys, row.label)
            states.append(keyed.state)
            if keyed.state == "answered":
                answers[row.code] = keyed.raw
        return _combine(states, answers)
    keys = {r.key.lower(): r.code for r in widget.rows} | {
        c.key.lower(): c.code for c in widget.extra
    }
    ranked, states = [], []
    for index, column in enumerate(widget.columns, start=1):
        keyed = _read_in_field(_text(typed, f"r{index}"), keys, column.label)
        states.append(keyed.state)
        if keyed.state == "answered":
            ranked.append(keyed.raw)
    return _combine(states, ranked)


def _read_in_field(text: str, keys: dict[str, str], label: str) -> Keyed:
    try:
        return _read_single(text, keys)
    except AnswerError as exc:
        raise AnswerError(
            _l("%(field)s: %(problem)s", field=label[:60], problem=str(exc))
        ) from None


def _combine(states: list[str], answered) -> Keyed:
    """One state for a question keyed in several fields (matrix rows, ranks)."""
    if answered:
        return Keyed("answered", answered)
    if "multiple_marks" in states:
        return Keyed("multiple_marks")
    if "no_answer" in states:
        return Keyed("no_answer")
    return Keyed("empty")


def _read_number(widget: DigitBoxes, text: str) -> Keyed:
    special = _special(text)
    if special:
        return special
    extra = {c.key.lower(): c.code for c in widget.extra}
    if text in extra:
        return Keyed("answered", extra[text])
    return Keyed("answered", text)

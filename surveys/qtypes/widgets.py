"""What a question looks like as boxes, independent of the channel that shows them.

Each question type describes itself as one widget (``QuestionType.paper_widget``), built from
this small closed vocabulary. The paper form turns widgets into boxes at exact positions, the
keying screen turns the same widgets into input fields (so what a volunteer types is what is
printed next to the boxes: the option numbers of a list, the columns of a grid, a grade,
digits, or the written text), and OMR reads the boxes the layout file names. A new question
type composes these widgets; no channel needs to learn it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One box with its label; ``key`` is printed next to the box and typed when keying."""

    key: str
    code: str
    label: str
    exclusive: bool = False


@dataclass(frozen=True)
class ChoiceList:
    """A vertical list of boxes: one answer, or several (optionally at most a number)."""

    choices: tuple[Choice, ...]
    multiple: bool = False
    max_selections: int | None = None


@dataclass(frozen=True)
class ScaleRow:
    """A row of numbered boxes (a grade 1–10), with extra boxes such as "weet ik niet"."""

    points: tuple[str, ...]
    extra: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class GridLine:
    """A row or column of a grid: its code, its printed key and its label."""

    code: str
    key: str
    label: str


@dataclass(frozen=True)
class Grid:
    """Statements × scale (one box per row), or options × ranks (one box per column)."""

    rows: tuple[GridLine, ...]
    columns: tuple[GridLine, ...]
    one_per: str = "row"  # "row" (matrix) or "column" (ranking)
    extra: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class DigitBoxes:
    """Boxes for a number written one digit per box, with an optional unit."""

    digits: int
    decimals: int = 0
    unit: str = ""
    extra: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class WritingBox:
    """A lined box for the tenant's own words."""

    lines: int = 4
    max_length: int = 2000


Widget = ChoiceList | ScaleRow | Grid | DigitBoxes | WritingBox


def extra_choices(options: list[dict], lang: str, label) -> tuple[Choice, ...]:
    """Extra boxes (such as "weet ik niet") keyed w, x, y, z."""
    keys = "wxyz"
    return tuple(
        Choice(key=keys[i] if i < len(keys) else f"w{i + 1}", code=str(o["code"]), label=label(o))
        for i, o in enumerate(options)
    )


def _label(option: dict, lang: str) -> str:
    labels = option.get("labels") or {}
    return str(labels.get(lang) or labels.get("nl") or option.get("code", ""))


def _exclusive(option: dict) -> bool:
    return bool(option.get("exclusive") or option.get("dont_know"))


def numbered_choices(options: list, lang: str, start: int = 1) -> tuple[Choice, ...]:
    """Options as boxes numbered from ``start`` in their order."""
    valid = [o for o in options or [] if isinstance(o, dict)]
    return tuple(
        Choice(key=str(i), code=str(o.get("code")), label=_label(o, lang), exclusive=_exclusive(o))
        for i, o in enumerate(valid, start=start)
    )


def dont_know_choices(options: list, lang: str) -> tuple[Choice, ...]:
    """The don't-know options of a numeric question as boxes keyed w, x, y, z."""
    valid = [o for o in options or [] if isinstance(o, dict)]
    return extra_choices(valid, lang, lambda o: _label(o, lang))


def coded_lines(items: list, lang: str, keys: str | None = None) -> tuple[GridLine, ...]:
    """Rows or columns of a grid, keyed 1, 2, 3 ... or by the letters given."""
    valid = [i for i in items or [] if isinstance(i, dict)]
    return tuple(
        GridLine(
            code=str(item.get("code")),
            key=keys[n] if keys and n < len(keys) else str(n + 1),
            label=_label(item, lang),
        )
        for n, item in enumerate(valid)
    )

"""The one document model every paper is written in: plain blocks that the DOCX, PDF and HTML
renderers each draw in their own way, so the three never disagree about a figure or a word.

Pure dataclasses: no Flask, no database. Text is already in the reader's language.
"""

from dataclasses import dataclass, field
from typing import ClassVar

LIGHTS = ("green", "orange", "red", "grey")
LIGHT_COLOURS = {"green": "#1b7837", "orange": "#e08214", "red": "#b2182b", "grey": "#8c8c8c"}


@dataclass
class Heading:
    """A heading; level 1 starts a chapter, 2 a theme or part, 3 a subpart."""

    kind: ClassVar[str] = "heading"

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """Running text; ``style`` "note" is smaller and grey, "warning" stands out."""

    kind: ClassVar[str] = "paragraph"

    text: str
    style: str = "body"


@dataclass
class Bullets:
    """A list of short points."""

    kind: ClassVar[str] = "bullets"

    items: list[str]


@dataclass
class KeyFigure:
    """One figure in words with the number of respondents behind it."""

    kind: ClassVar[str] = "key_figure"

    text: str
    n: int | None  # None: too few answers to say how many (suppressed)
    source: str = ""


@dataclass
class Table:
    """A table with a header row; ``numeric`` marks the columns to right-align."""

    kind: ClassVar[str] = "table"

    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: tuple[int, ...] = ()


def column_shares(columns: int) -> list[float]:
    """How a table shares the page width among its columns: the first (the labels) wider."""
    if columns <= 1:
        return [1.0] * columns
    first = 0.45 if columns > 2 else 0.35
    return [first] + [(1 - first) / (columns - 1)] * (columns - 1)


@dataclass
class Figure:
    """A chart as PNG bytes with its figures as a table (the text alternative)."""

    kind: ClassVar[str] = "figure"

    png: bytes
    caption: str
    alt: Table
    name: str = ""  # a file name for the chart on its own: "03-huur_hoog"
    n: int | None = None
    source: str = ""
    question_id: int | None = None  # the HTML view shows the results page's chart image


@dataclass
class Quote:
    """A tenant's words, as a person approved them."""

    kind: ClassVar[str] = "quote"

    text: str
    who: str = ""  # the gemeente, never a name


@dataclass
class Stoplight:
    """A look-back item with its light (green, orange, red or grey)."""

    kind: ClassVar[str] = "stoplight"

    title: str
    light: str
    lines: list[tuple[str, str]]  # (label, text)
    label: str = ""  # the light in words ("Groen"): never colour alone

    def __post_init__(self):
        if self.light not in LIGHTS:
            self.light = "grey"


@dataclass
class PageBreak:
    """The next block starts on a new page (PDF and DOCX; ignored in HTML)."""

    kind: ClassVar[str] = "page_break"


Block = Heading | Paragraph | Bullets | KeyFigure | Table | Figure | Quote | Stoplight | PageBreak


@dataclass
class Document:
    """A paper: a title page (title, subtitle, cover lines) and its blocks in order."""

    title: str
    subtitle: str = ""
    cover: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    blocks: list = field(default_factory=list)
    file_stem: str = "paper"
    language: str = "nl"

    def add(self, *blocks) -> "Document":
        """Append blocks (None is skipped); returns the document."""
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def of_type(self, kind: type) -> list:
        """Every block of one kind, in order (tests and the meeting pack read these)."""
        return [b for b in self.blocks if isinstance(b, kind)]

    def text(self) -> str:
        """All words of the document, for search and tests."""
        parts = [self.title, self.subtitle] + [f"{k} {v}" for k, v in self.cover]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph | Quote):
                parts.append(block.text)
            elif isinstance(block, KeyFigure):
                parts.append(block.text)
            elif isinstance(block, Bullets):
                parts.extend(block.items)
            elif isinstance(block, Table):
                parts.extend(" ".join(row) for row in [block.header, *block.rows])
            elif isinstance(block, Figure):
                parts.append(block.caption)
            elif isinstance(block, Stoplight):
                parts.append(block.title)
                parts.extend(f"{k}: {v}" for k, v in block.lines)
        return "\n".join(p for p in parts if p)

"""Page geometry of printed forms: styles, drawing operations, rows and pagination.

Everything is measured in millimetres from the top-left corner of an A4 page, the way a
scanned image is read. A form is built as blocks of rows (a question's text lines, its boxes,
a grid row); a block that does not fit moves to the next page whole when it takes up to
``KEEP_WHOLE`` of a page, and a longer one is split between rows (never inside a group of rows
that must stay together, such as a statement and its boxes), repeating a grid's header.
Drawing is a list of simple operations per page, so the same layout is drawn on paper and
written to the layout file.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT = 20.0, 190.0
CONTENT_BOTTOM = 272.0
MARK_SIZE = 6.0
MARKS = (
    ("top_left", 8.0, 8.0),
    ("top_right", PAGE_W - 14.0, 8.0),
    ("bottom_left", 8.0, PAGE_H - 14.0),
    ("bottom_right", PAGE_W - 14.0, PAGE_H - 14.0),
)
QR_X, QR_Y, QR_SIZE = 168.0, 10.0, 22.0
MM_PER_PT = 25.4 / 72
SPLIT_ROOM = 0.3  # split a long block rather than leave more than this share of a page empty
KEEP_WHOLE = 0.7  # a block up to this share of a page is never split: it moves on whole


@dataclass(frozen=True)
class Style:
    """Type size and box size of a form variant."""

    name: str
    size: float  # points
    box: float  # millimetres
    number_width: float  # column for "12."
    writing_line: float  # line distance in an open-answer box

    @property
    def line(self) -> float:
        """Distance between lines of text, in mm."""
        return self.size * 1.3 * MM_PER_PT

    @property
    def content_top(self) -> float:
        """Where the content starts below the page header."""
        return 36.0 if self.name == "normal" else 38.0

    def baseline_offset(self, box_top: float, box: float | None = None) -> float:
        """Baseline of text centred on a box that starts at box_top."""
        box = self.box if box is None else box
        return box_top + box / 2 + 0.36 * self.size * MM_PER_PT


NORMAL = Style("normal", 12.0, 5.5, 10.0, 8.0)
LARGE = Style("large", 16.0, 7.0, 13.0, 10.0)


@dataclass(frozen=True)
class Text:
    """A line of text; y is the baseline."""

    x: float
    y: float
    text: str
    font: str = "regular"  # regular, bold, italic
    size: float = 12.0
    align: str = "left"  # left, right, centre
    grey: bool = False


@dataclass(frozen=True)
class Rect:
    """A rectangle outline (a box), optionally filled."""

    x: float
    y: float
    w: float
    h: float
    line: float = 0.8  # points
    fill: bool = False
    grey: bool = False


@dataclass(frozen=True)
class Line:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    line: float = 0.5
    grey: bool = True


Op = Text | Rect | Line


@dataclass
class Page:
    """One page of a form: what is drawn, and the boxes a scanner must read."""

    number: int
    ops: list[Op] = field(default_factory=list)
    boxes: list[dict] = field(default_factory=list)


@dataclass
class Row:
    """An unbreakable piece of a block; ``emit(y)`` draws it with its top at y.

    ``keep_with_next`` keeps the row on the same page as the row after it.
    """

    height: float
    emit: Callable[[float], tuple[list[Op], list[dict]]]
    keep_with_next: bool = False


def keep_together(rows: list[Row]) -> list[Row]:
    """Mark rows so that a page break never falls between them; returns the same rows."""
    for row in rows[:-1]:
        row.keep_with_next = True
    return rows


@dataclass
class Block:
    """Rows kept on one page when possible; ``repeat`` rows head each continuation."""

    rows: list[Row]
    space_before: float = 0.0
    repeat: list[Row] = field(default_factory=list)
    keep_first: int = 2  # rows that always stay together at the start

    @property
    def height(self) -> float:
        """Total height of all rows."""
        return sum(r.height for r in self.rows)


class Paginator:
    """Places blocks on pages top to bottom, starting a new page when needed."""

    def __init__(self, style: Style):
        self.style = style
        self.pages: list[Page] = []
        self.y = 0.0
        self.new_page()

    @property
    def page(self) -> Page:
        """The page being filled."""
        return self.pages[-1]

    @property
    def room(self) -> float:
        """Height left on the current page."""
        return CONTENT_BOTTOM - self.y

    @property
    def full_page(self) -> float:
        """Height of an empty page's content area."""
        return CONTENT_BOTTOM - self.style.content_top

    def new_page(self) -> None:
        """Start an empty page."""
        self.pages.append(Page(number=len(self.pages) + 1))
        self.y = self.style.content_top

    def _at_top(self) -> bool:
        return self.y <= self.style.content_top + 0.01

    def place(self, block: Block) -> None:
        """Put a block on the current page, the next one, or split over pages."""
        space = 0.0 if self._at_top() else block.space_before
        if block.height <= self.room < block.height + space:
            space = max(0.0, self.room - block.height - 0.01)  # less space, not a page more
        if block.height + space > self.room and not self._at_top():
            # Move a short block whole; a long one only if little of this page is left.
            short = block.height <= self.full_page * KEEP_WHOLE
            if short or (
                block.height <= self.full_page and self.room < self.full_page * SPLIT_ROOM
            ):
                self.new_page()
                space = 0.0
        self.y += space
        keep = block.keep_first  # and the rows the last of them must stay with
        while 0 < keep < len(block.rows) and block.rows[keep - 1].keep_with_next:
            keep += 1
        first = sum(r.height for r in block.rows[:keep])
        if first > self.room and not self._at_top():
            self.new_page()
        for index, row in enumerate(block.rows):
            if self._group_height(block.rows, index) > self.room and not self._at_top():
                self.new_page()
                if index >= block.keep_first:
                    for head in block.repeat:
                        self._put(head)
            self._put(row)

    def _group_height(self, rows: list[Row], index: int) -> float:
        """Height of the row at index and the rows it must stay with (none before it)."""
        if index > 0 and rows[index - 1].keep_with_next:
            return rows[index].height  # the group's first row already found it room
        height = 0.0
        for row in rows[index:]:
            height += row.height
            if not row.keep_with_next or height > self.full_page:
                break
        return height

    def _put(self, row: Row) -> None:
        ops, boxes = row.emit(self.y)
        self.page.ops.extend(ops)
        for box in boxes:
            box["page"] = self.page.number
        self.page.boxes.extend(boxes)
        self.y += row.height


def text_rows(
    lines: list[str],
    x: float,
    style: Style,
    *,
    font: str = "regular",
    size: float | None = None,
    grey: bool = False,
    right: float | None = None,
    rtl: list[bool] | None = None,
) -> list[Row]:
    """One row per line of text, each as tall as the line distance."""
    size = size or style.size
    step = size * 1.3 * MM_PER_PT
    rows = []
    for index, line in enumerate(lines):
        flip = bool(rtl and rtl[index]) and right is not None

        def emit(y, line=line, flip=flip):
            baseline = y + step * 0.78
            if flip:
                return [Text(right, baseline, line, font, size, "right", grey)], []
            return [Text(x, baseline, line, font, size, "left", grey)], []

        rows.append(Row(step, emit))
    return rows


def box_record(kind: str, question: str, x: float, y: float, w: float, h: float, **meaning):
    """A box of the layout file: what it means and where it is (mm, rounded to 0.01)."""
    record = {"kind": kind, "question": question}
    record.update({k: v for k, v in meaning.items() if v is not None})
    record.update(x=round(x, 2), y=round(y, 2), w=round(w, 2), h=round(h, 2))
    return record

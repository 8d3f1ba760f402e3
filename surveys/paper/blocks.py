"""Rows of a printed question: its number and text, instructions, and its widget's boxes.

Every box drawn here is also recorded (``box_record``) with its meaning, so the layout file
lists exactly the boxes on paper. Keys printed beside boxes (option numbers, statement
letters) are what volunteers type on the keying screen.
"""

from dataclasses import dataclass

from surveys.paper import fonts as textkit
from surveys.paper.fonts import Fonts
from surveys.paper.layout import (
    MM_PER_PT,
    RIGHT,
    Line,
    Rect,
    Row,
    Style,
    Text,
    box_record,
    keep_together,
    text_rows,
)
from surveys.paper.phrases import phrase
from surveys.qtypes.widgets import Choice, ChoiceList, DigitBoxes, Grid, ScaleRow, WritingBox

MIN_STATEMENT_WIDTH = 42.0


@dataclass
class Kit:
    """Fonts, style and language used to measure and wrap text."""

    fonts: Fonts
    style: Style
    lang: str

    def font(self, name: str) -> str:
        """The registered font name for regular, bold or italic."""
        return getattr(self.fonts, name)

    def wrap(self, text: str, width: float, font: str = "regular", size=None) -> list[str]:
        """Lines of text that fit a width in mm."""
        size = size or self.style.size
        return textkit.wrap(text, self.font(font), size, width / MM_PER_PT)

    def width(self, text: str, font: str = "regular", size=None) -> float:
        """Width of a text in mm."""
        return textkit.width(text, self.font(font), size or self.style.size) * MM_PER_PT

    def paragraph(self, text: str, x: float, font: str = "regular", grey: bool = False):
        """Rows for a wrapped paragraph from x to the right margin (right-to-left aware)."""
        lines = self.wrap(text, RIGHT - x, font)
        flags = [textkit.is_rtl(line) for line in lines]
        return text_rows(lines, x, self.style, font=font, grey=grey, right=RIGHT, rtl=flags)


def choice_rows(
    kit: Kit, key: str, choices, x: float, go_to: dict[str, str] | None = None
) -> list[Row]:
    """One row per option: printed key, box, label and any "go on to" instruction."""
    style, rows = kit.style, []
    label_x = x + 6.0 + style.box + 2.5
    width = RIGHT - label_x
    for choice in choices:
        lines = kit.wrap(choice.label, width)
        jump = (go_to or {}).get(choice.code)
        beside = False
        if jump:
            beside = kit.width(f"{lines[-1]}   {jump}") <= width
            if not beside:
                lines = lines + [jump]
        height = max(style.box + 2.2, len(lines) * style.line + 1.2)
        rows.append(Row(height, _choice_emitter(kit, key, choice, x, label_x, lines, jump, beside)))
    return rows


def flow_rows(kit: Kit, key: str, choices, x: float, max_lines: int = 1) -> list[Row] | None:
    """Short options side by side ("1 [ ] Ja   2 [ ] Nee"), or None when they do not fit."""
    style = kit.style
    if not choices or any(len(kit.wrap(c.label, RIGHT - x)) > 1 for c in choices):
        return None
    lines: list[list] = [[]]
    used = 0.0
    for choice in choices:
        width = 6.0 + style.box + 2.5 + kit.width(choice.label)
        if lines[-1] and used + width > RIGHT - x:
            lines.append([])
            used = 0.0
        lines[-1].append((choice, x + used))
        used += width + 7.0
    if len(lines) > max_lines:
        return None
    return [Row(style.box + 2.2, _flow_emitter(kit, key, line)) for line in lines]


def _flow_emitter(kit, key, items):
    style = kit.style

    def emit(y):
        top, ops, records = y + 1.0, [], []
        base = style.baseline_offset(top)
        for choice, left in items:
            box_x = left + 6.0
            ops.append(Text(box_x - 1.5, base, choice.key, "regular", style.size, "right", True))
            ops.append(Rect(box_x, top, style.box, style.box))
            ops.append(Text(box_x + style.box + 2.5, base, choice.label, "regular", style.size))
            records.append(
                box_record(
                    "choice",
                    key,
                    box_x,
                    top,
                    style.box,
                    style.box,
                    option=choice.code,
                    key=choice.key,
                )
            )
        return ops, records

    return emit


def _choice_emitter(kit, key, choice: Choice, x, label_x, lines, jump, beside):
    style = kit.style

    def emit(y):
        top = y + 1.0
        box_x = x + 6.0
        base = style.baseline_offset(top)
        ops = [
            Text(box_x - 1.5, base, choice.key, "regular", style.size, "right", True),
            Rect(box_x, top, style.box, style.box),
        ]
        for index, line in enumerate(lines):
            bold = bool(jump) and not beside and index == len(lines) - 1
            ops.append(
                Text(
                    label_x,
                    base + index * style.line,
                    line,
                    "bold" if bold else "regular",
                    style.size,
                )
            )
        if jump and beside:
            after = label_x + kit.width(lines[-1] + "   ")
            ops.append(Text(after, base + (len(lines) - 1) * style.line, jump, "bold", style.size))
        record = box_record(
            "choice", key, box_x, top, style.box, style.box, option=choice.code, key=choice.key
        )
        return ops, [record]

    return emit


def scale_rows(kit: Kit, key: str, widget: ScaleRow, x: float) -> list[Row]:
    """A grade: the numbers 1 to 10 above a row of boxes, then extra boxes as a list."""
    style = kit.style
    cell = style.box + 4.5

    def numbers(y):
        base = y + style.line * 0.78
        return [
            Text(x + 6.0 + i * cell + style.box / 2, base, p, "bold", style.size, "centre")
            for i, p in enumerate(widget.points)
        ], []

    def boxes(y):
        ops, records = [], []
        for i, point in enumerate(widget.points):
            bx = x + 6.0 + i * cell
            ops.append(Rect(bx, y + 0.5, style.box, style.box))
            records.append(
                box_record(
                    "choice", key, bx, y + 0.5, style.box, style.box, option=point, key=point
                )
            )
        return ops, records

    rows = [Row(style.line, numbers), Row(style.box + 2.0, boxes)]
    return rows + choice_rows(kit, key, widget.extra, x)


def digit_rows(kit: Kit, key: str, widget: DigitBoxes, x: float) -> list[Row]:
    """Boxes for one digit each (a comma before the decimals), then the unit."""
    style = kit.style
    cell_w, cell_h = style.box + 0.8, style.box * 1.35

    def emit(y):
        ops, records, cx = [], [], x + 6.0
        base = style.baseline_offset(y + 1.0, cell_h)
        for part, count in (("whole", widget.digits), ("decimal", widget.decimals)):
            if not count:
                continue
            if part == "decimal":
                ops.append(Text(cx + 1.0, base, ",", "bold", style.size))
                cx += 3.0
            ops.append(Rect(cx, y + 1.0, cell_w * count, cell_h))
            for i in range(1, count):
                ops.append(
                    Line(cx + i * cell_w, y + 1.0, cx + i * cell_w, y + 1.0 + cell_h, 0.8, False)
                )
            records.append(
                box_record(
                    "digits", key, cx, y + 1.0, cell_w * count, cell_h, part=part, cells=count
                )
            )
            cx += cell_w * count
        if widget.unit:
            ops.append(Text(cx + 2.5, base, widget.unit, "regular", style.size))
        return ops, records

    return [Row(cell_h + 2.5, emit)] + choice_rows(kit, key, widget.extra, x)


def writing_rows(kit: Kit, key: str, widget: WritingBox, x: float) -> list[Row]:
    """A lined box for the tenant's own words."""
    style = kit.style
    height = widget.lines * style.writing_line

    def emit(y):
        top, width = y + 1.0, RIGHT - x
        ops = [Rect(x, top, width, height)]
        for i in range(1, widget.lines):
            line_y = top + i * style.writing_line
            ops.append(Line(x + 2.0, line_y, x + width - 2.0, line_y, 0.4, True))
        return ops, [box_record("text", key, x, top, width, height, lines=widget.lines)]

    return [Row(height + 2.5, emit)]


def grid_rows(kit: Kit, key: str, widget: Grid, x: float) -> tuple[list[Row], list[Row]] | None:
    """A table: rows × columns with one box per cell, and its header (for repeating).

    None when the columns do not leave room for the statements (large print, many columns):
    the caller then prints each statement as its own list.
    """
    style, ncols = kit.style, len(widget.columns)
    avail = RIGHT - x
    narrow = widget.one_per == "column"
    cell = style.box + (6.0 if narrow else 4.0)
    if not narrow:
        longest = max(kit.width(w) for c in widget.columns for w in c.label.split() or [""])
        cell = min(24.0, max(cell, longest + 2.0))
    label_w = avail - ncols * cell
    if label_w < MIN_STATEMENT_WIDTH:
        return None
    heads = [kit.wrap(c.label, cell - 1.0, "regular") for c in widget.columns]
    head_h = (max(len(h) for h in heads) + (0 if narrow else 1)) * style.line + 1.0
    col_x = [x + label_w + i * cell for i in range(ncols)]

    def header(y):
        ops = []
        for i, column in enumerate(widget.columns):
            centre, line_y = col_x[i] + cell / 2, y + style.line * 0.78
            if not narrow:
                ops.append(Text(centre, line_y, column.key, "regular", style.size, "centre", True))
                line_y += style.line
            for line in heads[i]:
                ops.append(
                    Text(
                        centre, line_y, line, "bold" if narrow else "regular", style.size, "centre"
                    )
                )
                line_y += style.line
        return ops, []

    rows = []
    for row in widget.rows:
        lines = kit.wrap(row.label, label_w - 8.0)
        height = max(style.box + 3.0, len(lines) * style.line + 2.0)
        rows.append(Row(height, _grid_row_emitter(kit, key, widget, row, x, col_x, cell, lines)))
    head = [Row(head_h, header)]
    extra = []
    if widget.extra:
        extra = kit.paragraph(phrase(kit.lang, "or_tick"), x, "italic") + choice_rows(
            kit, key, widget.extra, x
        )
    return head + rows + extra, head


def _grid_row_emitter(kit, key, widget: Grid, row, x, col_x, cell, lines):
    style = kit.style

    def emit(y):
        top = y + 1.5
        base = style.baseline_offset(top)
        ops = [Text(x + 5.0, base, row.key, "regular", style.size, "right", True)]
        for index, line in enumerate(lines):
            ops.append(Text(x + 7.0, base + index * style.line, line, "regular", style.size))
        records = []
        for i, column in enumerate(widget.columns):
            bx = col_x[i] + (cell - style.box) / 2
            ops.append(Rect(bx, top, style.box, style.box))
            if widget.one_per == "row":
                meaning = {"statement": row.code, "option": column.code, "key": column.key}
            else:
                meaning = {"option": row.code, "rank": int(column.code), "key": row.key}
            records.append(box_record("grid", key, bx, top, style.box, style.box, **meaning))
        bottom = y + max(style.box + 3.0, len(lines) * style.line + 2.0)
        ops.append(Line(x, bottom, col_x[-1] + cell, bottom, 0.3, True))
        return ops, records

    return emit


def widget_rows(kit: Kit, key: str, widget, x: float, go_to=None) -> tuple[list[Row], list[Row]]:
    """The rows of any widget, and the rows to repeat when it continues on a next page."""
    if isinstance(widget, ChoiceList):
        flow = None if go_to else flow_rows(kit, key, widget.choices, x)
        return flow or choice_rows(kit, key, widget.choices, x, go_to), []
    if isinstance(widget, ScaleRow):
        return scale_rows(kit, key, widget, x), []
    if isinstance(widget, DigitBoxes):
        return digit_rows(kit, key, widget, x), []
    if isinstance(widget, WritingBox):
        return writing_rows(kit, key, widget, x), []
    if isinstance(widget, Grid):
        table = grid_rows(kit, key, widget, x)
        if table is not None:
            return table
        return _grid_as_lists(kit, key, widget, x), []
    raise TypeError(f"unknown paper widget {type(widget).__name__}")


def _grid_as_lists(kit: Kit, key: str, widget: Grid, x: float) -> list[Row]:
    """A grid too wide for the page: each statement (or rank) with its own list of boxes."""
    rows: list[Row] = []
    outer, inner = (
        (widget.rows, widget.columns)
        if widget.one_per == "row"
        else (
            widget.columns,
            widget.rows,
        )
    )
    for line in outer:
        # A statement (or rank) stays on one page with all of its boxes.
        group = [Row(1.5, lambda y: ([], []))]
        group += kit.paragraph(
            f"{line.key}. {line.label}" if widget.one_per == "row" else line.label, x, "bold"
        )
        choices = [Choice(key=c.key, code=c.code, label=c.label) for c in inner]
        flow = flow_rows(kit, key, choices, x, max_lines=2) if widget.one_per == "row" else None
        if flow:
            group += [_retag(row, widget, line, None) for row in flow]
        else:
            group += [
                _retag(choice_row, widget, line, choice)
                for choice_row, choice in zip(
                    choice_rows(kit, key, choices, x), choices, strict=True
                )
            ]
        rows += keep_together(group)
    if widget.extra:
        rows += kit.paragraph(phrase(kit.lang, "or_tick"), x, "italic")
        rows += choice_rows(kit, key, widget.extra, x)
    return rows


def _retag(row: Row, widget: Grid, line, choice) -> Row:
    """A choice row whose box is recorded as a grid cell."""

    def emit(y):
        ops, records = row.emit(y)
        for record in records:
            record["kind"] = "grid"
            if widget.one_per == "row":
                record["statement"] = line.code
            else:
                record["option"], record["rank"] = choice.code, int(line.code)
                record["key"] = choice.key
        return ops, records

    return Row(row.height, emit)

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
ITEM_GAP = 10.0  # between one option's label and the next option's number, side by side
MIN_BOX_GAP = 3.0  # at least this much paper between two neighbouring boxes


def printed_key(choice) -> str:
    """The key printed beside a box: option numbers only. A lettered key (``w`` for "weet ik
    niet") is what volunteers type; the keying screen shows it, the tenant need not see it."""
    return choice.key if choice.key.isdigit() else ""


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
    """Short options side by side ("1 [ ] Ja      2 [ ] Nee") in columns of equal width, a
    clear gap after each label; None when they do not fit on ``max_lines`` lines."""
    style = kit.style
    if not choices or any(len(kit.wrap(c.label, RIGHT - x)) > 1 for c in choices):
        return None
    widths = [6.0 + style.box + 2.5 + kit.width(c.label) + ITEM_GAP for c in choices]
    cell = max(widths)
    per_line = max(1, int((RIGHT - x + ITEM_GAP) // cell))
    if -(-len(choices) // per_line) <= max_lines:  # equal columns line up from row to row
        placed = [
            [(c, x + i * cell) for i, c in enumerate(choices[j : j + per_line])]
            for j in range(0, len(choices), per_line)
        ]
    else:  # packed: each option as wide as its label
        placed, used = [[]], 0.0
        for choice, width in zip(choices, widths, strict=True):
            if placed[-1] and used + width - ITEM_GAP > RIGHT - x:
                placed.append([])
                used = 0.0
            placed[-1].append((choice, x + used))
            used += width
        if len(placed) > max_lines:
            return None
    return [Row(style.box + 2.2, _flow_emitter(kit, key, line)) for line in placed]


def column_rows(kit: Kit, key: str, choices, x: float) -> list[Row] | None:
    """Four or more short options in two columns (1 2 3 on the left, 4 5 6 on the right),
    boxes as big as ever; None when a label would not fit on one line of its column."""
    style = kit.style
    half = (RIGHT - x) / 2
    room = half - (6.0 + style.box + 2.5) - ITEM_GAP / 2
    if len(choices) < 4 or any(kit.width(c.label) > room for c in choices):
        return None
    count = -(-len(choices) // 2)
    left, right = choices[:count], choices[count:]
    rows = []
    for index, choice in enumerate(left):
        items = [(choice, x)]
        if index < len(right):
            items.append((right[index], x + half))
        rows.append(Row(style.box + 2.2, _flow_emitter(kit, key, items)))
    return rows


def _flow_emitter(kit, key, items):
    style = kit.style

    def emit(y):
        top, ops, records = y + 1.0, [], []
        base = style.baseline_offset(top)
        for choice, left in items:
            box_x = left + 6.0
            ops.append(
                Text(box_x - 1.5, base, printed_key(choice), "regular", style.size, "right", True)
            )
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
            Text(box_x - 1.5, base, printed_key(choice), "regular", style.size, "right", True),
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


def scale_rows(kit: Kit, key: str, widget: ScaleRow, x: float, go_to=None) -> list[Row]:
    """A grade: the numbers 1 to 10 above a row of boxes, then extra boxes as a list.

    Marks that skip questions get a bracket under their boxes with "Ga door naar vraag 17",
    as a list's options do beside them.
    """
    style = kit.style
    cell = style.box + 4.5
    go_to = go_to or {}

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
    runs = _runs([go_to.get(point) for point in widget.points])
    if any(text for _first, _last, text in runs):
        rows = keep_together(rows + [Row(style.line + 3.0, _jump_brackets(kit, x, cell, runs))])
    return rows + choice_rows(kit, key, widget.extra, x, go_to)


def _runs(texts: list) -> list[tuple[int, int, str | None]]:
    """Consecutive equal values as (first index, last index, value)."""
    runs: list[tuple[int, int, str | None]] = []
    for index, text in enumerate(texts):
        if runs and runs[-1][2] == text:
            runs[-1] = (runs[-1][0], index, text)
        else:
            runs.append((index, index, text))
    return runs


def _jump_brackets(kit: Kit, x: float, cell: float, runs):
    """Brackets under runs of boxes, each with its "go on to" instruction."""
    style = kit.style

    def emit(y):
        ops = []
        for first, last, text in runs:
            if not text:
                continue
            left = x + 6.0 + first * cell
            right = x + 6.0 + last * cell + style.box
            ops += [
                Line(left, y, left, y + 1.5, 0.8, False),
                Line(left, y + 1.5, right, y + 1.5, 0.8, False),
                Line(right, y, right, y + 1.5, 0.8, False),
            ]
            ops.append(Text(left, y + 1.5 + style.line * 0.85, text, "bold", style.size))
        return ops, []

    return emit


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

    Column headings are wrapped at spaces (never inside a word). Statements stand left of
    their boxes when there is room; otherwise each statement is printed across the width with
    its row of boxes right under it, under the headings, so its answers stay on one line.
    None when even the columns alone do not fit (large print, many columns): the caller then
    prints each statement as its own list.
    """
    style, ncols = kit.style, len(widget.columns)
    avail = RIGHT - x
    narrow = widget.one_per == "column"
    cell = style.box + (6.0 if narrow else 4.0)
    if not narrow:
        longest = max(kit.width(w) for c in widget.columns for w in c.label.split() or [""])
        cell = max(cell, style.box + MIN_BOX_GAP, min(26.0, longest + 2.0))
        if longest + 1.0 > cell or ncols * cell > avail - 7.0:
            return None
    label_w = avail - ncols * cell
    stacked = label_w < MIN_STATEMENT_WIDTH
    if stacked and narrow:
        return None
    heads = [kit.wrap(c.label, cell - 1.0, "regular") for c in widget.columns]
    head_h = (max(len(h) for h in heads) + (0 if narrow else 1)) * style.line + 1.0
    col_x = [RIGHT - (ncols - i) * cell for i in range(ncols)]

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
        if stacked:
            rows += _stacked_statement(kit, key, widget, row, x, col_x, cell)
            continue
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


def _stacked_statement(kit, key, widget: Grid, row, x, col_x, cell) -> list[Row]:
    """A statement across the width ("a. Het onderhoud van uw huis"), its boxes below it."""
    style = kit.style
    lines = kit.wrap(row.label, RIGHT - x - 7.0, "bold")

    def text(y):
        ops = [Line(x, y + 0.8, RIGHT, y + 0.8, 0.3, True)]
        base = y + 1.5 + style.line * 0.78
        ops.append(Text(x + 5.0, base, row.key, "regular", style.size, "right", True))
        for index, line in enumerate(lines):
            ops.append(Text(x + 7.0, base + index * style.line, line, "bold", style.size))
        return ops, []

    boxes = _grid_row_emitter(kit, key, widget, row, x, col_x, cell, [], rule=False, label=False)
    return keep_together([Row(len(lines) * style.line + 2.0, text), Row(style.box + 3.0, boxes)])


def _grid_row_emitter(kit, key, widget: Grid, row, x, col_x, cell, lines, rule=True, label=True):
    style = kit.style

    def emit(y):
        top = y + 1.5
        base = style.baseline_offset(top)
        ops = []
        if label:
            ops.append(Text(x + 5.0, base, row.key, "regular", style.size, "right", True))
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
        if rule:
            ops.append(Line(x, bottom, col_x[-1] + cell, bottom, 0.3, True))
        return ops, records

    return emit


def rank_example_rows(kit: Kit, widget: Grid, x: float) -> list[Row]:
    """A drawn example of a ranking grid: crosses in column 1 for the most important, in
    column 2 for the next, and a row left empty; framed and labelled as an example."""
    style, lang = kit.style, kit.lang
    ncols = len(widget.columns)
    cell = style.box + 6.0
    shown = min(ncols, 3)
    labels = [phrase(lang, "rank_first")]
    labels += [phrase(lang, "rank_nth", n=n) for n in range(2, shown + 1)]
    labels.append(phrase(lang, "rank_none"))
    label_w = max(kit.width(t) for t in labels) + 10.0
    grid_x = x + 4.0 + label_w
    line_h = style.box + 2.5
    height = style.line * 2 + len(labels) * line_h + 3.0

    def emit(y):
        right = grid_x + ncols * cell + 4.0
        ops = [Rect(x, y + 1.0, right - x, height - 2.0, line=0.6, grey=True)]
        base = y + 1.0 + style.line * 0.85
        ops.append(Text(x + 3.0, base, phrase(lang, "example"), "italic", style.size))
        for i, column in enumerate(widget.columns):
            centre = grid_x + i * cell + cell / 2
            ops.append(Text(centre, base + style.line, column.label, "bold", style.size, "centre"))
        top = y + 1.0 + style.line * 2 + 0.5
        for r, text in enumerate(labels):
            row_top = top + r * line_h
            ops.append(Text(x + 3.0, style.baseline_offset(row_top), text, "regular", style.size))
            for c in range(ncols):
                bx = grid_x + c * cell + (cell - style.box) / 2
                ops.append(Rect(bx, row_top, style.box, style.box, line=0.6, grey=True))
                if c == r and r < shown:
                    ops += [
                        Line(
                            bx + 1.0,
                            row_top + 1.0,
                            bx + style.box - 1.0,
                            row_top + style.box - 1.0,
                            1.4,
                            False,
                        ),
                        Line(
                            bx + 1.0,
                            row_top + style.box - 1.0,
                            bx + style.box - 1.0,
                            row_top + 1.0,
                            1.4,
                            False,
                        ),
                    ]
        return ops, []

    return [Row(height + 1.0, emit)]


def widget_rows(kit: Kit, key: str, widget, x: float, go_to=None) -> tuple[list[Row], list[Row]]:
    """The rows of any widget, and the rows to repeat when it continues on a next page."""
    if isinstance(widget, ChoiceList):
        if go_to:
            return choice_rows(kit, key, widget.choices, x, go_to), []
        rows = flow_rows(kit, key, widget.choices, x) or column_rows(kit, key, widget.choices, x)
        return rows or choice_rows(kit, key, widget.choices, x), []
    if isinstance(widget, ScaleRow):
        return scale_rows(kit, key, widget, x, go_to), []
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
        # One line or one box per line: a statement's answers never run over two lines.
        flow = flow_rows(kit, key, choices, x) if widget.one_per == "row" else None
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

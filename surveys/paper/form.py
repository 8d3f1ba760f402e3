"""A survey's printable form: pages of questions with exact box positions (the layout).

``build_form`` lays out the survey in one language and style (normal 12 pt or large print
16 pt). The result draws the form (``surveys.paper.render``) and is saved as the layout file
the scanner reads: page size, registration marks, the QR code's place, and every box with its
meaning (question key, option code or statement, rank, digits or writing area) in mm.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from surveys.paper import blocks
from surveys.paper.blocks import Kit
from surveys.paper.fonts import Fonts, missing_characters
from surveys.paper.layout import (
    LARGE,
    LEFT,
    MARK_SIZE,
    MARKS,
    NORMAL,
    PAGE_H,
    PAGE_W,
    QR_SIZE,
    QR_X,
    QR_Y,
    RIGHT,
    Block,
    Line,
    Page,
    Paginator,
    Rect,
    Row,
    Text,
)
from surveys.paper.phrases import PHRASES, long_date, phrase
from surveys.paper.skips import condition_text, go_to_targets, go_to_text
from surveys.qtypes import get_type
from surveys.qtypes.widgets import ChoiceList, DigitBoxes, Grid, ScaleRow, WritingBox

LAYOUT_FORMAT = "consult-paper-form-layout"
LAYOUT_FORMAT_VERSION = 1
HEADER_TITLE_Y, HEADER_IDENT_Y, FOOTER_Y = 16.0, 23.5, 280.0


@dataclass
class FormLayout:
    """All pages of one form variant, and what the layout file records."""

    survey_id: int
    survey_version: int
    language: str
    large_print: bool
    style_name: str
    title: str
    pages: list[Page]
    questions: list[dict]
    missing: set[str] = field(default_factory=set)

    @property
    def page_count(self) -> int:
        """Number of pages of one copy."""
        return len(self.pages)

    def to_json(self, revision: int = 1) -> dict:
        """The layout file: geometry in mm from the top-left corner of the page."""
        return {
            "format": LAYOUT_FORMAT,
            "format_version": LAYOUT_FORMAT_VERSION,
            "survey_id": self.survey_id,
            "survey_version": self.survey_version,
            "language": self.language,
            "large_print": self.large_print,
            "revision": revision,
            "units": "mm",
            "origin": "top-left",
            "page_size": [PAGE_W, PAGE_H],
            "registration_marks": [
                {"corner": corner, "x": x, "y": y, "w": MARK_SIZE, "h": MARK_SIZE}
                for corner, x, y in MARKS
            ],
            "qr": {"x": QR_X, "y": QR_Y, "w": QR_SIZE, "h": QR_SIZE, "every_page": True},
            "marking": "cross; a box coloured in completely is a correction (not chosen)",
            "page_count": self.page_count,
            "questions": self.questions,
            "pages": [{"number": p.number, "boxes": p.boxes} for p in self.pages],
        }

    def fingerprint(self) -> str:
        """A hash of the geometry and meaning of every box (not of the identity)."""
        data = self.to_json()
        data.pop("revision")
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def build_form(
    survey, fonts: Fonts, lang: str = "nl", large_print: bool = False, return_text: str = ""
) -> FormLayout:
    """Lay out a survey's questions on A4 pages in one language and type size."""
    style = LARGE if large_print else NORMAL
    kit = Kit(fonts, style, lang)
    questions = survey.ordered_questions()
    pager = Paginator(style)
    for block in _opening(kit, survey):
        pager.place(block)
    targets = go_to_targets(questions)
    described, section_id = [], None
    for number, question in enumerate(questions, start=1):
        heading = None
        if question.section_id != section_id:
            section_id = question.section_id
            heading = question.section.text(lang)
        jumps = {
            code: go_to_text(target, lang)
            for (key, code), target in targets.items()
            if key == question.key
        }
        block, widget = _question_block(kit, question, number, questions, heading, jumps)
        pager.place(block)
        described.append(_describe(question, number, widget))
    pager.place(_closing(kit, survey, return_text))
    _box_pages(described, pager.pages)
    title = survey.text("title", lang)
    _frame(kit, pager.pages, title)
    layout = FormLayout(
        survey_id=survey.id,
        survey_version=survey.version,
        language=lang,
        large_print=large_print,
        style_name=style.name,
        title=title,
        pages=pager.pages,
        questions=described,
    )
    texts = "".join(op.text for page in pager.pages for op in page.ops if isinstance(op, Text))
    layout.missing = missing_characters(texts, fonts.regular)
    return layout


def _box_pages(described: list[dict], pages: list[Page]) -> None:
    """Each question's ``pages``: exactly the pages that hold its boxes (OMR reads these)."""
    found: dict[str, set[int]] = {}
    for page in pages:
        for box in page.boxes:
            found.setdefault(box["question"], set()).add(page.number)
    for item in described:
        item["pages"] = sorted(found.get(item["key"], ()))


def _describe(question, number: int, widget) -> dict:
    item = {
        "key": question.key,
        "number": number,
        "qtype": question.qtype,
        "pages": [],
        "show_if": question.show_if or None,
    }
    if isinstance(widget, ChoiceList):
        item["multiple"] = widget.multiple
        item["max_selections"] = widget.max_selections
    if isinstance(widget, Grid):
        item["one_per"] = widget.one_per
    return item


def _question_block(kit: Kit, question, number, questions, heading, jumps):
    style, lang = kit.style, kit.lang
    x = LEFT + style.number_width
    rows: list[Row] = []
    if heading:
        rows += _heading_rows(kit, heading)
    text_rows = kit.paragraph(question.text(lang), x, "bold")
    rows.append(_with_number(text_rows[0], f"{number}.", style))
    rows += text_rows[1:]
    widget = get_type(question.qtype).paper_widget(question, lang)
    ranking = isinstance(widget, Grid) and widget.one_per == "column"
    # A ranking's help tells how to rank online ("Zet 1 bij ..."); on paper the form's own
    # instruction and drawn example take its place, so the tenant reads one instruction.
    help_text = "" if ranking else question.text(lang, "help")
    if help_text:
        rows += kit.paragraph(help_text, x, "italic")
    condition = condition_text(question, questions, lang) if question.show_if else ""
    if condition:
        rows += kit.paragraph(condition, x, "italic")
    instruction = not_repeated(_instruction(widget, lang, help_text), help_text)
    if instruction:
        rows += kit.paragraph(instruction, x, "italic", grey=True)
    if ranking:
        rows += blocks.rank_example_rows(kit, widget, x)
    body, repeat = blocks.widget_rows(kit, question.key, widget, x, jumps)
    keep = len(rows) - len(text_rows) + min(len(text_rows), 3) + 1
    # A question that runs on over a page starts the next page with its number and text,
    # "(vervolg)", so the tenant knows which question the boxes there belong to.
    continued = kit.paragraph(f"{question.text(lang)} {phrase(lang, 'continued')}", x, "bold")
    continued[0] = _with_number(continued[0], f"{number}.", style)
    block = Block(
        rows + body, space_before=style.line * 0.9, repeat=continued + repeat, keep_first=keep
    )
    return block, widget


def _with_number(row: Row, label: str, style) -> Row:
    def emit(y):
        ops, boxes = row.emit(y)
        baseline = ops[0].y if ops else y + style.line * 0.78
        return [Text(LEFT, baseline, label, "bold", style.size)] + ops, boxes

    return Row(row.height, emit)


def _heading_rows(kit: Kit, heading: str) -> list[Row]:
    size = kit.style.size + 2
    lines = kit.wrap(heading, RIGHT - LEFT, "bold", size)
    rows = []
    step = size * 1.3 * 25.4 / 72
    for line in lines:
        rows.append(
            Row(step, lambda y, line=line: ([Text(LEFT, y + step * 0.78, line, "bold", size)], []))
        )
    rows.append(Row(3.0, lambda y: ([Line(LEFT, y + 1.0, RIGHT, y + 1.0, 1.0, False)], [])))
    return rows


def _instruction(widget, lang: str, help_text: str = "") -> str:
    if isinstance(widget, ChoiceList):
        if not widget.multiple:
            return phrase(lang, "one_box")
        if says_how_many(help_text, lang):
            return ""  # the help already says it ("U kunt meer dan één antwoord kiezen.")
        if widget.max_selections:
            return phrase(lang, "max_boxes", n=widget.max_selections)
        return phrase(lang, "any_boxes")
    if isinstance(widget, ScaleRow):
        return phrase(lang, "scale_row")
    if isinstance(widget, Grid):
        if widget.one_per == "row":
            return phrase(lang, "per_row")
        if len(widget.columns) == 1:
            return phrase(lang, "one_box")
        return phrase(
            lang,
            "rank_columns",
            n=len(widget.columns),
            first=widget.columns[0].label,
            second=widget.columns[1].label,
        )
    if isinstance(widget, DigitBoxes):
        return phrase(lang, "digit_boxes")
    if isinstance(widget, WritingBox):
        return phrase(lang, "writing_box")
    return ""


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def not_repeated(instruction: str, help_text: str) -> str:
    """The instruction without sentences the help text already says word for word."""
    if not help_text:
        return instruction
    said = _normal(help_text)
    sentences = re.split(r"(?<=[.!?])\s+", instruction.strip())
    return " ".join(s for s in sentences if s and _normal(s) not in said)


def says_how_many(help_text: str, lang: str) -> bool:
    """Whether a help text already says how many answers may be chosen."""
    pattern = PHRASES.get(lang, {}).get("how_many")
    return bool(help_text and pattern and re.search(pattern, help_text, re.IGNORECASE))


def _opening(kit: Kit, survey) -> list[Block]:
    style, lang = kit.style, kit.lang
    size = style.size + 6
    step = size * 1.3 * 25.4 / 72
    title_rows = [
        Row(step, lambda y, line=line: ([Text(LEFT, y + step * 0.8, line, "bold", size)], []))
        for line in kit.wrap(survey.text("title", lang), RIGHT - LEFT, "bold", size)
    ]
    intro = survey.text("intro", lang)
    intro_rows = kit.paragraph(intro, LEFT) if intro else []
    how = (
        kit.paragraph(phrase(lang, "how_title"), LEFT, "bold")
        + kit.paragraph(phrase(lang, "instruction"), LEFT)
        + [_example_row(kit)]
        + kit.paragraph(phrase(lang, "pen"), LEFT)
    )
    return [
        Block(title_rows + intro_rows, keep_first=len(title_rows)),
        Block(how, space_before=style.line, keep_first=len(how)),
    ]


def _example_row(kit: Kit) -> Row:
    """A crossed box ("Goed") and a coloured-in box next to a crossed one ("Vergist")."""
    style, lang = kit.style, kit.lang
    box = style.box

    def crossed(x, y):
        return [
            Rect(x, y, box, box),
            Line(x + 1.0, y + 1.0, x + box - 1.0, y + box - 1.0, 1.6, False),
            Line(x + 1.0, y + box - 1.0, x + box - 1.0, y + 1.0, 1.6, False),
        ]

    def emit(y):
        top = y + 1.5
        base = style.baseline_offset(top)
        x = LEFT
        ops = crossed(x, top) + [
            Text(x + box + 2.5, base, phrase(lang, "right"), "bold", style.size)
        ]
        x += box + 2.5 + kit.width(phrase(lang, "right"), "bold") + 12.0
        ops += [Rect(x, top, box, box, fill=True)]
        ops += crossed(x + box + 3.0, top)
        label_x = x + 2 * box + 5.5
        ops.append(Text(label_x, base, phrase(lang, "mistake"), "bold", style.size))
        return ops, []

    return Row(box + 4.0, emit)


def _closing(kit: Kit, survey, return_text: str) -> Block:
    lang = kit.lang
    rows = kit.paragraph(phrase(lang, "the_end"), LEFT, "bold")
    rows += kit.paragraph(return_text or phrase(lang, "return"), LEFT)
    if survey.closes_on:
        rows += kit.paragraph(
            phrase(lang, "before", date=long_date(survey.closes_on, lang)), LEFT, "bold"
        )
    return Block(rows, space_before=kit.style.line * 2, keep_first=len(rows))


def _frame(kit: Kit, pages: list[Page], title: str) -> None:
    """Registration marks, the running title and the page numbers on every page."""
    style, lang = kit.style, kit.lang
    title_lines = kit.wrap(title, QR_X - LEFT - 4.0, "bold")
    head = title_lines[0] + (" \u2026" if len(title_lines) > 1 else "") if title_lines else ""
    total = len(pages)
    for page in pages:
        ops = [Rect(x, y, MARK_SIZE, MARK_SIZE, 0, fill=True) for _corner, x, y in MARKS]
        ops.append(Text(LEFT, HEADER_TITLE_Y, head, "bold", style.size))
        label = phrase(lang, "page", n=page.number, total=total)
        ops.append(Text(LEFT, FOOTER_Y, label, "regular", style.size))
        if page.number < total:
            ops.append(
                Text(
                    RIGHT,
                    FOOTER_Y,
                    phrase(lang, "next_page") + " \u2192",
                    "italic",
                    style.size,
                    "right",
                )
            )
        page.ops[:0] = ops


def form_date(value: date | None, lang: str) -> str:
    """The close date as printed on forms and letters."""
    return long_date(value, lang) if value else ""

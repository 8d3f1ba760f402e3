"""Reading an XLSForm workbook into a survey definition (see ``surveys.builder.xlsform``)."""

import json
import re
from datetime import date
from io import BytesIO
from zipfile import BadZipFile

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from surveys.builder import xlsform_sheets as sheets
from surveys.builder.definition import FORMAT, FORMAT_VERSION
from surveys.builder.xlsform_types import build_question, meta, parse_select
from surveys.errors import DefinitionError, SurveyError, translate
from surveys.languages import DEFAULT_LANGUAGE, language_name
from surveys.logic import validate_condition
from surveys.qtypes import all_types, get_type
from surveys.qtypes.base import OPTION_CODE, DraftQuestion

DONT_KNOW_CODES = {"dk", "weet_niet", "weetniet", "geen_mening", "nz"}
_REPEAT = re.compile(r"^(begin|end) (?:repeat|loop)\b")


def _has_rows(code: str) -> bool:
    """Whether our own export named a type with statements (a group of rows)."""
    try:
        return bool(code) and get_type(code).has_rows
    except SurveyError:
        return False


def read_workbook(raw: bytes, plain_language: str = DEFAULT_LANGUAGE) -> tuple[dict, list[str]]:
    """(definition, warnings) from XLSForm bytes; DefinitionError for an unusable file.

    ``plain_language`` is the language of ``label`` and ``hint`` columns without one.
    """
    try:
        sheets.check_unpacked_size(raw)
        book = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise DefinitionError(
            _l("The file is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx.")
        ) from None
    names = {n.lower(): n for n in book.sheetnames}
    if "survey" not in names:
        raise DefinitionError(_l("The sheet \u201csurvey\u201d is missing from the workbook."))
    warnings: list[str] = []
    settings = sheets.settings(book[names["settings"]]) if "settings" in names else {}
    header, rows = sheets.table(book[names["survey"]])
    columns = sheets.columns(header, plain_language, warnings)
    if "type" not in columns["plain"] or "name" not in columns["plain"]:
        raise DefinitionError(_l("The survey sheet needs the columns type and name."))
    copied = sheets.with_dutch(columns)
    if not columns["label"]:
        raise DefinitionError(
            _l(
                "The survey sheet has no labels in a language we offer. Add a column "
                "label::Nederlands (nl)."
            )
        )
    _language_warnings(settings, header, plain_language, copied, warnings)
    choices = None
    if "choices" in names:
        choices = _choices(book[names["choices"]], plain_language, copied, warnings)
    parser = _Parser(columns, choices, warnings)
    for number, values in rows:
        parser.row(number, values)
    parser.finish()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "survey": _head(settings, parser, columns["languages"]),
        "sections": parser.sections,
    }, warnings


def _language_warnings(settings, header, plain_language, copied, warnings) -> None:
    """Say which language the columns without one were read as, and what stands in for Dutch."""
    named = sheets.language(settings.get("default_language", ""))
    plain = any(sheets.column_name(h) in ("label", "hint") for h in header)
    if plain and named is not None and named != plain_language:
        warnings.append(
            translate(
                _l(
                    "The settings sheet names %(named)s as the default language; the columns "
                    "label and hint without a language were read as %(chosen)s, as chosen.",
                    named=language_name(named),
                    chosen=language_name(plain_language),
                )
            )
        )
    if copied is not None:
        warnings.append(translate(sheets.copied_warning(copied)))


def _choices(sheet, plain_language: str, copied, warnings: list[str]) -> dict | None:
    """{"lists": options per list name, "renamed": {list: {code in file: our code}}}; None
    for an empty sheet. Repeated codes are left out, codes we cannot store are shortened."""
    header, rows = sheets.table(sheet)
    if not any(header) and not rows:
        return None
    columns = sheets.columns(header, plain_language, [])
    sheets.with_dutch(columns, copied)
    plain = columns["plain"]
    if "list_name" not in plain or "name" not in plain:
        raise DefinitionError(_l("The choices sheet needs the columns list_name and name."))
    lists: dict[str, list[dict]] = {}
    renamed: dict[str, dict[str, str]] = {}
    for number, values in rows:
        get = _getter(values)
        list_name, code = get(plain["list_name"]), get(plain["name"])
        if not list_name or not code:
            continue
        names = renamed.setdefault(list_name, {})
        if code in names:
            warnings.append(
                translate(
                    _l(
                        "Sheet choices, row %(n)d: the list %(list)s already has the code "
                        "%(code)s; this row was left out.",
                        n=number,
                        list=list_name[:40],
                        code=code[:40],
                    )
                )
            )
            continue
        names[code] = _option_code(code, set(names.values()))
        if names[code] != code:
            warnings.append(
                translate(
                    _l(
                        "Sheet choices, row %(n)d: the code %(code)s became %(new)s (a code has "
                        "at most 20 letters, digits, - or _).",
                        n=number,
                        code=code[:40],
                        new=names[code],
                    )
                )
            )
        option = {"code": names[code], "labels": _texts(values, columns["label"])}
        flag = get(plain.get("consult_flag"))
        if flag == "dont_know" or (not flag and code.lower() in DONT_KNOW_CODES):
            option["dont_know"] = True
        elif flag == "exclusive":
            option["exclusive"] = True
        lists.setdefault(list_name, []).append(option)
    return {"lists": lists, "renamed": renamed}


def _option_code(code: str, used: set[str]) -> str:
    """``code`` if we can store it, else a short code made from it, unique in its list."""
    if OPTION_CODE.match(code) and code not in used:
        return code
    base = re.sub(r"[^A-Za-z0-9_-]", "_", code)[:20]
    new, number = base, 1
    while new in used:
        number += 1
        new = f"{base[: 20 - len(str(number)) - 1]}_{number}"
    return new


def _getter(values: list[str]):
    return lambda index: values[index] if index is not None and index < len(values) else ""


def _texts(values: list[str], positions: dict) -> dict:
    get = _getter(values)
    return {lang: get(index) for lang, index in positions.items() if get(index)}


def _head(settings: dict, parser, languages: list[str]) -> dict:
    stored = settings.get("consult_survey")
    if stored:
        try:
            head = json.loads(stored)
        except ValueError:
            head = None
        if isinstance(head, dict):
            return head
    title = settings.get("form_title") or translate(_l("Imported survey"))
    return {
        "title": {DEFAULT_LANGUAGE: title[:200]},
        "intro": parser.intro,
        "year": date.today().year,
        "languages": languages,
        "channels": ["online", "paper"],
        "gemeenten": [],
    }


class _Parser:
    """Walks the survey sheet row by row, building sections and questions.

    Every labelled group becomes a section (a group inside a group too, with the outer
    section continuing after it); a ``field-list`` group of ``select_one`` rows on one list
    becomes a matrix, so a nested group's rows wait until its end to see which it is.
    """

    def __init__(self, columns: dict, choices: dict | None, warnings: list[str]):
        self.columns, self.choices, self.warnings = columns, choices, warnings
        self.sections: list[dict] = []
        self.intro: dict = {}
        self.stack: list[dict] = []
        self.keys: dict[str, str] = {}
        self.accepted: list[DraftQuestion] = []
        self.list_of: dict[str, str] = {}  # question key -> its choices list
        self.skip_depth = 0
        self.loose: dict | None = None

    def warn(self, number: int, message) -> None:
        self.warnings.append(
            translate(_l("Row %(n)d: %(problem)s", n=number, problem=translate(message)))
        )

    def row(self, number: int, values: list[str]) -> None:
        get = _getter(values)
        plain = self.columns["plain"]
        cells = {name: get(index) for name, index in plain.items()}
        kind = re.sub(r"\s+", " ", cells.get("type", "").replace("_", " ")).strip().lower()
        if not kind:
            return
        head = _REPEAT.match(kind)
        if self.skip_depth:
            self.skip_depth += bool(head and head.group(1) == "begin")
            self.skip_depth -= bool(head and head.group(1) == "end")
            return
        cells["labels"] = _texts(values, self.columns["label"])
        cells["hints"] = _texts(values, self.columns["hint"])
        if head:
            self.repeat(number, head.group(1), cells)
            return
        handler = {
            "begin group": self.begin_group,
            "end group": self.end_group,
            "note": self.note,
        }.get(kind, self.question)
        handler(number, kind, cells)

    # -- groups ----------------------------------------------------------------------
    def begin_group(self, number: int, kind: str, cells: dict) -> None:
        if cells.get("relevant"):
            self.warn(
                number,
                _l(
                    "a condition on a whole group is not supported; its questions are always shown."
                ),
            )
        if not self.stack:
            self.stack.append({"kind": "section", "section": self.new_section(cells)})
            return
        if self.stack[-1].get("buffering"):
            self.flush(self.stack[-1])
        self.stack.append(
            {"kind": "group", "number": number, "cells": cells, "rows": [], "buffering": True}
        )

    def new_section(self, cells: dict) -> dict:
        section = {
            "title": cells["labels"] or {DEFAULT_LANGUAGE: cells.get("name") or "Vragen"},
            "intro": {},
            "theme": meta(cells).get("theme"),
            "questions": [],
        }
        self.sections.append(section)
        return section

    def end_group(self, number: int, kind: str, cells: dict) -> None:
        if not self.stack:
            self.warn(number, _l("end_group without begin_group; left out."))
            return
        if self.stack[-1].get("buffering"):
            self.close_group(self.stack[-1])  # still open: its rows go to its own section
        self.stack.pop()

    def repeat(self, number: int, edge: str, cells: dict) -> None:
        if edge == "end":
            self.warn(number, _l("end_repeat without begin_repeat; left out."))
            return
        self.warn(
            number, _l("repeats are not supported; the repeat and its questions were left out.")
        )
        self.skip_depth = 1

    def close_group(self, frame: dict) -> None:
        cells, rows = frame["cells"], frame["rows"]
        selects = [parse_select(r[1].get("type", "")) for r in rows]
        same_list = (
            bool(rows)
            and all(sel is not None and sel[0] == "select one" for sel in selects)
            and len({sel[1] for sel in selects}) == 1
        )
        as_matrix = same_list and (
            _has_rows(cells.get("consult_type", "")) or "field-list" in cells.get("appearance", "")
        )
        if as_matrix:
            self.matrix(frame["number"], cells, rows)
        else:
            self.flush(frame)

    def flush(self, frame: dict) -> None:
        """A nested group that is not a matrix: its own section when labelled, then its rows."""
        frame["buffering"] = False
        if frame["cells"]["labels"]:
            frame["section"] = self.new_section(frame["cells"])
        for number, row_cells in frame.pop("rows"):
            self.add_question(number, row_cells)

    def matrix(self, number: int, cells: dict, rows: list) -> None:
        key = self.key(number, cells.get("name", ""))
        list_name = parse_select(rows[0][1]["type"])[1]
        items = []
        for _n, row_cells in rows:
            code = row_cells.get("name", "")
            if code.startswith(f"{cells.get('name')}__"):
                code = code.split("__", 1)[1]
            items.append({"code": code, "labels": row_cells["labels"]})
        statements = next(t for t in all_types() if t.has_rows)  # the type with statements
        cells = {**cells, "type": f"select_one {list_name}", "consult_type": statements.code}
        question = self.build(number, cells, key)
        if question is not None:
            question["settings"] = {**question["settings"], "rows": items}
            self.accept(number, cells.get("name", ""), question)

    def current_section(self) -> dict:
        """The innermost open section (continued after a group inside it), or the section
        for questions outside any group."""
        frame = next((f for f in reversed(self.stack) if "section" in f), None)
        if frame is not None:
            if self.sections[-1] is not frame["section"]:
                frame["section"] = {**frame["section"], "intro": {}, "questions": []}
                self.sections.append(frame["section"])
            return frame["section"]
        if self.loose is None or not self.sections or self.sections[-1] is not self.loose:
            self.loose = {
                "title": {DEFAULT_LANGUAGE: "Vragen", "en": "Questions"},
                "intro": {},
                "theme": None,
                "questions": [],
            }
            self.sections.append(self.loose)
        return self.loose

    # -- rows ------------------------------------------------------------------------
    def note(self, number: int, kind: str, cells: dict) -> None:
        if self.stack and self.stack[-1].get("buffering"):
            self.warn(number, _l("a note inside a question group was left out."))
        elif not self.stack and not self.sections:
            _append(self.intro, cells["labels"])
        elif self.stack and not self.current_section()["questions"]:
            _append(self.current_section()["intro"], cells["labels"])
        else:
            self.warn(number, _l("a note between questions was left out."))

    def question(self, number: int, kind: str, cells: dict) -> None:
        if self.stack and self.stack[-1].get("buffering"):
            self.stack[-1]["rows"].append((number, cells))
            return
        self.add_question(number, cells)

    def add_question(self, number: int, cells: dict) -> None:
        question = self.build(number, cells, self.key(number, cells.get("name", "")))
        if question is not None:
            self.accept(number, cells.get("name", ""), question)

    def accept(self, number: int, name: str, question: dict) -> None:
        """Add a built question, or leave it out with a warning when we cannot store it."""
        draft = DraftQuestion(
            question["qtype"],
            question["texts"],
            question["options"],
            question["settings"],
            question["key"],
            question["show_if"],
        )
        problems = get_type(draft.qtype).validate_definition(draft)
        if problems:
            self.warn(
                number,
                _l(
                    "question %(name)s was left out: %(problem)s",
                    name=name[:40],
                    problem=problems[0],
                ),
            )
            return
        if validate_condition(draft, [*self.accepted, draft]):
            self.warn(
                number,
                _l("the condition does not fit the question it refers to; always shown."),
            )
            question["show_if"] = draft.show_if = None
        self.accepted.append(draft)
        self.keys[name] = question["key"]
        self.current_section()["questions"].append(question)

    def key(self, number: int, name: str) -> str:
        key = re.sub(r"[^a-z0-9_.]", "_", name.strip().lower().replace("-", "_"))
        if key and not key[0].isalpha():
            key = f"v_{key}"
        used = {q.key for q in self.accepted}
        base, count = key, 1
        while key in used:
            count += 1
            key = f"{base}_{count}"
        if key != name:
            self.warn(
                number, _l("the name %(name)s became the code %(key)s.", name=name[:40], key=key)
            )
        return key

    def build(self, number: int, cells: dict, key: str) -> dict | None:
        return build_question(self, number, cells, key)

    def finish(self) -> None:
        if self.stack:
            self.warnings.append(translate(_l("A group was not closed with end_group.")))
        self.sections = [s for s in self.sections if s["questions"]]


def _append(target: dict, texts: dict) -> None:
    for lang, text in texts.items():
        target[lang] = f"{target[lang]}\n\n{text}" if target.get(lang) else text

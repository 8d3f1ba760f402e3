"""Reading an XLSForm workbook into a survey definition (see ``surveys.builder.xlsform``)."""

import json
import re
from datetime import date
from io import BytesIO
from zipfile import BadZipFile, ZipFile

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from consult.spreadsheet import unpacking_problem
from consult.text import is_storable
from surveys.builder.definition import FORMAT, FORMAT_VERSION
from surveys.builder.xlsform_types import build_question, meta, parse_select
from surveys.errors import DefinitionError, SurveyError, translate
from surveys.languages import DEFAULT_LANGUAGE, SURVEY_LANGUAGES
from surveys.qtypes import all_types, get_type

LANGUAGE_BY_NAME = {name.lower(): code for code, name in SURVEY_LANGUAGES.items()}
LANGUAGE_BY_NAME.update(
    {
        "dutch": "nl",
        "english": "en",
        "german": "de",
        "polish": "pl",
        "turkish": "tr",
        "ukrainian": "uk",
    }
)
DONT_KNOW_CODES = {"dk", "weet_niet", "weetniet", "geen_mening", "nz"}
MAX_ROWS = 5000
MAX_UNPACKED_MB = 50  # a form of 5 000 rows in several languages stays far below this


def _check_unpacked_size(raw: bytes) -> None:
    """Refuse a workbook that unpacks to far more than any survey definition (a zip bomb)."""
    with ZipFile(BytesIO(raw)) as archive:
        problem = unpacking_problem(
            archive.infolist(), max_members=200, max_unpacked_mb=MAX_UNPACKED_MB, max_ratio=100
        )
    if problem is not None:
        raise DefinitionError(
            _l(
                "The workbook unpacks to far more than a survey definition can hold, so it is "
                "not read. Save only the sheets survey, choices and settings in a new workbook."
            )
        )


def _has_rows(code: str) -> bool:
    """Whether our own export named a type with statements (a group of rows)."""
    try:
        return bool(code) and get_type(code).has_rows
    except SurveyError:
        return False


def read_workbook(raw: bytes) -> tuple[dict, list[str]]:
    """(definition, warnings) from XLSForm bytes; DefinitionError for an unusable file."""
    try:
        _check_unpacked_size(raw)
        book = load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise DefinitionError(
            _l("The file is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx.")
        ) from None
    names = {n.lower(): n for n in book.sheetnames}
    if "survey" not in names:
        raise DefinitionError(_l("The sheet \u201csurvey\u201d is missing from the workbook."))
    warnings: list[str] = []
    settings = _settings(book[names["settings"]]) if "settings" in names else {}
    default = _language(settings.get("default_language", "")) or DEFAULT_LANGUAGE
    choices = _choices(book[names["choices"]], default, warnings) if "choices" in names else None
    header, rows = _table(book[names["survey"]])
    columns = _columns(header, default, warnings)
    if "type" not in columns["plain"] or "name" not in columns["plain"]:
        raise DefinitionError(_l("The survey sheet needs the columns type and name."))
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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table(sheet) -> tuple[list[str], list[tuple[int, list[str]]]]:
    rows = sheet.iter_rows(values_only=True)
    header = _storable(sheet, 1, [_cell(v) for v in next(rows, [])])
    body = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise DefinitionError(_l("The sheet has more than %(n)d rows.", n=MAX_ROWS))
        body.append((number, _storable(sheet, number, [_cell(v) for v in values])))
    return header, body


def _storable(sheet, number: int, values: list[str]) -> list[str]:
    """The row's texts, or DefinitionError naming the row with an invisible control character."""
    if any(not is_storable(v) for v in values):
        raise DefinitionError(
            _l(
                "Sheet %(sheet)s, row %(row)d: a cell contains an invisible character that we "
                "cannot store. Remove it and try again.",
                sheet=sheet.title,
                row=number,
            )
        )
    return values


def _settings(sheet) -> dict:
    header, rows = _table(sheet)
    values = rows[0][1] if rows else []
    return {h.lower(): (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}


def _language(text: str) -> str | None:
    """ "Nederlands (nl)", "nl" or "English" -> a language code, or None."""
    text = text.strip()
    found = re.search(r"\(([A-Za-z-]{2,8})\)\s*$", text)
    code = (found.group(1) if found else text).lower()
    if code in SURVEY_LANGUAGES:
        return code
    return LANGUAGE_BY_NAME.get(text.lower())


def _columns(header: list[str], default: str, warnings: list[str]) -> dict:
    """Positions of plain columns, and of label/hint columns per language."""
    plain, texts, languages = {}, {"label": {}, "hint": {}}, []
    for index, name in enumerate(header):
        found = re.match(r"^(label|hint)(?:::(.+))?$", name, re.IGNORECASE)
        if not found:
            if name:
                plain[name.lower()] = index
            continue
        kind = found.group(1).lower()
        lang = _language(found.group(2)) if found.group(2) else default
        if lang is None:
            warnings.append(
                translate(
                    _l("Column %(name)s: this language is not offered and was left out.", name=name)
                )
            )
            continue
        texts[kind][lang] = index
        if lang not in languages:
            languages.append(lang)
    if DEFAULT_LANGUAGE not in texts["label"]:
        raise DefinitionError(
            _l("The survey sheet has no Dutch labels. Add a column label::Nederlands (nl).")
        )
    languages = [DEFAULT_LANGUAGE] + [lang for lang in languages if lang != DEFAULT_LANGUAGE]
    return {"plain": plain, "label": texts["label"], "hint": texts["hint"], "languages": languages}


def _choices(sheet, default: str, warnings: list[str]) -> dict[str, list[dict]]:
    header, rows = _table(sheet)
    columns = _columns(header, default, warnings)
    plain = columns["plain"]
    if "list_name" not in plain or "name" not in plain:
        raise DefinitionError(_l("The choices sheet needs the columns list_name and name."))
    lists: dict[str, list[dict]] = {}
    for _number, values in rows:
        get = _getter(values)
        list_name, code = get(plain["list_name"]), get(plain["name"])
        if not list_name or not code:
            continue
        option = {"code": code, "labels": _texts(values, columns["label"])}
        flag = get(plain.get("consult_flag"))
        if flag == "dont_know" or (not flag and code.lower() in DONT_KNOW_CODES):
            option["dont_know"] = True
        elif flag == "exclusive":
            option["exclusive"] = True
        lists.setdefault(list_name, []).append(option)
    return lists


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
    """Walks the survey sheet row by row, building sections and questions."""

    def __init__(self, columns: dict, choices: dict | None, warnings: list[str]):
        self.columns, self.choices, self.warnings = columns, choices, warnings
        self.sections: list[dict] = []
        self.intro: dict = {}
        self.stack: list[dict] = []
        self.keys: dict[str, str] = {}
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
        if self.skip_depth:
            self.skip_depth += kind == "begin repeat"
            self.skip_depth -= kind == "end repeat"
            return
        cells["labels"] = _texts(values, self.columns["label"])
        cells["hints"] = _texts(values, self.columns["hint"])
        handler = {
            "begin group": self.begin_group,
            "end group": self.end_group,
            "begin repeat": self.begin_repeat,
            "note": self.note,
        }.get(kind, self.question)
        handler(number, kind, cells)

    # -- groups ----------------------------------------------------------------------
    def begin_group(self, number: int, kind: str, cells: dict) -> None:
        if not self.stack:
            section = {
                "title": cells["labels"] or {DEFAULT_LANGUAGE: cells.get("name") or "Vragen"},
                "intro": {},
                "theme": meta(cells).get("theme"),
                "questions": [],
            }
            self.sections.append(section)
            self.stack.append({"kind": "section"})
            return
        self.stack.append({"kind": "group", "number": number, "cells": cells, "rows": []})

    def end_group(self, number: int, kind: str, cells: dict) -> None:
        if not self.stack:
            self.warn(number, _l("end_group without begin_group; left out."))
            return
        frame = self.stack.pop()
        if frame["kind"] == "group":
            self.close_group(frame)

    def begin_repeat(self, number: int, kind: str, cells: dict) -> None:
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
        if as_matrix and rows:
            self.matrix(frame["number"], cells, rows)
            return
        if rows:
            self.warn(
                frame["number"],
                _l("a group inside a group; its questions were added to the section around it."),
            )
        for number, row_cells in rows:
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
            self.current_section()["questions"].append(question)

    def current_section(self) -> dict:
        """The open section, or the section for questions outside any group."""
        if self.stack:
            return self.sections[-1]
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
        if self.stack and self.stack[-1]["kind"] == "group":
            self.warn(number, _l("a note inside a question group was left out."))
        elif not self.stack and not self.sections:
            _append(self.intro, cells["labels"])
        elif self.stack and not self.sections[-1]["questions"]:
            _append(self.sections[-1]["intro"], cells["labels"])
        else:
            self.warn(number, _l("a note between questions was left out."))

    def question(self, number: int, kind: str, cells: dict) -> None:
        if self.stack and self.stack[-1]["kind"] == "group":
            self.stack[-1]["rows"].append((number, cells))
            return
        self.add_question(number, cells)

    def add_question(self, number: int, cells: dict) -> None:
        question = self.build(number, cells, self.key(number, cells.get("name", "")))
        if question is not None:
            self.current_section()["questions"].append(question)

    def key(self, number: int, name: str) -> str:
        key = re.sub(r"[^a-z0-9_.]", "_", name.strip().lower().replace("-", "_"))
        if key and not key[0].isalpha():
            key = f"v_{key}"
        if key != name:
            self.warn(
                number, _l("the name %(name)s became the code %(key)s.", name=name[:40], key=key)
            )
        self.keys[name] = key
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

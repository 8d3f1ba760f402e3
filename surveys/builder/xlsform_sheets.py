"""Reading the sheets of an XLSForm: rows, column names and languages (see ``xlsform_read``).

Forms come from KoboToolbox, ODK Build, Excel and LibreOffice, so the column names vary:
``label``, ``label::English (en)``, ``label:English``, ``LABEL::EN``, ``list name`` for
``list_name``. A column without a language is in the language chosen on the import page.
"""

import re
from io import BytesIO
from zipfile import ZipFile

from flask_babel import lazy_gettext as _l

from consult.spreadsheet import unpacking_problem
from consult.text import is_storable
from surveys.errors import DefinitionError, translate
from surveys.languages import DEFAULT_LANGUAGE, SURVEY_LANGUAGES, language_name

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
# A choices sheet may list every street or village of a region (tens of thousands of rows);
# far more is not a survey definition. Empty rows are skipped: LibreOffice writes one at row
# 1 048 576 (Excel's last), and once the declared dimensions are reset they cost little.
MAX_ROWS = 50_000
MAX_ROW_NUMBER = 1_048_576
MAX_UNPACKED_MB = 50  # a form of 50 000 rows in several languages stays below this
_TEXT_COLUMN = re.compile(r"^(label|hint)(?:\s*::?\s*(.+))?$", re.IGNORECASE)


def check_unpacked_size(raw: bytes) -> None:
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


def cell(value) -> str:
    """A cell's value as stripped text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def table(sheet) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number, texts)]) of the filled rows; DefinitionError past the limits."""
    if hasattr(sheet, "reset_dimensions"):
        # Excel and LibreOffice often declare the whole sheet (A1:AMJ1048576) as used;
        # read the rows the file holds, not a million declared ones.
        sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = _storable(sheet, 1, [cell(v) for v in next(rows, [])])
    body = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROW_NUMBER:
            raise DefinitionError(
                _l(
                    "The sheet %(sheet)s goes on past row %(n)d, the last row Excel has. Copy "
                    "the sheets survey, choices and settings to a new workbook.",
                    sheet=sheet.title,
                    n=MAX_ROW_NUMBER,
                )
            )
        texts = [cell(v) for v in values]
        if not any(texts):
            continue
        if len(body) >= MAX_ROWS:
            raise DefinitionError(
                _l(
                    "The sheet %(sheet)s has more than %(n)d filled rows; that is more than a "
                    "survey can use. Remove the lists the form does not use.",
                    sheet=sheet.title,
                    n=MAX_ROWS,
                )
            )
        body.append((number, _storable(sheet, number, texts)))
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


def settings(sheet) -> dict:
    """The settings sheet's first row of values by (lower-case) column name."""
    header, rows = table(sheet)
    values = rows[0][1] if rows else []
    return {
        column_name(h): (values[i] if i < len(values) else "") for i, h in enumerate(header) if h
    }


def column_name(text: str) -> str:
    """``List Name`` -> ``list_name``: how ODK tools compare plain column names."""
    return re.sub(r"\s+", "_", text.strip().lower())


def language(text: str) -> str | None:
    """ "Nederlands (nl)", "nl", "EN", "en-GB" or "English" -> a language code, or None."""
    text = text.strip()
    found = re.search(r"\(([A-Za-z-]{2,8})\)\s*$", text)
    code = (found.group(1) if found else text).lower().split("-")[0]
    if code in SURVEY_LANGUAGES:
        return code
    name = re.sub(r"\s*\([^)]*\)\s*$", "", text).lower()
    return LANGUAGE_BY_NAME.get(name)


def columns(header: list[str], plain_language: str, warnings: list[str]) -> dict:
    """Positions of plain columns, and of label/hint columns per language (in file order)."""
    plain, texts, languages = {}, {"label": {}, "hint": {}}, []
    for index, name in enumerate(header):
        found = _TEXT_COLUMN.match(name)
        if not found:
            if name:
                plain.setdefault(column_name(name), index)
            continue
        kind = found.group(1).lower()
        lang = language(found.group(2)) if found.group(2) else plain_language
        if lang is None:
            if kind == "label":
                warnings.append(
                    translate(
                        _l(
                            "Column %(name)s: this language is not offered and was left out.",
                            name=name,
                        )
                    )
                )
            continue
        texts[kind].setdefault(lang, index)
        if lang not in languages:
            languages.append(lang)
    return {"plain": plain, "label": texts["label"], "hint": texts["hint"], "languages": languages}


def with_dutch(found: dict, source: str | None = None) -> str | None:
    """Give ``found`` Dutch texts: its own, else those of ``source`` (or its first language).

    Returns the language copied into the Dutch place, or None when Dutch was there or no
    language was there at all. Dutch always comes first in ``languages``.
    """
    copied = None
    if DEFAULT_LANGUAGE not in found["label"]:
        if source not in found["label"]:
            source = next(iter(found["label"]), None)
        if source is not None:
            found["label"][DEFAULT_LANGUAGE] = found["label"][source]
            if source in found["hint"]:
                found["hint"][DEFAULT_LANGUAGE] = found["hint"][source]
            copied = source
    others = [lang for lang in found["languages"] if lang != DEFAULT_LANGUAGE]
    found["languages"] = [DEFAULT_LANGUAGE, *others]
    return copied


def copied_warning(source: str):
    """The warning that a language's texts stand in for the missing Dutch ones."""
    return _l(
        "The form has no Dutch texts, so the %(language)s texts were also put in the Dutch "
        "place. Translate them into Dutch before the survey opens.",
        language=language_name(source),
    )

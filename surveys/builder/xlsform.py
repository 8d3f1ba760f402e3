"""XLSForm export and import for the subset this platform supports.

Supported on the ``survey`` sheet: ``select_one``, ``select_multiple``, ``rank``, ``integer``,
``decimal``, ``text``, ``note``, ``begin_group`` / ``end_group``; columns ``type``, ``name``,
``label::Nederlands (nl)`` / ``label::English (en)`` (also ``label:English``, ``LABEL::EN``, or
a plain ``label`` in the language chosen on import), ``hint::...``,
``required``, ``relevant``, ``constraint`` and ``appearance``. The ``choices`` sheet holds the
options (``list_name``, ``name``, ``label::...``); the ``settings`` sheet ``form_title`` and
``default_language``.

``relevant`` understands a small grammar: ``${q} = 'x'``, ``selected(${q}, 'x')``,
``${q} > 6``, ``${q} < 6`` and several equalities on one question joined with ``or`` (one of).
``constraint`` understands ``. >= 1 and . <= 10``, ``count-selected(.) <= 3`` and
``string-length(.) <= 500``. Anything else is left out with a warning naming the row.

Labelled groups become sections (a group inside a group too); a note before the first group
is the survey's introduction, a note at the start of a group the section's introduction. A
matrix is exported as a ``field-list`` group of ``select_one`` rows. The extra columns
``consult_type`` and ``consult_meta`` (and ``consult_survey`` in settings, ``consult_flag`` in
choices) carry what XLSForm cannot say, so an export imports back exactly; other tools ignore
them.
"""

import json
from io import BytesIO

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from consult.spreadsheet import append_row
from consult.text import without_unstorable
from surveys.builder.definition import export_definition, import_definition
from surveys.builder.xlsform_read import read_workbook
from surveys.errors import DefinitionError
from surveys.languages import DEFAULT_LANGUAGE, language_name
from surveys.models import Survey
from surveys.qtypes import get_type

SURVEY_COLUMNS = ("type", "name")
TAIL_COLUMNS = ("required", "relevant", "constraint", "appearance", "consult_type", "consult_meta")


def language_column(prefix: str, lang: str) -> str:
    """``label::Nederlands (nl)``."""
    return f"{prefix}::{language_name(lang)} ({lang})"


def export_workbook(survey: Survey) -> bytes:
    """The survey as an XLSForm workbook (.xlsx bytes)."""
    definition = without_unstorable(export_definition(survey))
    languages = definition["survey"]["languages"]
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    columns = list(SURVEY_COLUMNS)
    columns += [language_column("label", lang) for lang in languages]
    columns += [language_column("hint", lang) for lang in languages]
    columns += list(TAIL_COLUMNS)
    append_row(sheet, columns)
    choices = book.create_sheet("choices")
    append_row(
        choices,
        ["list_name", "name"]
        + [language_column("label", lang) for lang in languages]
        + ["consult_flag"],
    )
    writer = _Writer(sheet, choices, columns, languages)
    writer.note("intro", definition["survey"]["intro"])
    for number, section in enumerate(definition["sections"], start=1):
        writer.section(number, section)
    settings = book.create_sheet("settings")
    head = definition["survey"]
    append_row(settings, ["form_title", "form_id", "default_language", "version", "consult_survey"])
    append_row(
        settings,
        [
            head["title"].get(DEFAULT_LANGUAGE, ""),
            f"raadpleging_{head['year']}",
            f"{language_name(DEFAULT_LANGUAGE)} ({DEFAULT_LANGUAGE})",
            str(head["year"]),
            json.dumps(head, ensure_ascii=False, sort_keys=True),
        ],
    )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


class _Writer:
    """Appends survey and choices rows."""

    def __init__(self, sheet, choices, columns, languages):
        self.sheet, self.choices, self.columns, self.languages = sheet, choices, columns, languages
        self.list_names: set[str] = set()
        self.qtypes: dict[str, str] = {}

    def row(self, **values) -> None:
        append_row(self.sheet, [values.get(c, "") for c in self.columns])

    def texts(self, labels: dict, hints: dict | None = None) -> dict:
        values = {language_column("label", k): v for k, v in labels.items() if v}
        values.update({language_column("hint", k): v for k, v in (hints or {}).items() if v})
        return values

    def note(self, name: str, texts: dict) -> None:
        if any(texts.values()):
            self.row(type="note", name=name, **self.texts(texts))

    def section(self, number: int, section: dict) -> None:
        name = f"onderdeel_{number}"
        meta = json.dumps({"theme": section["theme"]}, sort_keys=True)
        self.row(type="begin_group", name=name, consult_meta=meta, **self.texts(section["title"]))
        self.note(f"{name}_intro", section["intro"])
        for question in section["questions"]:
            self.question(question)
        self.row(type="end_group", name=name)

    def question(self, q: dict) -> None:
        labels = {k: v.get("text", "") for k, v in q["texts"].items()}
        hints = {k: v.get("help", "") for k, v in q["texts"].items()}
        meta = {k: q[k] for k in ("settings", "theme", "rijksprioriteit", "bank", "gemeente_notes")}
        kind = get_type(q["qtype"])
        if not kind.xlsform_select and not kind.has_rows and q["options"]:
            meta["options"] = q["options"]  # "weet ik niet" of a number: no XLSForm choices
        self.qtypes[q["key"]] = q["qtype"]
        source = (q["show_if"] or {}).get("question")
        common = {
            "name": q["key"],
            "required": "yes" if q["required"] else "",
            "relevant": relevant_expression(q["show_if"], self.qtypes.get(source)),
            "consult_type": q["qtype"],
            "consult_meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
            **self.texts(labels, hints),
        }
        if kind.has_rows:
            self.matrix(q, common)
        elif kind.xlsform_select:
            list_name = self.options(q["key"], q["options"])
            self.row(
                type=f"{kind.xlsform_select} {list_name}",
                appearance=kind.xlsform_appearance(q),
                constraint=kind.xlsform_constraint(q),
                **common,
            )
        else:
            self.row(type=kind.xlsform_plain(q), constraint=kind.xlsform_constraint(q), **common)

    def matrix(self, q: dict, common: dict) -> None:
        list_name = self.options(q["key"], q["options"])
        self.row(type="begin_group", appearance="field-list", **common)
        for item in q["settings"].get("rows", []):
            self.row(
                type=f"select_one {list_name}",
                name=f"{q['key']}__{item['code']}",
                appearance="list-nolabel",
                **self.texts(item["labels"]),
            )
        self.row(type="end_group", name=q["key"])

    def options(self, key: str, options: list) -> str:
        base = key.replace(".", "_")
        name, number = base, 1
        while name in self.list_names:
            number += 1
            name = f"{base}_{number}"
        self.list_names.add(name)
        for option in options:
            flag = (
                "dont_know"
                if option.get("dont_know")
                else ("exclusive" if option.get("exclusive") else "")
            )
            labels = [option.get("labels", {}).get(lang, "") for lang in self.languages]
            append_row(self.choices, [name, option["code"], *labels, flag])
        return name


def relevant_expression(show_if: dict | None, source_type: str | None = None) -> str:
    """A skip-logic condition in XLSForm's relevant syntax."""
    if not show_if:
        return ""
    source, op, value = show_if["question"], show_if["op"], show_if.get("value")
    multiple = source_type is not None and get_type(source_type).measure == "multi"
    if op in ("above", "below"):
        return f"${{{source}}} {'>' if op == 'above' else '<'} {value}"
    values = value if op == "any_of" else [value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"${{{source}}} = {value}"
    if multiple:
        return " or ".join(f"selected(${{{source}}}, '{v}')" for v in values)
    return " or ".join(f"${{{source}}} = '{v}'" for v in values)


def import_workbook(
    raw: bytes, *, by=None, plain_language: str = DEFAULT_LANGUAGE
) -> tuple[Survey, list[str]]:
    """A new draft survey from an XLSForm file; (survey, warnings). All or nothing.

    ``plain_language`` is the language of the columns ``label`` and ``hint`` without one.
    """
    definition, warnings = read_workbook(raw, plain_language)
    if not definition["sections"]:
        raise DefinitionError(_l("The survey sheet has no questions that can be imported."))
    survey, more = import_definition(definition, by=by)
    return survey, warnings + more

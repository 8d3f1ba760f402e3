"""Between builder forms and the services: read texts, options and settings from a form,
and fill a form from a stored question."""

import copy
import re

from flask_babel import lazy_gettext as _l

from surveys.builder.bank import slugify
from surveys.errors import SurveyError
from surveys.languages import DEFAULT_LANGUAGE
from surveys.qtypes import get_type
from surveys.qtypes.base import OPTION_CODE, to_number
from surveys.qtypes.matrix import rows as matrix_rows

DONT_KNOW_WORDS = ("weet ik niet", "geen mening", "zeg ik liever niet", "weet niet")
EXTRA_ROWS = 3


def labels(form, prefix: str) -> dict:
    """{lang: text} from fields named prefix_<lang>."""
    return {lang: (getattr(form, f"{prefix}_{lang}").data or "") for lang in form.language_codes}


def texts(form) -> dict:
    """Question texts {lang: {"text", "help"}} from text_<lang> and help_<lang> fields."""
    return {
        lang: {
            "text": getattr(form, f"text_{lang}").data or "",
            "help": getattr(form, f"help_{lang}").data or "",
        }
        for lang in form.language_codes
    }


def _free_code(base: str, taken: set, number: int) -> str:
    code = (slugify(base, 20) if base else "") or str(number)
    code = code[:20]
    candidate, suffix = code, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{code[:17]}_{suffix}"
    return candidate


def coded_items(entries, languages, flags: bool = True) -> list[dict]:
    """Options (or matrix rows) from the rows of an options table; empty rows are skipped.

    A row with labels but no code gets a code made from its Dutch label.
    """
    items, taken = [], set()
    for number, entry in enumerate(entries, start=1):
        data = entry.form if hasattr(entry, "form") else entry
        names = {lang: (getattr(data, f"label_{lang}").data or "").strip() for lang in languages}
        code = (data.code.data or "").strip()
        if not code and not any(names.values()):
            continue
        code = code or _free_code(names.get(DEFAULT_LANGUAGE, ""), taken, number)
        taken.add(code)
        item = {"code": code, "labels": {k: v for k, v in names.items() if v}}
        if flags and data.dont_know.data:
            item["dont_know"] = True
        if flags and data.exclusive.data and not data.dont_know.data:
            item["exclusive"] = True
        items.append(item)
    return items


def options_from_lines(text: str) -> list[dict]:
    """Options from lines "Label" or "code | Label"; "Weet ik niet" becomes a coded don't know."""
    options, taken = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        code, _sep, label = line.partition("|") if "|" in line else ("", "", line)
        code, label = code.strip(), label.strip()
        if code and not OPTION_CODE.match(code):
            raise SurveyError(
                _l("Line %(n)d: a code may only contain letters, digits, - and _.", n=number),
                field="options_text",
            )
        code = code or _free_code(label, taken, len(options) + 1)
        if code in taken:
            raise SurveyError(
                _l("The code %(code)s is used twice.", code=code), field="options_text"
            )
        taken.add(code)
        option = {"code": code, "labels": {DEFAULT_LANGUAGE: label}}
        if label.lower() in DONT_KNOW_WORDS:
            option["dont_know"] = True
        options.append(option)
    return options


def _number(value: str, field: str):
    if not (value or "").strip():
        return None
    number = to_number(value)
    if number is None:
        raise SurveyError(_l("Give a number, for example 12."), field=field)
    return int(number) if number.is_integer() else number


def settings_from(form, question) -> dict:
    """The type settings of a question, read from the fields its type declares."""
    kind = get_type(question.qtype)
    values = {}
    for spec in kind.settings_fields:
        if spec.per_language:
            values[spec.field] = labels(form, spec.field)
        elif spec.kind == "number":
            values[spec.field] = _number(getattr(form, spec.field).data, spec.field)
        else:
            values[spec.field] = getattr(form, spec.field).data
    settings = kind.settings_from_fields(values, copy.deepcopy(question.settings or {}))
    if kind.has_rows:
        settings["rows"] = coded_items(form.rows.entries, form.language_codes, flags=False)
    return settings


def fill_question_form(form, question) -> None:
    """Put a stored question into an empty edit form (GET)."""
    for lang in form.language_codes:
        entry = (question.texts or {}).get(lang) or {}
        getattr(form, f"text_{lang}").data = entry.get("text", "")
        getattr(form, f"help_{lang}").data = entry.get("help", "")
    form.required.data = getattr(question, "required", False)
    form.theme.data = question.theme.value if question.theme else ""
    form.rijksprioriteit.data = str(question.rijksprioriteit or "")
    kind = get_type(question.qtype)
    shown = kind.fields_from_settings(question.settings or {})
    for spec in kind.settings_fields:
        value = shown.get(spec.field)
        if spec.per_language:
            for lang in form.language_codes:
                getattr(form, f"{spec.field}_{lang}").data = (value or {}).get(lang, "")
        else:
            getattr(form, spec.field).data = _shown(value) if spec.kind == "number" else value
    _fill_rows(form.options, question.options or [], form.language_codes)
    _fill_rows(form.rows, matrix_rows(question), form.language_codes)


def _shown(value) -> str:
    if value is None:
        return ""
    return re.sub(r"\.0$", "", str(value)).replace(".", ",")


def _fill_rows(field_list, items, languages) -> None:
    while field_list.entries:
        field_list.pop_entry()
    for item in list(items) + [{}] * EXTRA_ROWS:
        field_list.append_entry()
        entry = field_list.entries[-1].form
        entry.code.data = item.get("code", "")
        entry.dont_know.data = bool(item.get("dont_know"))
        entry.exclusive.data = bool(item.get("exclusive"))
        for lang in languages:
            getattr(entry, f"label_{lang}").data = (item.get("labels") or {}).get(lang, "")


def ensure_blank_rows(field_list) -> None:
    """After a failed save, keep a few empty rows for new options."""
    blanks = sum(1 for e in field_list.entries if not (e.form.code.data or "").strip())
    for _ in range(max(0, EXTRA_ROWS - blanks)):
        field_list.append_entry()

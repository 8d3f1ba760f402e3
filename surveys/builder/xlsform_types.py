"""From one XLSForm row to one question of our types (see ``surveys.builder.xlsform``)."""

import json
import re

from flask_babel import lazy_gettext as _l

from surveys.builder.xlsform_relevant import parse_constraint, parse_relevant
from surveys.errors import DefinitionError, SurveyError
from surveys.qtypes import all_types, get_type

META_FIELDS = ("theme", "rijksprioriteit", "bank", "gemeente_notes")


# ``select_one yes_no`` and the older ``select one from yes_no`` / ``select all that apply
# from yes_no or specify other`` that ODK Build and early XLSForms wrote.
_SELECT = re.compile(
    r"^(select[_ ]one|select[_ ]multiple|select all that apply|rank)\s+(?:from\s+)?"
    r"([A-Za-z0-9_.-]+)(\s+or[_ ]other|\s+or specify other)?$",
    re.I,
)


def parse_select(type_text: str) -> tuple[str, str, bool] | None:
    """("select one" | "select multiple" | "rank", list name, or_other) for a select type."""
    found = _SELECT.match(" ".join(type_text.split()))
    if not found:
        return None
    head = found.group(1).lower().replace("_", " ")
    head = "select multiple" if head == "select all that apply" else head
    return head, found.group(2), bool(found.group(3))


def meta(cells: dict) -> dict:
    """The consult_meta column as a dict (empty when absent or unreadable)."""
    try:
        value = json.loads(cells.get("consult_meta") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def build_question(parser, number: int, cells: dict, key: str) -> dict | None:
    """A question dict for the definition, or None (with a warning) when not supported."""
    kind = " ".join(cells.get("type", "").lower().split())
    select = parse_select(cells.get("type", ""))
    options: list[dict] = []
    if select is not None:
        kind, list_name, or_other = select
        options = _options(parser, number, list_name)
        parser.list_of[key] = list_name
        if or_other:
            parser.warn(
                number,
                _l(
                    "the answer \u201cOther\u201d with a text box (or_other) is not "
                    "supported; the question was imported without it."
                ),
            )
        if cells.get("choice_filter"):
            parser.warn(
                number,
                _l("choice_filter is not supported; every option of the list is shown."),
            )
    qtype = _our_type(kind, cells, options)
    if qtype is None:
        parser.warn(
            number,
            _l(
                "the type %(type)s is not supported; question %(name)s was left out.",
                type=cells.get("type", "")[:40],
                name=cells.get("name", "")[:40],
            ),
        )
        return None
    settings = get_type(qtype).xlsform_settings(kind, options, _constraint(parser, number, cells))
    question = {
        "key": key,
        "qtype": qtype,
        "theme": None,
        "rijksprioriteit": None,
        "required": cells.get("required", "").lower() in {"yes", "true", "1", "ja", "true()"},
        "texts": {
            lang: {"text": text, "help": cells["hints"].get(lang, "")}
            for lang, text in cells["labels"].items()
        },
        "options": options if get_type(qtype).has_options else [],
        "settings": settings,
        "show_if": _condition(parser, number, cells.get("relevant", "")),
        "bank": None,
        "gemeente_notes": {},
    }
    return _with_meta(question, cells)


def _options(parser, number: int, list_name: str) -> list[dict]:
    if parser.choices is None:
        raise DefinitionError(
            _l(
                "The sheet \u201cchoices\u201d is missing, but row %(n)d needs its list %(list)s.",
                n=number,
                list=list_name[:40],
            )
        )
    if list_name not in parser.choices["lists"]:
        raise DefinitionError(
            _l(
                "Row %(n)d uses the list %(list)s, which is not on the choices sheet.",
                n=number,
                list=list_name[:40],
            )
        )
    return [dict(o, labels=dict(o["labels"])) for o in parser.choices["lists"][list_name]]


def _our_type(kind: str, cells: dict, options: list) -> str | None:
    """Our type: the one our own export named (consult_type), else the most specific type
    that reads this XLSForm type and fits its options; None if no type reads it."""
    stored = cells.get("consult_type", "")
    try:
        if stored:
            return get_type(stored).code
    except SurveyError:
        pass
    appearance = cells.get("appearance", "")
    candidates = sorted(
        (t for t in all_types() if kind in t.xlsform_reads),
        key=lambda t: -t.xlsform_specificity,
    )
    for candidate in candidates:
        if candidate.xlsform_fits(options, appearance):
            return candidate.code
    return None


def _constraint(parser, number: int, cells: dict) -> dict | None:
    """The constraint column as settings; a warning when it cannot be read."""
    expression = cells.get("constraint", "")
    if not expression or meta(cells).get("settings") is not None:
        return None
    parsed = parse_constraint(expression)
    if parsed is None:
        parser.warn(
            number,
            _l("the constraint %(formula)s is not supported; left out.", formula=expression[:80]),
        )
    return parsed


def _condition(parser, number: int, expression: str) -> dict | None:
    if not expression:
        return None
    parsed = parse_relevant(expression)
    if parsed is None:
        parser.warn(
            number,
            _l(
                "the condition %(formula)s is not supported; the question is always shown.",
                formula=expression[:80],
            ),
        )
        return None
    source = parser.keys.get(parsed["question"])
    if source is None:
        parser.warn(
            number,
            _l(
                "the condition refers to a question that was not imported; "
                "the question is always shown."
            ),
        )
        return None
    renamed = (
        parser.choices["renamed"].get(parser.list_of.get(source), {}) if parser.choices else {}
    )
    value = parsed["value"]
    if isinstance(value, list):
        value = [renamed.get(v, v) for v in value]
    elif isinstance(value, str):
        value = renamed.get(value, value)
    return {**parsed, "question": source, "value": value}


def _with_meta(question: dict, cells: dict) -> dict:
    stored = meta(cells)
    if isinstance(stored.get("settings"), dict):
        question["settings"] = stored["settings"]
    if isinstance(stored.get("options"), list) and not question["options"]:
        question["options"] = stored["options"]
    for field in META_FIELDS:
        if field in stored:
            question[field] = stored[field]
    return question

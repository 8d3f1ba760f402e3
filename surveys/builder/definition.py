"""Survey definitions as JSON: export, and import as a new draft survey.

The format (``"format": "consult-survey"``, ``"format_version": 1``)::

    {
      "format": "consult-survey",
      "format_version": 1,
      "survey": {
        "title": {"nl": "...", "en": "..."}, "intro": {"nl": "..."},
        "year": 2027, "cycle_label": "Prestatieafspraken 2028",
        "languages": ["nl", "en"], "channels": ["online", "paper"],
        "opens_on": "2027-01-10", "closes_on": "2027-02-20",
        "open_link_enabled": false, "allow_changes_after_submit": false,
        "dedup_rule": "first_complete",
        "gemeenten": ["GM1721", "GM0907"]                      (CBS codes)
      },
      "sections": [
        {"title": {...}, "intro": {...}, "theme": "betaalbaarheid",
         "questions": [
           {"key": "betaalbaarheid.woonlasten", "qtype": "likert5",
            "theme": "betaalbaarheid", "rijksprioriteit": 2, "required": false,
            "texts": {"nl": {"text": "...", "help": "..."}},
            "options": [{"code": "1", "labels": {"nl": "..."}}, ...],
            "settings": {...}, "show_if": null | {"question": ..., "op": ..., "value": ...},
            "bank": null | {"key": "...", "version": 1},
            "gemeente_notes": {"GM1721": {"nl": "..."}}}
         ]}
      ]
    }

Texts, options and settings are as stored (see ``surveys.models`` and each type's module).
Export → import → export gives identical JSON. An import is all or nothing: any error means
nothing is stored; things that are skipped (an unknown gemeente, a missing bank version) are
returned as warnings.
"""

import copy
import json
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.operations import record_event
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.text import UNSTORABLE, unstorable_in
from surveys.builder import bank
from surveys.builder.operations import CHANNELS, apply_settings
from surveys.builder.questions import clean_texts
from surveys.errors import DefinitionError, SurveyError, translate
from surveys.languages import DEFAULT_LANGUAGE
from surveys.logic import find_loop, validate_condition
from surveys.models import BankQuestion, Question, Section, Survey, SurveyStatus
from surveys.qtypes import get_type
from surveys.qtypes.base import DraftQuestion
from surveys.themes import Theme

FORMAT = "consult-survey"
FORMAT_VERSION = 1
MAX_QUESTIONS = 500


def export_definition(survey: Survey) -> dict:
    """The survey's definition as a JSON-ready dict."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "survey": {
            "title": dict(survey.title or {}),
            "intro": dict(survey.intro or {}),
            "year": survey.year,
            "cycle_label": survey.cycle_label,
            "languages": list(survey.languages),
            "channels": list(survey.channels),
            "opens_on": survey.opens_on.isoformat() if survey.opens_on else None,
            "closes_on": survey.closes_on.isoformat() if survey.closes_on else None,
            "open_link_enabled": survey.open_link_enabled,
            "allow_changes_after_submit": survey.allow_changes_after_submit,
            "dedup_rule": survey.dedup_rule,
            "gemeenten": [g.cbs_code for g in survey.gemeenten],
        },
        "sections": [_export_section(section) for section in survey.sections],
    }


def _export_section(section: Section) -> dict:
    codes = {str(g.id): g.cbs_code for g in section.survey.gemeenten}
    return {
        "title": dict(section.title or {}),
        "intro": dict(section.intro or {}),
        "theme": section.theme.value if section.theme else None,
        "questions": [
            {
                "key": q.key,
                "qtype": q.qtype,
                "theme": q.theme.value if q.theme else None,
                "rijksprioriteit": q.rijksprioriteit,
                "required": q.required,
                "texts": copy.deepcopy(q.texts or {}),
                "options": copy.deepcopy(q.options or []),
                "settings": copy.deepcopy(q.settings or {}),
                "show_if": copy.deepcopy(q.show_if),
                "bank": (
                    {"key": q.bank_question.key, "version": q.bank_question.version}
                    if q.bank_question
                    else None
                ),
                "gemeente_notes": dict(
                    sorted(
                        (codes.get(gid, gid), dict(note))
                        for gid, note in (q.gemeente_notes or {}).items()
                    )
                ),
            }
            for q in section.questions
        ],
    }


def dumps(definition: dict) -> str:
    """The definition as stable, readable JSON text."""
    return json.dumps(definition, ensure_ascii=False, indent=2) + "\n"


def loads(raw: bytes | str) -> dict:
    """Parse JSON text into a definition dict; DefinitionError for anything unreadable."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise DefinitionError(
            _l("The file is not valid JSON. Export the survey again and upload that file.")
        ) from None
    return data


def import_definition(data, *, by=None) -> tuple[Survey, list[str]]:
    """Create a new draft survey from a definition; (survey, warnings). All or nothing."""
    warnings: list[str] = []
    _check_storable(data)
    head = _check_head(data)
    settings = _survey_settings(head, warnings)
    sections = _read_sections(data.get("sections"), warnings)
    survey = Survey(status=SurveyStatus.DRAFT, created_by_id=getattr(by, "id", None))
    try:
        apply_settings(survey, **settings)
    except SurveyError as exc:
        raise DefinitionError(exc.message) from None
    survey.open_link_enabled = bool(head.get("open_link_enabled", False))
    survey.allow_changes_after_submit = bool(head.get("allow_changes_after_submit", False))
    survey.dedup_rule = str(head.get("dedup_rule") or "first_complete")[:30]
    by_code = {g.cbs_code: g for g in survey.gemeenten}
    for position, (section_data, questions) in enumerate(sections):
        section = Section(position=position, **section_data)
        survey.sections.append(section)
        for number, item in enumerate(questions):
            item["gemeente_notes"] = _notes(item.pop("notes"), by_code, warnings, item["key"])
            section.questions.append(Question(survey=survey, position=number, **item))
    db.session.add(survey)
    db.session.flush()
    count = sum(len(items) for _section, items in sections)
    record_event("survey.imported", actor=by, target=survey, questions=count)
    return survey, warnings


def _check_storable(data) -> None:
    """Refuse a file with an invisible control character in any text, naming that text."""
    text = _first_unstorable(data)
    if text is not None:
        shown = UNSTORABLE.sub("\N{REPLACEMENT CHARACTER}", text)[:80]
        raise DefinitionError(
            _l(
                "The file contains an invisible character that we cannot store, in the text "
                "\u201c%(text)s\u201d. Remove it and try again.",
                text=shown,
            )
        )


def _first_unstorable(value) -> str | None:
    if isinstance(value, str):
        return value if unstorable_in(value) else None
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    return next((found for item in items if (found := _first_unstorable(item))), None)


def _check_head(data) -> dict:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DefinitionError(_l("This file is not a survey definition of this platform."))
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DefinitionError(_l("The file does not say which format version it uses."))
    if version > FORMAT_VERSION:
        raise DefinitionError(
            _l(
                "This file was made by a newer version of the platform (format %(found)d; "
                "this platform reads up to %(known)d). Update the platform or export the "
                "survey in the older format.",
                found=version,
                known=FORMAT_VERSION,
            )
        )
    head = data.get("survey")
    if not isinstance(head, dict):
        raise DefinitionError(_l("The file has no survey details."))
    return head


def _survey_settings(head: dict, warnings: list[str]) -> dict:
    codes = head.get("gemeenten") or []
    if not isinstance(codes, list):
        raise DefinitionError(_l("The list of gemeenten is not valid."))
    gemeenten = list(
        db.session.scalars(select(Gemeente).where(Gemeente.cbs_code.in_([str(c) for c in codes])))
    )
    known = {g.cbs_code for g in gemeenten}
    for code in codes:
        if str(code) not in known:
            warnings.append(
                translate(_l("Gemeente %(code)s is not known here and was left out.", code=code))
            )
    order = {str(c): i for i, c in enumerate(codes)}
    return {
        "title": _text_dict(head.get("title")),
        "intro": _text_dict(head.get("intro")),
        "year": head.get("year"),
        "cycle_label": head.get("cycle_label")
        if isinstance(head.get("cycle_label"), str)
        else None,
        "languages": head.get("languages") if isinstance(head.get("languages"), list) else [],
        "channels": head.get("channels") if isinstance(head.get("channels"), list) else CHANNELS,
        "opens_on": _date(head.get("opens_on")),
        "closes_on": _date(head.get("closes_on")),
        "gemeenten": sorted(gemeenten, key=lambda g: order[g.cbs_code]),
    }


def _text_dict(value) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise DefinitionError(_l("A title or text in the file is not valid."))
    return value


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DefinitionError(
            _l("The date %(value)s is not valid (use 2027-01-31).", value=str(value)[:20])
        ) from None


def _read_sections(sections, warnings: list[str]) -> list[tuple[dict, list[dict]]]:
    if not isinstance(sections, list):
        raise DefinitionError(_l("The file has no list of sections."))
    result, drafts, keys = [], [], set()
    for number, raw in enumerate(sections, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("questions", []), list):
            raise DefinitionError(_l("Section %(n)d is not valid.", n=number))
        title = _text_dict(raw.get("title"))
        if not str(title.get(DEFAULT_LANGUAGE) or "").strip():
            raise DefinitionError(_l("Section %(n)d has no Dutch title.", n=number))
        section = {
            "title": title,
            "intro": _text_dict(raw.get("intro")),
            "theme": _theme(raw.get("theme")),
        }
        items = [_read_question(q, keys, warnings) for q in raw.get("questions", [])]
        drafts += items
        result.append((section, items))
    if len(drafts) > MAX_QUESTIONS:
        raise DefinitionError(_l("The file has more than %(n)d questions.", n=MAX_QUESTIONS))
    _check_conditions(drafts)
    return result


def _theme(value) -> Theme | None:
    if value in (None, ""):
        return None
    try:
        return Theme(value)
    except ValueError:
        raise DefinitionError(_l("Unknown theme: %(theme)s.", theme=str(value)[:40])) from None


def _read_question(raw, keys: set, warnings: list[str]) -> dict:
    if not isinstance(raw, dict):
        raise DefinitionError(_l("A question in the file is not valid."))
    key = str(raw.get("key") or "")
    try:
        key = bank.check_key(key)
        texts = clean_texts(raw.get("texts") if isinstance(raw.get("texts"), dict) else {})
        kind = get_type(str(raw.get("qtype")))
    except SurveyError as exc:
        raise DefinitionError(
            _l("Question %(key)s: %(problem)s", key=key[:80] or "?", problem=str(exc))
        ) from None
    if key in keys:
        raise DefinitionError(_l("The code %(key)s is used for two questions.", key=key))
    keys.add(key)
    options = raw.get("options", [])
    settings = raw.get("settings", {})
    show_if = raw.get("show_if")
    if not isinstance(settings, dict) or (show_if is not None and not isinstance(show_if, dict)):
        raise DefinitionError(_l("Question %(key)s: the settings are not valid.", key=key))
    draft = DraftQuestion(kind.code, texts, options, settings, key, show_if)
    problems = kind.validate_definition(draft)
    if problems:
        raise DefinitionError(_l("Question %(key)s: %(problem)s", key=key, problem=problems[0]))
    rijksprioriteit = raw.get("rijksprioriteit")
    try:
        rijksprioriteit = bank._rijksprioriteit(rijksprioriteit)
    except SurveyError as exc:
        raise DefinitionError(
            _l("Question %(key)s: %(problem)s", key=key, problem=str(exc))
        ) from None
    return {
        "key": key,
        "qtype": kind.code,
        "theme": _theme(raw.get("theme")),
        "rijksprioriteit": rijksprioriteit,
        "required": bool(raw.get("required", False)),
        "texts": texts,
        "options": options,
        "settings": settings,
        "show_if": show_if,
        "bank_question_id": _bank_version(raw.get("bank"), key, warnings),
        "notes": raw.get("gemeente_notes") or {},
    }


def _bank_version(ref, key: str, warnings: list[str]) -> int | None:
    if not isinstance(ref, dict):
        return None
    found = db.session.scalar(
        select(BankQuestion.id).where(
            BankQuestion.key == str(ref.get("key")), BankQuestion.version == ref.get("version")
        )
    )
    if found is None:
        warnings.append(
            translate(
                _l(
                    "Question %(key)s came from a bank version that is not here; it is "
                    "imported without the link to the bank.",
                    key=key,
                )
            )
        )
    return found


def _check_conditions(drafts: list[dict]) -> None:
    ordered = [
        DraftQuestion(d["qtype"], d["texts"], d["options"], d["settings"], d["key"], d["show_if"])
        for d in drafts
    ]
    for question in ordered:
        problems = validate_condition(question, ordered)
        if problems:
            raise DefinitionError(
                _l("Question %(key)s: %(problem)s", key=question.key, problem=problems[0])
            )
    loop = find_loop({q.key: (q.show_if or {}).get("question") for q in ordered})
    if loop:  # cannot happen when every condition looks back, but imports are untrusted
        raise DefinitionError(_l("The conditions form a loop: %(path)s.", path=" → ".join(loop)))


def _notes(notes, by_code: dict, warnings: list[str], key: str) -> dict:
    if not isinstance(notes, dict):
        raise DefinitionError(_l("Question %(key)s: the gemeente notes are not valid.", key=key))
    result = {}
    for code, note in notes.items():
        gemeente = by_code.get(str(code))
        if gemeente is None:
            warnings.append(
                translate(
                    _l(
                        "Question %(key)s: a note for gemeente %(code)s was left out.",
                        key=key,
                        code=code,
                    )
                )
            )
        elif isinstance(note, dict):
            result[str(gemeente.id)] = {str(k): str(v) for k, v in note.items()}
    return result

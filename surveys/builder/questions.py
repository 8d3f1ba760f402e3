"""Question services of the builder: add (from the bank or new), edit, translate, skip logic,
gemeente notes, move and remove, with the rules that protect answers already stored.

Once answers exist, a question cannot be removed or change type, and its options cannot
change in a way that stored answers no longer fit (adding an option is fine; removing or
recoding a used one is not). Texts can always be corrected; outside the draft stage every
text correction is written to the audit log with the old and the new text.
"""

import copy
import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from consult.audit.operations import record_event
from consult.extensions import db
from surveys.builder import bank
from surveys.builder.operations import begin_change, ensure_structure_editable, question_from_bank
from surveys.errors import AnswerError, SurveyError, translate
from surveys.languages import DEFAULT_LANGUAGE
from surveys.logic import ensure_order_valid, find_loop, validate_condition
from surveys.models import Answer, BankQuestion, Question, Section, Survey, SurveyStatus
from surveys.qtypes import get_type
from surveys.qtypes.base import MAX_HELP, MAX_TEXT, DraftQuestion
from surveys.themes import Theme

log = logging.getLogger(__name__)
MAX_NOTE = 500


def answer_count(question: Question) -> int:
    """How many stored answers this question has."""
    return db.session.scalar(select(func.count(Answer.id)).where(Answer.question_id == question.id))


def has_answers(question: Question) -> bool:
    """Whether any answer to this question is stored."""
    return bool(db.session.scalar(select(exists().where(Answer.question_id == question.id))))


def answered_question_ids(survey) -> set[int]:
    """Ids of the survey's questions that have stored answers (these cannot be removed)."""
    ids = [q.id for q in survey.ordered_questions()]
    if not ids:
        return set()
    stmt = select(Answer.question_id).where(Answer.question_id.in_(ids)).distinct()
    return set(db.session.scalars(stmt))


def clean_texts(texts: dict) -> dict:
    """Question texts per language ({"nl": {"text", "help"}}), trimmed and length-checked."""
    result = {}
    for lang, entry in (texts or {}).items():
        entry = entry if isinstance(entry, dict) else {"text": entry}
        text = str(entry.get("text") or "").strip()
        help_text = str(entry.get("help") or "").strip()
        if len(text) > MAX_TEXT:
            raise SurveyError(
                _l("The question text is longer than %(n)d characters.", n=MAX_TEXT),
                field=f"text_{lang}",
            )
        if len(help_text) > MAX_HELP:
            raise SurveyError(
                _l("The help text is longer than %(n)d characters.", n=MAX_HELP),
                field=f"help_{lang}",
            )
        if text or help_text:
            result[str(lang)] = {"text": text, "help": help_text}
    if not (result.get(DEFAULT_LANGUAGE) or {}).get("text"):
        raise SurveyError(_l("Give the question a Dutch text."), field="text_nl")
    return result


def _check_definition(question) -> None:
    problems = get_type(question.qtype).validate_definition(question, complete=False)
    if problems:
        raise SurveyError(" ".join(problems))


def _section_of(survey: Survey, section: Section | None) -> Section:
    if section is None:
        if not survey.sections:
            raise SurveyError(_l("Add a section first."))
        return survey.sections[-1]
    if section.survey_id != survey.id:
        raise SurveyError(_l("This section belongs to another survey."))
    return section


def add_bank_question(
    survey: Survey,
    bank_question: BankQuestion,
    *,
    section: Section | None = None,
    expected_version=None,
    by=None,
) -> Question:
    """Add a bank question (its exact version) at the end of a section."""
    begin_change(survey, expected_version)
    ensure_structure_editable(survey)
    section = _section_of(survey, section)
    if any(q.key == bank_question.key for q in survey.ordered_questions()):
        raise SurveyError(_l("This question is already in the survey."))
    question = question_from_bank(bank_question, survey, len(section.questions))
    section.questions.append(question)
    db.session.flush()
    record_event("survey.question_added", actor=by, target=survey, key=question.key, bank=True)
    return question


def add_question(
    survey: Survey,
    *,
    qtype: str,
    texts: dict,
    section: Section | None = None,
    options: list | None = None,
    settings: dict | None = None,
    key: str | None = None,
    theme: str | None = None,
    rijksprioriteit: int | None = None,
    required: bool = False,
    save_to_bank: bool = False,
    expected_version=None,
    by=None,
) -> Question:
    """Write a new question at the end of a section; optionally save it to the bank too."""
    begin_change(survey, expected_version)
    ensure_structure_editable(survey)
    section = _section_of(survey, section)
    kind = get_type(qtype)
    texts = clean_texts(texts)
    theme = theme or (section.theme.value if section.theme else None)
    key = _new_key(survey, key, theme, texts[DEFAULT_LANGUAGE]["text"], save_to_bank)
    question = Question(
        survey=survey,
        position=len(section.questions),
        key=key,
        qtype=kind.code,
        theme=Theme(theme) if theme else None,
        rijksprioriteit=bank._rijksprioriteit(rijksprioriteit),
        texts=texts,
        options=kind.default_options() if options is None else options,
        settings={**kind.default_settings(), **(settings or {})},
        required=bool(required),
    )
    _check_definition(question)
    if save_to_bank:
        question.bank_question_id = _store_in_bank(question, by).id
    section.questions.append(question)
    db.session.flush()
    record_event("survey.question_added", actor=by, target=survey, key=key, bank=save_to_bank)
    return question


def _new_key(survey: Survey, key, theme, text: str, for_bank: bool) -> str:
    """The given code (checked), or one made from theme and text that is still free."""
    taken = {q.key for q in survey.ordered_questions()}
    if key:
        key = bank.check_key(key)
        if key in taken:
            raise SurveyError(_l("Another question in this survey has code %(key)s.", key=key))
        return key
    base = f"{theme or 'vraag'}.{bank.slugify(text)}"
    return bank.unique_key(
        base, lambda k: k in taken or (for_bank and bank.latest_version(k) is not None)
    )


def _store_in_bank(question: Question, by) -> BankQuestion:
    if question.theme is None:
        raise SurveyError(_l("Choose a theme to save the question in the bank."), field="theme")
    return bank.create_bank_question(
        key=question.key,
        theme=question.theme.value,
        qtype=question.qtype,
        texts=question.texts,
        options=question.options,
        settings=question.settings,
        rijksprioriteit=question.rijksprioriteit,
        by=by,
    )


def update_question(
    question: Question,
    *,
    expected_version=None,
    by=None,
    texts: dict | None = None,
    options: list | None = None,
    settings: dict | None = None,
    required: bool | None = None,
    theme: str | None = None,
    rijksprioriteit=None,
) -> None:
    """Change texts, translations, options, settings or the required flag of a question."""
    survey = question.survey
    begin_change(survey, expected_version)
    old_texts = copy.deepcopy(question.texts or {})
    old_labels = _labels(question)
    new_texts = clean_texts(texts) if texts is not None else question.texts
    new_options = copy.deepcopy(options) if options is not None else question.options
    new_settings = copy.deepcopy(settings) if settings is not None else question.settings
    draft = DraftQuestion(question.qtype, new_texts, new_options, new_settings, question.key)
    _check_definition(draft)
    if options is not None or settings is not None:
        _ensure_answers_fit(question, draft)
    question.texts, question.options, question.settings = new_texts, new_options, new_settings
    if required is not None:
        question.required = bool(required)
    if theme is not None:
        question.theme = Theme(theme) if theme else None
    if rijksprioriteit is not None:
        question.rijksprioriteit = bank._rijksprioriteit(rijksprioriteit)
    _ensure_dependants_fit(question)
    db.session.flush()
    detail = {"key": question.key}
    if survey.status != SurveyStatus.DRAFT:
        if old_texts != question.texts:
            detail.update(old_texts=old_texts, new_texts=question.texts)
        if old_labels != _labels(question):
            detail.update(old_labels=old_labels, new_labels=_labels(question))
    record_event("survey.question_changed", actor=by, target=question, **detail)


def _labels(question) -> dict:
    labels = {o.get("code"): o.get("labels") for o in question.options or []}
    for row in (question.settings or {}).get("rows") or []:
        labels[f"row:{row.get('code')}"] = row.get("labels")
    return labels


def _ensure_answers_fit(question: Question, draft) -> None:
    """Refuse a new definition that a stored answer would no longer fit."""
    kind = get_type(question.qtype)
    stmt = select(Answer.value).where(Answer.question_id == question.id, Answer.value.is_not(None))
    for value in db.session.scalars(stmt.execution_options(yield_per=500)):
        try:
            kind.clean(value, draft)
        except AnswerError:
            raise SurveyError(
                _l(
                    "Stored answers use an option or value that this change removes. "
                    "You can add options and correct labels, but not remove or recode used ones."
                )
            ) from None


def _ensure_dependants_fit(question: Question) -> None:
    """Conditions of later questions that test this one must still make sense."""
    ordered = question.survey.ordered_questions()
    for other in ordered:
        if other.show_if and other.show_if.get("question") == question.key:
            problems = validate_condition(other, ordered)
            if problems:
                raise SurveyError(
                    _l(
                        "Question %(key)s has a condition on this question that would no longer "
                        "work: %(problem)s",
                        key=other.key,
                        problem=problems[0],
                    )
                )


def set_condition(question: Question, show_if: dict | None, *, expected_version=None, by=None):
    """Set or clear the skip logic of a question (earlier questions only, no loops)."""
    survey = question.survey
    begin_change(survey, expected_version)
    old = copy.deepcopy(question.show_if)
    question.show_if = copy.deepcopy(show_if) if show_if else None
    ordered = survey.ordered_questions()
    problems = validate_condition(question, ordered)
    loop = find_loop({q.key: (q.show_if or {}).get("question") for q in ordered})
    if loop:
        problems.append(
            translate(_l("The conditions form a loop: %(path)s.", path=" → ".join(loop)))
        )
    if problems:
        question.show_if = old
        raise SurveyError(" ".join(problems), field="condition")
    db.session.flush()
    record_event(
        "survey.condition_changed",
        actor=by,
        target=question,
        key=question.key,
        old=old,
        new=question.show_if,
    )


def set_gemeente_notes(question: Question, notes: dict, *, expected_version=None, by=None):
    """Set notes for the tenants of particular gemeenten ({gemeente id: {lang: text}})."""
    survey = question.survey
    begin_change(survey, expected_version)
    scope = {str(g.id) for g in survey.gemeenten}
    cleaned = {}
    for gemeente_id, texts in (notes or {}).items():
        texts = {k: str(v or "").strip() for k, v in (texts or {}).items() if str(v or "").strip()}
        if not texts:
            continue
        if str(gemeente_id) not in scope:
            raise SurveyError(_l("A note can only be written for a gemeente of the survey."))
        if any(len(v) > MAX_NOTE for v in texts.values()):
            raise SurveyError(_l("A note is longer than %(n)d characters.", n=MAX_NOTE))
        cleaned[str(gemeente_id)] = texts
    old = copy.deepcopy(question.gemeente_notes or {})
    question.gemeente_notes = cleaned
    db.session.flush()
    record_event(
        "survey.notes_changed",
        actor=by,
        target=question,
        key=question.key,
        old=old if survey.status != SurveyStatus.DRAFT else None,
        new=cleaned,
    )


def move_question(question: Question, direction: str, *, expected_version=None, by=None):
    """Move a question one place up or down; at a section's edge it joins the next section."""
    survey = question.survey
    begin_change(survey, expected_version)
    sections = list(survey.sections)
    section = question.section
    items = list(section.questions)
    index = items.index(question)
    step = -1 if direction == "up" else 1
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        plan = {section: items}
    else:
        neighbour_index = sections.index(section) + step
        if not 0 <= neighbour_index < len(sections):
            return
        neighbour = sections[neighbour_index]
        moved = list(neighbour.questions)
        moved = moved + [question] if step < 0 else [question] + moved
        items.remove(question)
        plan = {section: items, neighbour: moved}
    order = [q for s in sections for q in plan.get(s, s.questions)]
    ensure_order_valid(order)
    for target_section, members in plan.items():
        for position, member in enumerate(members):
            member.position = position
            member.section = target_section
    db.session.flush()
    for target_section in plan:
        db.session.expire(target_section, ["questions"])
    record_event(
        "survey.question_moved", actor=by, target=question, key=question.key, direction=direction
    )


def delete_question(question: Question, *, expected_version=None, by=None) -> None:
    """Remove a question that has no answers and that no condition depends on."""
    survey = question.survey
    begin_change(survey, expected_version)
    if has_answers(question):
        raise SurveyError(
            _l(
                "This question already has %(n)d answers and cannot be removed. "
                "You can still correct its texts.",
                n=answer_count(question),
            )
        )
    dependants = [
        q.key
        for q in survey.ordered_questions()
        if q.show_if and q.show_if.get("question") == question.key
    ]
    if dependants:
        raise SurveyError(
            _l(
                "Question %(keys)s depends on this question. Remove that condition first.",
                keys=", ".join(dependants),
            )
        )
    section = question.section
    section.questions.remove(question)
    db.session.delete(question)
    for position, member in enumerate(section.questions):
        member.position = position
    db.session.flush()
    record_event("survey.question_removed", actor=by, target=survey, key=question.key)

"""Checks a survey must pass before it opens: complete, translated, consistent."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from surveys.errors import SurveyError, translate
from surveys.languages import DEFAULT_LANGUAGE, language_name
from surveys.logic import validate_condition
from surveys.models import Question, Survey
from surveys.qtypes import get_type
from surveys.qtypes.matrix import rows


@dataclass(frozen=True)
class Problem:
    """One thing to fix, linked to the question or section it is about."""

    message: str
    question_id: int | None = None
    section_id: int | None = None
    question_key: str | None = None


def validate_for_opening(survey: Survey, today: date | None = None) -> list[Problem]:
    """Everything that stops the survey from opening; an empty list means it may open."""
    today = today or date.today()
    problems = _survey_problems(survey, today)
    ordered = survey.ordered_questions()
    if not ordered:
        problems.append(Problem(translate(_l("The survey has no questions yet."))))
    for section in survey.sections:
        if not section.questions:
            problems.append(
                Problem(
                    translate(
                        _l("Section \u201c%(title)s\u201d has no questions.", title=section.text())
                    ),
                    section_id=section.id,
                )
            )
        for lang in survey.languages[1:]:
            if not (section.title or {}).get(lang, "").strip():
                problems.append(
                    Problem(
                        translate(
                            _l(
                                "Section \u201c%(title)s\u201d has no title in %(lang)s.",
                                title=section.text(),
                                lang=language_name(lang),
                            )
                        ),
                        section_id=section.id,
                    )
                )
    for question in ordered:
        for message in question_problems(question, ordered, survey):
            problems.append(Problem(message, question_id=question.id, question_key=question.key))
    return problems


def _survey_problems(survey: Survey, today: date) -> list[Problem]:
    problems = []
    for lang in survey.languages:
        if not (survey.title or {}).get(lang, "").strip():
            problems.append(
                Problem(
                    translate(_l("The survey has no title in %(lang)s.", lang=language_name(lang)))
                )
            )
        if (survey.intro or {}).get(DEFAULT_LANGUAGE) and not (survey.intro or {}).get(lang):
            problems.append(
                Problem(
                    translate(
                        _l(
                            "The introduction is not translated into %(lang)s.",
                            lang=language_name(lang),
                        )
                    )
                )
            )
    if not survey.gemeenten:
        problems.append(Problem(translate(_l("Choose the gemeenten where the survey is held."))))
    if not survey.channels:
        problems.append(Problem(translate(_l("Choose at least one way to answer."))))
    if not survey.opens_on or not survey.closes_on:
        problems.append(Problem(translate(_l("Fill in the opening and closing dates."))))
    elif survey.opens_on > survey.closes_on:
        problems.append(Problem(translate(_l("The closing date is before the opening date."))))
    elif survey.closes_on < today:
        problems.append(Problem(translate(_l("The closing date has already passed."))))
    return problems


def question_problems(question: Question, ordered: list, survey: Survey) -> list[str]:
    """Definition, translation, skip-logic and note problems of one question."""
    try:
        kind = get_type(question.qtype)
    except SurveyError as exc:
        return [str(exc)]
    problems = kind.validate_definition(question)
    for lang in survey.languages[1:]:
        problems += _translation_problems(question, lang)
    problems += validate_condition(question, ordered)
    scope = {str(g.id) for g in survey.gemeenten}
    for gemeente_id, note in (question.gemeente_notes or {}).items():
        if gemeente_id not in scope:
            problems.append(translate(_l("A note is written for a gemeente outside the survey.")))
        elif note.get(DEFAULT_LANGUAGE):
            missing = [lang for lang in survey.languages[1:] if not note.get(lang)]
            if missing:
                problems.append(
                    translate(
                        _l(
                            "A gemeente note is not translated into %(lang)s.",
                            lang=language_name(missing[0]),
                        )
                    )
                )
    return problems


def _translation_problems(question: Question, lang: str) -> list[str]:
    name = language_name(lang)
    texts = question.texts or {}
    own = texts.get(lang) or {}
    dutch = texts.get(DEFAULT_LANGUAGE) or {}
    problems = []
    if not str(own.get("text") or "").strip():
        problems.append(
            translate(_l("The question text is not translated into %(lang)s.", lang=name))
        )
    if str(dutch.get("help") or "").strip() and not str(own.get("help") or "").strip():
        problems.append(translate(_l("The help text is not translated into %(lang)s.", lang=name)))
    items = list(question.options or []) + rows(question)
    if any(not str((item.get("labels") or {}).get(lang) or "").strip() for item in items):
        problems.append(
            translate(_l("Not every answer option is translated into %(lang)s.", lang=name))
        )
    unit = (question.settings or {}).get("unit") or {}
    if unit.get(DEFAULT_LANGUAGE) and not unit.get(lang):
        problems.append(translate(_l("The unit is not translated into %(lang)s.", lang=name)))
    return problems

"""Survey services: create, copy, settings, sections, and the draft → open → closed → archived
life cycle. Question-level services are in ``surveys.builder.questions``.

Every change checks the version the user's form was based on (optimistic locking) and moves
the survey's version on, so two board members editing at once never overwrite each other.
"""

import copy
import logging
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.operations import record_event
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from surveys.builder import bank
from surveys.builder.changes import (  # noqa: F401  (part of this module's services)
    CONFLICT,
    MAX_INTRO,
    MAX_TITLE,
    begin_change,
    check_version,
    ensure_editable,
    ensure_structure_editable,
    has_responses,
    text_map,
)
from surveys.builder.sections import (  # noqa: F401  (section services, used from here)
    add_section,
    delete_section,
    move_section,
    update_section,
)
from surveys.builder.validation import validate_for_opening
from surveys.errors import SurveyError
from surveys.languages import DEFAULT_LANGUAGE, normalise_languages
from surveys.models import Question, Section, Survey, SurveyStatus
from surveys.themes import THEME_TITLES, Theme

log = logging.getLogger(__name__)

CHANNELS = ("online", "paper")
MIN_YEAR, MAX_YEAR = 2000, 2100


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise SurveyError(_l("Give a year such as 2027."), field="year")
    return year


def create_survey(
    *,
    title: dict,
    year,
    cycle_label: str | None = None,
    languages=(DEFAULT_LANGUAGE,),
    channels=CHANNELS,
    gemeenten=(),
    opens_on: date | None = None,
    closes_on: date | None = None,
    intro: dict | None = None,
    open_link_enabled: bool = False,
    allow_changes_after_submit: bool = False,
    by=None,
) -> Survey:
    """A new, empty draft survey."""
    survey = Survey(
        status=SurveyStatus.DRAFT,
        created_by_id=getattr(by, "id", None),
        open_link_enabled=bool(open_link_enabled),
        allow_changes_after_submit=bool(allow_changes_after_submit),
    )
    apply_settings(
        survey,
        title=title,
        intro=intro,
        year=year,
        cycle_label=cycle_label,
        languages=languages,
        channels=channels,
        gemeenten=gemeenten,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    db.session.add(survey)
    db.session.flush()
    record_event("survey.created", actor=by, target=survey, year=survey.year)
    log.info("survey %s created", survey.id)
    return survey


def apply_settings(survey: Survey, **values) -> None:
    """Check and set the survey-level settings (title, year, languages, dates ...)."""
    title = text_map(values["title"], MAX_TITLE, _l("title"))
    if not title.get(DEFAULT_LANGUAGE):
        raise SurveyError(_l("Give the survey a Dutch title."), field="title_nl")
    survey.title = title
    survey.intro = text_map(values.get("intro"), MAX_INTRO, _l("introduction"))
    survey.year = _year(values["year"])
    label = (values.get("cycle_label") or "").strip()
    if len(label) > 120:
        raise SurveyError(_l("The cycle name is longer than %(n)d characters.", n=120))
    survey.cycle_label = label or None
    survey.languages = normalise_languages(values.get("languages"))
    channels = [c for c in CHANNELS if c in (values.get("channels") or ())]
    if not channels:
        raise SurveyError(_l("Choose at least one way to answer."), field="channels")
    survey.channels = channels
    opens_on, closes_on = values.get("opens_on"), values.get("closes_on")
    if opens_on and closes_on and opens_on > closes_on:
        raise SurveyError(_l("The closing date is before the opening date."), field="closes_on")
    survey.opens_on, survey.closes_on = opens_on, closes_on
    survey.gemeenten = list(values.get("gemeenten") or [])


def update_survey_settings(survey: Survey, *, expected_version=None, by=None, **values) -> None:
    """Change title, intro, year, languages, channels, dates, gemeenten and options."""
    begin_change(survey, expected_version)
    if survey.status != SurveyStatus.DRAFT:
        dropped = set(survey.languages) - set(normalise_languages(values.get("languages")))
        if dropped and has_responses(survey):
            raise SurveyError(_l("A language cannot be removed once answers have come in."))
    old_title = dict(survey.title or {})
    apply_settings(survey, **values)
    survey.open_link_enabled = bool(values.get("open_link_enabled", survey.open_link_enabled))
    survey.allow_changes_after_submit = bool(
        values.get("allow_changes_after_submit", survey.allow_changes_after_submit)
    )
    db.session.flush()
    detail = {"status": survey.status.value}
    if old_title != survey.title and survey.status != SurveyStatus.DRAFT:
        detail.update(old_title=old_title, new_title=survey.title)
    record_event("survey.settings_changed", actor=by, target=survey, **detail)


def drafts_of_year(year) -> list[Survey]:
    """The draft surveys of a year (a copy onto that year would stand beside them)."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        return []
    stmt = select(Survey).where(Survey.year == year, Survey.status == SurveyStatus.DRAFT)
    return list(db.session.scalars(stmt.order_by(Survey.id)))


def copy_survey(source: Survey, *, year, title: dict | None = None, by=None) -> Survey:
    """A new draft from an earlier survey: same sections and questions (same keys)."""
    year = _year(year)
    shift = year - source.year
    survey = Survey(
        title=title or {lang: f"{text} (kopie)" for lang, text in (source.title or {}).items()},
        intro=copy.deepcopy(source.intro or {}),
        year=year,
        cycle_label=_shift_label(source.cycle_label, source.year, year),
        status=SurveyStatus.DRAFT,
        opens_on=_shift_date(source.opens_on, shift),
        closes_on=_shift_date(source.closes_on, shift),
        languages=list(source.languages or [DEFAULT_LANGUAGE]),
        channels=list(source.channels or CHANNELS),
        open_link_enabled=source.open_link_enabled,
        allow_changes_after_submit=source.allow_changes_after_submit,
        dedup_rule=source.dedup_rule,
        copied_from_id=source.id,
        created_by_id=getattr(by, "id", None),
        gemeenten=list(source.gemeenten),
    )
    if not (survey.title or {}).get(DEFAULT_LANGUAGE):
        raise SurveyError(_l("Give the survey a Dutch title."), field="title_nl")
    db.session.add(survey)
    for old_section in source.sections:
        section = Section(
            survey=survey,
            position=old_section.position,
            theme=old_section.theme,
            title=copy.deepcopy(old_section.title or {}),
            intro=copy.deepcopy(old_section.intro or {}),
        )
        db.session.add(section)
        for old in old_section.questions:
            section.questions.append(copy_question(old, survey))
    db.session.flush()
    record_event("survey.copied", actor=by, target=survey, source_id=source.id, year=year)
    log.info("survey %s copied to %s", source.id, survey.id)
    return survey


def copy_question(old: Question, survey: Survey) -> Question:
    """A copy of a question for another survey (same key and bank version)."""
    return Question(
        survey=survey,
        position=old.position,
        key=old.key,
        bank_question_id=old.bank_question_id,
        qtype=old.qtype,
        theme=old.theme,
        rijksprioriteit=old.rijksprioriteit,
        texts=copy.deepcopy(old.texts or {}),
        options=copy.deepcopy(old.options or []),
        settings=copy.deepcopy(old.settings or {}),
        required=old.required,
        show_if=copy.deepcopy(old.show_if),
        gemeente_notes=copy.deepcopy(old.gemeente_notes or {}),
    )


def _shift_date(value: date | None, years: int) -> date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


def _shift_label(label: str | None, old_year: int, new_year: int) -> str | None:
    """The label moved on by the years between the surveys (2027 becomes 2028)."""
    if not label:
        return label
    return re.sub(r"\b(19|20)\d{2}\b", lambda m: str(int(m.group(0)) + new_year - old_year), label)


def create_survey_from_themes(themes, *, title: dict, year, by=None, **settings) -> Survey:
    """A draft with one section per chosen theme, filled with the bank's questions."""
    chosen = [Theme(t) for t in Theme if t.value in {str(x) for x in themes}]
    if not chosen:
        raise SurveyError(_l("Choose at least one theme."), field="themes")
    survey = create_survey(title=title, year=year, by=by, **settings)
    for position, theme in enumerate(chosen):
        section = Section(
            survey=survey,
            position=position,
            theme=theme,
            title={k: v for k, v in THEME_TITLES[theme].items() if k in survey.languages},
        )
        db.session.add(section)
        for number, bank_question in enumerate(bank.latest_versions(theme=theme.value)):
            section.questions.append(question_from_bank(bank_question, survey, number))
    db.session.flush()
    return survey


def question_from_bank(bank_question, survey: Survey, position: int) -> Question:
    """A survey question copied from one bank version (keeps the bank key)."""
    return Question(
        survey=survey,
        position=position,
        key=bank_question.key,
        bank_question_id=bank_question.id,
        qtype=bank_question.qtype,
        theme=bank_question.theme,
        rijksprioriteit=bank_question.rijksprioriteit,
        texts=copy.deepcopy(bank_question.texts or {}),
        options=copy.deepcopy(bank_question.options or []),
        settings=copy.deepcopy(bank_question.settings or {}),
    )


def gemeenten_by_ids(ids) -> list[Gemeente]:
    """The gemeenten with these ids, in name order."""
    ids = [int(i) for i in ids or []]
    if not ids:
        return []
    return list(
        db.session.scalars(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.name))
    )


# -- life cycle ------------------------------------------------------------------------

TRANSITIONS = {
    (SurveyStatus.DRAFT, SurveyStatus.OPEN),
    (SurveyStatus.OPEN, SurveyStatus.CLOSED),
    (SurveyStatus.OPEN, SurveyStatus.DRAFT),
    (SurveyStatus.CLOSED, SurveyStatus.OPEN),
    (SurveyStatus.CLOSED, SurveyStatus.ARCHIVED),
}


def change_status(
    survey: Survey, new_status, *, expected_version=None, by=None, today: date | None = None
) -> None:
    """Move a survey along its life cycle, with the checks each step needs."""
    new_status = SurveyStatus(new_status)
    check_version(survey, expected_version)
    old_status = survey.status
    if (old_status, new_status) not in TRANSITIONS:
        raise SurveyError(
            _l(
                "A survey cannot go from \u201c%(old)s\u201d to \u201c%(new)s\u201d.",
                old=status_label(old_status),
                new=status_label(new_status),
            )
        )
    if new_status == SurveyStatus.OPEN:
        problems = validate_for_opening(survey, today)
        if problems:
            raise SurveyError(
                _l(
                    "The survey cannot open yet: %(n)d things to fix. See the check list.",
                    n=len(problems),
                )
            )
    if new_status == SurveyStatus.DRAFT and has_responses(survey):
        raise SurveyError(_l("Answers have come in, so the survey cannot go back to draft."))
    survey.status = new_status
    survey.touch()
    db.session.flush()
    record_event(
        "survey.status_changed",
        actor=by,
        target=survey,
        old=old_status.value,
        new=new_status.value,
    )
    log.info("survey %s: %s -> %s", survey.id, old_status.value, new_status.value)


STATUS_LABELS = {
    SurveyStatus.DRAFT: _l("draft"),
    SurveyStatus.OPEN: _l("open"),
    SurveyStatus.CLOSED: _l("closed"),
    SurveyStatus.ARCHIVED: _l("archived"),
}


def status_label(status) -> str:
    """The status as shown to users."""
    from surveys.errors import translate

    return translate(STATUS_LABELS.get(SurveyStatus(status), status))

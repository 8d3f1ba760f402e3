"""Section services of the builder: add, change, move and remove sections of a survey."""

from flask_babel import lazy_gettext as _l

from consult.audit.operations import record_event
from consult.extensions import db
from surveys.builder.changes import (
    MAX_INTRO,
    MAX_TITLE,
    begin_change,
    ensure_structure_editable,
    text_map,
)
from surveys.errors import SurveyError
from surveys.languages import DEFAULT_LANGUAGE
from surveys.logic import ensure_order_valid
from surveys.models import Section, Survey, SurveyStatus
from surveys.themes import Theme


def add_section(
    survey: Survey, *, title: dict, theme: str | None = None, expected_version=None, by=None
) -> Section:
    """A new section at the end of the survey."""
    begin_change(survey, expected_version)
    ensure_structure_editable(survey)
    titles = text_map(title, MAX_TITLE, _l("title"))
    if not titles.get(DEFAULT_LANGUAGE):
        raise SurveyError(_l("Give the section a Dutch title."), field="title_nl")
    section = Section(
        survey=survey,
        position=len(survey.sections),
        theme=Theme(theme) if theme else None,
        title=titles,
    )
    db.session.add(section)
    db.session.flush()
    record_event("survey.section_added", actor=by, target=survey, section_id=section.id)
    return section


def update_section(
    section: Section,
    *,
    title: dict,
    intro: dict | None = None,
    theme=None,
    expected_version=None,
    by=None,
) -> None:
    """Change a section's titles, introduction and theme."""
    survey = section.survey
    begin_change(survey, expected_version)
    titles = text_map(title, MAX_TITLE, _l("title"))
    if not titles.get(DEFAULT_LANGUAGE):
        raise SurveyError(_l("Give the section a Dutch title."), field="title_nl")
    old = {"title": dict(section.title or {}), "intro": dict(section.intro or {})}
    section.title = titles
    section.intro = text_map(intro, MAX_INTRO, _l("introduction"))
    section.theme = Theme(theme) if theme else None
    db.session.flush()
    detail = {"section_id": section.id}
    if survey.status != SurveyStatus.DRAFT:
        detail.update(old=old, new={"title": section.title, "intro": section.intro})
    record_event("survey.section_changed", actor=by, target=survey, **detail)


def move_section(section: Section, direction: str, *, expected_version=None, by=None) -> None:
    """Move a section one place up or down."""
    survey = section.survey
    begin_change(survey, expected_version)
    sections = list(survey.sections)
    index = sections.index(section)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    ensure_order_valid([q for s in sections for q in s.questions])
    for position, item in enumerate(sections):
        item.position = position
    db.session.flush()
    db.session.expire(survey, ["sections"])
    record_event("survey.section_moved", actor=by, target=survey, section_id=section.id)


def delete_section(section: Section, *, expected_version=None, by=None) -> None:
    """Remove an empty section."""
    survey = section.survey
    begin_change(survey, expected_version)
    if section.questions:
        raise SurveyError(_l("Only an empty section can be removed. Move or remove its questions."))
    db.session.delete(section)
    db.session.flush()
    for position, item in enumerate(s for s in survey.sections if s is not section):
        item.position = position
    db.session.expire(survey, ["sections"])
    record_event("survey.section_removed", actor=by, target=survey, section_id=section.id)

"""What every change to a survey checks first: its version (optimistic locking), whether it
may still change, and the limits of its texts."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from consult.extensions import db
from surveys import versions
from surveys.errors import SurveyError
from surveys.models import Response, Survey, SurveyStatus

MAX_TITLE = 200
MAX_INTRO = 5000
CONFLICT = _l(
    "Someone else has changed this survey in the meantime. Your input is still shown below. "
    "Check the latest version and save again."
)


def check_version(survey: Survey, expected_version) -> None:
    """ConflictError when the survey changed since the user's form was loaded."""
    versions.check_version(survey, expected_version, CONFLICT)


def ensure_editable(survey: Survey) -> None:
    """SurveyError for an archived survey, which is read-only."""
    if survey.status == SurveyStatus.ARCHIVED:
        raise SurveyError(_l("An archived survey cannot be changed. Copy it to make a new one."))


def begin_change(survey: Survey, expected_version=None) -> None:
    """Check the version and editability, and mark the survey changed."""
    check_version(survey, expected_version)
    ensure_editable(survey)
    survey.touch()


def has_responses(survey: Survey) -> bool:
    """Whether any response (in progress or sent) exists for the survey."""
    return bool(db.session.scalar(select(exists().where(Response.survey_id == survey.id))))


def ensure_structure_editable(survey: Survey) -> None:
    """Questions and sections may be added only before answers come in."""
    if survey.status != SurveyStatus.DRAFT and has_responses(survey):
        raise SurveyError(
            _l(
                "Answers have already come in, so questions and sections can no longer be "
                "added. Texts can still be corrected."
            )
        )


def text_map(values: dict | None, limit: int, what) -> dict:
    """Texts per language, trimmed, empty ones left out, with a length check."""
    result = {}
    for lang, value in (values or {}).items():
        value = str(value or "").strip()
        if len(value) > limit:
            raise SurveyError(
                _l("The %(what)s is longer than %(n)d characters.", what=what, n=limit)
            )
        if value:
            result[str(lang)] = value
    return result

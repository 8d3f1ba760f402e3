"""The builder's blueprint and the helpers its templates use."""

from flask import Blueprint

from surveys.builder.common import describe_condition
from surveys.builder.operations import STATUS_LABELS
from surveys.languages import language_name
from surveys.models import SurveyStatus
from surveys.qtypes import get_type
from surveys.themes import theme_choices, theme_label

bp = Blueprint("surveys", __name__, url_prefix="/vragenlijsten")


@bp.context_processor
def _helpers():
    return {
        "status_label": lambda s: STATUS_LABELS.get(SurveyStatus(s), s),
        "theme_label": theme_label,
        "theme_options": theme_choices(),
        "type_label": lambda code: get_type(code).label,
        "language_name": language_name,
        "describe_condition": describe_condition,
    }

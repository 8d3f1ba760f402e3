"""The results blueprint and what its pages share: the user's gemeenten of a survey, the
selection read from the filters (403 for another gemeente), and one question's result."""

from flask import Blueprint, abort, current_app, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from analysis import dashboard, figures, suppress
from consult.gemeenten.models import werkgebied_label
from consult.households.labels import age_band_label, household_type_label
from consult.permissions import Role

bp = Blueprint("results", __name__, url_prefix="/resultaten")


def scope_ids(survey) -> list[int]:
    """The survey's gemeenten that the user may see."""
    own = current_user.scope_ids
    return [g.id for g in survey.gemeenten if own is None or g.id in own]


def selection(survey) -> dashboard.Selection:
    allowed = scope_ids(survey)
    selection, asked = dashboard.read_selection(request.args, allowed)
    if asked is not None and asked not in allowed:
        abort(403)  # another gemeente's results
    if selection.problems:
        flash(_("A filter had a value that does not exist; it was left out."), "error")
    return selection


def admin() -> bool:
    return current_user.role == Role.ADMIN.value


def rule():
    return suppress.rule_from_config(current_app.config)


def filters(survey, selection) -> dict:
    """Choices for the filter form, in the user's language."""
    gemeenten = [(g.id, g.name) for g in survey.gemeenten if g.id in selection.scope]
    return {
        "gemeenten": gemeenten,
        "werkgebieden": [(w, werkgebied(w)) for w in dashboard.WERKGEBIEDEN],
        "channels": [(c, channel(c)) for c in dashboard.CHANNELS],
        "age_bands": [(a, age_band_label(a)) for a in dashboard.AGE_BANDS],
        "household_types": [(h, household_type_label(h)) for h in dashboard.HOUSEHOLD_TYPES],
    }


def werkgebied(value: str) -> str:
    return werkgebied_label(value)


def channel(value: str) -> str:
    return {"online": _("Online"), "keyed": _("Paper, keyed"), "scanned": _("Paper, scanned")}[
        value
    ]


def result(survey, meta, found):
    return figures.result_of(survey, meta, found, rule(), admin())


def meta(found, question_id: int):
    rows = found.questions[found.questions["question_id"] == question_id]
    if rows.empty:
        abort(404)
    return next(rows.itertuples(index=False))


@bp.app_template_global()
def profile_label(variable: str, group: str) -> str:
    """A group of the respondent profile in the user's language."""
    if group == "unknown":
        return _("Unknown")
    if variable == "age_band":
        return age_band_label(group)
    return household_type_label(group)

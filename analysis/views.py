"""Results pages for the board and readers: survey, theme, question; every figure with its n.

Scoped to the user's gemeenten: the survey and question come checked from ``consult.scope``,
and a gemeente asked for in the filters must be one of the user's (else 403). Charts are
images next to a table with the same figures (their text alternative); the pages need no
JavaScript.
"""

from flask import Blueprint, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from analysis import charts, dashboard, suppress
from analysis.style import SIZES
from consult import scope
from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import werkgebied_label
from consult.households.labels import age_band_label, household_type_label
from consult.permissions import Permission, Role, requires
from surveys.models import Survey, SurveyStatus
from surveys.themes import THEME_TITLES

bp = Blueprint("results", __name__, url_prefix="/resultaten")


def _scope(survey) -> list[int]:
    """The survey's gemeenten that the user may see."""
    own = current_user.scope_ids
    return [g.id for g in survey.gemeenten if own is None or g.id in own]


def _selection(survey) -> dashboard.Selection:
    allowed = _scope(survey)
    selection, asked = dashboard.read_selection(request.args, allowed)
    if asked is not None and asked not in allowed:
        abort(403)  # another gemeente's results
    if selection.problems:
        flash(_("A filter had a value that does not exist; it was left out."), "error")
    return selection


def _admin() -> bool:
    return current_user.role == Role.ADMIN.value


def _rule():
    return suppress.rule_from_config(current_app.config)


def _filters(survey, selection) -> dict:
    """Choices for the filter form, in the user's language."""
    gemeenten = [(g.id, g.name) for g in survey.gemeenten if g.id in selection.scope]
    return {
        "gemeenten": gemeenten,
        "werkgebieden": [(w, _werkgebied(w)) for w in dashboard.WERKGEBIEDEN],
        "channels": [(c, _channel(c)) for c in dashboard.CHANNELS],
        "age_bands": [(a, age_band_label(a)) for a in dashboard.AGE_BANDS],
        "household_types": [(h, household_type_label(h)) for h in dashboard.HOUSEHOLD_TYPES],
    }


def _werkgebied(value: str) -> str:
    return werkgebied_label(value)


def _channel(value: str) -> str:
    return {"online": _("Online"), "keyed": _("Paper, keyed"), "scanned": _("Paper, scanned")}[
        value
    ]


@bp.get("/")
@requires(Permission.VIEW_RESULTS)
def index():
    """Surveys with answers the user may see."""
    return render_template("analysis/index.html", surveys=_surveys())


def _surveys():
    found = db.session.scalars(
        select(Survey).where(Survey.status != SurveyStatus.DRAFT).order_by(Survey.year.desc())
    )
    return [s for s in found if scope.may(s, "survey_id")]


@bp.get("/<int:survey_id>")
@requires(Permission.VIEW_RESULTS)
def survey(survey_id: int):
    """A survey's response per gemeente and its questions by theme."""
    survey = scope.obj("survey_id")
    selection = _selection(survey)
    found = dashboard.frames(survey.id, selection)
    rates = dashboard.response_table(survey.id, selection.scope)
    themes = {}
    for meta in found.questions.itertuples(index=False):
        themes.setdefault(meta.section, []).append(meta)
    return render_template(
        "analysis/survey.html",
        survey=survey,
        selection=selection,
        filters=_filters(survey, selection),
        respondents=len(found.respondents),
        population=found.population,
        rates=rates,
        themes=themes,
        theme_titles=THEME_TITLES,
    )


@bp.get("/<int:survey_id>/vraag/<int:question_id>")
@requires(Permission.VIEW_RESULTS)
def question(survey_id: int, question_id: int):
    """One question for the selection: chart, table, n and margin."""
    survey = scope.obj("survey_id")
    selection = _selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = _meta(found, question_id)
    result = dashboard.question_result(survey.id, meta, found, _rule(), _admin())
    return render_template(
        "analysis/question.html",
        survey=survey,
        selection=selection,
        filters=_filters(survey, selection),
        result=result,
        population=found.population,
        compare=len(selection.scope) > 1 and selection.gemeente_id is None,
    )


def _meta(found, question_id: int):
    rows = found.questions[found.questions["question_id"] == question_id]
    if rows.empty:
        abort(404)
    return next(rows.itertuples(index=False))


@bp.get("/<int:survey_id>/vraag/<int:question_id>/grafiek.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def chart(survey_id: int, question_id: int, fmt: str):
    """The chart of one question as an image (cached by its data)."""
    survey = scope.obj("survey_id")
    selection = _selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = _meta(found, question_id)
    size = SIZES.get(request.args.get("size", "document"), SIZES["document"])
    rule = _rule()
    source = charts.Source(survey.display_title, len(found.respondents), utcnow().date())
    options = {"title": meta.text, "source": source, "min_n": rule.suppress_below}
    if request.args.get("per") == "gemeente":
        kind, table = "gemeenten", dashboard.gemeenten_table(survey.id, meta, selection, found)
    else:
        result = dashboard.question_result(survey.id, meta, found, rule, _admin())
        kind, table = result.chart_kind, result.chart
        if kind is None:
            abort(404)
        if kind == "ranking":
            options["base"] = result.chart_base
        elif kind == "choices" and result.chart_base is not None:
            options["base"] = result.chart_base
    if kind != "ranking":
        options["pct_min"] = rule.counts_only_below
    body = charts.render_cached(
        kind, table, options, fmt, size, current_app.instance_path + "/charts"
    )
    mimetype = "image/png" if fmt == "png" else "image/svg+xml"
    return current_app.response_class(body, mimetype=mimetype)


@bp.get("/<int:survey_id>/respons.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def response_chart(survey_id: int, fmt: str):
    """Response per gemeente and channel as an image."""
    survey = scope.obj("survey_id")
    allowed = _scope(survey)
    table = dashboard.response_table(survey.id, allowed)
    size = SIZES.get(request.args.get("size", "document"), SIZES["document"])
    source = charts.Source(survey.display_title, int(table["n"].sum()), utcnow().date())
    options = {"title": _("How many households took part?"), "source": source}
    body = charts.render_cached(
        "response_rate", table, options, fmt, size, current_app.instance_path + "/charts"
    )
    return current_app.response_class(
        body, mimetype="image/png" if fmt == "png" else "image/svg+xml"
    )


def chart_url(survey, meta, selection, **extra) -> str:
    """The image address of a question's chart for a selection."""
    return url_for(
        "results.chart",
        survey_id=survey.id,
        question_id=meta.question_id,
        fmt="png",
        **selection.args(),
        **extra,
    )


@bp.app_template_global()
def results_chart_url(survey, meta, selection, **extra) -> str:
    """Templates build chart addresses with the page's filters."""
    return chart_url(survey, meta, selection, **extra)

"""Results pages for the board and readers: survey, theme, question; every figure with its n.

Scoped to the user's gemeenten: the survey and question come checked from ``consult.scope``,
and a gemeente asked for in the filters must be one of the user's (else 403). Charts are
images next to a table with the same figures (their text alternative); the pages need no
JavaScript. The chart images and downloads are routes of the same blueprint
(``analysis.chart_views``, ``analysis.export_views``).
"""

from flask import render_template
from sqlalchemy import select

from analysis import blueprint as common
from analysis import chart_views, comparisons, dashboard, export_views
from analysis.blueprint import bp
from analysis.papers import views as paper_views
from consult import scope
from consult.extensions import db
from consult.permissions import Permission, requires
from surveys.models import Survey, SurveyStatus
from surveys.themes import THEME_TITLES

__all__ = ["bp", "chart_views", "export_views", "paper_views"]


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
    selection = common.selection(survey)
    found = dashboard.frames(survey.id, selection)
    rates = dashboard.response_table(survey.id, selection.scope)
    themes = {}
    for meta in found.questions.itertuples(index=False):
        themes.setdefault(meta.section, []).append(meta)
    return render_template(
        "analysis/survey.html",
        survey=survey,
        selection=selection,
        filters=common.filters(survey, selection),
        respondents=len(found.respondents),
        population=found.population,
        rates=rates,
        profile=dashboard.profile_tables(found, common.rule(), common.admin()),
        weeks=dashboard.fieldwork_weeks(dashboard.fieldwork_table(found)),
        themes=themes,
        theme_titles=THEME_TITLES,
    )


@bp.get("/<int:survey_id>/vraag/<int:question_id>")
@requires(Permission.VIEW_RESULTS)
def question(survey_id: int, question_id: int):
    """One question for the selection: chart, table, n and margin."""
    survey = scope.obj("survey_id")
    selection = common.selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = common.meta(found, question_id)
    result = common.result(survey, meta, found)
    compared = comparisons.for_question(
        survey.id, meta, found, selection, common.rule(), common.admin()
    )
    return render_template(
        "analysis/question.html",
        compared=compared,
        survey=survey,
        selection=selection,
        filters=common.filters(survey, selection),
        result=result,
        population=found.population,
        compare=len(selection.scope) > 1 and selection.gemeente_id is None,
    )

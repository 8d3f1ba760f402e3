"""Chart images of the results pages, cached by their data: a question for a selection, the
same per gemeente, the change since last year, and the response per gemeente."""

from flask import abort, current_app, request, url_for

from analysis import blueprint as common
from analysis import charts, dashboard, figures
from analysis.blueprint import bp
from analysis.style import SIZES
from consult import scope
from consult.permissions import Permission, requires


@bp.get("/<int:survey_id>/vraag/<int:question_id>/grafiek.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def chart(survey_id: int, question_id: int, fmt: str):
    """The chart of one question as an image (cached by its data)."""
    survey = scope.obj("survey_id")
    selection = common.selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = common.meta(found, question_id)
    figure = figures.question(
        survey,
        meta,
        found,
        selection,
        common.rule(),
        common.admin(),
        per_gemeente=request.args.get("per") == "gemeente",
    )
    if figure is None:
        abort(404)
    return _image(figure, fmt)


def _image(figure, fmt: str):
    """A figure drawn (or taken from the cache) as PNG or SVG, in the size asked for."""
    size = SIZES.get(request.args.get("size", "document"), SIZES["document"])
    body = charts.render_cached(
        figure.kind,
        figure.table,
        figure.options,
        fmt,
        size,
        current_app.instance_path + "/charts",
    )
    return current_app.response_class(
        body, mimetype="image/png" if fmt == "png" else "image/svg+xml"
    )


@bp.get("/<int:survey_id>/respons.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def response_chart(survey_id: int, fmt: str):
    """Response per gemeente and channel as an image."""
    survey = scope.obj("survey_id")
    return _image(figures.response(survey, common.scope_ids(survey)), fmt)


@bp.get("/<int:survey_id>/vraag/<int:question_id>/verandering.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def change_chart(survey_id: int, question_id: int, fmt: str):
    """Last year and this year side by side, for the page's selection."""
    survey = scope.obj("survey_id")
    selection = common.selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = common.meta(found, question_id)
    figure = figures.change(survey, meta, found, selection, common.rule(), common.admin())
    if figure is None:
        abort(404)
    return _image(figure, fmt)


@bp.get("/<int:survey_id>/verloop.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def fieldwork_chart(survey_id: int, fmt: str):
    """Responses over time per channel during fieldwork, for the page's selection."""
    survey = scope.obj("survey_id")
    found = dashboard.frames(survey.id, common.selection(survey))
    return _image(figures.fieldwork(survey, found), fmt)


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

"""Chart images of the results pages, cached by their data: a question for a selection, the
same per gemeente, the change since last year, and the response per gemeente."""

from flask import abort, current_app, request, url_for
from flask_babel import gettext as _

from analysis import blueprint as common
from analysis import charts, comparisons, dashboard
from analysis.blueprint import bp
from analysis.style import SIZES
from consult import scope
from consult.database import utcnow
from consult.permissions import Permission, requires


@bp.get("/<int:survey_id>/vraag/<int:question_id>/grafiek.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def chart(survey_id: int, question_id: int, fmt: str):
    """The chart of one question as an image (cached by its data)."""
    survey = scope.obj("survey_id")
    selection = common.selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = common.meta(found, question_id)
    size = SIZES.get(request.args.get("size", "document"), SIZES["document"])
    rule = common.rule()
    source = charts.Source(survey.display_title, len(found.respondents), utcnow().date())
    options = {"title": meta.text, "source": source, "min_n": rule.suppress_below}
    if request.args.get("per") == "gemeente":
        kind, table = "gemeenten", dashboard.gemeenten_table(survey.id, meta, selection, found)
    else:
        result = common.result(survey, meta, found)
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
    allowed = common.scope_ids(survey)
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


@bp.get("/<int:survey_id>/vraag/<int:question_id>/verandering.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def change_chart(survey_id: int, question_id: int, fmt: str):
    """Last year and this year side by side, for the page's selection."""
    survey = scope.obj("survey_id")
    selection = common.selection(survey)
    found = dashboard.frames(survey.id, selection)
    meta = common.meta(found, question_id)
    compared = comparisons.for_question(
        survey.id, meta, found, selection, common.rule(), common.admin()
    )
    if compared.change_chart is None:
        abort(404)
    size = SIZES.get(request.args.get("size", "document"), SIZES["document"])
    source = charts.Source(survey.display_title, len(found.respondents), utcnow().date())
    options = {
        "title": _(
            "%(text)s – compared with %(year)s", text=meta.text, year=compared.previous["year"]
        ),
        "source": source,
        "min_n": common.rule().counts_only_below,
    }
    body = charts.render_cached(
        "change", compared.change_chart, options, fmt, size, current_app.instance_path + "/charts"
    )
    return current_app.response_class(
        body, mimetype="image/png" if fmt == "png" else "image/svg+xml"
    )


@bp.get("/<int:survey_id>/verloop.<any(png, svg):fmt>")
@requires(Permission.VIEW_RESULTS)
def fieldwork_chart(survey_id: int, fmt: str):
    """Responses over time per channel during fieldwork, for the page's selection."""
    survey = scope.obj("survey_id")
    found = dashboard.frames(survey.id, common.selection(survey))
    size = SIZES.get(request.args.get("size", "document"), SIZES["document"])
    source = charts.Source(survey.display_title, len(found.respondents), utcnow().date())
    options = {"title": _("How the answers came in"), "source": source}
    body = charts.render_cached(
        "fieldwork",
        dashboard.fieldwork_table(found),
        options,
        fmt,
        size,
        current_app.instance_path + "/charts",
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

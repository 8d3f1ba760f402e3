"""Which chart shows what: the kind, table and options of every chart of a survey for one
selection, used alike by the chart images of the results pages, ``flask results charts``, the
benchmark and (later) papers. Charts themselves are drawn by ``analysis.charts``."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from analysis import charts, comparisons, dashboard
from analysis.coding import results as open_answers


@dataclass
class Figure:
    """One chart to draw: ``charts.CHARTS[kind](table, **options)``."""

    name: str  # for a file name: "03-huur_hoog", "respons", "verloop"
    kind: str
    table: object
    options: dict


def _source(survey, found) -> charts.Source:
    return charts.Source(survey.display_title, len(found.respondents), date.today())


def result_of(survey, meta, found, rule, admin: bool, answers=None):
    """One question's result (open questions: their codes); ``answers`` as
    ``dashboard.read_answers`` gives them saves a query per question."""
    if meta.measure == "text":
        return open_answers.question_result(survey.id, meta, found, rule, admin)
    return dashboard.question_result(survey.id, meta, found, rule, admin, answers)


def question(survey, meta, found, selection, rule, admin: bool, per_gemeente=False):
    """The chart of one question for a selection; None when the question has no chart."""
    if per_gemeente:
        table = dashboard.gemeenten_table(survey.id, meta, selection, found)
        return _figure(survey, meta, found, rule, "gemeenten", table)
    return of_result(survey, meta, found, rule, result_of(survey, meta, found, rule, admin))


def of_result(survey, meta, found, rule, result):
    """The chart of a question result computed before (a paper shows both); None when the
    question has no chart."""
    if result.chart_kind is None:
        return None
    base = None
    if result.chart_kind == "ranking" or (
        result.chart_kind == "choices" and result.chart_base is not None
    ):
        base = result.chart_base
    return _figure(survey, meta, found, rule, result.chart_kind, result.chart, base)


def _figure(survey, meta, found, rule, kind, table, base=None) -> Figure:
    options = {"title": meta.text, "source": _source(survey, found), "min_n": rule.suppress_below}
    if base is not None:
        options["base"] = base
    if kind != "ranking":
        options["pct_min"] = rule.counts_only_below
    return Figure(f"{int(meta.position) + 1:02d}-{meta.key}", kind, table, options)


def change(survey, meta, found, selection, rule, admin: bool):
    """This year against last year for one question; None when there is no such comparison."""
    compared = comparisons.for_question(survey.id, meta, found, selection, rule, admin, rest=False)
    if compared.change_chart is None:
        return None
    title = _("%(text)s – compared with %(year)s", text=meta.text, year=compared.previous["year"])
    options = {"title": title, "source": _source(survey, found), "min_n": rule.counts_only_below}
    name = f"{int(meta.position) + 1:02d}-{meta.key}-verandering"
    return Figure(name, "change", compared.change_chart, options)


def response(survey, scope: list[int]) -> Figure:
    """Responses per gemeente and channel against the invited households."""
    table = dashboard.response_table(survey.id, scope)
    source = charts.Source(survey.display_title, int(table["n"].sum()), date.today())
    options = {"title": _("How many households took part?"), "source": source}
    return Figure("respons", "response_rate", table, options)


def fieldwork(survey, found) -> Figure:
    """Responses over time per channel."""
    options = {"title": _("How the answers came in"), "source": _source(survey, found)}
    return Figure("verloop", "fieldwork", dashboard.fieldwork_table(found), options)


def survey_figures(survey, selection, rule, admin: bool) -> Iterator[Figure]:
    """Every chart of a survey for a selection: response, fieldwork, each question (and its
    change since last year where there is one)."""
    found = dashboard.frames(survey.id, selection)
    yield response(survey, selection.gemeente_ids)
    yield fieldwork(survey, found)
    for meta in found.questions.itertuples(index=False):
        figure = question(survey, meta, found, selection, rule, admin)
        if figure is not None:
            yield figure
        figure = change(survey, meta, found, selection, rule, admin)
        if figure is not None:
            yield figure

"""``flask results ...``: result tables, response rates, charts and exports of a survey."""

from pathlib import Path

import click
import pandas as pd
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from analysis import aggregate, charts, dashboard, data, exports, figures, suppress
from analysis.style import SIZES
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from surveys.models import Survey


@click.group("results")
def results_command():
    """Results of surveys: tables, response rates and exports."""


def _gemeente_ids(names: tuple[str, ...]) -> list[int] | None:
    """Gemeenten given by id or name (None when none were given)."""
    if not names:
        return None
    ids = []
    for name in names:
        column = Gemeente.id if name.isdigit() else Gemeente.name
        found = db.session.scalar(
            select(Gemeente.id).where(column == (int(name) if name.isdigit() else name))
        )
        if found is None:
            raise click.ClickException(f"There is no gemeente {name!r}.")
        ids.append(found)
    return ids


def _survey(survey_id: int) -> dict:
    info = data.survey_info(survey_id)
    if info is None:
        raise click.ClickException(f"There is no survey {survey_id}.")
    return info


def _pct(value) -> str:
    return "" if pd.isna(value) else f"{100 * value:.0f}%".replace(".", ",")


def _num(value, digits: int = 1) -> str:
    return "" if pd.isna(value) else f"{value:.{digits}f}".replace(".", ",")


def _echo_question(summary: pd.DataFrame, distribution: pd.DataFrame, text: str) -> None:
    click.echo(f"\n{text}")
    for item in summary.itertuples(index=False):
        label = f"  [{item.row_label}]" if isinstance(item.row_label, str) else ""
        n = "<10" if item.tier == suppress.SUPPRESSED else _num(item.base, 0)
        line = f"{label}  n = {n}"
        if not pd.isna(item.n_dont_know) and item.n_dont_know:
            line += f", weet ik niet: {_num(item.n_dont_know, 0)} (not in the percentages)"
        if not pd.isna(item.mean):
            line += f", mean {_num(item.mean)}"
        if not pd.isna(item.net_score):
            line += f", agree {_pct(item.agree_share)}, net {_num(item.net_score, 0)}"
        if item.tier == suppress.COUNTS_ONLY:
            line += " (too few answers for percentages)"
        click.echo(line)
        rows = distribution[
            (distribution["row"].isna() if pd.isna(item.row) else distribution["row"] == item.row)
            & ~distribution["dont_know"].astype(bool)
        ]
        for option in rows.itertuples(index=False):
            if option.tier == suppress.SUPPRESSED:
                continue
            ci = (
                f" ({_pct(option.ci_low)}-{_pct(option.ci_high)})"
                if not pd.isna(option.ci_low)
                else ""
            )
            click.echo(
                f"      {str(option.label)[:50]:<50} {_num(option.count, 0):>6} "
                f"{_pct(option.share):>5}{ci}"
            )


@results_command.command("table")
@click.argument("survey_id", type=int)
@click.option("--gemeente", "gemeenten", multiple=True, help="Gemeente name or id (repeatable).")
@click.option("--question", "keys", multiple=True, help="Only these question keys.")
@click.option("--unsuppressed", is_flag=True, help="Show small groups too (administrators).")
@click.option("--output", type=click.Path(dir_okay=False), help="Write the tables to .csv/.xlsx.")
@with_appcontext
def table_command(survey_id, gemeenten, keys, unsuppressed, output):
    """Print the result table of every question (or write it to a file)."""
    info = _survey(survey_id)
    ids = _gemeente_ids(gemeenten)
    rule = suppress.rule_from_config(current_app.config)
    if output:
        fmt = output.rsplit(".", 1)[-1].lower()
        try:
            content, _name = exports.export_tables(
                survey_id, fmt, gemeente_ids=ids, admin=unsuppressed, rule=rule
            )
        except exports.ExportError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
        with open(output, "wb") as out:
            out.write(content)
        db.session.commit()
        click.echo(f"tables of survey {survey_id} written to {output}")
        return
    distribution, summary = exports.result_tables(
        survey_id, gemeente_ids=ids, admin=unsuppressed, rule=rule
    )
    meta = data.questions(survey_id)
    click.echo(f"{info['title']} ({info['year']})")
    if summary.empty:
        click.echo("no questions")
    for question in meta.itertuples(index=False):
        if keys and question.key not in keys:
            continue
        _echo_question(
            summary[summary["question"] == question.key],
            distribution[distribution["question"] == question.key],
            f"{question.key}: {question.text}",
        )


@results_command.command("rates")
@click.argument("survey_id", type=int)
@with_appcontext
def rates_command(survey_id):
    """Print responses and response rate per gemeente."""
    _survey(survey_id)
    frame = aggregate.response_rates(data.population(survey_id))
    if frame.empty:
        click.echo("no gemeenten")
    for row in frame.itertuples(index=False):
        click.echo(
            f"{row.gemeente:<30} {row.responses:>7} of {row.invited or row.households:>7} "
            f"{row.rate_base:<10} {_pct(row.response_rate):>5}  ± {_pct(row.margin)}"
        )


@results_command.command("export")
@click.argument("survey_id", type=int)
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), required=True)
@click.option("--output", type=click.Path(dir_okay=False), required=True)
@click.option("--gemeente", "gemeenten", multiple=True, help="Gemeente name or id (repeatable).")
@click.option("--unsuppressed", is_flag=True, help="All rows and open answers (administrators).")
@with_appcontext
def export_command(survey_id, fmt, output, gemeenten, unsuppressed):
    """Write the responses of a survey to a CSV, XLSX or SPSS file (audited)."""
    _survey(survey_id)
    rule = suppress.rule_from_config(current_app.config)
    try:
        content, _name = exports.export_responses(
            survey_id, fmt, gemeente_ids=_gemeente_ids(gemeenten), admin=unsuppressed, rule=rule
        )
    except exports.ExportError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    with open(output, "wb") as out:
        out.write(content)
    db.session.commit()
    click.echo(f"responses of survey {survey_id} written to {output}")


@results_command.command("charts")
@click.argument("survey_id", type=int)
@click.option("--output", type=click.Path(file_okay=False), required=True, help="Folder.")
@click.option("--gemeente", "gemeenten", multiple=True, help="Gemeente name or id (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["png", "svg"]), default="png")
@click.option("--size", type=click.Choice(sorted(SIZES)), default="slide")
@with_appcontext
def charts_command(survey_id, output, gemeenten, fmt, size):
    """Draw every chart of a survey for some gemeenten (default: all) into a folder."""
    _survey(survey_id)
    survey = db.session.get(Survey, survey_id)
    ids = _gemeente_ids(gemeenten)
    scope = [g.id for g in survey.gemeenten if ids is None or g.id in ids]
    if ids is not None and len(scope) < len(ids):
        raise click.ClickException("A gemeente you named is not part of this survey.")
    selection = dashboard.Selection(scope=scope)
    rule = suppress.rule_from_config(current_app.config)
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    cache = Path(current_app.instance_path) / "charts"
    written = 0
    for figure in figures.survey_figures(survey, selection, rule, admin=False):
        body = charts.render_cached(
            figure.kind, figure.table, figure.options, fmt, SIZES[size], cache
        )
        (folder / f"{figure.name}.{fmt}").write_bytes(body)
        written += 1
    click.echo(f"{written} charts of survey {survey_id} written to {folder}")

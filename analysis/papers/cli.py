"""``flask papers make``: position papers, reactions to the bod and meeting packs as files."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from analysis.papers import build
from analysis.papers.make import FORMATS, default_jobs, write_all
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from surveys.models import Survey


@click.group("papers")
def papers_command():
    """Position papers and meeting packs."""


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(f.strip() for f in value.split(",") if f.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)}")
    return chosen


def _gemeente(survey: Survey, name: str) -> int:
    column = Gemeente.id if name.isdigit() else Gemeente.name
    found = db.session.scalar(
        select(Gemeente.id).where(column == (int(name) if name.isdigit() else name))
    )
    if found is None or found not in {g.id for g in survey.gemeenten}:
        raise click.ClickException(f"The survey has no gemeente {name!r}.")
    return found


@papers_command.command("make")
@click.argument("survey_id", type=int)
@click.option("--gemeente", help="Gemeente name or id (default: koepel-wide).")
@click.option("--all", "every", is_flag=True, help="One set of files per gemeente.")
@click.option("--output", type=click.Path(file_okay=False), required=True, help="Folder.")
@click.option("--format", "fmt", default="docx,pdf,slides", show_default=True)
@click.option(
    "--jobs",
    type=click.IntRange(1, 32),
    default=None,
    help="Processes (default: one per core, at most 4; 1 makes everything in this process).",
)
@with_appcontext
def make_command(survey_id, gemeente, every, output, fmt, jobs):
    """Write the position paper (and reaction to the bod, meeting pack) of a survey."""
    formats = _formats(fmt)
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"There is no survey {survey_id}.")
    if every and gemeente:
        raise click.ClickException("Give --gemeente or --all, not both.")
    targets = (
        [g.id for g in survey.gemeenten]
        if every
        else [_gemeente(survey, gemeente) if gemeente else None]
    )
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        written = write_all(survey_id, targets, folder, formats, jobs=jobs or default_jobs())
    except build.PaperError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.session.rollback()  # nothing to keep: papers are read-only
    click.echo(f"{len(written)} files of survey {survey_id} written to {folder}")

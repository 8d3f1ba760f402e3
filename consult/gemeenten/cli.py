"""Command line: import gemeenten from CSV and list them."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from consult.extensions import db
from consult.gemeenten import importing, operations
from consult.gemeenten.models import werkgebied_label


@click.group("gemeenten")
def gemeenten_command():
    """Gemeenten and corporations."""


@gemeenten_command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report, but change nothing.")
@with_appcontext
def import_command(file: Path, dry_run: bool):
    """Add or update gemeenten from a CSV file (all rows or none)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        try:
            result = importing.import_gemeenten(file.read_bytes(), source=file.name)
        except importing.ImportFileError as exc:
            db.session.rollback()
            for line, message in exc.problems:
                click.echo(f"line {line}: {message}" if line else message, err=True)
            raise click.ClickException("nothing imported") from None
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{len(result.created)} gemeenten {verb} added, {len(result.updated)} changed, "
        f"{result.unchanged} unchanged."
    )
    if result.new_corporations:
        click.echo(f"New corporations: {', '.join(result.new_corporations)}")
    if result.ignored_columns:
        click.echo(f"Ignored columns: {', '.join(result.ignored_columns)}")


@gemeenten_command.command("list")
@with_appcontext
def list_command():
    """Print every gemeente with its CBS code and work area."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        for gemeente, households in operations.gemeenten_overview(None):
            area = werkgebied_label(gemeente.werkgebied)
            click.echo(
                f"{gemeente.cbs_code}  {gemeente.name:<28} {area:<16} {households:>7} households"
            )

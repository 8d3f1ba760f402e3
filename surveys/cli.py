"""``flask surveys ...``: seed the question bank, export and import survey definitions."""

import click
from flask.cli import with_appcontext

from consult.extensions import db
from surveys import bank
from surveys.bankdata import SEED_QUESTIONS
from surveys.errors import SurveyError


@click.group("surveys")
def surveys_command():
    """Surveys and the question bank."""


@surveys_command.command("seed-bank")
@click.option("--update", is_flag=True, help="Add a new version of bank questions that differ.")
@with_appcontext
def seed_bank_command(update: bool):
    """Fill the question bank with the standard questions (safe to run again)."""
    try:
        counts = bank.seed_bank(SEED_QUESTIONS, update=update)
    except SurveyError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(
        f"question bank: {counts['added']} added, {counts['unchanged']} unchanged, "
        f"{counts['updated']} updated to a new version, {counts['changed']} differ "
        "(use --update to add new versions)"
    )

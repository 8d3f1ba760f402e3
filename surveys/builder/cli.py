"""``flask surveys ...``: seed the question bank, export and import survey definitions."""

import click
from flask.cli import with_appcontext

from consult.extensions import db
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank
from surveys.errors import SurveyError
from surveys.languages import DEFAULT_LANGUAGE, SURVEY_LANGUAGES


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


@surveys_command.command("export")
@click.argument("survey_id", type=int)
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_command(survey_id: int, path: str):
    """Write a survey definition to PATH: .json (exact) or .xlsx (XLSForm)."""
    from surveys.builder import definition, xlsform
    from surveys.models import Survey

    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"There is no survey {survey_id}.")
    if path.lower().endswith(".xlsx"):
        content = xlsform.export_workbook(survey)
    elif path.lower().endswith(".json"):
        content = definition.dumps(definition.export_definition(survey)).encode("utf-8")
    else:
        raise click.ClickException("Give a file name ending in .json or .xlsx.")
    with open(path, "wb") as out:
        out.write(content)
    click.echo(f"survey {survey_id} written to {path}")


@surveys_command.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--language",
    type=click.Choice(list(SURVEY_LANGUAGES)),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="XLSForm: the language of the columns label and hint without a language.",
)
@with_appcontext
def import_command(path: str, language: str):
    """Import a survey definition (.json or XLSForm .xlsx) as a new draft survey."""
    from surveys.builder import definition, xlsform

    with open(path, "rb") as source:
        raw = source.read()
    try:
        if path.lower().endswith(".xlsx"):
            survey, warnings = xlsform.import_workbook(raw, plain_language=language)
        else:
            survey, warnings = definition.import_definition(definition.loads(raw))
    except SurveyError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    for warning in warnings:
        click.echo(f"warning: {warning}")
    click.echo(
        f"imported as draft survey {survey.id} with {len(survey.ordered_questions())} questions"
    )

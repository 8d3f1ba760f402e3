"""``flask invitations ...``: make codes in bulk, export them for a mail merge, reissue one."""

import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from consult.spreadsheet import csv_writer
from surveys.errors import SurveyError
from surveys.invitations import operations
from surveys.models import Survey


def _survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"There is no survey with number {survey_id}.")
    return survey


def _gemeente_ids(values: tuple[str, ...]) -> list[int] | None:
    """Gemeenten given by name or CBS code (GM1721); None when none were given."""
    if not values:
        return None
    ids = []
    for value in values:
        text = value.strip()
        gemeente = db.session.scalar(
            select(Gemeente).where(
                (Gemeente.cbs_code == text.upper()) | (Gemeente.name.ilike(text))
            )
        )
        if gemeente is None:
            raise click.ClickException(f"Unknown gemeente: {text}")
        ids.append(gemeente.id)
    return ids


@click.group("invitations")
def invitations_command():
    """Invitation codes for the households of a survey."""


@invitations_command.command("create")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey number.")
@click.option("--gemeente", multiple=True, help="Only this gemeente (name or CBS code).")
@with_appcontext
def create_command(survey_id: int, gemeente: tuple[str, ...]):
    """Make a code for every household in scope that has none yet."""
    survey = _survey(survey_id)
    started = time.perf_counter()
    try:
        count = operations.create_invitations(survey, gemeente_ids=_gemeente_ids(gemeente))
    except SurveyError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    total = operations.count_invitations(survey)
    click.echo(
        f"invitations: {count} new codes in {time.perf_counter() - started:.1f} s; "
        f"{total} households of survey {survey.id} now have a code"
    )


@invitations_command.command("export")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey number.")
@click.option("--gemeente", default=None, help="Only this gemeente (name or CBS code).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def export_command(survey_id: int, gemeente: str | None, output: str):
    """Write household number, gemeente, code and web address to a CSV file (mail merge)."""
    survey = _survey(survey_id)
    gemeente_ids = _gemeente_ids((gemeente,) if gemeente else ())
    names = dict(db.session.execute(select(Gemeente.id, Gemeente.name)).all())
    path = Path(output)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle, delimiter=";")
        writer.writerow(["household", "gemeente", "code", "url"])
        for invitation, code in operations.iter_clear_codes(
            survey, gemeente_id=gemeente_ids[0] if gemeente_ids else None
        ):
            household = invitation.household
            writer.writerow(
                [
                    household.external_ref,
                    names.get(household.gemeente_id, ""),
                    code,
                    operations.code_url(code),
                ]
            )
            count += 1
    path.chmod(0o600)
    click.echo(f"invitations: {count} codes written to {path} (keep this file safe)")


@invitations_command.command("reissue")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey number.")
@click.option("--household", "reference", required=True, help="Household number (contract).")
@with_appcontext
def reissue_command(survey_id: int, reference: str):
    """Give one household a new code; the old code stops working."""
    survey = _survey(survey_id)
    household_ids = list(
        db.session.scalars(select(Household.id).where(Household.external_ref == reference.strip()))
    )
    invitation = next(
        (
            found
            for found in (operations.invitation_for_household(survey, h) for h in household_ids)
            if found is not None
        ),
        None,
    )
    if invitation is None:
        raise click.ClickException("This household has no code for this survey.")
    try:
        code = operations.reissue_code(invitation)
    except SurveyError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"new code: {code}  ({operations.code_url(code)})")

"""`flask households ...`: import the register and purge addresses from the command line."""

import functools
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from consult import privacy
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente
from consult.households import operations
from consult.households.importer import gemeente_lookup, import_households
from consult.households.mapping import LABELS_BY_KEY, guess_mapping
from consult.households.reader import ReaderError, open_table
from consult.households.report import (
    HouseholdImportError,
    ImportReport,
    MappingError,
    file_description,
)
from consult.households.uploads import remove_old_uploads


@click.group("households")
def households_command():
    """Household register: import the corporation's file, purge mailing addresses."""


def _in_default_language(function):
    """Run a command with messages in the site's default language (Dutch)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return function(*args, **kwargs)

    return wrapper


@households_command.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corporation", required=True, help="Name of the housing corporation.")
@click.option("--mapping", "mapping_name", help="Name of a saved column mapping.")
@click.option("--dry-run", is_flag=True, help="Check the file and report; store nothing.")
@click.option(
    "--deactivate-missing",
    is_flag=True,
    help="Mark households of the file's gemeenten that are not in the file as inactive.",
)
@with_appcontext
@_in_default_language
def import_command(file, corporation, mapping_name, dry_run, deactivate_missing):
    """Import a household file (CSV or XLSX) of a corporation: all rows or none."""
    owner = _corporation(corporation)
    try:
        table = open_table(file)
    except ReaderError as exc:
        raise click.ClickException(str(exc)) from exc
    headers = table.headers
    description = file_description(table.kind, table.encoding, table.delimiter)
    click.echo(_("Read as: %(kind)s", kind=description))
    mapping = _mapping(mapping_name, headers)
    for key, header in mapping.items():
        click.echo(f"  {LABELS_BY_KEY[key]}: {header}")
    try:
        report = import_households(
            file,
            corporation=owner,
            mapping=mapping,
            dry_run=dry_run,
            deactivate_missing=deactivate_missing,
            source="cli",
        )
    except MappingError as exc:
        for key, problem in exc.problems.items():
            click.echo(f"{LABELS_BY_KEY[key]}: {problem}", err=True)
        click.echo(_("Columns in the file: %(names)s", names=", ".join(headers)), err=True)
        raise click.ClickException(_("Choose the columns with --mapping.")) from exc
    except (HouseholdImportError, ReaderError) as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    for line in report_lines(report):
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


def _corporation(name: str) -> Corporation:
    corporation = db.session.scalar(
        select(Corporation).where(func.lower(Corporation.name) == name.strip().lower())
    )
    if corporation is None:
        known = ", ".join(db.session.scalars(select(Corporation.name).order_by(Corporation.name)))
        raise click.ClickException(
            _("Unknown corporation '%(name)s'. Known: %(known)s", name=name, known=known or "-")
        )
    return corporation


def _mapping(name: str | None, headers: list[str]) -> dict[str, str]:
    if not name:
        click.echo(_("Columns guessed from their names:"))
        return guess_mapping(headers)
    saved = operations.find_import_mapping(name)
    if saved is None:
        names = ", ".join(m.name for m in operations.saved_mappings()) or "-"
        raise click.ClickException(
            _("Unknown mapping '%(name)s'. Saved: %(names)s", name=name, names=names)
        )
    click.echo(_("Columns from the saved mapping '%(name)s':", name=saved.name))
    return dict(saved.columns)


def report_lines(report: ImportReport) -> list[str]:
    """The import report as lines of text, as the web page shows it."""
    if report.ok:
        state = _("Checked; nothing stored (dry run).") if report.dry_run else _("Imported.")
    else:
        state = _("Nothing has been imported.")
    lines = [
        state,
        _("Read as: %(kind)s", kind=report.file_description()),
        _("Rows with a household: %(n)d", n=report.rows),
    ]
    if report.ok:
        lines.append(_("New: %(new)d, updated: %(old)d", new=report.created, old=report.updated))
        if report.stored:
            lines.append(_("Mailing addresses stored: %(n)d", n=report.addresses))
        lines += [f"  {name}: {n}" for name, n in sorted(report.per_gemeente.items())]
    if report.deactivated:
        lines.append(_("Marked as moved out: %(n)d", n=report.deactivated))
    lines += _notice_lines(report)
    if report.dry_run and report.text_examples:
        lines.append(_("Letters with accents as they were read (check them):"))
        lines += [
            _("  line %(line)d, %(column)s: %(value)s", line=ln, column=col, value=val)
            for ln, col, val in report.text_examples
        ]
    if report.error_count:
        lines.append(_("Lines that cannot be used: %(n)d", n=report.error_count))
        lines += [
            _("Line %(line)d: %(problem)s", line=e.line, problem=e.text) for e in report.errors
        ]
        if report.error_count > len(report.errors):
            lines.append(_("(only the first %(n)d are shown)", n=len(report.errors)))
    return lines


def _notice_lines(report: ImportReport) -> list[str]:
    lines = [
        _("Line %(line)d repeats line %(earlier)d (skipped)", line=line, earlier=earlier)
        for line, earlier in report.duplicates
    ]
    lines += [
        _("Line %(line)d, %(column)s: kept as text: %(value)r", line=ln, column=col, value=val)
        for ln, col, val in report.formulas
    ]
    lines += [
        _("Unknown household type %(label)r: %(n)d", label=label, n=count)
        for label, count in report.unknown_household_types.most_common(20)
    ]
    return lines


@households_command.command("purge-addresses")
@click.option("--gemeente", help="Only this gemeente (name or CBS code); default: all.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@_in_default_language
def purge_command(gemeente, yes):
    """Delete the mailing addresses after fieldwork; the households stay."""
    target = None
    if gemeente:
        found = gemeente_lookup().resolve(gemeente)
        if found is None:
            raise click.ClickException(_("Unknown gemeente '%(value)s'.", value=gemeente))
        target = db.session.get(Gemeente, found)
    count = operations.count_addresses(target.id if target else None)
    where = target.name if target else _("all gemeenten")
    if not yes:
        click.confirm(
            _("Delete %(n)d mailing addresses (%(where)s) for good?", n=count, where=where),
            abort=True,
        )
    deleted = operations.purge_addresses(target, source="cli")
    db.session.commit()
    click.echo(_("%(n)d mailing addresses have been deleted. The households remain.", n=deleted))


@households_command.command("remove-old-uploads")
@with_appcontext
def remove_old_uploads_command():
    """Delete uploaded household files that were left for more than a day (for cron)."""
    removed = remove_old_uploads(current_app.config["UPLOAD_FOLDER"])
    click.echo(f"{removed}")


@households_command.command("purge-expired")
@with_appcontext
@_in_default_language
def purge_expired_command():
    """Remove what is kept beyond its retention period, such as old scan images (for cron)."""
    removed = privacy.run_purges()
    db.session.commit()
    for name, count in removed.items():
        click.echo(f"{name}: {count}")

"""``flask paper ...``: letter batches, blank forms, sample forms and layout files."""

import json
import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from surveys.errors import SurveyError
from surveys.models import Survey
from surveys.paper import operations, printing, storage
from surveys.paper.batch import Selection, write_letter_batch
from surveys.paper.models import LetterBatch


def _survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(f"There is no survey {survey_id}.")
    return survey


def _gemeente(name: str | None) -> int | None:
    if not name:
        return None
    wanted = name.strip()
    gemeente = db.session.scalar(
        select(Gemeente).where(func.lower(Gemeente.name) == wanted.lower())
    )
    if gemeente is None and wanted.isdigit():
        gemeente = db.session.get(Gemeente, int(wanted))
    if gemeente is None:
        raise click.ClickException(f"There is no gemeente {wanted!r}.")
    return gemeente.id


def _fail(exc: SurveyError):
    db.session.rollback()
    raise click.ClickException(str(exc)) from None


@click.group("paper")
def paper_command():
    """Letters, paper forms and their layout files."""


@paper_command.command("letters")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey id.")
@click.option("--gemeente", help="Only this gemeente (name or id).")
@click.option("--reminder", is_flag=True, help="Only households that have not answered yet.")
@click.option("--language", default="nl", show_default=True, help="Language of letter and form.")
@click.option("--no-forms", is_flag=True, help="Letters only, without the paper form.")
@click.option("--large-print", is_flag=True, help="Forms in large print (16 point).")
@click.option("--simplex", is_flag=True, help="Printed on one side (no blank back pages).")
@click.option("--limit", type=int, help="Only the first N letters (a proof print).")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="PDF file.")
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False), help="CSV for the mailing house."
)
@with_appcontext
def letters_command(
    survey_id, gemeente, reminder, language, no_forms, large_print, simplex, limit, out, csv_path
):
    """Make one PDF with a letter (and form) per household, in household order."""
    survey = _survey(survey_id)
    selection = Selection(survey, gemeente_id=_gemeente(gemeente), reminder=reminder)
    pdf_path = Path(out)
    started = time.perf_counter()
    options = {
        "lang": language,
        "with_forms": not no_forms,
        "large_print": large_print,
        "duplex": not simplex,
    }
    try:
        batch_id = storage.record_command_batch(selection, **options).id
    except SurveyError as exc:
        _fail(exc)

    def progress(written: int) -> None:
        storage.note_command_progress(batch_id, written)
        click.echo(f"  {written} letters ...", err=True)

    try:
        with open(pdf_path, "wb") as pdf:
            csv_file = open(csv_path, "w", encoding="utf-8-sig", newline="") if csv_path else None
            try:
                result = write_letter_batch(
                    selection,
                    pdf,
                    csv_file,
                    **options,
                    reference=str(batch_id),
                    limit=limit,
                    progress=progress,
                    progress_every=storage.PROGRESS_EVERY,
                    checkpoint=db.session.commit,
                )
            finally:
                if csv_file:
                    csv_file.close()
    except SurveyError as exc:
        pdf_path.unlink(missing_ok=True)
        if csv_path:
            Path(csv_path).unlink(missing_ok=True)
        db.session.rollback()
        if db.session.get(LetterBatch, batch_id) is not None:  # recorded at the first commit
            storage.fail_batch(batch_id, str(exc))
        _fail(exc)
    batch = db.session.get(LetterBatch, batch_id)
    storage.finish_command_batch(batch, result.households, result.pages)
    db.session.commit()
    seconds = time.perf_counter() - started
    click.echo(
        f"{result.households} letters, {result.pages} pages in {seconds:.1f} s "
        f"({result.pages / max(seconds, 0.001):.0f} pages/s) -> {pdf_path}"
    )
    if result.missing_characters:
        click.echo(
            "warning: these characters are not in the font and print as empty boxes: "
            + " ".join(sorted(result.missing_characters))
        )
    if result.unprintable_addresses:
        click.echo(
            f"warning: {result.unprintable_addresses} addresses hold characters the font cannot "
            "print; check these letters by reference: "
            + ", ".join(f"{ref} ({chars})" for ref, chars in result.unprintable_examples)
        )


@paper_command.command("blank-forms")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey id.")
@click.option("--count", type=int, required=True, help="Number of blank forms (1 to 5000).")
@click.option("--language", default="nl", show_default=True)
@click.option("--large-print", is_flag=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="PDF file.")
@with_appcontext
def blank_forms_command(survey_id, count, language, large_print, out):
    """Numbered blank forms (for meetings); their numbers can be keyed and scanned."""
    survey = _survey(survey_id)
    try:
        batch = operations.issue_blank_forms(
            survey, count, lang=language, large_print=large_print, limit=5000
        )
        with open(out, "wb") as pdf:
            printing.blank_forms(batch, pdf)
    except SurveyError as exc:
        Path(out).unlink(missing_ok=True)
        _fail(exc)
    db.session.commit()
    click.echo(
        f"blank forms B{survey.id}-{batch.first_serial:05d} to "
        f"B{survey.id}-{batch.last_serial:05d} -> {out}"
    )


@paper_command.command("form")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey id.")
@click.option("--language", default="nl", show_default=True)
@click.option("--large-print", is_flag=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="PDF file.")
@with_appcontext
def form_command(survey_id, language, large_print, out):
    """A sample of the paper form (marked as a sample)."""
    survey = _survey(survey_id)
    try:
        with open(out, "wb") as pdf:
            printing.sample_form(survey, language, large_print, pdf)
    except SurveyError as exc:
        Path(out).unlink(missing_ok=True)
        _fail(exc)
    db.session.commit()
    click.echo(f"sample form -> {out}")


@paper_command.command("layout")
@click.option("--survey", "survey_id", type=int, required=True, help="Survey id.")
@click.option("--language", default="nl", show_default=True)
@click.option("--large-print", is_flag=True)
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True, help="JSON file.")
@with_appcontext
def layout_command(survey_id, language, large_print, out):
    """The layout file of the form: every box's position (mm) and meaning."""
    survey = _survey(survey_id)
    try:
        _layout, stored = operations.saved_layout(survey, language, large_print)
    except SurveyError as exc:
        _fail(exc)
    db.session.commit()
    Path(out).write_text(json.dumps(stored.layout, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"layout of survey {survey.id} version {stored.survey_version} -> {out}")

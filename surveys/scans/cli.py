"""``flask scans read``: the reading of scanned pages as JSON (for tests, support staff);
``flask scans import``: scanned forms stored and read as a batch, as an upload does."""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from sqlalchemy import select

from consult.extensions import db
from consult.users.models import User
from surveys.models import Survey
from surveys.scans import operations, tasks
from surveys.scans.models import ScanBatch, ScanStatus
from surveys.scans.reading import Layouts, read_file


@click.group("scans")
def scans_command():
    """Scanned paper forms."""


def _layouts(paths: tuple[str, ...]) -> Layouts:
    loaded = []
    for path in paths:
        try:
            loaded.append(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{path}: not a layout file ({exc}).") from None
    try:
        return Layouts(loaded)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


@scans_command.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--layout",
    "layouts",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Layout file of a form (flask paper layout); give one per form variant.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the readings as one JSON document.")
@click.option(
    "--crops",
    type=click.Path(file_okay=False),
    help="Write the open-answer and number areas as PNG images to this folder.",
)
@with_appcontext
def read_command(files, layouts, as_json, crops):
    """Read the marks on scanned pages (PDF, TIFF, JPEG, PNG) without storing anything."""
    known = _layouts(layouts)
    readings = []
    for path in files:
        for reading in read_file(path, known):
            item = reading.to_json(translate=gettext)
            if crops:
                _write_crops(reading, item, Path(crops))
            readings.append(item)
            if not as_json:
                click.echo(_line(item))
    if as_json:
        click.echo(json.dumps(readings, ensure_ascii=False, indent=1))


def _write_crops(reading, item: dict, folder: Path) -> None:
    import cv2

    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(reading.file).stem
    for index, (box, out) in enumerate(zip(reading.boxes, item["boxes"], strict=True)):
        if box.crop is not None:
            name = folder / f"{stem}-p{reading.page}-{index + 1}.png"
            cv2.imwrite(str(name), box.crop)
            out["crop"] = str(name)


def _line(item: dict) -> str:
    marks = [b for b in item["boxes"] if b["state"] != "empty"]
    doubtful = sum(1 for b in item["boxes"] if b["state"] == "uncertain")
    text = f"{item['file']} p{item['page']}: {item['status']}"
    if item.get("message"):
        text += f" - {item['message']}"
    elif item["boxes"]:
        text += f" ({len(marks)} marked, {doubtful} uncertain)"
    return text


SCAN_SUFFIXES = {".pdf", ".tif", ".tiff", ".jpg", ".jpeg", ".png"}


def _scan_files(paths: tuple[str, ...]) -> list[Path]:
    """The files named, and the scan files in the folders named (sorted by name)."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in SCAN_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise click.ClickException(gettext("%(path)s: no such file or folder.", path=name))
    return found


@scans_command.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--survey", "survey_id", type=int, required=True, help="The survey's number.")
@click.option("--user", "email", help="Import as this user (their gemeenten apply).")
@click.option(
    "--queue", "queued", is_flag=True, help="Leave the reading to the task queue (the consumer)."
)
@with_appcontext
def import_command(paths, survey_id, email, queued):
    """Store scanned forms as a batch, as an upload in the browser does, and read it."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise click.ClickException(gettext("There is no survey %(id)s.", id=survey_id))
    user = None
    if email:
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(gettext("There is no user %(email)s.", email=email))
    files = [(path.name, path.read_bytes()) for path in _scan_files(paths)]
    try:
        batch = operations.create_batch(survey, files, by=user, source="cli")
    except operations.ScanError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    batch_id = batch.id
    db.session.commit()
    if queued:
        tasks.read_batch(batch_id)
        click.echo(gettext("Batch %(id)s is queued: %(n)s files.", id=batch_id, n=len(files)))
        return
    operations.process_batch(batch_id)
    db.session.expire_all()
    _report(db.session.get(ScanBatch, batch_id))


def _report(batch) -> None:
    """Every file and page of a read batch with its status, then the totals."""
    for page in sorted(batch.pages, key=lambda p: (p.file.position, p.index)):
        status = "review" if page.review_open else page.status
        text = f"{page.file.name} p{page.index}: {status}"
        if page.message:
            text += " - " + gettext(page.message, **(page.values or {}))
        click.echo(text)
    if batch.message:
        click.echo(batch.message)
    click.echo(
        gettext(
            "Batch %(id)s: %(status)s. %(read)s pages read, %(review)s to check, "
            "%(refused)s not used.",
            id=batch.id,
            status=batch.status.value,
            read=batch.pages_read,
            review=batch.pages_review,
            refused=batch.pages_refused,
        )
    )
    if batch.status == ScanStatus.FAILED:
        raise SystemExit(1)

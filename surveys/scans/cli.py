"""``flask scans read``: the reading of scanned pages as JSON (for tests, support staff)."""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext

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

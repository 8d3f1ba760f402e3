"""flask scans read: one JSON object per page, in file order, broken files included;
flask scans import: a folder or files stored and read as a batch, each page's status printed."""

import json

from sqlalchemy import select

from consult.extensions import db
from surveys.models import Channel, SurveyStatus
from surveys.scans.models import ScanBatch, ScannedForm, ScanStatus
from tests.surveys.keying.conftest import codes
from tests.surveys.scans import stacks


def test_scans_read_prints_every_page_of_every_file_as_json(app, form, tmp_path):
    (tmp_path / "form.pdf").write_bytes(form.pdf)
    (tmp_path / "leeg.pdf").write_bytes(b"")
    (tmp_path / "layout.json").write_text(json.dumps(form.layout), encoding="utf-8")
    args = ["scans", "read", str(tmp_path / "leeg.pdf"), str(tmp_path / "form.pdf")]
    args += ["--layout", str(tmp_path / "layout.json"), "--json", "--crops", str(tmp_path / "c")]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    readings = json.loads(result.output)
    assert [(r["file"], r["page"]) for r in readings] == [("leeg.pdf", 0)] + [
        ("form.pdf", n) for n in range(1, len(form.pages) + 1)
    ]
    assert readings[0]["status"] == "empty_file"
    assert readings[0]["message"] == "Het bestand is leeg (0 bytes)."
    page = readings[1]
    assert page["status"] == "read" and page["qr"].startswith("CF1.")
    assert set(page["transformation"]) >= {"matrix", "rotation", "scale"}
    box = page["boxes"][0]
    assert set(box) >= {"question", "option", "kind", "fill", "state", "confidence"}
    assert all(b["state"] == "empty" for r in readings[1:] for b in r["boxes"])
    crops = [b["crop"] for r in readings for b in r["boxes"] if "crop" in b]
    assert crops and (tmp_path / "c").is_dir()


def test_scans_import_reads_a_folder_and_prints_every_page_and_a_summary(
    app, open_survey, board, tmp_path
):
    code = codes(open_survey)[0]
    pages, layout = stacks.printed_pages(open_survey, code)
    (tmp_path / "stapel.pdf").write_bytes(stacks.pdf(stacks.marked(pages, layout, seed=1)))
    (tmp_path / "leeg.png").write_bytes(b"")
    (tmp_path / "notities.txt").write_text("not a scan")  # not a scan file: left alone
    db.session.commit()
    args = ["scans", "import", str(tmp_path), "--survey", str(open_survey.id)]
    result = app.test_cli_runner().invoke(args=args + ["--user", board.email])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "leeg.png p0: empty_file - Het bestand is leeg (0 bytes)."
    assert [line.split(":")[0] for line in lines[1:-1]] == [
        f"stapel.pdf p{n}" for n in range(1, len(pages) + 1)
    ]
    assert lines[-1].startswith("Stapel ") and "gelezen" in lines[-1]
    batch = db.session.scalar(select(ScanBatch))
    assert batch.source == "cli" and batch.uploaded_by_id == board.id
    assert batch.status == ScanStatus.DONE and batch.pages_done == len(pages) + 1
    assert db.session.scalar(select(ScannedForm)).response.channel == Channel.SCANNED


def test_scans_import_on_the_queue_and_its_bad_input(app, open_survey, board, tmp_path):
    code = codes(open_survey)[0]
    pages, layout = stacks.printed_pages(open_survey, code)
    scan = tmp_path / "a.png"
    scan.write_bytes(stacks.png(stacks.marked(pages[:1], layout, seed=2)[0]))
    db.session.commit()
    runner = app.test_cli_runner()
    base = ["scans", "import", str(scan), "--survey", str(open_survey.id)]
    queued = runner.invoke(args=base + ["--queue"])
    assert queued.exit_code == 0 and "in de wachtrij" in queued.output, queued.output
    assert db.session.scalar(select(ScanBatch)).pages_done == 1  # the (immediate) queue read it
    for args, message in (
        (["scans", "import", str(scan), "--survey", "999999"], "Er is geen vragenlijst 999999"),
        (base + ["--user", "niemand@example.org"], "Er is geen gebruiker niemand@example.org"),
        (
            ["scans", "import", str(tmp_path / "weg.pdf"), "--survey", str(open_survey.id)],
            "bestaat niet",
        ),
    ):
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and message in result.output, result.output
    open_survey.status = SurveyStatus.CLOSED
    db.session.commit()
    closed = runner.invoke(args=base)
    assert closed.exit_code != 0 and "gesloten" in closed.output
    assert len(db.session.scalars(select(ScanBatch)).all()) == 1  # nothing more stored

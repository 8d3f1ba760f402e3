"""Letters print the public web address: production refuses to make them without one, and
mailing references stay unique per survey across batches (web and command line)."""

import csv

import pytest
from sqlalchemy import select

from consult.config import LOCAL_PUBLIC_URL, load_config
from consult.extensions import db
from consult.permissions import Role
from surveys.paper.models import BatchStatus, LetterBatch
from tests.surveys.paper.conftest import add_households, pdf_texts

REFUSED = "Er kunnen nog geen brieven gemaakt worden: het webadres"


@pytest.fixture
def production(app):
    """The app configured as in production, with the given PUBLIC_URL (restored after)."""
    saved = {k: app.config.get(k) for k in ("CONSULT_ENV", "PUBLIC_URL", "CODE_SECRET")}

    def configure(public_url):
        app.config.update(
            CONSULT_ENV="production", PUBLIC_URL=public_url, CODE_SECRET="test-code-secret"
        )

    yield configure
    app.config.update(saved)


def letters(app, survey_id, out, *extra):
    runner = app.test_cli_runner()
    return runner.invoke(
        args=["paper", "letters", "--survey", str(survey_id), "--out", str(out), *extra]
    )


def test_a_workstation_keeps_its_local_address_and_production_has_none(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    assert load_config(str(tmp_path), {"CONSULT_ENV": "development"})["PUBLIC_URL"] == (
        LOCAL_PUBLIC_URL
    )
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    assert load_config(str(tmp_path), {"CONSULT_ENV": "production"})["PUBLIC_URL"] == ""


@pytest.mark.parametrize("public_url", ["", "   ", "raadpleging.example.org", "ftp://x.nl"])
def test_production_without_a_public_address_refuses_letters_on_the_page(
    client, login, paper_data, app, production, public_url
):
    production(public_url)
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    assert REFUSED in client.get(base).get_data(as_text=True)
    made = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    assert made.status_code == 422
    page = made.get_data(as_text=True)
    assert REFUSED in page and "PUBLIC_URL" in page
    assert client.get(f"{base}/brief/nl/voorbeeld.pdf").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(LetterBatch)) is None  # nothing queued


def test_production_without_a_public_address_refuses_letters_on_the_command_line(
    app, paper_survey, production, tmp_path
):
    add_households(paper_survey, paper_survey.gemeenten[0], 1)
    production("")
    result = letters(app, paper_survey.id, tmp_path / "brieven.pdf")
    assert result.exit_code != 0
    assert REFUSED in result.output and "PUBLIC_URL" in result.output
    assert not (tmp_path / "brieven.pdf").exists()
    assert db.session.scalar(select(LetterBatch)) is None


def test_production_with_a_public_address_prints_it_on_the_letter(
    app, paper_survey, production, tmp_path
):
    add_households(paper_survey, paper_survey.gemeenten[0], 1)
    production("https://raadpleging.example.org")
    result = letters(app, paper_survey.id, tmp_path / "brieven.pdf", "--no-forms")
    assert result.exit_code == 0, result.output
    text = pdf_texts((tmp_path / "brieven.pdf").read_bytes())[0]
    assert "ga naar raadpleging.example.org" in text and "127.0.0.1" not in text


def test_mailing_references_are_unique_per_survey_across_command_line_batches(
    app, paper_survey, tmp_path
):
    add_households(paper_survey, paper_survey.gemeenten[0], 2)
    references = []
    for run in (1, 2):
        out, listing = tmp_path / f"b{run}.pdf", tmp_path / f"b{run}.csv"
        result = letters(app, paper_survey.id, out, "--no-forms", "--csv", listing)
        assert result.exit_code == 0, result.output
        lines = listing.read_text(encoding="utf-8-sig").splitlines()
        rows = list(csv.DictReader(lines, delimiter=";"))
        references += [row["kenmerk"] for row in rows]
        texts = pdf_texts(out.read_bytes())
        assert all(f"Ons nummer {ref}" in " ".join(texts) for ref in references[-2:])
    assert len(references) == 4 and len(set(references)) == 4
    batches = db.session.scalars(select(LetterBatch)).all()
    assert [b.status for b in batches] == [BatchStatus.READY, BatchStatus.READY]
    assert all(b.from_command_line and b.household_count == 2 for b in batches)


def test_demo_in_production_without_a_public_address_says_why_and_stores_nothing(app, production):
    from consult.gemeenten.models import Gemeente

    production("")
    done = app.test_cli_runner().invoke(args=["demo", "load"])
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert REFUSED in done.output and "PUBLIC_URL" in done.output
    assert "The demo was not loaded." in done.output
    with app.app_context():
        assert db.session.scalar(select(Gemeente.id).limit(1)) is None


def test_a_command_line_batch_shows_its_progress_while_it_is_written(
    app, paper_survey, tmp_path, monkeypatch
):
    """So that a long run is never taken for a batch stopped halfway."""
    from surveys.paper import storage

    add_households(paper_survey, paper_survey.gemeenten[0], 3)
    monkeypatch.setattr(storage, "PROGRESS_EVERY", 1)
    seen = []
    note = storage.note_command_progress

    def noted(batch_id, written):
        note(batch_id, written)
        batch = db.session.get(LetterBatch, batch_id)
        seen.append((written, batch.household_count, storage.interrupted(batch)))

    monkeypatch.setattr(storage, "note_command_progress", noted)
    result = letters(app, paper_survey.id, tmp_path / "b.pdf", "--no-forms")
    assert result.exit_code == 0, result.output
    assert seen and all(count == written and not late for written, count, late in seen)

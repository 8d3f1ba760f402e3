"""Position paper pages: readable for board and readers, scoped to their gemeenten, with
audited downloads that are real Word and PDF files."""

import io

import pypdfium2
import pytest
from docx import Document as WordDocument

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Role
from tests.analysis.test_views import world  # noqa: F401  (the fixture)


def _url(world, gemeente=None, download=False):  # noqa: F811
    part = "koepel" if gemeente is None else str(world[gemeente])
    return f"/resultaten/{world['survey']}/standpunten/{part}" + ("/downloaden" if download else "")


def test_a_reader_reads_the_paper_of_their_gemeente_and_not_another(world, login, app):  # noqa: F811
    with app.app_context():
        ede = db.session.get(Gemeente, world["ede"])
    client = login(Role.LEZER, gemeenten=[ede])
    page = client.get(_url(world, "ede"))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Standpuntennotitie Ede" in text and "n = 40" in text
    assert client.get(_url(world, "wag")).status_code == 403
    assert (
        client.post(_url(world, "wag", download=True), data={"what": "paper-pdf"}).status_code
        == 403
    )
    listing = client.get(f"/resultaten/{world['survey']}/standpunten").get_data(as_text=True)
    assert "Ede" in listing and "Wageningen" not in listing


def test_downloads_are_real_files_and_audited(world, login, app):  # noqa: F811
    client = login(Role.BESTUUR)
    word = client.post(_url(world, "ede", download=True), data={"what": "paper-docx"})
    assert word.status_code == 200
    assert any("Ede" in p.text for p in WordDocument(io.BytesIO(word.data)).paragraphs)
    pdf = client.post(_url(world, "ede", download=True), data={"what": "paper-pdf"})
    assert len(pypdfium2.PdfDocument(pdf.data)) > 3
    slides = client.post(_url(world, None, download=True), data={"what": "slides"})
    assert slides.data.startswith(b"%PDF")
    with app.app_context():
        events = db.session.query(AuditEvent).filter_by(action="papers.download").count()
    assert events == 3


def test_an_unknown_download_gets_a_message(world, login):  # noqa: F811
    client = login(Role.BESTUUR)
    answer = client.post(
        _url(world, "ede", download=True), data={"what": "x"}, follow_redirects=True
    )
    assert "Kies welk bestand" in answer.get_data(as_text=True)


def test_the_survey_results_page_links_to_the_papers(world, login):  # noqa: F811
    page = login(Role.LEZER).get(f"/resultaten/{world['survey']}").get_data(as_text=True)
    assert f"/resultaten/{world['survey']}/standpunten" in page


@pytest.mark.committing
def test_papers_for_every_gemeente_are_made_in_two_processes(world, app, tmp_path):  # noqa: F811
    """``flask papers make --all --jobs 2``: the same files as one process makes."""
    runner = app.test_cli_runner()
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, jobs in ((one, "1"), (two, "2")):
        args = ["papers", "make", str(world["survey"]), "--all", "--output", str(folder)]
        done = runner.invoke(args=[*args, "--jobs", jobs])
        assert done.exit_code == 0, done.output
    names = sorted(p.name for p in two.iterdir())
    assert names == sorted(p.name for p in one.iterdir())
    assert any(n.startswith("standpunten-ede") and n.endswith(".pdf") for n in names)
    assert any(n.startswith("standpunten-wageningen") and n.endswith(".docx") for n in names)
    pdf = next(two.glob("standpunten-ede*.pdf")).read_bytes()
    assert "Ede" in pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()


def test_papers_are_made_with_one_process_per_core_at_most_four(monkeypatch):
    from analysis.papers import make

    for cores, expected in ((None, 1), (1, 1), (2, 2), (16, make.MAX_DEFAULT_JOBS)):
        monkeypatch.setattr(make.os, "cpu_count", lambda cores=cores: cores)
        assert make.default_jobs() == expected

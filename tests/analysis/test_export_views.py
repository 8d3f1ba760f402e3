"""Downloading results in the browser: who may, for which gemeenten, and what is in the file."""

import io

import openpyxl
import pyreadstat
import pytest

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Role
from tests.analysis.test_views import world  # noqa: F401  (fixture)


def _post(client, world, **data):  # noqa: F811
    return client.post(f"/resultaten/{world['survey']}/downloaden", data=data)


def test_board_downloads_labelled_answers_and_tables_audited(app, world, login, tmp_path):  # noqa: F811
    client = login(Role.BESTUUR)
    page = client.get(f"/resultaten/{world['survey']}/downloaden")
    assert page.status_code == 200 and "SPSS" in page.get_data(as_text=True)
    survey_page = client.get(f"/resultaten/{world['survey']}").get_data(as_text=True)
    assert "/downloaden" in survey_page
    xlsx = _post(client, world, kind="antwoorden", format="xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    rows = list(book.worksheets[0].values)
    assert len(rows) == 1 + 40  # Wageningen's 3 responses are a group below 10: left out
    sav = _post(client, world, kind="antwoorden", format="sav", gemeente=str(world["ede"]))
    path = tmp_path / "a.sav"
    path.write_bytes(sav.data)
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 40 and meta.variable_value_labels
    tables = _post(client, world, kind="tabellen", format="csv")
    assert tables.status_code == 200 and tables.data.startswith("\ufeff".encode())
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="results.export").count() == 3


def test_reader_may_not_download_and_a_scoped_board_member_only_their_gemeente(
    app,
    world,  # noqa: F811
    login,
):
    reader = login(Role.LEZER)
    assert reader.get(f"/resultaten/{world['survey']}/downloaden").status_code == 403
    assert _post(reader, world, kind="antwoorden", format="csv").status_code == 403
    assert "/downloaden" not in reader.get(f"/resultaten/{world['survey']}").get_data(as_text=True)
    reader.post("/logout")
    with app.app_context():
        wag = db.session.get(Gemeente, world["wag"])
        board = login(Role.BESTUUR, gemeenten=[wag])
    other = _post(board, world, kind="antwoorden", format="csv", gemeente=str(world["ede"]))
    assert other.status_code == 403
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="results.export").count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "antwoorden", "format": "pdf"},
        {"kind": "tabellen", "format": "sav"},
        {"kind": "alles", "format": "csv"},
        {"kind": "antwoorden", "format": "csv", "gemeente": "12ab"},
        {},
    ],
)
def test_bad_download_requests_get_a_message(world, login, data):  # noqa: F811
    client = login(Role.BESTUUR)
    response = _post(client, world, **data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kies" in page

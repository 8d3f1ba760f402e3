"""The household pages: upload → columns → report, overview per gemeente, permissions."""

import io
import re

import pytest
from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.mapping import guess_mapping
from consult.households.models import Household, ImportMapping, MailingAddress
from consult.permissions import Role
from tests.consult.households.conftest import (
    HEADER,
    STREET,
    household_row,
    write_csv,
    write_mixed_csv,
    xlsx_bomb,
)


def csv_bytes(tmp_path, rows, **kwargs) -> bytes:
    return write_csv(tmp_path / "upload.csv", rows, **kwargs).read_bytes()


def upload(client, corporation_id, content: bytes, filename="export.csv"):
    return client.post(
        "/huishoudens/importeren",
        data={"corporation": str(corporation_id), "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def columns_url(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def as_form(mapping: dict[str, str], headers=HEADER, before: dict | None = None) -> dict:
    """POST data of the columns step: each column's field, and what the page showed before."""
    by_column = {column: key for key, column in mapping.items()}
    shown = {column: key for key, column in (mapping if before is None else before).items()}
    data = {}
    for i, header in enumerate(headers):
        data[f"kolom_{i}"] = by_column.get(header, "")
        data[f"was_{i}"] = shown.get(header, "")
    return data


def guessed(headers=HEADER, **extra) -> dict:
    return as_form({**guess_mapping(headers), **extra}, headers)


def selected(page: str, column: int, key: str) -> bool:
    """Whether the page shows the column's select set to the register field ``key``."""
    select = re.search(rf'<select[^>]*name="kolom_{column}".*?</select>', page, re.S)
    return bool(select and f'<option selected value="{key}">' in select.group(0))


@pytest.fixture
def stored_files(app, tmp_path, monkeypatch):
    """An upload folder of the test's own; call the fixture for the files it holds."""
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    folder = tmp_path / "uploads" / "households"
    return lambda: sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_admin_imports_a_file_from_upload_to_report(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    rows = [household_row(n) for n in range(1, 21)] + [household_row(21, Gemeente="Uden")]
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, rows)))
    page = client.get(url).get_data(as_text=True)
    assert "Kolommen kiezen" in page and "export.csv" in page
    assert selected(page, HEADER.index("Gemeente"), "gemeente")
    assert selected(page, HEADER.index("Contractnummer"), "contract")
    response = client.post(url, data=guessed())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De huishoudens zijn geïmporteerd" in html
    assert count(app, Household) == 21 and count(app, MailingAddress) == 21
    assert "Maashorst" in html and "Bernheze" in html
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "households.import")
        )
        assert event.detail["created"] == 21 and event.actor_id is not None
    again = client.post(url, data=guessed())  # the upload is gone after the import
    assert again.status_code == 302 and again.headers["Location"].endswith(
        "/huishoudens/importeren"
    )


def test_report_lists_bad_lines_and_stores_nothing(
    app, login, gemeenten, corporation_id, tmp_path, stored_files
):
    client = login(Role.ADMIN)
    rows = [household_row(n) for n in range(1, 6)]
    rows[2] = household_row(3, Gemeente="Atlantis")
    rows[4] = household_row(5, Postcode="99999")
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, rows)))
    html = client.post(url, data=guessed()).get_data(as_text=True)
    assert "Er is niets geïmporteerd" in html
    assert "Atlantis" in html and "99999" in html
    assert re.search(r'<td class="num">4</td>\s*<td>Onbekende gemeente', html)
    assert count(app, Household) == 0
    assert "Het geüploade bestand is gewist" in html
    assert stored_files() == []  # the addresses are not kept for a day
    assert client.post(url, data=guessed()).status_code == 302  # gone: back to the upload


def test_formula_and_markup_in_cells_are_shown_escaped(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    rows = [household_row(1, Woonkern='=HYPERLINK("http://x")<script>alert(1)</script>')]
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, rows)))
    html = client.post(url, data=guessed()).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    with app.app_context():
        assert db.session.scalar(select(Household.kern)).startswith("=HYPERLINK(")


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"", "leeg.csv", "Het bestand is leeg"),
        (b"%PDF-1.4 binary", "brief.pdf", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "oud.xls", ".xlsx"),
        (b"\x00\x01\x02\x03" * 200, "data.bin", "geen tekstbestand"),
    ],
)
def test_unusable_uploads_get_a_dutch_message_on_the_form(
    app, login, corporation_id, content, filename, expected
):
    client = login(Role.ADMIN)
    response = upload(client, corporation_id, content, filename)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert expected in html and "error-message" in html


def test_upload_without_file_asks_for_one(login, corporation_id):
    client = login(Role.ADMIN)
    response = client.post("/huishoudens/importeren", data={"corporation": str(corporation_id)})
    assert "Kies het bestand met de huishoudens" in response.get_data(as_text=True)


def test_too_large_upload_gets_the_friendly_page(app, login, corporation_id):
    client = login(Role.ADMIN)
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    try:
        response = upload(client, corporation_id, b"Contract;Gemeente\r\n" + b"1;Oss\r\n" * 5000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_missing_required_column_is_shown_next_to_the_field(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, [household_row(1)])))
    mapping = guess_mapping(HEADER)
    del mapping["gemeente"]
    html = client.post(url, data=as_form(mapping)).get_data(as_text=True)
    assert "Er is een probleem" in html
    assert "Kies de kolom met de gemeente" in html
    assert count(app, Household) == 0


def test_new_corporation_can_be_typed_in(app, login, gemeenten, tmp_path):
    client = login(Role.ADMIN)
    response = client.post(
        "/huishoudens/importeren",
        data={
            "corporation": "0",
            "new_corporation": "Woonstichting De Kempen",
            "file": (io.BytesIO(csv_bytes(tmp_path, [household_row(1)])), "x.csv"),
        },
        content_type="multipart/form-data",
    )
    html = client.get(columns_url(response)).get_data(as_text=True)
    assert "Woonstichting De Kempen" in html


def test_saved_column_choice_is_filled_in_for_the_next_file(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    header = ["Huurcontract", "Gem.", "Dorp"]
    content = csv_bytes(tmp_path, [["1", "Oss", "Berghem"]], header=header)
    with app.app_context():
        db.session.add(Gemeente(name="Oss", cbs_code="GM0828"))
        db.session.commit()
    url = columns_url(upload(client, corporation_id, content))
    mapping = {"contract": "Huurcontract", "gemeente": "Gem.", "kern": "Dorp"}
    client.post(url, data={**as_form(mapping, header), "save_as": "Mooiland export"})
    with app.app_context():
        saved = db.session.scalar(select(ImportMapping))
        assert saved.name == "Mooiland export" and saved.columns == mapping
    url = columns_url(upload(client, corporation_id, content))
    page = client.get(url).get_data(as_text=True)
    assert "Mooiland export" in page
    assert selected(page, 1, "gemeente")


def test_someone_elses_upload_cannot_be_used(app, login, make_user, corporation_id, tmp_path):
    client = login(Role.ADMIN)
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, [household_row(1)])))
    client.post("/logout")
    login(Role.ADMIN)
    response = client.get(url)
    assert response.status_code == 302


@pytest.mark.parametrize("token", ["../../etc/passwd", "abc", "x" * 32])
def test_unknown_or_odd_tokens_go_back_to_upload(login, token):
    client = login(Role.ADMIN)
    response = client.get(f"/huishoudens/importeren/{token}")
    assert response.status_code in (302, 404)


def test_csrf_token_is_required_for_upload(app, login, corporation_id):
    client = login(Role.ADMIN)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = upload(client, corporation_id, b"Contract;Gemeente\r\n1;Oss\r\n")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.VRIJWILLIGER, Role.LEZER])
def test_volunteers_and_readers_cannot_see_or_import(login, role):
    client = login(role)
    for path in ("/huishoudens", "/huishoudens/importeren", "/huishoudens/adressen-wissen"):
        assert client.get(path).status_code == 403, path


def test_board_member_sees_households_but_cannot_import_or_purge(login, gemeenten):
    client = login(Role.BESTUUR)
    assert client.get("/huishoudens").status_code == 200
    assert client.get("/huishoudens/importeren").status_code == 403
    assert client.get("/huishoudens/adressen-wissen").status_code == 403


def test_scoped_board_member_sees_only_own_gemeente(app, login, gemeenten):
    with app.app_context():
        own = db.session.get(Gemeente, gemeenten["Bernheze"])
    client = login(Role.BESTUUR, [own])
    html = client.get("/huishoudens").get_data(as_text=True)
    assert "Bernheze" in html and "Maashorst" not in html and "Apeldoorn" not in html
    assert client.get(f"/huishoudens/gemeente/{gemeenten['Bernheze']}").status_code == 200
    assert client.get(f"/huishoudens/gemeente/{gemeenten['Maashorst']}").status_code == 403


def test_gemeente_page_counts_per_kern_age_band_and_type_without_addresses(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    rows = [household_row(n, Woonkern="Heesch" if n % 2 else "Nistelrode") for n in range(1, 11)]
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, rows)))
    client.post(url, data=guessed())
    html = client.get(f"/huishoudens/gemeente/{gemeenten['Bernheze']}").get_data(as_text=True)
    assert re.search(r"<td>Heesch</td><td class=\"num\">5</td>", html)
    assert re.search(r"<td>Nistelrode</td><td class=\"num\">5</td>", html)
    assert "75 jaar en ouder" in html and "Alleenstaand" in html
    assert "Lindelaan" not in html and "Jansen" not in html and "5311" not in html


def test_old_uploads_are_removed_after_a_day(app, login, corporation_id, tmp_path):
    import os
    import time
    from pathlib import Path

    from consult.households.uploads import remove_old_uploads

    client = login(Role.ADMIN)
    content = csv_bytes(tmp_path, [household_row(1)])
    urls = [columns_url(upload(client, corporation_id, content)) for _ in range(2)]
    folder = Path(app.config["UPLOAD_FOLDER"]) / "households"
    stored = [folder / f"{url.rsplit('/', 1)[1]}.upload" for url in urls]
    day_ago = time.time() - 25 * 3600
    for path in stored:
        for file in (path, path.with_suffix(".json")):
            os.utime(file, (day_ago, day_ago))
    assert client.get(urls[0]).status_code == 302  # expired: back to the upload page
    assert not stored[0].exists() and stored[1].exists()
    assert remove_old_uploads(app.config["UPLOAD_FOLDER"]) == 1
    assert not stored[1].exists() and not stored[1].with_suffix(".json").exists()


def test_upload_keeps_no_trace_of_the_clients_file_name(app, login, corporation_id, tmp_path):
    from pathlib import Path

    client = login(Role.ADMIN)
    content = csv_bytes(tmp_path, [household_row(1)])
    url = columns_url(upload(client, corporation_id, content, filename="../../evil<b>.csv"))
    folder = Path(app.config["UPLOAD_FOLDER"]) / "households"
    assert all(".." not in p.name and "evil" not in p.name for p in folder.iterdir())
    page = client.get(url).get_data(as_text=True)
    assert "evil&lt;b&gt;.csv" in page and "<b>" not in page


def test_blank_mapping_name_does_not_spoil_the_import(
    app, login, gemeenten, corporation_id, tmp_path
):
    client = login(Role.ADMIN)
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, [household_row(1)])))
    html = client.post(url, data={**guessed(), "save_as": "   "}).get_data(as_text=True)
    assert "De huishoudens zijn geïmporteerd" in html
    assert count(app, Household) == 1 and count(app, ImportMapping) == 0


def test_a_saved_column_choice_can_be_picked_by_hand(
    app, login, gemeenten, corporation_id, tmp_path
):
    with app.app_context():
        db.session.add(ImportMapping(name="Oud", columns={"gemeente": "Woonplaats"}))
        db.session.commit()
        mapping_id = db.session.scalar(select(ImportMapping.id))
    client = login(Role.ADMIN)
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, [household_row(1)])))
    guessed_page = client.get(url).get_data(as_text=True)
    assert selected(guessed_page, HEADER.index("Gemeente"), "gemeente")
    page = client.get(f"{url}?opgeslagen={mapping_id}").get_data(as_text=True)
    assert "De opgeslagen kolomkeuze 'Oud' is ingevuld" in page
    assert selected(page, HEADER.index("Woonplaats"), "gemeente")


def test_cancel_deletes_the_uploaded_file_at_once(
    app, login, corporation_id, tmp_path, stored_files
):
    client = login(Role.ADMIN)
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, [household_row(1)])))
    page = client.get(url).get_data(as_text=True)
    assert "Stoppen en het bestand wissen" in page and len(stored_files()) == 2
    response = client.post(url + "/annuleren", follow_redirects=True)
    assert "Het importeren is gestopt en het bestand is gewist." in response.get_data(as_text=True)
    assert stored_files() == []


def test_import_that_cannot_start_deletes_the_uploaded_file(
    app, login, gemeenten, corporation_id, tmp_path, stored_files
):
    client = login(Role.ADMIN)
    url = columns_url(upload(client, corporation_id, csv_bytes(tmp_path, [])))  # names only
    response = client.post(url, data=guessed(), follow_redirects=True)
    assert "geen huishoudens" in response.get_data(as_text=True)
    assert stored_files() == []


def xlsx_bytes(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Huurders"
    for row in [header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_upload_goes_from_upload_through_columns_to_report(
    app, login, gemeenten, corporation_id, stored_files
):
    client = login(Role.ADMIN)
    content = xlsx_bytes([household_row(n) for n in range(1, 4)])
    url = columns_url(upload(client, corporation_id, content, filename="export.xlsx"))
    page = client.get(url).get_data(as_text=True)
    assert "Kolommen kiezen" in page and "XLSX" in page and "blad Huurders" in page
    html = client.post(url, data=guessed()).get_data(as_text=True)
    assert "De huishoudens zijn geïmporteerd" in html
    assert count(app, Household) == 3 and stored_files() == []


def test_xlsx_bomb_upload_is_refused_before_reading_and_not_kept(
    app, login, corporation_id, tmp_path, stored_files
):
    client = login(Role.ADMIN)
    content = xlsx_bomb(tmp_path / "bom.xlsx", "xl/sharedStrings.xml", 60).read_bytes()
    assert len(content) < 1024 * 1024
    html = upload(client, corporation_id, content, filename="bom.xlsx").get_data(as_text=True)
    assert "keer zo groot wordt" in html and "niet gelezen" in html
    assert stored_files() == []


def test_mostly_utf8_file_shows_its_letters_and_bad_line_before_the_import(
    app, login, gemeenten, corporation_id, tmp_path, stored_files
):
    client = login(Role.ADMIN)
    content = write_mixed_csv(tmp_path / "mixed.csv", rows=5, bad_line=4).read_bytes()
    url = columns_url(upload(client, corporation_id, content))
    page = client.get(url).get_data(as_text=True)
    assert "CSV, UTF-8, puntkomma" in page
    assert STREET in page and "ÅœtraÃŸe" not in page
    assert "1 regel klopt niet in deze tekenset en wordt geweigerd:" in page
    assert re.search(r"wordt geweigerd:\s*4</p>", page)
    html = client.post(url, data=guessed()).get_data(as_text=True)
    assert "Er is niets geïmporteerd" in html
    assert re.search(
        r'<td class="num">4</td>\s*<td>Deze regel bevat tekens die geen geldige UTF-8', html
    )
    assert count(app, Household) == 0

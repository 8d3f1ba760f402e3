"""Gemeenten and corporation pages: overview, detail, forms, upload and download."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.permissions import Role
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


def _setup(app):
    """Two gemeenten, one without a local tenants' organisation, and three households."""
    with app.app_context():
        mooiland = CorporationFactory(name="Mooiland")
        bernheze = GemeenteFactory(
            name="Bernheze",
            cbs_code="GM1721",
            huurdersorganisatie="Huurdersvereniging Bernheze",
            rental_homes=2300,
            corporations=[mooiland],
        )
        ede = GemeenteFactory(
            name="Ede", cbs_code="GM0228", werkgebied=Werkgebied.AAN, rental_homes=None
        )
        for kern in ("Heesch", "Heesch", "Nistelrode"):
            HouseholdFactory(gemeente=bernheze, corporation=mooiland, kern=kern)
        HouseholdFactory(gemeente=bernheze, corporation=mooiland, kern="Heesch", active=False)
        db.session.commit()
        return {"bernheze": bernheze.id, "ede": ede.id, "mooiland": mooiland.id}


def _gemeente(app, gemeente_id) -> Gemeente:
    with app.app_context():
        gemeente = db.session.get(Gemeente, gemeente_id)
        gemeente.corporations  # noqa: B018  (load before leaving the session)
        db.session.expunge(gemeente)
        return gemeente


def _row(html: str, name: str) -> str:
    return re.search(r">" + name + r"</a></td>.*?</tr>", html, re.S).group(0)


def test_overview_shows_the_key_facts_of_every_gemeente(app, login):
    _setup(app)
    html = login(Role.LEZER).get("/gemeenten").get_data(as_text=True)
    bernheze = _row(html, "Bernheze")
    for text in (
        "GM1721",
        "kernwerkgebied",
        "Huurdersvereniging Bernheze",
        "2.300",
        "Mooiland",
        ">3<",
    ):
        assert text in bernheze, text
    ede = _row(html, "Ede")
    assert "geen — vertegenwoordigd door de koepel" in ede and "AAN-gebied" in ede
    assert "Gemeente toevoegen" not in html  # a reader cannot change gemeenten


def test_detail_page_counts_active_households_per_kern(app, login):
    ids = _setup(app)
    html = login(Role.BESTUUR).get(f"/gemeenten/{ids['bernheze']}").get_data(as_text=True)
    assert re.search(r"Heesch</td><td class=\"num\">2<", html)
    assert re.search(r"Nistelrode</td><td class=\"num\">1<", html)
    assert "0 % van de huurwoningen" in html or "0% van de huurwoningen" in html


def test_unknown_gemeente_gives_404(login):
    assert login(Role.ADMIN).get("/gemeenten/999999").status_code == 404


def test_admin_adds_a_gemeente_with_a_short_cbs_code(app, login):
    ids = _setup(app)
    response = login(Role.ADMIN).post(
        "/gemeenten/nieuw",
        data={
            "name": " Gennep ",
            "cbs_code": "907",
            "werkgebied": "kern",
            "huurdersorganisatie": "Huurdersbelang Gennep",
            "rental_homes": "1.800",
            "former_names": "Ottersum\r\n\r\nottersum\nHeijen",
            "corporations": [str(ids["mooiland"])],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        gennep = db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == "GM0907"))
        assert (gennep.name, gennep.rental_homes) == ("Gennep", 1800)
        assert gennep.former_name_list == ["Ottersum", "Heijen"]
        assert [c.name for c in gennep.corporations] == ["Mooiland"]
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "gemeente.create"))
    assert response.headers["Location"] == f"/gemeenten/{gennep.id}"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cbs_code": "GM12345"}, "GM met 4 cijfers"),
        ({"cbs_code": "AB0123"}, "GM met 4 cijfers"),
        ({"cbs_code": "1721"}, "CBS-code GM1721 hoort al bij Bernheze."),
        ({"name": "bernheze"}, "al in gebruik bij gemeente GM1721"),
        ({"former_names": "Bernheze"}, "al in gebruik bij gemeente GM1721"),
        ({"rental_homes": "-5"}, "heel getal van 0 of meer"),
        ({"rental_homes": "veel"}, "heel getal van 0 of meer"),
        ({"werkgebied": "zee"}, "Ongeldige keuze"),
        ({"name": ""}, "Vul de naam in."),
        ({"corporations": ["999999"]}, "ongeldige keuze"),
    ],
)
def test_bad_gemeente_input_gets_a_message_and_stores_nothing(app, login, changes, message):
    _setup(app)
    data = {"name": "Gennep", "cbs_code": "GM0907", "werkgebied": "kern", **changes}
    response = login(Role.ADMIN).post("/gemeenten/nieuw", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Er is een probleem" in html and message in html
    with app.app_context():
        assert db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == "GM0907")) is None


def test_admin_edits_a_gemeente_and_its_corporations(app, login):
    ids = _setup(app)
    client = login(Role.ADMIN)
    form = client.get(f"/gemeenten/{ids['ede']}/bewerken").get_data(as_text=True)
    assert 'value="GM0228"' in form
    response = client.post(
        f"/gemeenten/{ids['ede']}/bewerken",
        data={
            "name": "Ede",
            "cbs_code": "GM0228",
            "werkgebied": "aan",
            "huurdersorganisatie": "Huurdersplatform Ede",
            "rental_homes": "800",
            "corporations": [str(ids["mooiland"])],
        },
    )
    assert response.status_code == 302
    ede = _gemeente(app, ids["ede"])
    assert ede.huurdersorganisatie == "Huurdersplatform Ede" and ede.rental_homes == 800
    assert [c.name for c in ede.corporations] == ["Mooiland"]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "gemeente.update"))
        assert event.detail["fields"] == ["huurdersorganisatie", "rental_homes", "corporations"]


def test_corporations_are_listed_added_and_edited(app, login):
    ids = _setup(app)
    client = login(Role.ADMIN)
    response = client.post(
        "/gemeenten/corporaties/nieuw",
        data={"name": "Woonstede", "gemeenten": [str(ids["ede"]), str(ids["bernheze"])]},
    )
    assert response.status_code == 302
    html = client.get("/gemeenten/corporaties").get_data(as_text=True)
    assert re.search(r"Woonstede</a></td>\s*<td>Bernheze, Ede</td>", html)
    duplicate = client.post("/gemeenten/corporaties/nieuw", data={"name": "MOOILAND"})
    assert "Er is al een corporatie met deze naam." in duplicate.get_data(as_text=True)
    client.post(f"/gemeenten/corporaties/{ids['mooiland']}", data={"name": "Mooiland Wonen"})
    with app.app_context():
        renamed = db.session.get(Corporation, ids["mooiland"])
        assert renamed.name == "Mooiland Wonen" and renamed.gemeenten == []
        assert db.session.scalar(select(Corporation).where(Corporation.name == "MOOILAND")) is None


def test_upload_imports_a_csv_file(app, login):
    _setup(app)
    content = b"naam;cbs_code;werkgebied\nGennep;GM0907;kern\nEde;GM0228;AAN\n"
    response = login(Role.ADMIN).post(
        "/gemeenten/importeren",
        data={"file": (io.BytesIO(content), "gemeenten.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Import klaar: 1 gemeente toegevoegd, 0 gewijzigd, 1 ongewijzigd." in html
    with app.app_context():
        assert db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == "GM0907"))


def test_upload_with_errors_lists_lines_and_imports_nothing(app, login):
    _setup(app)
    content = b"naam;cbs_code\nGennep;GM0907\nFout;GM99999\n"
    response = login(Role.ADMIN).post(
        "/gemeenten/importeren",
        data={"file": (io.BytesIO(content), "gemeenten.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Er is niets geïmporteerd" in html and "Regel 3:" in html
    with app.app_context():
        assert db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == "GM0907")) is None


def test_upload_without_a_file_asks_for_one(login):
    response = login(Role.ADMIN).post("/gemeenten/importeren", data={})
    assert "Kies een CSV-bestand." in response.get_data(as_text=True)


def test_download_can_be_imported_again_without_changes(app, login):
    _setup(app)
    client = login(Role.ADMIN)
    response = client.get("/gemeenten/export.csv")
    assert response.mimetype == "text/csv"
    content = response.data
    assert content.startswith("\ufeff".encode()) and b"Bernheze;GM1721;kern" in content
    again = client.post(
        "/gemeenten/importeren",
        data={"file": (io.BytesIO(content), "gemeenten.csv")},
        content_type="multipart/form-data",
    )
    assert "0 gemeenten toegevoegd, 0 gewijzigd, 2 ongewijzigd" in again.get_data(as_text=True)


def test_download_neutralises_text_that_a_spreadsheet_would_run(app, login):
    ids = _setup(app)
    with app.app_context():
        gemeente = db.session.get(Gemeente, ids["bernheze"])
        gemeente.huurdersorganisatie = '=HYPERLINK("http://evil.example","HV")'
        db.session.commit()
    client = login(Role.ADMIN)
    text = client.get("/gemeenten/export.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][:5] == [
        "Bernheze",
        "GM1721",
        "kern",
        '\'=HYPERLINK("http://evil.example","HV")',
        "2300",
    ]

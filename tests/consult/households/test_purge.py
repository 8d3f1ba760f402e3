"""Deleting mailing addresses after fieldwork, with a confirmation step; households stay."""

from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.households.models import Household, MailingAddress
from consult.permissions import Role
from tests.consult.households.conftest import household_row, write_csv


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def imported(app, tmp_path):
    rows = [household_row(1), household_row(2), household_row(3, Gemeente="Uden")]
    path = write_csv(tmp_path / "a.csv", rows)
    result = app.test_cli_runner().invoke(
        args=["households", "import", str(path), "--corporation", "Mooiland"]
    )
    assert result.exit_code == 0, result.output


def test_purge_of_one_gemeente_asks_for_confirmation_first(
    app, login, gemeenten, corporation_id, tmp_path
):
    imported(app, tmp_path)
    client = login(Role.ADMIN)
    page = client.get("/huishoudens/adressen-wissen").get_data(as_text=True)
    assert "Opgeslagen postadressen: 3" in page and "Maashorst (1)" in page
    maashorst = gemeenten["Maashorst"]
    confirm = client.get(f"/huishoudens/adressen-wissen?gemeente={maashorst}")
    html = confirm.get_data(as_text=True)
    assert "postadressen in Maashorst verwijderen. Aantal: 1" in html
    assert count(app, MailingAddress) == 3
    refused = client.post("/huishoudens/adressen-wissen", data={"gemeente": str(maashorst)})
    assert "Vink het vakje aan" in refused.get_data(as_text=True)
    assert count(app, MailingAddress) == 3
    done = client.post(
        "/huishoudens/adressen-wissen", data={"gemeente": str(maashorst), "confirm": "y"}
    )
    assert done.status_code == 302
    assert count(app, MailingAddress) == 2 and count(app, Household) == 3
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "households.addresses_purged")
        )
        assert event.detail["addresses"] == 1 and event.detail["gemeente"] == "Maashorst"
        assert event.actor_id is not None


def test_purge_of_all_addresses(app, login, gemeenten, corporation_id, tmp_path):
    imported(app, tmp_path)
    client = login(Role.ADMIN)
    html = client.get("/huishoudens/adressen-wissen?gemeente=all").get_data(as_text=True)
    assert "alle postadressen verwijderen, in elke gemeente. Aantal: 3" in html
    response = client.post("/huishoudens/adressen-wissen", data={"gemeente": "all", "confirm": "y"})
    assert response.status_code == 302
    assert "Postadressen verwijderd: 3" in client.get("/huishoudens").get_data(as_text=True)
    assert count(app, MailingAddress) == 0 and count(app, Household) == 3


def test_purge_with_odd_gemeente_is_not_found(login):
    client = login(Role.ADMIN)
    assert client.get("/huishoudens/adressen-wissen?gemeente=abc").status_code == 404
    assert client.get("/huishoudens/adressen-wissen?gemeente=99999").status_code == 404
    response = client.post("/huishoudens/adressen-wissen", data={"gemeente": "x", "confirm": "y"})
    assert response.status_code == 404


def test_board_member_cannot_purge(login, gemeenten):
    client = login(Role.BESTUUR)
    response = client.post("/huishoudens/adressen-wissen", data={"gemeente": "all", "confirm": "y"})
    assert response.status_code == 403

"""The audit log page: order, pages of 50, filters, Dutch labels and Amsterdam times."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.permissions import Role
from tests.factories import GemeenteFactory, UserFactory

START = datetime(2027, 1, 15, 12, 0, tzinfo=UTC)


def _events(app, count, action="gemeente.update", actor=None, target=None, start=START):
    """Add events one minute apart and return the id of the actor, if any."""
    with app.app_context():
        db.session.execute(delete(AuditEvent))  # signing in recorded events; start clean
        for i in range(count):
            db.session.add(
                AuditEvent(
                    at=start + timedelta(minutes=i),
                    action=action,
                    actor_id=actor,
                    target_type=type(target).__name__ if target else None,
                    target_id=target.id if target else None,
                    detail={"fields": ["name"], "index": i},
                )
            )
        db.session.commit()


def _rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []


def test_newest_first_fifty_per_page_with_filters_kept_on_other_pages(app, login):
    client = login(Role.ADMIN)
    _events(app, 120)
    first = client.get("/beheer/logboek?action=gemeente.update").get_data(as_text=True)
    rows = _rows(first)
    assert len(rows) == 50
    assert "index: 119" in rows[0] and "index: 70" in rows[-1]
    assert "Pagina 1 van 3" in first
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "action=gemeente.update" in next_link
    last = client.get(next_link.replace("page=2", "page=3")).get_data(as_text=True)
    assert len(_rows(last)) == 20 and "index: 0" in _rows(last)[-1]


def test_times_are_shown_in_amsterdam_time_in_dutch(app, login):
    client = login(Role.ADMIN)
    _events(app, 1, start=datetime(2027, 1, 15, 12, 0, tzinfo=UTC))
    winter = client.get("/beheer/logboek").get_data(as_text=True)
    assert "15 jan 2027, 13:00:00" in winter
    _events(app, 1, start=datetime(2027, 7, 1, 12, 0, tzinfo=UTC))
    summer = client.get("/beheer/logboek").get_data(as_text=True)
    assert "1 jul 2027, 14:00:00" in summer


def test_actions_and_details_have_dutch_labels(app, login):
    client = login(Role.ADMIN)
    with app.app_context():
        gemeente = GemeenteFactory(name="Renkum")
        db.session.commit()
        db.session.refresh(gemeente)
        db.session.expunge(gemeente)
    _events(app, 1, target=gemeente)
    html = client.get("/beheer/logboek").get_data(as_text=True)
    (row,) = _rows(html)
    assert "Gemeente gewijzigd" in row and "Renkum" in row and "gewijzigd: naam" in row
    assert '<option value="user.deactivate">Gebruiker uitgezet</option>' in html


def test_filter_by_person_shows_what_they_did_and_what_happened_to_their_account(app, login):
    client = login(Role.ADMIN)
    _events(app, 0)
    with app.app_context():
        anja, kees = UserFactory(name="Anja"), UserFactory(name="Kees")
        db.session.flush()
        anja_id, kees_id = anja.id, kees.id
        for actor, target, action in [
            (anja, kees, "user.update"),
            (kees, kees, "logout"),
            (None, anja, "login.failure"),
            (None, None, "gemeente.import"),
        ]:
            db.session.add(
                AuditEvent(
                    action=action,
                    actor_id=actor.id if actor else None,
                    target_type="User" if target else None,
                    target_id=target.id if target else None,
                )
            )
        db.session.commit()
    kees_rows = _rows(client.get(f"/beheer/logboek?user={kees_id}").get_data(as_text=True))
    assert len(kees_rows) == 2
    anja_rows = _rows(client.get(f"/beheer/logboek?user={anja_id}").get_data(as_text=True))
    assert len(anja_rows) == 2 and any("Inloggen mislukt" in r for r in anja_rows)
    system = _rows(client.get("/beheer/logboek?user=systeem").get_data(as_text=True))
    assert len(system) == 2
    only_logout = _rows(client.get("/beheer/logboek?action=logout").get_data(as_text=True))
    assert len(only_logout) == 1 and "Uitgelogd" in only_logout[0]


@pytest.mark.parametrize(
    "query", ["page=abc", "page=-3", "page=0", "page=9999", "user=<script>", "action=" + "x" * 500]
)
def test_odd_query_values_never_break_the_page(app, login, query):
    client = login(Role.ADMIN)
    _events(app, 3)
    response = client.get("/beheer/logboek?" + query)
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


def test_only_administrators_see_the_audit_log(login):
    assert login(Role.BESTUUR).get("/beheer/logboek").status_code == 403


def test_actions_of_other_packages_and_unknown_ones_stay_readable(app, login):
    client = login(Role.ADMIN)
    _events(app, 0)
    with app.app_context():
        for action, target_type in [
            ("households.import", None),
            ("survey.status_changed", "Survey"),
            ("something.new", "Widget"),
        ]:
            db.session.add(AuditEvent(action=action, target_type=target_type, target_id=7))
        db.session.commit()
    rows = _rows(client.get("/beheer/logboek").get_data(as_text=True))
    text = " ".join(" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows)
    assert "Huishoudens geïmporteerd" in text
    assert "Status van de vragenlijst gewijzigd Vragenlijst 7" in text
    assert "something.new Widget 7" in text

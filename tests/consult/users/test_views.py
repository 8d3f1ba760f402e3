"""User administration pages: list, add, change, deactivate and new passwords."""

import re

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.permissions import Role
from consult.users.models import User
from tests.factories import PASSWORD, GemeenteFactory, UserFactory

NEW_PASSWORD = "a temporary password"


def _find(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            user.gemeenten  # noqa: B018  (load the scope before leaving the session)
            db.session.expunge(user)
        return user


def _events(app, action) -> list[AuditEvent]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
        for event in events:
            db.session.expunge(event)
        return events


def _gemeenten(app, *names):
    with app.app_context():
        items = [GemeenteFactory(name=name) for name in names]
        db.session.commit()
        for item in items:
            db.session.refresh(item)
            db.session.expunge(item)
        return items


def _row(html: str, name: str) -> str:
    """The table row of the user with this name."""
    return re.search(
        r'<td><a href="/beheer/gebruikers/\d+">' + name + r"</a>.*?</tr>", html, re.S
    ).group(0)


def _new_user(app, role=Role.BESTUUR, **kwargs) -> User:
    with app.app_context():
        user = UserFactory(role=role.value, **kwargs)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def test_list_shows_role_scope_status_and_last_sign_in_in_dutch(app, login):
    bernheze, oss = _gemeenten(app, "Bernheze", "Oss")
    _new_user(app, Role.BESTUUR, name="Marij Scoped", gemeenten=[bernheze, oss])
    _new_user(app, Role.VRIJWILLIGER, name="Kees Uit", active=False)
    client = login(Role.ADMIN, name="Anja Beheer")
    html = client.get("/beheer/gebruikers").get_data(as_text=True)
    row = _row(html, "Marij Scoped")
    assert "Bestuurslid" in row and "Bernheze, Oss" in row and "nooit" in row
    assert "uitgezet" in _row(html, "Kees Uit")
    own = _row(html, "Anja Beheer")
    assert "Beheerder" in own and "alle" in own
    assert re.search(r"\d{2}-\d{2}-\d{4}, \d{2}:\d{2}", own)  # Dutch date of this sign-in


def test_form_explains_every_role_in_dutch(login):
    html = login(Role.ADMIN).get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    for label in ("Beheerder", "Bestuurslid", "Vrijwilliger", "Lezer"):
        assert label in html
    assert "Voert teruggestuurde papieren formulieren in en codeert open antwoorden." in html


def test_admin_adds_user_with_an_initial_password_and_scope(app, login):
    (bernheze,) = _gemeenten(app, "Bernheze")
    client = login(Role.ADMIN)
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={
            "name": "  Piet  Jansen ",
            "email": " Piet.Jansen@Example.ORG ",
            "role": "bestuur",
            "gemeenten": [str(bernheze.id)],
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = _find(app, "piet.jansen@example.org")
    assert user.name == "Piet Jansen" and user.role == "bestuur"
    assert [g.name for g in user.gemeenten] == ["Bernheze"]
    assert user.must_change_password and user.check_password(NEW_PASSWORD)
    (event,) = _events(app, "user.create")
    assert event.target_id == user.id and event.detail["gemeenten"] == ["Bernheze"]
    assert NEW_PASSWORD not in str(event.detail)


def test_generated_password_is_shown_once_and_works_for_first_sign_in(app, login):
    client = login(Role.ADMIN)
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={"name": "Vera", "email": "vera@example.org", "role": "vrijwilliger"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    password = re.search(r"<code[^>]*>([^<]+)</code>", html).group(1)
    assert len(password) >= 12 and "alleen nu" in html
    assert password not in str([e.detail for e in _events(app, "user.create")])
    assert password not in client.get("/beheer/gebruikers").get_data(as_text=True)
    other = app.test_client()
    assert (
        other.post("/login", data={"email": "vera@example.org", "password": password}).status_code
        == 302
    )
    assert other.get("/overzicht").headers["Location"] == "/account/password"


def test_new_user_must_choose_own_password_before_anything_else(app, client, login):
    login(Role.ADMIN).post(
        "/beheer/gebruikers/nieuw",
        data={"name": "Ria", "email": "ria@example.org", "role": "lezer", "password": NEW_PASSWORD},
    )
    user_client = app.test_client()
    response = user_client.post(
        "/login", data={"email": "ria@example.org", "password": NEW_PASSWORD}
    )
    assert response.headers["Location"] == "/account/password"
    page = user_client.get("/account/password").get_data(as_text=True)
    assert "tijdelijk wachtwoord" in page
    assert user_client.get("/gemeenten").status_code == 302
    own = "my very own password"
    user_client.post("/account/password", data={"current": NEW_PASSWORD, "new": own, "repeat": own})
    assert user_client.get("/gemeenten").status_code == 200
    assert not _find(app, "ria@example.org").must_change_password


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "geen-adres"}, "Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        ({"email": "a@b"}, "Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        ({"name": "   "}, "Vul de naam van de persoon in."),
        ({"role": "superuser"}, "Ongeldige keuze."),
        ({"role": ""}, "Kies een van de rollen."),
        ({"password": "short"}, "minstens 12 tekens"),
        ({"gemeenten": ["99999"]}, "is een ongeldige keuze"),
    ],
)
def test_bad_input_for_a_new_user_gets_a_message_and_creates_nothing(app, login, form, message):
    client = login(Role.ADMIN)
    data = {"name": "Nieuw", "email": "nieuw@example.org", "role": "lezer", **form}
    response = client.post("/beheer/gebruikers/nieuw", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Er is een probleem" in html
    assert message.lower() in html.lower()
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "Nieuw")) is None


def test_email_address_must_be_unique_regardless_of_capitals(app, login):
    _new_user(app, email="bestaand@example.org")
    client = login(Role.ADMIN)
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={"name": "Dubbel", "email": "BESTAAND@example.org", "role": "lezer"},
    )
    assert "Er is al een gebruiker met dit e-mailadres." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.name == "Dubbel")) is None


def test_administrator_never_carries_a_gemeente_scope(app, login):
    (oss,) = _gemeenten(app, "Oss")
    login(Role.ADMIN).post(
        "/beheer/gebruikers/nieuw",
        data={
            "name": "Tweede Beheer",
            "email": "beheer2@example.org",
            "role": "admin",
            "gemeenten": [str(oss.id)],
            "password": NEW_PASSWORD,
        },
    )
    assert _find(app, "beheer2@example.org").gemeenten == []


def test_admin_changes_name_email_role_and_scope(app, login):
    (gennep,) = _gemeenten(app, "Gennep")
    user = _new_user(app, Role.LEZER, name="Oud", email="oud@example.org")
    client = login(Role.ADMIN)
    form = client.get(f"/beheer/gebruikers/{user.id}").get_data(as_text=True)
    assert 'value="oud@example.org"' in form
    response = client.post(
        f"/beheer/gebruikers/{user.id}",
        data={
            "name": "Nieuw",
            "email": "Nieuw@Example.org",
            "role": "bestuur",
            "gemeenten": [str(gennep.id)],
        },
    )
    assert response.status_code == 302
    changed = _find(app, "nieuw@example.org")
    assert (changed.name, changed.role) == ("Nieuw", "bestuur")
    assert [g.name for g in changed.gemeenten] == ["Gennep"]
    (event,) = _events(app, "user.update")
    assert event.detail["fields"] == ["name", "email", "role", "gemeenten"]
    assert event.detail["role"] == ["lezer", "bestuur"]


def test_saving_without_changes_records_nothing(app, login):
    user = _new_user(app, Role.LEZER, name="Zelfde", email="zelfde@example.org")
    client = login(Role.ADMIN)
    data = {"name": "Zelfde", "email": "zelfde@example.org", "role": "lezer"}
    assert client.post(f"/beheer/gebruikers/{user.id}", data=data).status_code == 302
    assert _events(app, "user.update") == []


def test_admin_cannot_demote_or_deactivate_themselves(app, client, make_user):
    email = make_user(Role.ADMIN, name="Ik Beheer")
    client.post("/login", data={"email": email, "password": PASSWORD})
    me = _find(app, email)
    response = client.post(
        f"/beheer/gebruikers/{me.id}", data={"name": "Ik Beheer", "email": email, "role": "lezer"}
    )
    assert "U kunt uw eigen rol als beheerder niet afnemen." in response.get_data(as_text=True)
    response = client.post(f"/beheer/gebruikers/{me.id}/deactiveren", follow_redirects=True)
    assert "U kunt uw eigen account niet uitzetten." in response.get_data(as_text=True)
    me = _find(app, email)
    assert me.role == "admin" and me.active


def test_deactivated_user_cannot_sign_in_until_reactivated(app, login):
    user = _new_user(app, Role.BESTUUR, email="tijdelijk@example.org")
    their_client = app.test_client()
    their_client.post("/login", data={"email": user.email, "password": PASSWORD})
    admin = login(Role.ADMIN)
    assert admin.post(f"/beheer/gebruikers/{user.id}/deactiveren").status_code == 302
    assert their_client.get("/overzicht").status_code == 302
    again = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert again.status_code == 200
    assert admin.post(f"/beheer/gebruikers/{user.id}/heractiveren").status_code == 302
    assert (
        app.test_client()
        .post("/login", data={"email": user.email, "password": PASSWORD})
        .status_code
        == 302
    )
    assert [len(_events(app, a)) for a in ("user.deactivate", "user.reactivate")] == [1, 1]


def test_password_reset_ends_sessions_lifts_lock_and_forces_a_new_choice(app, login):
    user = _new_user(app, Role.BESTUUR, email="vergeten@example.org")
    their_client = app.test_client()
    their_client.post("/login", data={"email": user.email, "password": PASSWORD})
    with app.app_context():
        stored = db.session.get(User, user.id)
        stored.failed_logins = 3
        db.session.commit()
    admin = login(Role.ADMIN)
    assert "overal uitgelogd" in admin.get(f"/beheer/gebruikers/{user.id}/wachtwoord").get_data(
        as_text=True
    )
    response = admin.post(
        f"/beheer/gebruikers/{user.id}/wachtwoord", data={"password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert their_client.get("/overzicht").status_code == 302
    changed = _find(app, user.email)
    assert changed.check_password(NEW_PASSWORD) and changed.must_change_password
    assert changed.failed_logins == 0 and changed.locked_until is None
    (event,) = _events(app, "user.password_reset")
    assert NEW_PASSWORD not in str(event.detail)


def test_password_reset_can_generate_a_password(app, login):
    user = _new_user(app, Role.LEZER)
    response = login(Role.ADMIN).post(f"/beheer/gebruikers/{user.id}/wachtwoord", data={})
    password = re.search(r"<code[^>]*>([^<]+)</code>", response.get_data(as_text=True)).group(1)
    assert _find(app, user.email).check_password(password)


def test_own_password_is_changed_on_the_account_page_not_reset(app, client, make_user):
    email = make_user(Role.ADMIN)
    client.post("/login", data={"email": email, "password": PASSWORD})
    me = _find(app, email)
    response = client.post(
        f"/beheer/gebruikers/{me.id}/wachtwoord", data={"password": NEW_PASSWORD}
    )
    assert response.headers["Location"] == "/account/password"
    assert _find(app, email).check_password(PASSWORD)


def test_unknown_user_gives_404(login):
    assert login(Role.ADMIN).get("/beheer/gebruikers/999999").status_code == 404


def test_admin_lifts_a_sign_in_lock_and_the_owner_signs_in_at_once(app, make_user, login):
    email = make_user(Role.BESTUUR)
    locked_out = app.test_client()
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        locked_out.post("/login", data={"email": email, "password": "wrong password here"})
    assert locked_out.post("/login", data={"email": email, "password": PASSWORD}).status_code == 200
    user_id = _find(app, email).id
    admin = login(Role.ADMIN)
    assert "vergrendeld" in admin.get("/beheer/gebruikers").get_data(as_text=True)
    page = admin.get(f"/beheer/gebruikers/{user_id}").get_data(as_text=True)
    assert f"/beheer/gebruikers/{user_id}/ontgrendelen" in page
    assert admin.post(f"/beheer/gebruikers/{user_id}/ontgrendelen").status_code == 302
    assert locked_out.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    (event,) = _events(app, "user.unlock")
    assert event.target_id == user_id and event.actor_id is not None
    assert "ontgrendelen" not in admin.get(f"/beheer/gebruikers/{user_id}").get_data(as_text=True)


def test_only_administrators_can_lift_a_sign_in_lock(app, make_user, login):
    user_id = _find(app, make_user(Role.LEZER)).id
    board = login(Role.BESTUUR)
    assert board.post(f"/beheer/gebruikers/{user_id}/ontgrendelen").status_code == 403
    assert _events(app, "user.unlock") == []

"""Signing in under bad input: lockout, no user enumeration, rate limit, CSRF, roles and scope."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.permissions import Role
from consult.users.models import User
from tests.factories import PASSWORD, GemeenteFactory

WRONG = "not the password at all"


def _post_login(client, email, password=PASSWORD, next_url=None, address="127.0.0.1"):
    path = "/login" if next_url is None else "/login?next=" + next_url
    return client.post(
        path, data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def _user(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _error_message(response) -> str:
    html = response.get_data(as_text=True)
    found = re.findall(r'<p class="error-message"[^>]*>(.*?)</p>', html, re.S)
    assert found, html[:2000]
    return " ".join(" ".join(found).split())


def _csrf_token(client, path) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_five_wrong_passwords_lock_the_account_and_refuse_even_the_right_one(
    app, client, make_user
):
    email = make_user(Role.BESTUUR)
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        assert _post_login(client, email, WRONG).status_code == 200
    response = _post_login(client, email)
    assert response.status_code == 200  # the form again, not a redirect into the site
    assert client.get("/overzicht").status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "login.locked" in actions and "login.refused_locked" in actions


def test_four_wrong_passwords_do_not_lock_the_account(app, client, make_user):
    email = make_user(Role.BESTUUR)
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        _post_login(client, email, WRONG)
    assert _post_login(client, email).status_code == 302


def test_the_right_password_works_again_after_the_lock_expires(app, client, make_user):
    email = make_user(Role.BESTUUR)
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        _post_login(client, email, WRONG)
    assert _post_login(client, email).status_code == 200
    with app.app_context():  # a quarter of an hour later
        for event in db.session.scalars(select(AuditEvent)):
            event.at -= timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"], seconds=1)
        db.session.commit()
    assert _post_login(client, email).status_code == 302
    assert client.get("/overzicht").status_code == 200


def test_sign_in_message_is_identical_for_every_kind_of_failure(app, client, make_user):
    wrong_password = make_user(Role.LEZER)
    locked = make_user(Role.LEZER)
    inactive = make_user(Role.LEZER, active=False)
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"]):
        _post_login(client, locked, WRONG)
    responses = [
        _post_login(client, "nobody@example.org", PASSWORD),
        _post_login(client, wrong_password, WRONG),
        _post_login(client, locked, PASSWORD),
        _post_login(client, inactive, PASSWORD),
    ]
    assert {r.status_code for r in responses} == {200}
    messages = {_error_message(r) for r in responses}
    assert len(messages) == 1, messages
    assert "wachtwoord" in messages.pop()


def test_email_address_is_matched_without_regard_to_capitals(client, make_user):
    email = make_user(Role.LEZER)
    assert _post_login(client, "  " + email.upper() + " ").status_code == 302


def test_too_many_sign_in_attempts_from_one_address_get_a_dutch_429(app, client, make_user):
    email = make_user(Role.LEZER)
    original = app.config["LOGIN_RATE_LIMIT"]
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [_post_login(client, email, WRONG).status_code for _attempt in range(3)]
        blocked = _post_login(client, email)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = original
    assert codes == [200, 200, 200]
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert "Te veel pogingen" in html and '<html lang="nl">' in html
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_login_without_csrf_token_is_refused_with_a_friendly_400(client, make_user, csrf_enabled):
    email = make_user(Role.LEZER)
    response = _post_login(client, email)
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
    assert client.get("/overzicht").status_code == 302


def test_password_change_without_csrf_token_changes_nothing(app, client, make_user, request):
    email = make_user(Role.LEZER)
    _post_login(client, email)
    request.getfixturevalue("csrf_enabled")
    new = "a brand new password"
    form = {"current": PASSWORD, "new": new, "repeat": new}
    response = client.post("/account/password", data=form)
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)).check_password(PASSWORD)
    # With the token from the page the same request succeeds: the refusal was the token.
    form["csrf_token"] = _csrf_token(client, "/account/password")
    assert client.post("/account/password", data=form).status_code == 302


def test_creating_a_user_without_csrf_token_creates_nothing(app, login, request):
    client = login(Role.ADMIN)
    request.getfixturevalue("csrf_enabled")
    form = {"name": "Nieuw", "email": "nieuw@example.org", "role": "lezer"}
    assert client.post("/beheer/gebruikers/nieuw", data=form).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nieuw@example.org")) is None


def test_changing_own_password_ends_other_sessions_but_keeps_this_one(app, make_user):
    email = make_user(Role.BESTUUR)
    here, elsewhere = app.test_client(), app.test_client()
    _post_login(here, email)
    _post_login(elsewhere, email)
    assert elsewhere.get("/overzicht").status_code == 200
    new = "another long password"
    response = here.post("/account/password", data={"current": PASSWORD, "new": new, "repeat": new})
    assert response.status_code == 302
    assert here.get("/overzicht").status_code == 200
    assert elsewhere.get("/overzicht").status_code == 302
    assert _post_login(app.test_client(), email, new).status_code == 302


def test_changing_password_needs_the_current_one_and_a_different_new_one(client, make_user):
    email = make_user(Role.BESTUUR)
    _post_login(client, email)
    new = "another long password"
    wrong = client.post("/account/password", data={"current": WRONG, "new": new, "repeat": new})
    assert "Het huidige wachtwoord klopt niet" in wrong.get_data(as_text=True)
    same = client.post(
        "/account/password", data={"current": PASSWORD, "new": PASSWORD, "repeat": PASSWORD}
    )
    assert same.status_code == 200
    assert "anders is dan het huidige" in same.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        (Role.VRIJWILLIGER, "get", "/beheer/gebruikers"),
        (Role.BESTUUR, "get", "/beheer/gebruikers"),
        (Role.BESTUUR, "post", "/beheer/gebruikers/nieuw"),
        (Role.LEZER, "get", "/beheer/gebruikers"),
        (Role.VRIJWILLIGER, "get", "/gemeenten"),
        (Role.LEZER, "get", "/gemeenten/nieuw"),
        (Role.LEZER, "post", "/gemeenten/nieuw"),
        (Role.LEZER, "get", "/gemeenten/importeren"),
        (Role.BESTUUR, "get", "/beheer/logboek"),
        (Role.LEZER, "get", "/gemeenten/corporaties/nieuw"),
    ],
)
def test_a_role_reaching_another_roles_page_gets_403(login, role, method, path):
    client = login(role)
    response = getattr(client, method)(path, data={"name": "x"} if method == "post" else None)
    assert response.status_code == 403
    assert "geen toegang" in response.get_data(as_text=True)


def test_reader_cannot_change_a_gemeente(app, login):
    with app.app_context():
        gemeente = GemeenteFactory(name="Oss")
        db.session.commit()
        gemeente_id = gemeente.id
    client = login(Role.LEZER)
    assert client.get(f"/gemeenten/{gemeente_id}").status_code == 200
    assert client.get(f"/gemeenten/{gemeente_id}/bewerken").status_code == 403
    response = client.post(
        f"/gemeenten/{gemeente_id}/bewerken",
        data={"name": "Gewijzigd", "cbs_code": "GM0828", "werkgebied": "kern"},
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(type(gemeente), gemeente_id).name == "Oss"


def test_scoped_board_member_sees_only_own_gemeenten(app, login):
    with app.app_context():
        own, other = GemeenteFactory(name="Bernheze"), GemeenteFactory(name="Zutphen")
        db.session.commit()
        own_id, other_id = own.id, other.id
    client = login(Role.BESTUUR, gemeenten=[own])
    assert client.get(f"/gemeenten/{own_id}").status_code == 200
    refused = client.get(f"/gemeenten/{other_id}")
    assert refused.status_code == 403
    assert "Zutphen" not in refused.get_data(as_text=True)
    for page in ("/gemeenten", "/overzicht", "/gemeenten/corporaties"):
        html = client.get(page).get_data(as_text=True)
        assert "Zutphen" not in html, page
    assert "Bernheze" in client.get("/gemeenten").get_data(as_text=True)


def test_deactivated_users_open_session_stops_working(app, client, make_user):
    email = make_user(Role.BESTUUR)
    _post_login(client, email)
    assert client.get("/overzicht").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user.active = False  # even without the session version changing
        db.session.commit()
    response = client.get("/overzicht")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_signed_out_visitor_is_asked_in_dutch_to_sign_in(client):
    response = client.get("/beheer/gebruikers", follow_redirects=True)
    assert "Log in om deze pagina te zien." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/%09/evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_sign_in_never_redirects_to_another_site(client, make_user, target):
    email = make_user(Role.LEZER)
    response = _post_login(client, email, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_that_was_asked_for(client, make_user):
    email = make_user(Role.LEZER)
    response = _post_login(client, email, next_url="/gemeenten")
    assert response.headers["Location"] == "/gemeenten"


def test_a_copied_session_cookie_stops_working_after_signing_out(app, make_user):
    email = make_user(Role.BESTUUR)
    browser = app.test_client()
    _post_login(browser, email)
    stolen = browser.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    copy = app.test_client()
    copy.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    assert copy.get("/overzicht").status_code == 200
    assert browser.post("/logout").status_code == 302
    replayed = copy.get("/overzicht")
    assert replayed.status_code == 302
    assert "/login" in replayed.headers["Location"]
    assert _post_login(app.test_client(), email).status_code == 302  # signing in again works


def test_wrong_passwords_from_one_address_do_not_lock_out_the_owner_elsewhere(app, make_user):
    email = make_user(Role.BESTUUR)
    attacker, owner = app.test_client(), app.test_client()
    for _attempt in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        assert _post_login(attacker, email, WRONG, address="203.0.113.9").status_code == 200
    # the attacker's address is locked, even with the right password
    assert _post_login(attacker, email, address="203.0.113.9").status_code == 200
    assert attacker.get("/overzicht").status_code == 302
    # the owner, at home, signs in as usual
    assert _post_login(owner, email, address="198.51.100.20").status_code == 302
    assert owner.get("/overzicht").status_code == 200
    with app.app_context():
        locked = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.locked"))
        assert [event.ip for event in locked] == ["203.0.113.9"]

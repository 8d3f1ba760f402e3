"""When the database is away: a Dutch 503 with Retry-After on every page, never a bare error."""

import socket

import pytest
from sqlalchemy import create_engine, text

from consult import create_app
from consult.extensions import db
from consult.permissions import Role, public
from surveys.invitations.codes import check_character, format_code
from tests.factories import PASSWORD

# A well-formed code, so the page has to ask the database whether it exists.
CODE = format_code("23456789" + check_character("23456789"))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def down_app(app, tmp_path):
    """An app like the tested one whose database cannot be reached."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        url = f"postgresql+psycopg://consult:consult@127.0.0.1:{_closed_port()}/consult"
    else:
        url = f"sqlite:///{tmp_path}/no-such-folder/consult.db"
    down = create_app(
        {
            "CONSULT_ENV": "test",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": None,
            "HELP_PHONE": "0800 555 12 34",
        }
    )
    yield down
    with down.app_context():
        db.engine.dispose()


def _assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "niet opgeslagen" in html
    assert "Probeer het over een paar minuten opnieuw" in html
    assert "0800 555 12 34" in html
    assert "papieren formulier" in html
    assert "Internal Server Error" not in html


@pytest.mark.committing  # the test transaction's session would reach the working database
def test_respondent_pages_answer_503_in_dutch_when_the_database_is_away(down_app):
    client = down_app.test_client()
    _assert_unavailable_page(client.get("/c/" + CODE))
    _assert_unavailable_page(client.post("/code", data={"code": CODE}))


@pytest.mark.committing
def test_staff_pages_answer_503_in_dutch_when_the_database_is_away(app, make_user, down_app):
    email = make_user(Role.ADMIN)
    signed_in = app.test_client()
    assert signed_in.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    cookie = signed_in.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client = down_app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    for path in ("/overzicht", "/beheer/gebruikers", "/beheer/logboek"):
        _assert_unavailable_page(client.get(path))
    _assert_unavailable_page(client.post("/login", data={"email": email, "password": PASSWORD}))


@pytest.fixture
def cut_app(app):
    """An app on the tested PostgreSQL database with pages that lose their connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("terminating a server connection needs PostgreSQL")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    config = {"CONSULT_ENV": "test", "SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None}
    cut = create_app(config | {"HELP_PHONE": "0800 555 12 34"})
    admin = create_engine(url)

    def terminate_own_connection() -> None:
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        with admin.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    @cut.get("/_lost-after-reading")
    @public
    def lost_after_reading():
        terminate_own_connection()
        return "read"

    @cut.get("/_lost-while-reading")
    @public
    def lost_while_reading():
        terminate_own_connection()
        db.session.execute(text("SELECT 1"))
        return "read"

    yield cut
    admin.dispose()
    with cut.app_context():
        db.engine.dispose()


@pytest.mark.committing
def test_connection_lost_after_the_page_was_made_still_sends_that_page(cut_app):
    client = cut_app.test_client()
    response = client.get("/_lost-after-reading")
    assert response.status_code == 200  # the rollback at the end failed, and was only logged
    assert response.get_data(as_text=True) == "read"
    # the next request gets a fresh connection
    assert client.get("/_lost-after-reading").status_code == 200


@pytest.mark.committing
def test_connection_lost_while_reading_gives_the_dutch_503(cut_app):
    _assert_unavailable_page(cut_app.test_client().get("/_lost-while-reading"))

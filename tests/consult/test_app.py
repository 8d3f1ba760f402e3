"""The application shell: Dutch by default, safe headers, friendly errors."""

from consult.config import ConfigError, load_config


def test_login_page_is_dutch_by_default(client):
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "Inloggen" in html


def test_english_can_be_chosen_and_is_remembered(client):
    response = client.post("/taal", data={"lang": "en", "next": "/login"})
    assert response.status_code == 302
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html


def test_language_switch_does_not_redirect_to_other_sites(client):
    response = client.post("/taal", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_lax(client, make_user):
    email = make_user()
    response = client.post("/login", data={"email": email, "password": "correct horse battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_unknown_page_gives_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_too_large_request_gets_friendly_413(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("CONSULT_ENV", "production")
    try:
        load_config(str(tmp_path))
    except ConfigError as exc:
        assert "SECRET_KEY" in str(exc)
    else:
        raise AssertionError("production started without SECRET_KEY")


def test_production_defaults_to_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("COOKIE_SECURE", raising=False)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://localhost:6379/1")
    config = load_config(str(tmp_path), {"CONSULT_ENV": "production"})
    assert config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@localhost/db")
    config = load_config(str(tmp_path), {"CONSULT_ENV": "test"})
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_language_switch_refuses_backslash_and_control_character_targets(client):
    for target in ["/\\evil.example", "/\\\\evil.example", "/x\r\nLocation: http://evil"]:
        response = client.post("/taal", data={"lang": "nl", "next": target})
        assert "evil" not in response.headers["Location"]


def test_proxy_hops_takes_the_client_address_from_the_proxy(app):
    from consult import create_app

    behind = create_app({**app.config, "PROXY_HOPS": 1})
    seen = {}

    def capture(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    behind.wsgi_app.app = capture  # the app behind ProxyFix
    behind.test_client().get(
        "/", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert seen["REMOTE_ADDR"] == "203.0.113.7"
    assert seen["wsgi.url_scheme"] == "https"


def test_json_bodies_on_forms_get_a_friendly_400(client):
    for body in ("0", "[1, 2]", "null", "{", '{"email": "x"}'):
        response = client.post("/login", data=body, content_type="application/json")
        assert response.status_code == 400, body
        assert "formulieren" in response.get_data(as_text=True)

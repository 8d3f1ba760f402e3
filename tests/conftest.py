"""Test fixtures: one migrated database per run, one rolled-back transaction per test.

The database is SQLite in a temporary folder, or TEST_DATABASE_URL (PostgreSQL in CI).
Keep no app context pushed while the test client makes requests (Flask would reuse it and
leak the signed-in user between requests): use ``with app.app_context():`` blocks around
direct database work instead, or the ``ctx`` fixture in tests that make no requests.
Tests marked ``committing`` run without the wrapping transaction (for live servers and
concurrency) and have every table emptied afterwards.
"""

import os
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.orm import scoped_session, sessionmaker

from consult import create_app
from consult.extensions import db, limiter
from consult.permissions import Role
from tests.factories import PASSWORD, UserFactory


def _reset_postgres(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def _sqlite_savepoint_fix(engine) -> None:
    """Let pysqlite use SAVEPOINT inside an outer transaction (SQLAlchemy's documented recipe)."""

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _explicit_begin(conn):
        conn.exec_driver_sql("BEGIN")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application, on a freshly migrated database."""
    instance = tmp_path_factory.mktemp("instance")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{instance}/test.db"
    os.environ["CONSULT_INSTANCE_PATH"] = str(instance)
    app = create_app(
        {
            "CONSULT_ENV": "test",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgres(db.engine)
        upgrade()
        if db.engine.dialect.name == "sqlite":
            db.engine.dispose()
            _sqlite_savepoint_fix(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def server_app(app):
    """The same database used by an app without the test transaction fix, as in production."""
    keys = ("CONSULT_ENV", "TESTING", "SQLALCHEMY_DATABASE_URI", "WTF_CSRF_ENABLED")
    other = create_app({key: app.config[key] for key in keys} | {"SERVER_NAME": None})
    yield other
    for used in (other, app):  # close pooled connections: nothing left open at exit
        with used.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Run each test inside a transaction that is rolled back at the end."""
    limiter.reset()
    if request.node.get_closest_marker("committing"):
        yield
        _empty_all_tables(app)
        return
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    db.session = scoped_session(
        sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
        scopefunc=original.registry.scopefunc,
    )
    try:
        yield
    finally:
        with app.app_context():
            db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


def _empty_all_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def client(app):
    """A test client; no app context stays pushed while it runs."""
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services directly and make no requests."""
    with app.app_context():
        yield


@pytest.fixture
def csrf_enabled(app):
    """Switch CSRF protection on for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def make_user(app):
    """Create a user with a role (and optional gemeente scope); returns its e-mail address."""

    def make(role: Role = Role.ADMIN, gemeenten=(), **kwargs) -> str:
        with app.app_context():
            user = UserFactory(role=role.value, **kwargs)
            user.gemeenten = [db.session.merge(g) for g in gemeenten]
            db.session.commit()
            return user.email

    return make


@contextmanager
def signed_in(client, email: str, password: str = PASSWORD):
    """Sign in through the real login form for the duration of a block."""
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    yield client
    client.post("/logout")


@pytest.fixture
def login(client, make_user):
    """Sign the client in as a new user with the given role; returns the client."""

    def do(role: Role = Role.ADMIN, gemeenten=(), **kwargs):
        email = make_user(role, gemeenten, **kwargs)
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return do

"""User services: e-mail rules, generated passwords, the last administrator, the database guard."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from consult.extensions import db
from consult.permissions import Role
from consult.users import operations
from consult.users.operations import UserError
from tests.factories import UserFactory


@pytest.fixture
def req(app):
    """A request context, so services can word their messages in Dutch."""
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Anja@KMAS.example ", "anja@kmas.example"),
        ("a.b+c@sub.example.nl", "a.b+c@sub.example.nl"),
    ],
)
def test_email_addresses_are_stored_in_lower_case(req, raw, expected):
    assert operations.normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "anja", "anja@", "@kmas.nl", "an ja@kmas.nl", "a@b", "a@b.", "a@.nl", "a@@b.nl"],
)
def test_malformed_email_addresses_are_refused(req, raw):
    with pytest.raises(UserError) as caught:
        operations.normalise_email(raw)
    assert caught.value.field == "email"
    assert "e-mailadres" in str(caught.value)


def test_generated_passwords_are_long_typeable_and_different(req):
    passwords = {operations.generate_password() for _i in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert len(password) == 19 and password.count("-") == 3
        assert not set(password) & set("0o1liI")


def test_the_last_active_administrator_cannot_be_deactivated_or_demoted(req):
    only = UserFactory(role="admin")
    UserFactory(role="admin", active=False)
    with pytest.raises(UserError, match="laatste actieve beheerder"):
        operations.deactivate_user(only)
    with pytest.raises(UserError, match="laatste actieve beheerder"):
        operations.update_user(only, email=only.email, name=only.name, role="bestuur")
    assert only.active and only.role == "admin"


def test_an_administrator_can_go_when_another_remains(req):
    leaving, staying = UserFactory(role="admin"), UserFactory(role="admin")
    operations.deactivate_user(leaving, by=staying)
    assert not leaving.active


def test_deactivation_ends_the_users_sessions(req):
    user = UserFactory(role="lezer")
    before = user.get_id()
    operations.deactivate_user(user)
    assert user.get_id() != before


def test_a_user_without_changes_is_reported_unchanged(req):
    user = UserFactory(role="lezer", name="Els")
    assert operations.update_user(user, email=user.email, name="Els", role="lezer") == []


def test_the_database_refuses_an_email_address_in_capitals(ctx):
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            text(
                "INSERT INTO users (email, name, password_hash, role, active, failed_logins, "
                "created_at, session_version, must_change_password) VALUES "
                "('Capital@example.org', 'X', 'x', 'lezer', true, 0, CURRENT_TIMESTAMP, 0, false)"
            )
        )


def test_the_database_refuses_an_unknown_role(ctx):
    user = UserFactory(role="lezer")
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(text("UPDATE users SET role = 'root' WHERE id = :id"), {"id": user.id})


def test_create_user_refuses_an_unknown_role(req):
    with pytest.raises(UserError) as caught:
        operations.create_user(email="x@example.org", name="X", role="root", password="x" * 12)
    assert caught.value.field == "role"


def test_create_user_for_the_command_line_can_set_a_final_password(req):
    user = operations.create_user(
        email="cli@example.org",
        name="Cli",
        role=Role.ADMIN.value,
        password="x" * 12,
        temporary=False,
    )
    assert not user.must_change_password and user.check_password("x" * 12)

"""The users command line: create, list and set-password."""

from sqlalchemy import select

from consult.extensions import db
from consult.users.models import User
from tests.factories import GemeenteFactory, UserFactory

PASSWORD = "a command line password"


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def test_create_prompts_twice_for_a_hidden_password(app, ctx):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "Eerste@KMAS.example",
            "--name",
            "Eerste",
            "--role",
            "admin",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    user = _user("eerste@kmas.example")
    assert user.role == "admin" and user.check_password(PASSWORD) and not user.must_change_password


def test_create_with_different_passwords_creates_nothing(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "x@kmas.example", "--name", "X", "--role", "lezer"],
        input=f"{PASSWORD}\nsomething else entirely\n",
    )
    assert result.exit_code != 0
    assert _user("x@kmas.example") is None


def test_create_reads_the_password_from_stdin_with_a_gemeente_scope(app, ctx):
    GemeenteFactory(name="Land van Cuijk", former_names="Cuijk;Boxmeer")
    GemeenteFactory(name="Oss", cbs_code="GM0828")
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "lvc@kmas.example",
            "--name",
            "Lvc",
            "--role",
            "bestuur",
            "--gemeente",
            "Boxmeer",
            "--gemeente",
            "GM0828",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert [g.name for g in _user("lvc@kmas.example").gemeenten] == ["Land van Cuijk", "Oss"]


def test_create_with_an_unknown_gemeente_or_short_password_fails_clearly(app, ctx):
    runner = app.test_cli_runner()
    base = ["users", "create", "--email", "y@kmas.example", "--name", "Y", "--role", "lezer"]
    unknown = runner.invoke(
        args=[*base, "--gemeente", "Atlantis", "--password-stdin"], input=PASSWORD
    )
    assert unknown.exit_code == 1 and "Atlantis" in unknown.output
    short = runner.invoke(args=[*base, "--password-stdin"], input="kort\n")
    assert short.exit_code == 1 and "minstens 12 tekens" in short.output
    assert _user("y@kmas.example") is None


def test_list_shows_every_user(app, ctx):
    UserFactory(email="een@kmas.example", role="bestuur")
    UserFactory(email="twee@kmas.example", role="lezer", active=False)
    result = app.test_cli_runner().invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "een@kmas.example" in result.output and "bestuur" in result.output
    assert "twee@kmas.example" in result.output and "deactivated" in result.output


def test_set_password_changes_it_and_ends_sessions(app, ctx):
    user = UserFactory(email="vergeten@kmas.example", role="admin", failed_logins=4)
    session_id = user.get_id()
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", "--email", "VERGETEN@kmas.example", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.check_password(PASSWORD) and user.get_id() != session_id
    assert user.failed_logins == 0


def test_set_password_for_an_unknown_address_fails(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", "--email", "niemand@kmas.example", "--password-stdin"],
        input=PASSWORD,
    )
    assert result.exit_code == 1 and "niemand@kmas.example" in result.output

"""Command line: create users, list them and set a password (e.g. the first administrator)."""

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from consult.auth.operations import find_user_by_email
from consult.extensions import db
from consult.gemeenten.operations import find_gemeente
from consult.permissions import Role
from consult.users import operations


@click.group("users")
def users_command():
    """Staff users and their passwords."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(action):
    """Run a service in Dutch; a refused change stops the command with its message."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        try:
            result = action()
        except operations.UserError as exc:
            db.session.rollback()
            raise click.ClickException(str(exc)) from None
    db.session.commit()
    return result


@users_command.command("create")
@click.option("--email", required=True, help="E-mail address to sign in with.")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--gemeente", "gemeenten", multiple=True, help="Limit to this gemeente (repeat).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--temporary", is_flag=True, help="The user must choose a new password.")
@with_appcontext
def create_command(email, name, role, gemeenten, password_stdin, temporary):
    """Add a user; the password is asked twice (hidden) unless --password-stdin is given."""
    scope = []
    for wanted in gemeenten:
        gemeente = find_gemeente(wanted)
        if gemeente is None:
            raise click.ClickException(f"Unknown gemeente: {wanted}")
        scope.append(gemeente)
    password = _read_password(password_stdin)
    user = _run(
        lambda: operations.create_user(
            email=email,
            name=name,
            role=role,
            password=password,
            gemeenten=scope,
            temporary=temporary,
        )
    )
    click.echo(f"User {user.email} created ({user.role}).")


@users_command.command("list")
@with_appcontext
def list_command():
    """Print every user with role, scope, status and last sign-in."""
    for user in operations.list_users():
        scope = ", ".join(g.name for g in user.gemeenten) if user.scope_ids is not None else "all"
        status = "active" if user.active else "deactivated"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        click.echo(
            f"{user.id:>4}  {user.email:<34} {user.name:<28} {user.role:<13} "
            f"{status:<12} last sign-in: {last}  gemeenten: {scope}"
        )


@users_command.command("set-password")
@click.option("--email", required=True, help="E-mail address of the user.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--temporary", is_flag=True, help="The user must choose a new password.")
@with_appcontext
def set_password_command(email, password_stdin, temporary):
    """Set a user's password; their sessions end and a lockout is lifted."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail address {email}")
    password = _read_password(password_stdin)
    _run(lambda: operations.reset_password(user, password, temporary=temporary))
    click.echo(f"Password of {user.email} changed; other sessions have ended.")

"""Synthetic demo data: the KMAS koepel with its gemeenten, households, users and more.

Each capability adds a step to ``consult.DEMO_STEPS`` (the app factory's list of feature
modules); ``flask demo load`` runs them in order, in one transaction (the last step,
letters, commits as the background writer does). All people,
addresses and answers are invented and marked as synthetic.
"""

import logging
from importlib import import_module

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from consult import DEMO_STEPS
from consult.extensions import db


def database_is_empty() -> bool:
    """Whether no gemeente and no user exist yet."""
    from consult.gemeenten.models import Gemeente
    from consult.users.models import User

    return not db.session.scalar(select(func.count(Gemeente.id))) and not db.session.scalar(
        select(func.count(User.id))
    )


class DemoRefusedError(Exception):
    """The demo cannot be loaded here; the message says why. Nothing was stored."""


def load_demo(seed: int = 2027, echo=click.echo) -> None:
    """Run every demo step and commit once; DemoRefusedError before any step when a step's
    ``check()`` says it cannot run here."""
    modules = [import_module(name) for name in DEMO_STEPS]
    problems = [problem for m in modules if (problem := getattr(m, "check", lambda: None)())]
    if problems:
        raise DemoRefusedError(" ".join(problems))
    for module in modules:
        echo(f"demo: {module.__doc__.splitlines()[0].rstrip('.').lower()} ...")
        module.load(seed=seed, echo=echo)
        db.session.flush()
    db.session.commit()


@click.group("demo")
def demo_command():
    """Synthetic demo data (clearly labelled as such)."""


@demo_command.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data.")
@click.option("--seed", default=2027, show_default=True, help="Random seed.")
@with_appcontext
def load_command(if_empty: bool, seed: int):
    """Load the demo data set."""
    if not database_is_empty():
        if if_empty:
            click.echo("demo: the database already has data; nothing loaded.")
            return
        raise click.ClickException("The database is not empty; load the demo into a new one.")
    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # no log line per synthetic record; the steps say enough
    try:
        load_demo(seed=seed)
    except DemoRefusedError as exc:  # e.g. letters refused in production without PUBLIC_URL
        raise click.ClickException(f"{exc} The demo was not loaded.") from None
    finally:
        quiet.setLevel(level)
    click.echo("demo: loaded (synthetic data).")


@demo_command.command("logins")
@with_appcontext
def logins_command():
    """Print the demo sign-in details."""
    from consult.demo.foundation import DEMO_USERS

    click.echo("Demo logins (synthetic accounts):")
    for email, _name, role, password, scope in DEMO_USERS:
        where = f" (alleen {', '.join(scope)})" if scope else ""
        click.echo(f"  {role:<13} {email:<34} {password}{where}")
    for name in DEMO_STEPS:
        hint = getattr(import_module(name), "print_hints", None)
        if hint:
            hint(click.echo)

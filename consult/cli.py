"""Wiring of the flask command-line commands of every package."""

from importlib import import_module

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from consult.demo import demo_command
    from consult.households.cli import households_command

    app.cli.add_command(demo_command)
    app.cli.add_command(households_command)
    app.cli.add_command(import_module("consult.users.cli").users_command)
    app.cli.add_command(import_module("consult.gemeenten.cli").gemeenten_command)
    app.cli.add_command(import_module("surveys.cli").surveys_command)
    app.cli.add_command(import_module("surveys.invitations.cli").invitations_command)
    app.cli.add_command(import_module("surveys.paper.cli").paper_command)
    app.cli.add_command(import_module("analysis.cli").results_command)

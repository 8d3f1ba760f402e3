"""Wiring of the flask command-line commands that the app factory lists."""

from importlib import import_module

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the command groups of ``consult.COMMANDS``."""
    from consult import COMMANDS

    for spec in COMMANDS:
        module, _, attribute = spec.partition(":")
        app.cli.add_command(getattr(import_module(module), attribute))

"""Whole numbers from web addresses, bounded to what the database columns can hold."""

from flask import Flask, request
from werkzeug.routing import IntegerConverter

# Primary keys are INTEGER columns: 32 bits on PostgreSQL. A larger number names nothing,
# and handed to the database it would fail with an overflow (a 500) instead of a 404.
MAX_DATABASE_INT = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """The `int` converter, refusing numbers no table can hold: such a path is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def bounded_int(raw: str | None, default: int | None = None) -> int | None:
    """The text as a whole number from 0 up to what a column holds, else the default."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_DATABASE_INT)):
        return default
    value = int(raw)
    return value if value <= MAX_DATABASE_INT else default


def int_arg(name: str, default: int | None = None) -> int | None:
    """A whole number from the query string, or the default when it is missing or out of range."""
    return bounded_int(request.args.get(name), default)


def init_app(app: Flask) -> None:
    """Replace the default `int` converter, so every route, also ones added later, is bounded."""
    app.url_map.converters["int"] = BoundedIntegerConverter

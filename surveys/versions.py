"""Optimistic locking: one check for every row with a version counter (a survey, a keyed
entry, the paper settings), so two people editing at once never silently lose a change."""

from sqlalchemy.orm.exc import StaleDataError

from consult.extensions import db
from surveys.errors import ConflictError


def check_version(row, expected_version, message) -> None:
    """ConflictError (with the message) when the row changed since the page was loaded.

    ``expected_version`` is what the page's form carried; empty means the caller does not
    check (a command, a test).
    """
    if expected_version in (None, ""):
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        expected = -1
    if expected != row.version:
        raise ConflictError(message)


def flush_or_conflict(message) -> None:
    """Flush; a row that someone else saved at the same moment gives ConflictError. The
    caller (the view) rolls back."""
    try:
        db.session.flush()
    except StaleDataError:
        raise ConflictError(message) from None

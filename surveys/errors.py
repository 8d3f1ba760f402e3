"""Domain exceptions of the survey package, with messages fit to show to the user.

Messages are lazy interface texts (English msgids, Dutch by default). ``str(error)`` gives the
text in the language of the current request, or in the default language (Dutch) when there is
no request, as in CLI commands and tests.
"""

from flask import current_app, has_app_context, has_request_context
from flask_babel import force_locale


def translate(message) -> str:
    """Evaluate a (lazy) interface text safely inside and outside a request."""
    if has_request_context() or not has_app_context():
        return str(message)
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")):
        return str(message)


class SurveyError(Exception):
    """A survey action is not allowed or the input is not valid; the message says why."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return translate(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class ConflictError(SurveyError):
    """Someone else changed the survey since the form was loaded (optimistic locking)."""


class AnswerError(SurveyError):
    """An answer lies outside the domain of its question (unknown option, out of range...)."""


class DefinitionError(SurveyError):
    """An imported survey definition (JSON or XLSForm) cannot be used; nothing is stored."""

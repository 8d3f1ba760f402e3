"""Error pages in the user's language: never a bare 500 or a stack trace."""

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Something went wrong with this request"),
            _("The page could not handle what was sent. Go back and try again."),
        ),
        403: (
            _("You do not have access to this page"),
            _(
                "Your account does not give access to this page or to this gemeente. "
                "Ask an administrator if you think you should have access."
            ),
        ),
        404: (_("Page not found"), _("Check the web address, or go back to the start page.")),
        405: (_("This action is not possible here"), _("Go back and use the buttons on the page.")),
        413: (
            _("The file is too large"),
            _(
                "The file you sent is larger than this site accepts. Split it into smaller "
                "files, or ask an administrator to import it on the command line."
            ),
        ),
        429: (
            _("Too many attempts"),
            _("You tried this too often in a short time. Wait a few minutes and try again."),
        ),
        500: (
            _("Sorry, something went wrong on our side"),
            _("Nothing you entered earlier is lost. Try again in a moment."),
        ),
    }


def render_error(code: int, detail: str | None = None):
    """Render the friendly error page for an HTTP status code."""
    title, text = _messages().get(code, _messages()[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, expired forms and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _(
                "This form has expired or was not sent from this site. "
                "Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("unhandled error")
        from consult.extensions import db

        db.session.rollback()
        return render_error(500)

"""Error pages in the user's language: never a bare 500 or a stack trace."""

import logging

import psycopg
from flask import Flask, current_app, g, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

# Seconds a browser or proxy is asked to wait before trying again when the database is away.
RETRY_AFTER_SECONDS = 30


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


def database_unreachable(error: BaseException) -> bool:
    """Whether the error means the database cannot be reached (down, restarting, cut off)."""
    if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, psycopg.OperationalError | psycopg.InterfaceError)


def _rollback_quietly() -> None:
    """Give the connection back; during an outage the rollback itself may fail."""
    from consult.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the error page matters more than a clean rollback
        log.warning("rollback after an error failed as well", exc_info=True)


def render_unavailable():
    """The 503 page: nothing on this page was saved; try again, call, or use the paper form."""
    # Showing the signed-in user would ask the database again: show the page signed out.
    from consult.extensions import login_manager

    g._login_user = login_manager.anonymous_user()
    html = render_template("errors/unavailable.html", phone=current_app.config["HELP_PHONE"])
    return html, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


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

    @app.errorhandler(sa_exc.DBAPIError)
    @app.errorhandler(psycopg.Error)
    def database_error(error):
        if not database_unreachable(error):
            return unexpected_error(error)
        log.warning("database unreachable: %s", type(error).__name__)
        _rollback_quietly()
        return render_unavailable()

    @app.errorhandler(Exception)
    def unexpected_error(error):
        log.exception("unhandled error")
        _rollback_quietly()
        return render_error(500)

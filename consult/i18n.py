"""Language choice (Dutch by default, English available) and Dutch date/number formatting."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    has_request_context,
    redirect,
    request,
    session,
)
from flask_babel import format_date, format_datetime, format_decimal, format_percent
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult.extensions import babel, db
from consult.permissions import public

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language chosen in this browser, else the user's own, else Dutch."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background work speak Dutch
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def site_root() -> str:
    """The address of the site's start page (the tenants' code page; staff go on from it)."""
    return request.script_root + "/"


def safe_next(target: str | None, fallback: str) -> str:
    """A local redirect target only: never another host (open-redirect safe)."""
    if not target:
        return fallback
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return fallback  # browsers read "/\\host" as "//host"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.post("/taal")
@public
def set_language():
    """Remember the chosen language in the session and, when signed in, on the user."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), site_root()))


def _number(value, digits: int | None = None) -> str:
    if value is None:
        return ""
    if digits is None:
        return format_decimal(value)
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")


def _percent(value, digits: int = 0) -> str:
    if value is None:
        return ""
    return format_percent(value, format="#,##0" + ("." + "0" * digits if digits else "") + " %")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and the Jinja filters for dates and numbers."""
    from consult import ROOT

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "consult" / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["date"] = lambda v, f="medium": format_date(v, f) if v else ""
    app.jinja_env.filters["datetime"] = lambda v, f="medium": format_datetime(v, f) if v else ""
    app.jinja_env.filters["number"] = _number
    app.jinja_env.filters["percent"] = _percent

    @app.context_processor
    def language_context():
        return {"languages": app.config["LANGUAGES"], "current_lang": select_locale()}


LANGUAGE_LABEL = _l("Language")

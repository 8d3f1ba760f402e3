"""Configuration: safe defaults in code, overrides from environment variables."""

import logging
import os
import secrets
from pathlib import Path

ENVIRONMENTS = ("production", "development", "test")

log = logging.getLogger(__name__)


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def database_url(instance_path: str) -> str:
    """The SQLAlchemy URL from DATABASE_URL, or the embedded SQLite database."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "consult.db")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict:
    """Connection options per database: a pool for PostgreSQL, a lock timeout for SQLite."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    return {"pool_size": 10, "max_overflow": 10, "pool_pre_ping": True, "pool_recycle": 1800}


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(env: str, instance_path: str) -> str:
    """SECRET_KEY from the environment; development keeps a generated one in instance/."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if env == "test":
        return "test-secret-key-not-for-production"
    if env == "development":
        path = Path(instance_path) / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()
    raise ConfigError(
        "SECRET_KEY is not set. Set it to a long random value before starting in production "
        "(or set CONSULT_ENV=development on a workstation)."
    )


def _ratelimit_storage(env: str, enabled: bool) -> str:
    """Where rate limits are counted; production must choose, as memory counts per process."""
    uri = os.environ.get("RATELIMIT_STORAGE_URI", "").strip()
    if uri:
        if env == "production" and enabled and uri.startswith("memory://"):
            log.warning(
                "RATELIMIT_STORAGE_URI=memory:// counts rate limits per process: with several "
                "gunicorn workers or hosts the sign-in and code limits multiply. Use redis://."
            )
        return uri
    if env == "production" and enabled:
        raise ConfigError(
            "RATELIMIT_STORAGE_URI is not set. Set it to a shared Redis (redis://host:6379/1), "
            "so that the limits on sign-in and code guessing hold across all workers; set it "
            "to memory:// only when the site runs as one single process."
        )
    return "memory://"


LOCAL_PUBLIC_URL = "http://127.0.0.1:5000"


def public_url(env: str) -> str:
    """PUBLIC_URL, the address printed on letters; a workstation keeps its local address,
    production has none until it is set (letters are refused until then)."""
    value = os.environ.get("PUBLIC_URL")
    if value is None and env != "production":
        return LOCAL_PUBLIC_URL
    return (value or "").strip()


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration dictionary for one application instance."""
    overrides = overrides or {}
    env = overrides.get("CONSULT_ENV") or os.environ.get("CONSULT_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"CONSULT_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}.")
    url = overrides.get("SQLALCHEMY_DATABASE_URI") or database_url(instance_path)
    secure_cookies = _flag("COOKIE_SECURE", env == "production")
    ratelimit_enabled = _flag("RATELIMIT_ENABLED", True)
    config = {
        "CONSULT_ENV": env,
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(env, instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "40")) * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_NAME": "consult_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 8,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": {"nl": "Nederlands", "en": "English"},
        "RATELIMIT_STORAGE_URI": _ratelimit_storage(env, ratelimit_enabled),
        # Redis away: count in this process for the moment rather than refuse every sign-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        "RATELIMIT_ENABLED": ratelimit_enabled,
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_LOCKOUT_MINUTES": 15,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "UPLOAD_FOLDER": str(Path(instance_path) / "uploads"),
        "BOD_PDF_MAX_MB": float(os.environ.get("BOD_PDF_MAX_MB", "20")),
        "HOUSEHOLD_XLSX_MAX_MB": int(os.environ.get("HOUSEHOLD_XLSX_MAX_MB", "200")),
        "HOUSEHOLD_XLSX_MAX_RATIO": int(os.environ.get("HOUSEHOLD_XLSX_MAX_RATIO", "100")),
        "HOUSEHOLD_MAX_ROWS": int(os.environ.get("HOUSEHOLD_MAX_ROWS", "250000")),
        "HOUSEHOLD_MAX_COLUMNS": int(os.environ.get("HOUSEHOLD_MAX_COLUMNS", "100")),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "KMAS"),
        "HELP_PHONE": os.environ.get("HELP_PHONE", "0800 123 45 67"),
        "CODE_SECRET": os.environ.get("CODE_SECRET", "").strip(),
        "PUBLIC_URL": public_url(env),
        "SQLITE_SAVEPOINT_FIX": False,
        "SHOW_DEMO_BANNER": _flag("CONSULT_DEMO", False),
        "TASK_QUEUE": "immediate" if env == "test" else os.environ.get("TASK_QUEUE", "sqlite"),
    }
    config.update(overrides)
    return config

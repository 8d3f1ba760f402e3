"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi``; the task consumer is
``huey_consumer wsgi.huey``."""

import sys

from consult import create_app
from consult.config import ConfigError
from consult.tasks import huey  # noqa: F401  (for huey_consumer wsgi.huey)

try:
    app = create_app()
except ConfigError as exc:  # a plain message instead of a traceback
    sys.exit(f"Configuration error: {exc}")

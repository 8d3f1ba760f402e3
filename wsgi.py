"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi``."""

import sys

from consult import create_app
from consult.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:  # a plain message instead of a traceback
    sys.exit(f"Configuration error: {exc}")

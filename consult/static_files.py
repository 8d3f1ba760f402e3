"""Static files under fingerprinted names, cached for a year; and /favicon.ico.

``url_for('static', filename='css/respond.css')`` gives ``/static/css/respond.<hash>.css``,
where the hash is taken from the file's content. A fingerprinted URL never changes its
content, so it is served with ``max-age=31536000, immutable``: a phone on a slow connection
never asks for the stylesheet again until it changes (then its name changes). Templates need
no change. A URL without the fingerprint still works, revalidated on every use.
"""

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, send_from_directory
from werkzeug.exceptions import NotFound

from consult.permissions import public

YEAR = 365 * 24 * 3600
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<ext>\.[A-Za-z0-9]+)$")


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    """The first 12 hex digits of the file's SHA-256 (cached per version of the file)."""
    sha = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(65536), b""):
            sha.update(block)
    return sha.hexdigest()[:12]


def fingerprint(folder: str, filename: str) -> str | None:
    """The file's fingerprint, or None when the file does not exist."""
    path = Path(folder) / filename
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not path.is_file():
        return None
    return _digest(str(path), stat.st_mtime_ns, stat.st_size)


def fingerprinted_name(folder: str, filename: str) -> str:
    """``css/app.css`` -> ``css/app.<hash>.css`` (unchanged when the file is missing)."""
    digest = fingerprint(folder, filename)
    if digest is None:
        return filename
    stem, ext = os.path.splitext(filename)
    return f"{stem}.{digest}{ext}"


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = fingerprinted_name(current_app.static_folder, values["filename"])


def serve_static(filename: str):
    """A static file; under its current fingerprinted name, cacheable for a year."""
    folder = current_app.static_folder
    found = _FINGERPRINTED.match(filename)
    if found:
        plain = f"{found['stem']}{found['ext']}"
        if fingerprint(folder, plain) == found["hash"]:
            response = send_from_directory(folder, plain, max_age=YEAR)
            response.cache_control.public = True
            response.cache_control.immutable = True
            return response
        if fingerprint(folder, plain) is None:
            raise NotFound()
        # An older fingerprint (a page from before an update): the current file, revalidated.
        return send_from_directory(folder, plain)
    return send_from_directory(folder, filename)


@public
def favicon():
    """The icon browsers ask for at /favicon.ico, cached for a day (its name cannot change)."""
    response = send_from_directory(current_app.static_folder, "favicon.ico", max_age=86400)
    response.cache_control.public = True
    return response


def init_app(app: Flask) -> None:
    """Fingerprint static URLs and serve them with a long cache life; add /favicon.ico."""
    app.url_defaults(_add_fingerprint)
    app.view_functions["static"] = serve_static
    app.add_url_rule("/favicon.ico", endpoint="favicon", view_func=favicon)

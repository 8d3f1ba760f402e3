"""Text that can be stored and exported: no invisible control characters.

PostgreSQL text cannot hold NUL, and XML (so XLSX) and PDF text cannot hold most control
characters, lone surrogates or U+FFFE/U+FFFF. Such characters come only from a paste error or
a hostile request; every text that arrives is checked against this one pattern and refused
with ``UNSTORABLE_MESSAGE`` on its field. TAB, LF and CR are ordinary text.
"""

import re

from flask_babel import lazy_gettext as _l

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

UNSTORABLE_MESSAGE = _l(
    "This text contains an invisible character that we cannot store. Remove it and try again."
)


def is_storable(text: str) -> bool:
    """Whether a text holds none of the characters of ``UNSTORABLE``."""
    return UNSTORABLE.search(text) is None


def unstorable_in(value) -> bool:
    """Whether a value read from JSON, a spreadsheet or a form holds an unstorable character
    in any of its texts (keys of dicts included)."""
    if isinstance(value, str):
        return not is_storable(value)
    if isinstance(value, dict):
        return any(unstorable_in(k) or unstorable_in(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(unstorable_in(v) for v in value)
    return False


def without_unstorable(value):
    """A copy of a text, or of the texts in a JSON-like value, without unstorable characters
    (for exports of what was stored before this check existed)."""
    if isinstance(value, str):
        return UNSTORABLE.sub("", value)
    if isinstance(value, dict):
        return {without_unstorable(k): without_unstorable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_unstorable(v) for v in value]
    return value

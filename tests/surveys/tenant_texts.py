"""The Dutch texts tenants read: catalogue entries used by tenant pages, letter and form."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "consult/translations/nl/LC_MESSAGES/messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# Pages and modules whose messages a tenant sees (the respondent flow, its answer checks and
# the error pages); staff pages may keep the words staff need.
TENANT_TEMPLATES = ["templates/respond", "templates/errors"]
TENANT_MODULES = ["surveys/respond", "surveys/qtypes", "consult/errors.py"]


def _files():
    for folder in TENANT_TEMPLATES:
        yield from (("jinja2", p) for p in sorted((ROOT / folder).rglob("*.html")))
    for name in TENANT_MODULES:
        path = ROOT / name
        paths = [path] if path.is_file() else sorted(path.rglob("*.py"))
        yield from (("python", p) for p in paths if p.name != "demo.py")


def tenant_msgids() -> dict[str, str]:
    """msgid -> the file it comes from, for every message a tenant page can show."""
    found = {}
    for method, path in _files():
        method = "jinja2.ext:babel_extract" if method == "jinja2" else method
        options = {"extensions": "jinja2.ext.i18n"} if method != "python" else {}
        with path.open("rb") as handle:
            for _line, message, _comments, _context in extract(
                method, handle, keywords=KEYWORDS, options=options
            ):
                for msgid in message if isinstance(message, tuple) else (message,):
                    if msgid:
                        found.setdefault(msgid, str(path.relative_to(ROOT)))
    return found


def dutch_catalogue() -> dict[str, str]:
    """msgid (or each plural msgid) -> every Dutch msgstr joined."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    result = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            result[msgid] = " ".join(s for s in strings if s)
    return result

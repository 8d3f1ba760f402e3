"""The Dutch catalogue translates every interface text in the code and templates."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "consult" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]


def _extracted_ids() -> set[str]:
    ids = set()
    for folder in ("consult", "surveys", "analysis", "templates"):
        path = ROOT / folder
        if not path.exists():
            continue
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(path), METHODS, keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_interface_text_has_a_dutch_translation():
    with PO.open("rb") as f:
        catalog = read_po(f, locale="nl")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id
        and (m.string if isinstance(m.string, str) else all(m.string))
        and "fuzzy" not in m.flags
    }
    missing = sorted(_extracted_ids() - translated)
    assert missing == [], "untranslated (run `make translations` and fill in messages.po): " + repr(
        missing[:20]
    )

"""One word for the survey in every page ("vragenlijst", for tenants and staff alike), and
role descriptions that promise only what the platform does."""

from pathlib import Path

from babel.messages.pofile import read_po

from consult.permissions import Role
from consult.users.roles import role_description

PO = Path(__file__).resolve().parent.parent / "consult/translations/nl/LC_MESSAGES/messages.po"


def _dutch_texts() -> list[str]:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="nl")
    texts = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [s for s in strings if s]
    return texts


def test_the_dutch_interface_calls_the_survey_vragenlijst_everywhere():
    others = [t for t in _dutch_texts() if "enquête" in t.lower() or "enquete" in t.lower()]
    assert others == []


def test_role_descriptions_name_what_each_role_does(app):
    # Board members write positions; volunteers also code open answers; readers change nothing.
    with app.test_request_context():
        assert "standpunten" in role_description(Role.BESTUUR).lower()
        assert "codeert open antwoorden" in role_description(Role.VRIJWILLIGER).lower()
        assert "niets veranderen" in role_description(Role.LEZER).lower()

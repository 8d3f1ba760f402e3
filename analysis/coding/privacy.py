"""Finding what makes an open answer unfit to quote: names, addresses, phone numbers, e-mail.

``findings(text)`` returns what it found, with positions, so that a reviewer sees it marked;
``redact(text)`` proposes a quote with each finding replaced by a placeholder. Finding nothing
does not make a quote usable: every quote is approved by a person. Pure Python.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

EMAIL, PHONE, POSTCODE, ADDRESS, NAME = "email", "phone", "postcode", "address", "name"
PLACEHOLDERS = {
    EMAIL: "[e-mailadres]",
    PHONE: "[telefoonnummer]",
    POSTCODE: "[postcode]",
    ADDRESS: "[adres]",
    NAME: "[naam]",
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s().-]*\d){9}(?!\d)")
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA\b|SD\b|SS\b)[A-Z]{2}\b")
_STREET_WORD = (
    r"[A-ZÀ-Þ][\w'’.-]*(?:straat|laan|weg|plein|hof|singel|gracht|kade|dijk|pad|steeg|dreef"
    r"|park|erf|baan|veld|ring|akker|wal|markt|hoeve|gaarde|burg|haven|dam)"
)
_ADDRESS = re.compile(
    rf"\b{_STREET_WORD}\s+\d{{1,5}}(?:\s?[a-zA-Z]\b|\s?-\s?\d+)?"
    r"|\b(?:huisnummer|nummer|nr\.?)\s*\d{1,5}[a-zA-Z]?\b",
    re.IGNORECASE,
)
_PARTICLES = r"(?:(?:van|de|der|den|ter|te|ten|el|al)\s+)*"
_TITLED = re.compile(
    r"\b(?i:meneer|mevrouw|mevr\.?|mw\.?|dhr\.?|de heer|buurman|buurvrouw|huismeester|opzichter"
    r"|consulent|wijkconsulent|beheerder|juffrouw|familie|fam\.?)\s+"
    rf"({_PARTICLES}[A-ZÀ-Þ][\w'’-]+(?:\s+{_PARTICLES}[A-ZÀ-Þ][\w'’-]+)?)"
)
_CAPITALISED = re.compile(
    r"(?<![.!?:;\n]\s)(?<=\s)([A-ZÀ-Þ][a-zà-ÿ'’-]{1,}(?:\s+[A-ZÀ-Þ][a-zà-ÿ'’-]+)*)"
)
# Capitalised words that are not a person: the sentence-starting pronoun, months, days, ...
_COMMON = {
    "ik",
    "wij",
    "we",
    "u",
    "jullie",
    "zij",
    "hij",
    "ze",
    "het",
    "de",
    "een",
    "mijn",
    "onze",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "nederland",
    "nederlands",
    "gemeente",
    "corporatie",
    "covid",
    "corona",
    "god",
    "kerst",
    "pasen",
    "ramadan",
    "wmo",
    "ggd",
    "ov",
    "cv",
}


@dataclass(frozen=True)
class Finding:
    """Something in a text that may identify a person."""

    kind: str  # email / phone / postcode / address / name
    start: int
    end: int
    text: str


def findings(text: str, known: Iterable[str] = ()) -> list[Finding]:
    """What in ``text`` may identify someone, in text order, without overlaps.

    ``known`` are capitalised words that are not names here (gemeenten, the corporation,
    neighbourhoods): they are not flagged as names.
    """
    text = text or ""
    allowed = {w.casefold() for w in _COMMON} | {w.casefold() for w in known}
    found: list[Finding] = []
    for kind, pattern in ((EMAIL, _EMAIL), (PHONE, _PHONE), (POSTCODE, _POSTCODE)):
        found += [Finding(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    found += [Finding(ADDRESS, m.start(), m.end(), m.group()) for m in _ADDRESS.finditer(text)]
    for match in _TITLED.finditer(text):
        found.append(Finding(NAME, match.start(1), match.end(1), match.group(1)))
    for match in _CAPITALISED.finditer(text):
        words = match.group(1).split()
        if all(w.casefold() in allowed for w in words):
            continue
        found.append(Finding(NAME, match.start(1), match.end(1), match.group(1)))
    return _without_overlaps(found)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Keep the first-starting, then longest finding where findings overlap."""
    kept: list[Finding] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def redact(text: str, known: Iterable[str] = ()) -> str:
    """The text with every finding replaced by its placeholder (a proposal for the quote)."""
    text = text or ""
    out, position = [], 0
    for item in findings(text, known):
        out += [text[position : item.start], PLACEHOLDERS[item.kind]]
        position = item.end
    out.append(text[position:])
    return "".join(out)


def parts(text: str, known: Iterable[str] = ()) -> list[tuple[str, str | None]]:
    """The text cut into (piece, kind) with kind None between findings, for marking on a page."""
    text = text or ""
    out, position = [], 0
    for item in findings(text, known):
        if item.start > position:
            out.append((text[position : item.start], None))
        out.append((item.text, item.kind))
        position = item.end
    if position < len(text):
        out.append((text[position:], None))
    return out

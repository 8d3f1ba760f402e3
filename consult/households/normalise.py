"""Turning the cells of a corporation's export into clean register values.

Every function takes the text of one cell and returns the clean value, or None when the
text cannot be understood; the importer turns None into a message with the line number.
"""

import re
import unicodedata
from collections.abc import Iterable

from consult.households.models import AGE_BANDS, HOUSEHOLD_TYPES

FORMULA_CHARACTERS = frozenset("=+-@\t\r")  # a cell starting with one runs as a formula

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")
_HOUSE_NUMBER = re.compile(r"^(\d{1,5})(?:\s*[-/]\s*|\s+)?(.*)$")
_SUFFIX = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9 .\-/]{0,18}[A-Za-z0-9.])?$")
_CBS_CODE = re.compile(r"^(?:GM)?\s*0*(\d{1,4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-\d{1,2}-\d{1,2}(?:[T ][\d:.]+)?$")
_DUTCH_DATE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.](\d{4})(?:\s+[\d:.]+)?$")

# (lowest, highest) age of every band in AGE_BANDS
BAND_RANGES = {"<35": (0, 34), "35-54": (35, 54), "55-64": (55, 64), "65-74": (65, 74)}
BAND_RANGES["75+"] = (75, 200)
assert tuple(BAND_RANGES) == AGE_BANDS

_HOUSEHOLD_LABELS = {
    "alleenstaand": (
        "alleenstaand alleenstaande alleen alleenwonend eenpersoons eenpersoonshuishouden "
        "1persoon 1persoons 1persoonshuishouden eenpersoon single singleperson"
    ),
    "paar": (
        "paar paarzonderkinderen paarzonderkind echtpaar stel samenwonend samenwonenden "
        "tweepersoons tweepersoonshuishouden 2persoons 2persoonshuishouden gehuwd "
        "gehuwdzonderkinderen meerpersoonszonderkinderen couple"
    ),
    "gezin": (
        "gezin gezinmetkinderen gezinmetkind paarmetkinderen paarmetkind tweeoudergezin "
        "meerpersoonsmetkinderen samenwonendmetkinderen gehuwdmetkinderen family"
    ),
    "eenoudergezin": (
        "eenoudergezin eenouder eenouderhuishouden 1oudergezin alleenstaandeouder "
        "alleenstaandeoudermetkinderen alleenstaandemetkinderen alleenstaandemetkind "
        "singleparent"
    ),
    "overig": (
        "overig overige anders woongroep meerpersoonshuishouden meerpersoons "
        "overigmeerpersoons other"
    ),
}
HOUSEHOLD_LABELS = {
    label: kind for kind, labels in _HOUSEHOLD_LABELS.items() for label in labels.split()
}
UNKNOWN_LABELS = {"", "onbekend", "nvt", "nb", "geenopgave", "unknown", "0"}
assert set(HOUSEHOLD_LABELS.values()) == set(HOUSEHOLD_TYPES)


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet would treat this text as a formula (it is stored as plain text)."""
    return bool(value) and value[0] in FORMULA_CHARACTERS


def simple_key(value: str) -> str:
    """Lower case letters and digits only, accents removed: for tolerant comparison."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def normalise_postcode(value: str) -> str | None:
    """'1234ab', '1234 AB' → '1234 AB'; None when it is not a valid Dutch postcode."""
    match = _POSTCODE.match(value.strip())
    if not match:
        return None
    letters = match.group(2).upper()
    if letters in {"SA", "SD", "SS"}:  # never issued in the Netherlands
        return None
    return f"{match.group(1)} {letters}"


def split_house_number(value: str, suffix: str = "") -> tuple[int, str | None] | None:
    """'12a', '12-2', '12 bis' (or '12' plus a separate suffix) → (12, 'A' / '2' / 'bis')."""
    match = _HOUSE_NUMBER.match(value.strip())
    if not match or int(match.group(1)) == 0:
        return None
    number, inline = int(match.group(1)), match.group(2).strip()
    extra = suffix.strip().lstrip("-/ ").strip()
    if inline and extra and simple_key(inline) != simple_key(extra):
        inline = f"{inline} {extra}"
    elif extra:
        inline = extra
    if not inline:
        return number, None
    if not _SUFFIX.match(inline):
        return None
    return number, inline.upper() if len(inline) == 1 else inline


def normalise_cbs_code(value: str) -> str | None:
    """'GM0123', 'gm 123', '0123', '123' → 'GM0123'; None when it is not a code."""
    match = _CBS_CODE.match(value.strip())
    if not match:
        return None
    return f"GM{int(match.group(1)):04d}"


def parse_birth_year(value: str) -> int | None:
    """A year of birth from '1950', '12-03-1950' or '1950-03-12'; None when not understood."""
    value = value.strip()
    for pattern in (_YEAR, _ISO_DATE, _DUTCH_DATE):
        match = pattern.match(value)
        if match:
            return int(match.group(1))
    return None


def age_band_for_birth_year(birth_year: int, this_year: int) -> str:
    """The band of AGE_BANDS that the main tenant is in this year."""
    age = this_year - birth_year
    for band, (low, high) in BAND_RANGES.items():
        if low <= age <= high:
            return band
    return AGE_BANDS[0] if age < 0 else AGE_BANDS[-1]


def _age_range(label: str) -> tuple[int, int] | None:
    text = label.lower().replace("–", "-").replace("—", "-").replace("t/m", "-")
    text = re.sub(r"\b(jaar|jr|years?)\b\.?", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) == 2 and re.fullmatch(r"(van )?\d+ ?(-|tot en met|tot|to) ?\d+", text):
        low, high = numbers
        return (
            (low, high - 1) if " tot " in f" {text} " and "tot en met" not in text else (low, high)
        )
    if len(numbers) != 1:
        return None
    n = numbers[0]
    if re.fullmatch(r"\d+", text):
        return n, n
    if re.fullmatch(r"\d+ ?(\+|en ouder|of ouder|and older|plus|en meer)", text) or re.fullmatch(
        r"(>=|≥|vanaf|from) ?\d+", text
    ):
        return n, 200
    if re.fullmatch(r"(<|jonger dan|tot|onder|under) ?\d+", text):
        return 0, n - 1
    if re.fullmatch(r"(<=|≤|t/m|tot en met) ?\d+", text):
        return 0, n
    if re.fullmatch(r"(>|ouder dan|boven|over) ?\d+", text):
        return n + 1, 200
    return None


def parse_age_band(value: str) -> str | None:
    """An age class of the export ('<35', '35 t/m 54', '75 jaar en ouder', '67') as a band."""
    compact = value.strip().replace(" ", "")
    if compact in AGE_BANDS:
        return compact
    span = _age_range(value)
    if span is None:
        return None
    for band, (low, high) in BAND_RANGES.items():
        if low <= span[0] and span[1] <= high:
            return band
    return None


def parse_household_type(value: str) -> tuple[str | None, bool]:
    """(type from HOUSEHOLD_TYPES or None, whether the label was understood)."""
    key = simple_key(value)
    if key in UNKNOWN_LABELS:
        return None, True
    kind = HOUSEHOLD_LABELS.get(key)
    return kind, kind is not None


class GemeenteLookup:
    """Finds a gemeente by name, earlier name (before a merger) or CBS code, tolerantly."""

    def __init__(self, gemeenten: Iterable[tuple[int, str, str, list[str]]]):
        self._by_code: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        former: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for gemeente_id, name, cbs_code, former_names in gemeenten:
            self.names[gemeente_id] = name
            self._by_code[cbs_code.upper()] = gemeente_id
            self._by_name[_name_key(name)] = gemeente_id
            for old in former_names:
                former.setdefault(_name_key(old), gemeente_id)
        for key, gemeente_id in former.items():
            self._by_name.setdefault(key, gemeente_id)  # a current name wins over an old one

    def by_code(self, value: str) -> int | None:
        """The gemeente with this CBS code, or None."""
        code = normalise_cbs_code(value)
        return self._by_code.get(code) if code else None

    def by_name(self, value: str) -> int | None:
        """The gemeente with this (current or former) name, or None."""
        return self._by_name.get(_name_key(value))

    def resolve(self, value: str) -> int | None:
        """A name or a CBS code, as found in a 'gemeente' column."""
        if _CBS_CODE.match(value.strip()):
            return self.by_code(value)
        return self.by_name(value)


def _name_key(name: str) -> str:
    key = simple_key(name.replace("’", "'"))
    return key.removeprefix("gemeente") or key

"""Checking one row of a household file against the column mapping."""

from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from consult.households import normalise as norm
from consult.households.mapping import ADDRESS_FIELDS, LABELS_BY_KEY
from consult.households.report import ImportReport
from consult.text import is_storable

MAX_LENGTH = {
    "contract": 64,
    "kern": 120,
    "wijk": 120,
    "complex": 40,
    "addressee": 200,
    "street": 200,
    "city": 120,
}


def _shown(value: str, limit: int = 60) -> str:
    """A cell value as quoted in a message: long values cut short."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Address(NamedTuple):
    """A mailing address as stored in MailingAddress."""

    addressee: str | None
    street: str
    house_number: int
    house_number_suffix: str | None
    postcode: str
    city: str


class Record(NamedTuple):
    """One clean household row."""

    gemeente_id: int
    external_ref: str
    kern: str | None
    wijk: str | None
    complex_code: str | None
    birth_year: int | None
    age_band: str | None
    household_type: str | None
    address: Address | None


class RowChecker:
    """Turns a row into a Record, or adds the reasons it cannot be used to the report."""

    def __init__(self, mapping: dict[str, str], lookup: norm.GemeenteLookup, this_year: int):
        self.mapping = mapping
        self.lookup = lookup
        self.this_year = this_year
        self.stores_addresses = all(k in mapping for k in ADDRESS_FIELDS)
        self._columns = list(mapping.items())
        self._limits = [(k, h, MAX_LENGTH[k]) for k, h in mapping.items() if k in MAX_LENGTH]
        # free-text cells are stored as written; the others are parsed and so never a formula
        self._verbatim = [(k, h) for k, h in mapping.items() if k in MAX_LENGTH]
        # few distinct values, many rows: parse each value once
        self._gemeente_cache: dict[tuple[str, str], object] = {}
        self._age_cache: dict[tuple[str, str], tuple] = {}
        self._type_cache: dict[str, tuple[str | None, bool]] = {}

    def check(self, line_no: int, row: dict[str, str], report: ImportReport) -> Record | None:
        """The clean record, or None after adding every problem of the row to the report.

        Cells that a spreadsheet would run as a formula are noted; they stay plain text.
        """
        cells = {key: row[header] for key, header in self._columns}
        problems: list = []
        for key, header, limit in self._limits:
            if len(cells[key]) > limit:
                problems.append(
                    _l("%(column)s is too long (at most %(n)d characters).", column=header, n=limit)
                )
                cells[key] = ""
        for key, header in self._verbatim:
            value = cells[key]
            if not is_storable(value):
                problems.append(
                    _l(
                        "%(column)s contains an invisible character that cannot be stored. "
                        "Remove it in the file and import it again.",
                        column=header,
                    )
                )
                cells[key] = ""
            elif value and value[0] in norm.FORMULA_CHARACTERS:
                report.add_formula(line_no, header, value)
        gemeente_id = self._gemeente(cells, problems)
        postcode, number = self._postcode_and_number(cells, problems)
        ref = self._reference(cells, postcode, number, problems)
        birth_year, age_band = self._age(cells, problems)
        household_type = self._household_type(cells, report)
        address = self._address(cells, postcode, number, problems)
        if problems:
            report.add_error(line_no, *problems)
            return None
        get = cells.get
        return Record(
            gemeente_id,
            ref,
            get("kern") or None,
            get("wijk") or None,
            get("complex") or None,
            birth_year,
            age_band,
            household_type,
            address,
        )

    def _gemeente(self, cells: dict[str, str], problems: list) -> int | None:
        name, code = cells.get("gemeente", ""), cells.get("cbs_code", "")
        if not name and not code:
            problems.append(_l("The gemeente is empty."))
            return None
        cached = self._gemeente_cache.get((name, code))
        if cached is None:
            cached = self._find_gemeente(name, code)
            self._gemeente_cache[(name, code)] = cached
        if isinstance(cached, int):
            return cached
        problems.append(cached)
        return None

    def _find_gemeente(self, name: str, code: str):
        by_code = self.lookup.by_code(code) if code else None
        if code and by_code is None:
            return _l("Unknown CBS code '%(value)s'.", value=_shown(code))
        by_name = self.lookup.resolve(name) if name else None
        if name and by_name is None:
            return _l(
                "Unknown gemeente '%(value)s'. Check the spelling, or ask an administrator "
                "to add this gemeente first.",
                value=_shown(name),
            )
        if by_code and by_name and by_code != by_name:
            return _l(
                "Gemeente '%(name)s' and CBS code '%(code)s' belong to different gemeenten.",
                name=_shown(name),
                code=_shown(code),
            )
        return by_code or by_name

    def _postcode_and_number(self, cells, problems) -> tuple[str | None, tuple | None]:
        postcode = number = None
        raw_postcode = cells.get("postcode", "")
        if raw_postcode:
            postcode = norm.normalise_postcode(raw_postcode)
            if postcode is None:
                problems.append(
                    _l(
                        "Postcode '%(value)s' is not a valid Dutch postcode (such as 1234 AB).",
                        value=_shown(raw_postcode),
                    )
                )
        raw_number = cells.get("house_number", "")
        if raw_number:
            number = norm.split_house_number(raw_number, cells.get("suffix", ""))
            if number is None:
                problems.append(
                    _l(
                        "House number '%(value)s' is not understood (such as 12, 12a or 12-2).",
                        value=_shown(" ".join(filter(None, (raw_number, cells.get("suffix", ""))))),
                    )
                )
        return postcode, number

    def _reference(self, cells, postcode, number, problems) -> str | None:
        contract = cells.get("contract", "")
        if contract:
            return contract
        if postcode and number:
            suffix = f"-{number[1].upper()}" if number[1] else ""
            return f"{postcode.replace(' ', '')}-{number[0]}{suffix}"
        if cells.get("postcode") and cells.get("house_number"):
            return None  # already reported as not valid
        if "contract" in self.mapping:
            problems.append(_l("The contract number is empty."))
        elif not self.stores_addresses:  # otherwise the address check names the empty cell
            problems.append(_l("The postcode or the house number is empty."))
        return None

    def _age(self, cells, problems) -> tuple[int | None, str | None]:
        key = (cells.get("birth_year", ""), cells.get("age_band", ""))
        cached = self._age_cache.get(key)
        if cached is None:
            cached = self._age_cache[key] = self._parse_age(*key)
        year, band, problem = cached
        if problem is not None:
            problems.append(problem)
        return year, band

    def _parse_age(self, raw_year: str, raw_band: str) -> tuple:
        """(birth year, age band, problem): a year of birth wins over an age band."""
        if raw_year:
            year = norm.parse_birth_year(raw_year)
            if year is None:
                return (
                    None,
                    None,
                    _l(
                        "Year of birth '%(value)s' is not understood (such as 1950).",
                        value=_shown(raw_year),
                    ),
                )
            if not 1890 <= year <= self.this_year - 16:
                return None, None, _l("Year of birth %(value)s is not possible.", value=year)
            return year, norm.age_band_for_birth_year(year, self.this_year), None
        if raw_band:
            band = norm.parse_age_band(raw_band)
            if band is None:
                return (
                    None,
                    None,
                    _l(
                        "Age band '%(value)s' does not fit the bands used here (%(bands)s).",
                        value=_shown(raw_band),
                        bands=", ".join(norm.BAND_RANGES),
                    ),
                )
            return None, band, None
        return None, None, None

    def _household_type(self, cells, report: ImportReport) -> str | None:
        raw = cells.get("household_type", "")
        if not raw:
            return None
        cached = self._type_cache.get(raw)
        if cached is None:
            cached = self._type_cache[raw] = norm.parse_household_type(raw)
        kind, understood = cached
        if not understood:
            report.unknown_household_types[raw[:40]] += 1
        return kind

    def _address(self, cells, postcode, number, problems) -> Address | None:
        if not self.stores_addresses:
            return None
        missing = [k for k in ADDRESS_FIELDS if not cells.get(k)]
        for key in missing:
            problems.append(_l("%(field)s is empty.", field=LABELS_BY_KEY[key]))
        if missing or postcode is None or number is None:
            return None
        return Address(
            cells.get("addressee") or None,
            cells["street"],
            number[0],
            number[1],
            postcode,
            cells["city"],
        )

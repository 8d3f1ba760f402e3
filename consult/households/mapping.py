"""The register fields a column can be mapped to, guessing the mapping from Dutch headers."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from consult.households.normalise import simple_key


@dataclass(frozen=True)
class ImportField:
    """One register field with the column names corporations use for it."""

    key: str
    label: str
    hint: str
    synonyms: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(simple_key(word) for word in text.split("|"))


FIELDS = (
    ImportField(
        "gemeente",
        _l("Gemeente"),
        _l("Name or CBS code of the gemeente."),
        _words(
            "gemeente|gemeentenaam|naam gemeente|woonplaats-gemeente|woonplaatsgemeente|gem|"
            "gemeente naam|municipality"
        ),
    ),
    ImportField(
        "cbs_code",
        _l("CBS code of the gemeente"),
        _l("Such as GM1721, 1721 or 0200."),
        _words("cbs-code|cbs code|cbs|gemeentecode|cbs gemeentecode|gm-code|gemeente code|code"),
    ),
    ImportField(
        "contract",
        _l("Contract number"),
        _l("Rental contract or rental unit (VHE). One household per contract."),
        _words(
            "contractnummer|contract nr|contractnr|huurcontract|huurcontractnummer|contract|"
            "vhe|vhe-nummer|vhe nr|vhenr|eenheid|eenheidnummer|eenheidnr|verhuureenheid|"
            "huurovereenkomst|ovk-nummer|ovknummer|contract id"
        ),
    ),
    ImportField("kern", _l("Kern"), _l("Village or town."), _words("kern|woonkern|plaats|dorp")),
    ImportField(
        "wijk",
        _l("Wijk or buurt"),
        _l("Neighbourhood."),
        _words("wijk|buurt|wijknaam|buurtnaam|wijk/buurt|wijk en buurt"),
    ),
    ImportField(
        "complex",
        _l("Complex"),
        _l("The corporation's complex number."),
        _words("complex|complexnummer|complexnr|complex nr|complexcode|complex id"),
    ),
    ImportField(
        "birth_year",
        _l("Year of birth"),
        _l("Of the main tenant; the age band is worked out from it."),
        _words(
            "geboortejaar|geb.jaar|gebjaar|geboortejaar hoofdhuurder|geboortedatum|"
            "geb.datum|geboortedatum hoofdhuurder|year of birth"
        ),
    ),
    ImportField(
        "age_band",
        _l("Age band"),
        _l("Such as '55-64' or '75 en ouder'; used when there is no year of birth."),
        _words(
            "leeftijdsklasse|leeftijdscategorie|leeftijdsgroep|leeftijd|leeftijdklasse|"
            "leeftijd hoofdhuurder|age band"
        ),
    ),
    ImportField(
        "household_type",
        _l("Household type"),
        _l("Such as alleenstaand, paar, gezin met kinderen, eenoudergezin."),
        _words(
            "huishoudtype|huishoudenstype|type huishouden|samenstelling|"
            "huishoudsamenstelling|samenstelling huishouden|gezinssamenstelling|huishouden"
        ),
    ),
    ImportField(
        "addressee",
        _l("Name on the letter"),
        _l("Tenant name as printed on the letter."),
        _words("tenaamstelling|naam|naam huurder|huurder|naam hoofdhuurder|aanhef|addressee"),
    ),
    ImportField(
        "street", _l("Street"), "", _words("straat|straatnaam|adres straat|street|openbare ruimte")
    ),
    ImportField(
        "house_number",
        _l("House number"),
        _l("Additions such as 12a or 12-2 in the same cell are understood."),
        _words("huisnummer|huisnr|huisnr.|nummer|nr|house number"),
    ),
    ImportField(
        "suffix",
        _l("House number addition"),
        "",
        _words(
            "toevoeging|huisletter|huisnummertoevoeging|huisnr toevoeging|toev|letter|"
            "huisnummer toevoeging|toevoeging huisnummer"
        ),
    ),
    ImportField("postcode", _l("Postcode"), "", _words("postcode|pc|post code|postcd")),
    ImportField(
        "city",
        _l("Place of residence (for the letter)"),
        "",
        _words("woonplaats|plaatsnaam|postplaats|woonplaatsnaam|city"),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
LABELS_BY_KEY = {f.key: f.label for f in FIELDS}
ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Field key → header for every field whose usual Dutch column name is in the file."""
    keys = {header: simple_key(header) for header in headers}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for exact in (True, False):
        for field in FIELDS:
            if field.key in mapping:
                continue
            for header, key in keys.items():
                if header in used or not key:
                    continue
                if key in field.synonyms or (
                    not exact and any(len(s) >= 5 and key.startswith(s) for s in field.synonyms)
                ):
                    mapping[field.key] = header
                    used.add(header)
                    break
    return mapping


def mapping_fits(columns: dict[str, str], headers: list[str]) -> int:
    """How many mapped columns of a saved mapping are in the file; 0 when any is missing."""
    wanted = [h for k, h in columns.items() if k in FIELD_KEYS and h]
    present = set(headers)
    if not wanted or any(h not in present for h in wanted):
        return 0
    return len(wanted)


def clean_mapping(columns: dict[str, str | None]) -> dict[str, str]:
    """Only known fields with a chosen column."""
    return {k: v for k, v in columns.items() if k in FIELD_KEYS and v}


@dataclass
class ColumnChoice:
    """The register fields chosen per column, resolved into one column per field."""

    mapping: dict[str, str]
    moved: list[tuple[str, str, str]]  # (field key, from column, to column)
    clashes: dict[str, list[str]]  # field key → the columns that all still claim it


def assign_columns(headers: list[str], chosen: list[str], before: list[str]) -> ColumnChoice:
    """Field → column from the field chosen at each column (``""``: not used).

    ``before`` holds each column's field as the page showed it. When two columns name the same
    field and only one of them was changed, the field moves to the changed column and the other
    column is no longer used, so a wrong guess is put right with one choice. Two changed columns
    naming one field are a clash the user must settle.
    """
    claims: dict[str, list[int]] = {}
    for index, key in enumerate(chosen):
        if key in FIELD_KEYS:
            claims.setdefault(key, []).append(index)
    result = ColumnChoice({}, [], {})
    for key, columns in claims.items():
        changed = [i for i in columns if i >= len(before) or before[i] != key]
        if len(columns) > 1 and len(changed) != 1:
            result.clashes[key] = [headers[i] for i in columns]
            continue
        winner = changed[0] if len(columns) > 1 else columns[0]
        result.mapping[key] = headers[winner]
        result.moved += [(key, headers[i], headers[winner]) for i in columns if i != winner]
    return result

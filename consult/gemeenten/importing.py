"""Importing gemeenten from a CSV file: all rows or none, with line-numbered problems.

Columns: naam;cbs_code;werkgebied;huurdersorganisatie;huurwoningen;corporaties;vroegere_namen
(only naam and cbs_code are required). Separated by ';' or ','; UTF-8 with or without BOM,
or Windows-1252 as older Excel versions save it. Rows are matched on CBS code: a known code
updates that gemeente, a new code adds one. Corporations not yet known are created.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from consult.audit.operations import record_event
from consult.extensions import db
from consult.gemeenten import operations
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.gemeenten.operations import GemeenteData, GemeenteError
from consult.text import UNSTORABLE_MESSAGE, is_storable

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = (
    "naam",
    "cbs_code",
    "werkgebied",
    "huurdersorganisatie",
    "huurwoningen",
    "corporaties",
    "vroegere_namen",
)
_ALIASES = {
    "gemeente": "naam",
    "gemeentenaam": "naam",
    "name": "naam",
    "cbscode": "cbs_code",
    "code": "cbs_code",
    "gemeentecode": "cbs_code",
    "ho": "huurdersorganisatie",
    "aantal_huurwoningen": "huurwoningen",
    "rental_homes": "huurwoningen",
    "corporatie": "corporaties",
    "corporations": "corporaties",
    "vroegere_naam": "vroegere_namen",
    "former_names": "vroegere_namen",
}
_WERKGEBIED = {
    "kern": Werkgebied.KERN,
    "kerngebied": Werkgebied.KERN,
    "kernwerkgebied": Werkgebied.KERN,
    "core": Werkgebied.KERN,
    "aan": Werkgebied.AAN,
    "aangebied": Werkgebied.AAN,
    "overig": Werkgebied.OVERIG,
    "overiggebied": Werkgebied.OVERIG,
    "verkoopgebied": Werkgebied.OVERIG,
    "other": Werkgebied.OVERIG,
}
_LIST_SEPARATORS = re.compile(r"[,|\n]")


class ImportFileError(Exception):
    """The file cannot be imported; ``problems`` lists (line number or None, message)."""

    def __init__(self, problems: list[tuple[int | None, str]]):
        super().__init__("; ".join(m for _line, m in problems[:3]))
        self.problems = problems


@dataclass
class ImportResult:
    """What an import changed."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    new_corporations: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    data: GemeenteData
    present: set[str]
    corporations: list[str]


def decode_csv(content: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252."""
    if content[:4] == b"PK\x03\x04" or content[:4] == b"\xd0\xcf\x11\xe0":
        raise ImportFileError([(None, _("This is an Excel file. Save it as CSV and try again."))])
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError([(None, _("The file is too large for a list of gemeenten."))])
    if b"\x00" in content:
        raise ImportFileError(
            [(None, _("This is not a CSV text file. Save it as CSV (UTF-8) and try again."))]
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            [(None, _("The characters in this file cannot be read. Save it as CSV (UTF-8)."))]
        ) from None


def import_gemeenten(content: bytes, *, by=None, source: str | None = None) -> ImportResult:
    """Add or update every gemeente in the file, or change nothing and raise ImportFileError."""
    rows, ignored = _parse(decode_csv(content))
    _check_names(rows)
    result = ImportResult(ignored_columns=ignored)
    try:
        with db.session.begin_nested(), db.session.no_autoflush:
            corporations = _corporations_by_name(rows, result)
            for row in rows:
                _apply(row, corporations, result)
    except IntegrityError:
        raise ImportFileError(
            [(None, _("Someone changed the gemeenten at the same time. Try the import again."))]
        ) from None
    record_event(
        "gemeente.import",
        actor=by,
        file=source,
        created=len(result.created),
        updated=len(result.updated),
        unchanged=result.unchanged,
        new_corporations=len(result.new_corporations),
    )
    log.info("gemeenten import: %d new, %d changed", len(result.created), len(result.updated))
    return result


MAX_FIELD = 10_000  # no cell of a gemeenten list comes near; the csv limit is process-wide


def _parse(text: str) -> tuple[list[_Row], list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _read_rows(reader)
    except csv.Error:
        raise ImportFileError(
            [(reader.line_num or None, _("This line cannot be read as CSV. Check the quotes."))]
        ) from None


def _read_rows(reader) -> tuple[list[_Row], list[str]]:
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError([(None, _("The file is empty."))])
    columns, ignored = _columns(header)
    rows: list[_Row] = []
    problems: list[tuple[int | None, str]] = []
    codes: dict[str, int] = {}
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if max(map(len, cells)) > MAX_FIELD:
            raise csv.Error("field larger than a gemeente's")  # an unclosed quote, usually
        line = reader.line_num
        if len(rows) + len(problems) >= MAX_ROWS:
            raise ImportFileError([(line, _("The file has more than %(n)d rows.", n=MAX_ROWS))])
        try:
            row = _row(line, columns, cells, len(header))
            _check_not_twice(row, codes)
        except GemeenteError as exc:
            problems.append((line, str(exc)))
            continue
        rows.append(row)
    if problems:
        raise ImportFileError(problems)
    if not rows:
        raise ImportFileError([(None, _("The file has a header but no gemeenten."))])
    return rows, ignored


def _check_not_twice(row: _Row, codes: dict[str, int]) -> None:
    """Each CBS code once per file; remembers the line of the first."""
    code = row.data.cbs_code
    if code in codes:
        raise GemeenteError(
            _("CBS code %(code)s is also on line %(line)d.", code=code, line=codes[code])
        )
    codes[code] = row.line


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        key = re.sub(r"[\s\-]+", "_", raw.strip().lower())
        key = _ALIASES.get(key, key)
        if key in COLUMNS and key not in columns:
            columns[key] = index
        elif raw.strip():
            ignored.append(raw.strip())
    missing = [c for c in ("naam", "cbs_code") if c not in columns]
    if missing:
        raise ImportFileError(
            [
                (
                    1,
                    _(
                        "The first line must name the columns; missing: %(columns)s. "
                        "Expected: %(expected)s.",
                        columns=", ".join(missing),
                        expected=";".join(COLUMNS),
                    ),
                )
            ]
        )
    return columns, ignored


def _row(line: int, columns: dict[str, int], cells: list[str], width: int) -> _Row:
    """One checked row; raises GemeenteError naming every problem of the row."""

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems: list[str] = []

    def checked(column: str, parse, default=None):
        try:
            return parse(cell(column))
        except GemeenteError as exc:
            problems.append(f"{column}: {exc}")
            return default

    present = set(columns)
    if any(c.strip() for c in cells[width:]):
        problems.append(_("This line has more columns than the first line."))
    for column, index in columns.items():
        if index < len(cells) and not is_storable(cells[index]):
            problems.append(f"{column}: {UNSTORABLE_MESSAGE}")
    data = GemeenteData(
        name=checked("naam", operations.clean_name, ""),
        cbs_code=checked("cbs_code", operations.normalise_cbs_code, ""),
        werkgebied=checked("werkgebied", parse_werkgebied, Werkgebied.KERN)
        if "werkgebied" in present
        else Werkgebied.KERN,
        huurdersorganisatie=checked("huurdersorganisatie", operations.clean_huurdersorganisatie),
        rental_homes=checked("huurwoningen", operations.parse_rental_homes),
        former_names=operations.parse_name_list(cell("vroegere_namen"), _LIST_SEPARATORS),
    )
    corporations = operations.parse_name_list(cell("corporaties"), _LIST_SEPARATORS)
    for name in corporations:
        checked("corporaties", lambda _v, n=name: operations.clean_name(n))
    if problems:
        raise GemeenteError(" ".join(problems))
    return _Row(line=line, data=data, present=present, corporations=corporations)


def parse_werkgebied(raw: str) -> Werkgebied:
    """'kern', 'AAN', 'overig' (and longer forms such as 'kernwerkgebied') as a work area."""
    key = re.sub(r"[\s\-_]+", "", raw.lower())
    try:
        return _WERKGEBIED[key]
    except KeyError:
        raise GemeenteError(
            _("Fill in the work area as kern, AAN or overig, not '%(value)s'.", value=raw),
            "werkgebied",
        ) from None


def _check_names(rows: list[_Row]) -> None:
    proposed = {}
    for row in rows:
        former = row.data.former_names
        if "vroegere_namen" not in row.present:
            existing = _existing(row.data.cbs_code)
            former = existing.former_name_list if existing else []
        proposed[row.data.cbs_code] = (row.data.name, former)
    conflicts = operations.name_conflicts(proposed)
    problems = [
        (row.line, conflicts[row.data.cbs_code]) for row in rows if row.data.cbs_code in conflicts
    ]
    if problems:
        raise ImportFileError(problems)


def _existing(code: str) -> Gemeente | None:
    return db.session.scalar(db.select(Gemeente).where(Gemeente.cbs_code == code))


def _corporations_by_name(rows: list[_Row], result: ImportResult) -> dict[str, Corporation]:
    wanted: dict[str, str] = {}
    for row in rows:
        for name in row.corporations:
            wanted.setdefault(name.lower(), name)  # the first spelling in the file wins
    found: dict[str, Corporation] = {}
    for key, name in wanted.items():
        corporation = operations.find_corporation(name)
        if corporation is None:
            corporation = Corporation(name=name)
            db.session.add(corporation)
            result.new_corporations.append(name)
        found[key] = corporation
    return found


def _apply(row: _Row, corporations: dict[str, Corporation], result: ImportResult) -> None:
    gemeente = _existing(row.data.cbs_code)
    if gemeente is None:
        gemeente = Gemeente(cbs_code=row.data.cbs_code, corporations=[])
        db.session.add(gemeente)
        result.created.append(row.data.name)
    data = row.data
    if gemeente.id is not None:  # an update leaves the columns that are not in the file alone
        data = _keep_missing_columns(gemeente, row)
    changed = operations.apply_gemeente_data(gemeente, data)
    if "corporaties" in row.present:
        wanted = sorted({corporations[n.lower()] for n in row.corporations}, key=lambda c: c.name)
        if {id(c) for c in wanted} != {id(c) for c in gemeente.corporations}:
            gemeente.corporations = wanted
            changed.append("corporations")
    if gemeente.id is not None:
        if changed:
            result.updated.append(gemeente.name)
        else:
            result.unchanged += 1


def _keep_missing_columns(gemeente: Gemeente, row: _Row) -> GemeenteData:
    present, data = row.present, row.data
    return GemeenteData(
        name=data.name,
        cbs_code=data.cbs_code,
        werkgebied=data.werkgebied if "werkgebied" in present else gemeente.werkgebied,
        huurdersorganisatie=data.huurdersorganisatie
        if "huurdersorganisatie" in present
        else gemeente.huurdersorganisatie,
        rental_homes=data.rental_homes if "huurwoningen" in present else gemeente.rental_homes,
        former_names=data.former_names
        if "vroegere_namen" in present
        else gemeente.former_name_list,
    )

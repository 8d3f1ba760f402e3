"""Streaming reader for household files: CSV in Dutch Excel dialects, or XLSX.

A file is read row by row and never held in memory as a whole. ``open_table`` checks the
file (empty, binary, legacy Excel, no header row, an XLSX that unpacks to far too much) and
returns a ``Table`` whose ``rows()`` yields ``(line_no, {header: text})`` with the line numbers
Excel shows (the header is line 1 when it is the first row). Formulas are returned as their
text, never evaluated. Rows and columns are counted while reading and bounded by ``Limits``.

Encoding of a CSV file: a byte order mark decides; otherwise every line with letters outside
ASCII is tried as UTF-8. When all are valid the file is UTF-8, when none is it is Windows-1252,
and when some are and some are not the larger group decides (UTF-8 on a tie) and the lines of
the other group are named as lines that cannot be read (``Table.misread``), instead of the
whole file turning into wrong letters.
"""

import codecs
import csv
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from consult.spreadsheet import unpacking_problem

SNIFF_BYTES = 64 * 1024
DELIMITERS = (";", "\t", ",", "|")
CSV_FIELD_LIMIT = 1024 * 1024
_SEP_LINE = re.compile(r"^sep=(.)$")

_IMAGE_OR_PDF = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DATA_LIKE = re.compile(
    r"^(?:[-+]?\d+(?:[.,]\d+)?|[1-9]\d{3}\s?[A-Za-z]{2}|\d{1,4}[-/]\d{1,2}[-/]\d{1,4})$"
)


class ReaderError(Exception):
    """The file cannot be read as a table; the message says why, fit for the user."""


@dataclass(frozen=True)
class Limits:
    """How much a household file may hold; sized well above 100 000 households."""

    max_unpacked_mb: int = 200  # an XLSX's members together, unpacked
    max_ratio: int = 100  # unpacked / packed size of one member above 1 MB
    max_members: int = 1000
    max_rows: int = 250_000
    max_columns: int = 100

    @classmethod
    def from_config(cls) -> "Limits":
        """The limits set in the app's configuration, or the defaults outside an app."""
        if not has_app_context():
            return cls()
        config = current_app.config
        default = cls()
        return cls(
            max_unpacked_mb=config.get("HOUSEHOLD_XLSX_MAX_MB", default.max_unpacked_mb),
            max_ratio=config.get("HOUSEHOLD_XLSX_MAX_RATIO", default.max_ratio),
            max_members=default.max_members,
            max_rows=config.get("HOUSEHOLD_MAX_ROWS", default.max_rows),
            max_columns=config.get("HOUSEHOLD_MAX_COLUMNS", default.max_columns),
        )


@dataclass
class Table:
    """An opened household file: its kind, encoding, delimiter and header row."""

    path: Path
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    header_line: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    blank_rows: int = field(default=0)
    limits: Limits = field(default_factory=Limits)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield every non-blank data row after the header as (line number, values by header)."""
        self.blank_rows = 0
        headers = self.headers
        width = len(headers)
        for line_no, values in _raw_rows(self):
            if line_no <= self.header_line:
                continue
            if not any(values):
                self.blank_rows += 1
                continue
            if len(values) < width:
                values = values + [""] * (width - len(values))
            yield line_no, dict(zip(headers, values, strict=False))

    def misread(self, row: dict[str, str]) -> str | None:
        """Why a CSV row was not valid in the file's encoding (a message), or None."""
        if self.kind != "csv":
            return None
        for value in row.values():
            if value.isascii():
                continue
            if "\ufffd" in value:
                return str(_misread_message(self.encoding, value))
            if self.encoding == "cp1252" and _is_utf8_misread(value):
                return str(
                    _l(
                        "This line is in UTF-8, the rest of the file in Windows-1252, so its "
                        "letters would come out wrong (%(value)s). Save the whole file again "
                        "as 'CSV UTF-8' and upload that.",
                        value=value[:60],
                    )
                )
        return None

    def first_row(self) -> dict[str, str]:
        """The first data row (for showing an example next to each column), or empty."""
        for _line, row in self.rows():
            return row
        return {}


def open_table(path: str | Path, limits: Limits | None = None) -> Table:
    """Check a file and read its header row; raises ReaderError with a message for the user."""
    path = Path(path)
    limits = limits or Limits.from_config()
    kind = detect_kind(path, limits)
    table = Table(path=path, kind=kind, headers=[], header_line=0, limits=limits)
    if kind == "csv":
        table.encoding = detect_encoding(path)
        table.delimiter = detect_delimiter(path, table.encoding)
    for line_no, values in _raw_rows(table):
        if any(values):
            table.header_line = line_no
            table.headers = _header_names(values)
            break
    if not table.headers:
        raise ReaderError(_l("The file is empty: it contains no rows."))
    _check_looks_like_header(table.headers)
    return table


def detect_kind(path: Path, limits: Limits | None = None) -> str:
    """Whether the file is CSV text or an XLSX workbook; refuse anything else."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head.lstrip(codecs.BOM_UTF8).strip():
        raise ReaderError(_l("The file is empty."))
    if head.startswith(_OLE2):
        raise ReaderError(
            _l(
                "This is an old Excel file (.xls). Open it in Excel and save it as "
                "'Excel workbook (.xlsx)' or as 'CSV (semicolon separated)', then upload that file."
            )
        )
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, limits or Limits())
    if head.startswith(_IMAGE_OR_PDF):
        raise ReaderError(
            _l("This file is a PDF or a picture, not a table. Upload a CSV or XLSX file.")
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in head or _control_ratio(head) > 0.01:
        raise ReaderError(
            _l("This file is not a text file or an Excel workbook. Upload a CSV or XLSX file.")
        )
    return "csv"


def _control_ratio(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 13, 12, 26))
    return controls / max(len(data), 1)


def _zip_kind(path: Path, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReaderError(
            _l("The Excel file could not be opened; it may be damaged. Save it again and retry.")
        ) from exc
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names:
        check_unpacked_size(members, limits)
        return "xlsx"
    if "content.xml" in names:
        raise ReaderError(
            _l(
                "This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or as CSV "
                "and upload that file."
            )
        )
    raise ReaderError(
        _l("This file is a ZIP archive or a Word file, not a table. Upload a CSV or XLSX file.")
    )


def check_unpacked_size(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse a workbook that would unpack to far more than a household file can hold."""
    problem = unpacking_problem(
        members,
        max_members=limits.max_members,
        max_unpacked_mb=limits.max_unpacked_mb,
        max_ratio=limits.max_ratio,
    )
    if problem == "members":
        raise ReaderError(
            _l(
                "The Excel file consists of more than %(n)d parts. A household file is much "
                "simpler; save only the sheet with the households as a new workbook.",
                n=limits.max_members,
            )
        )
    if problem == "size":
        raise ReaderError(
            _l(
                "The Excel file unpacks to more than %(mb)d MB, far more than a household file "
                "holds. It is not read. Save only the sheet with the households, or save it "
                "as CSV, and upload that.",
                mb=limits.max_unpacked_mb,
            )
        )
    if problem == "ratio":
        raise ReaderError(
            _l(
                "The Excel file holds a part that unpacks to more than %(ratio)d times its "
                "size. Household data never does that; the file is not read. Save the "
                "households as CSV and upload that.",
                ratio=limits.max_ratio,
            )
        )


def detect_encoding(path: Path) -> str:
    """The encoding of a CSV file: its BOM, else UTF-8 or Windows-1252 by line (see above)."""
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        f.seek(0)
        valid = invalid = 0
        for line in f:
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                invalid += 1
            else:
                valid += 1
    return "cp1252" if invalid > valid else "utf-8"


def _misread_message(encoding: str | None, value: str):
    if encoding == "cp1252":
        return _l(
            "This line holds a character that Windows-1252 does not have (shown as \ufffd: "
            "%(value)s). Save the file again as 'CSV UTF-8' and upload that.",
            value=value[:60],
        )
    return _l(
        "This line holds characters that are not valid UTF-8, while the rest of the file is "
        "UTF-8 (shown as \ufffd: %(value)s). Correct the line, or save the whole file again "
        "as 'CSV UTF-8', and upload it again.",
        value=value[:60],
    )


def _is_utf8_misread(text: str) -> bool:
    """Whether Windows-1252 text is really UTF-8 bytes (such as 'CafÃ©' for 'Café')."""
    try:
        return text.encode("cp1252").decode("utf-8") != text
    except UnicodeError:
        return False


def _open_text(path: Path, encoding: str):
    # errors="replace": the few bytes undefined in Windows-1252 never stop an import.
    return path.open(encoding=encoding, errors="replace", newline="")


def detect_delimiter(path: Path, encoding: str) -> str:
    """The separator (; tab , |) that splits the first lines into the most consistent columns."""
    with _open_text(path, encoding) as f:
        sample = f.read(SNIFF_BYTES)
    lines = sample.splitlines()
    if len(sample) >= SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut off
    lines = [line for line in lines[:50] if line.strip()]
    hint = _SEP_LINE.match(lines[0]) if lines else None
    if hint:  # Excel's own "sep=;" first line
        return hint.group(1)
    best, best_score = DELIMITERS[0], None
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            continue
        same = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = (widths[0] > 1, round(same, 1), widths[0])
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def _raw_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    rows = _xlsx_rows(table) if table.kind == "xlsx" else _csv_rows(table)
    limits = table.limits
    for line_no, values in rows:
        if line_no > limits.max_rows:
            raise ReaderError(
                _l(
                    "The file has more than %(n)d rows. Split it, for example per gemeente, "
                    "and import the parts one by one.",
                    n=limits.max_rows,
                )
            )
        if len(values) > limits.max_columns:
            if any(values[limits.max_columns :]):
                raise ReaderError(
                    _l(
                        "Line %(line)d has data in more than %(n)d columns. Delete the columns "
                        "that are not needed and upload the file again.",
                        line=line_no,
                        n=limits.max_columns,
                    )
                )
            values = values[: limits.max_columns]
        yield line_no, values


def _csv_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with _open_text(table.path, table.encoding) as f:
        reader = csv.reader(f, delimiter=table.delimiter)
        line_no = 0
        try:
            for record in reader:
                if line_no == 0 and _SEP_LINE.match(table.delimiter.join(record)):
                    continue  # Excel hides this line: the next one is its line 1
                line_no += 1
                values = [value.strip() for value in record]
                if any("\x00" in value for value in values):
                    raise ReaderError(
                        _l(
                            "Line %(line)d contains a character that is not text. Save the file "
                            "again from Excel as CSV and upload that.",
                            line=line_no,
                        )
                    )
                yield line_no, values
        except csv.Error as exc:
            raise ReaderError(
                _l(
                    "Line %(line)d cannot be read: a cell is far too long or a quote is not "
                    "closed. Check the file in Excel and save it again.",
                    line=line_no + 1,
                )
            ) from exc


def _xlsx_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # Through a file object: openpyxl refuses a path whose name does not end in .xlsx, and
    # uploads are stored under a random name.
    with table.path.open("rb") as source:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # style warnings of odd exports: not our concern
                workbook = load_workbook(source, read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for damaged files
            raise ReaderError(
                _l(
                    "The Excel file could not be opened; it may be damaged. "
                    "Save it again and retry."
                )
            ) from exc
        try:
            sheet = workbook.active
            if sheet is None or not hasattr(sheet, "iter_rows"):
                sheet = workbook.worksheets[0]
            table.sheet = sheet.title
            sheet.reset_dimensions()  # some exports state a wrong size; read every stored row
            # Columns after the limit are never read: a far-away cell in every row would
            # otherwise cost a padded row of 16 384 values each. One column more than allowed
            # is read to refuse a file that has data right after the limit.
            rows = sheet.iter_rows(max_col=table.limits.max_columns + 1, values_only=True)
            for line_no, values in enumerate(rows, start=1):
                yield line_no, [_cell_text(v) for v in values]
        finally:
            workbook.close()


def _cell_text(value) -> str:
    """A cell value as text: whole numbers without '.0', dates as ISO dates, formulas as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_names(values: list[str]) -> list[str]:
    """Header texts; empty ones become the column letter, repeated ones get it appended."""
    while values and not values[-1]:
        values = values[:-1]
    names, seen = [], set()
    for i, value in enumerate(values):
        name = " ".join(value.split())[:100] or f"[{_column_letter(i)}]"
        if name.casefold() in seen:
            name = f"{name} [{_column_letter(i)}]"
        seen.add(name.casefold())
        names.append(name)
    return names


def _check_looks_like_header(headers: list[str]) -> None:
    named = [h for h in headers if not h.startswith("[")]
    data_like = [h for h in named if _DATA_LIKE.match(h)]
    if not named or len(data_like) >= min(2, len(named)):
        raise ReaderError(
            _l(
                "The first row of the file must contain the column names, such as Gemeente, "
                "Postcode and Huisnummer. The first row of this file looks like data. "
                "Add a row with column names at the top."
            )
        )

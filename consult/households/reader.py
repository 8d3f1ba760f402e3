"""Streaming reader for household files: CSV in Dutch Excel dialects, or XLSX.

A file is read row by row and never held in memory as a whole. ``open_table`` checks the
file (empty, binary, legacy Excel, no header row) and returns a ``Table`` whose ``rows()``
yields ``(line_no, {header: text})`` with the line numbers Excel shows (the header is line 1
when it is the first row). Formulas are returned as their text, never evaluated.
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

from flask_babel import lazy_gettext as _l

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

    def first_row(self) -> dict[str, str]:
        """The first data row (for showing an example next to each column), or empty."""
        for _line, row in self.rows():
            return row
        return {}


def open_table(path: str | Path) -> Table:
    """Check a file and read its header row; raises ReaderError with a message for the user."""
    path = Path(path)
    kind = detect_kind(path)
    table = Table(path=path, kind=kind, headers=[], header_line=0)
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


def detect_kind(path: Path) -> str:
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
        return _zip_kind(path)
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


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReaderError(
            _l("The Excel file could not be opened; it may be damaged. Save it again and retry.")
        ) from exc
    if "xl/workbook.xml" in names:
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


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise Windows-1252."""
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


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
    if table.kind == "xlsx":
        yield from _xlsx_rows(table)
    else:
        yield from _csv_rows(table)


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

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # style warnings of odd exports are not our concern
            workbook = load_workbook(table.path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ReaderError(
            _l("The Excel file could not be opened; it may be damaged. Save it again and retry.")
        ) from exc
    try:
        sheet = workbook.active
        if sheet is None or not hasattr(sheet, "iter_rows"):
            sheet = workbook.worksheets[0]
        table.sheet = sheet.title
        sheet.reset_dimensions()  # some exports state a wrong size; read every stored row
        for line_no, values in enumerate(sheet.iter_rows(values_only=True), start=1):
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

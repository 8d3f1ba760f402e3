"""Cells for CSV and XLSX files that a spreadsheet never runs as a formula and never refuses.

Every CSV or XLSX file the platform writes goes through this module:

- In CSV, text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  single quote in front (OWASP's advice against CSV injection): Excel and LibreOffice would
  otherwise run it as a formula when the file is opened. Numbers (``int``, ``float``,
  ``Decimal``) and text that is only a number, such as ``-5`` or ``+31``, stay as they are.
- In XLSX, a text cell is stored as a text cell (``data_type 's'``), never as a formula, and
  keeps its text exactly: ``=1+1`` is shown as ``=1+1`` and reads back as ``=1+1``, which keeps
  an XLSForm export importable again. A quote is not needed there.
- Control characters that XLSX cannot hold (NUL and the others of openpyxl's
  ``ILLEGAL_CHARACTERS_RE``) are removed from text in both kinds, so an odd byte in a stored
  text never stops an export.
"""

import csv
import re
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from consult.text import without_unstorable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def clean_text(text: str) -> str:
    """The text without the control characters a workbook cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", without_unstorable(text))


def safe_cell(value: Any) -> Any:
    """A CSV cell: numbers as they are, text cleaned and quoted when it looks like a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = clean_text(str(value))
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def safe_row(values) -> list:
    """Every value of a CSV row through ``safe_cell``."""
    return [safe_cell(value) for value in values]


class SafeCsvWriter:
    """A ``csv.writer`` whose rows pass through ``safe_cell``."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, values) -> None:
        """Write one row of neutralised cells."""
        self._writer.writerow(safe_row(values))

    def writerows(self, rows) -> None:
        """Write several rows of neutralised cells."""
        for values in rows:
            self.writerow(values)


def csv_writer(file, **kwargs) -> SafeCsvWriter:
    """A CSV writer (same arguments as ``csv.writer``) that neutralises every cell."""
    return SafeCsvWriter(file, **kwargs)


def xlsx_cell(sheet, value: Any) -> Cell:
    """An openpyxl cell for ``sheet``: text stays text (never a formula), cleaned of controls."""
    if isinstance(value, str):
        cell = Cell(sheet, value=clean_text(value))
        cell.data_type = "s"  # openpyxl makes '=...' a formula; here it is only text
        return cell
    return Cell(sheet, value=value)


def append_row(sheet, values) -> None:
    """Append a row of values to an openpyxl sheet through ``xlsx_cell``."""
    sheet.append([xlsx_cell(sheet, value) for value in values])


MB = 1024 * 1024


def unpacking_problem(
    members: list, *, max_members: int, max_unpacked_mb: int, max_ratio: int
) -> str | None:
    """Why a workbook (a zip) must not be opened: "members", "size" or "ratio"; None if fine.

    The sizes come from the archive's directory; Python's zipfile (which openpyxl reads
    through) never unpacks a member beyond its stated size, so they bound the work.
    """
    if len(members) > max_members:
        return "members"
    if sum(member.file_size for member in members) > max_unpacked_mb * MB:
        return "size"
    for member in members:
        packed = max(member.compress_size, 1)
        if member.file_size > MB and member.file_size / packed > max_ratio:
            return "ratio"
    return None

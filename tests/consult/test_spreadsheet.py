"""One helper keeps exported cells from running as formulas and from breaking a workbook."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from consult.spreadsheet import append_row, csv_writer, safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x","klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_text_that_a_spreadsheet_would_run_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [12, -5, 3.5, Decimal("-1.25"), "-5", "+31", "-1,5", "Café"])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_control_characters_are_removed_and_none_is_empty():
    assert safe_cell("Lin\x00de\x07laan") == "Lindelaan"
    assert safe_cell("\x00=1+1") == "'=1+1"  # a hidden NUL cannot smuggle a formula past
    assert safe_cell(None) == ""


def test_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow(["=cmd|' /C calc'!A0", 7, "Heesch"])
    writer.writerows([["@x", -1]])
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert rows == [["'=cmd|' /C calc'!A0", "7", "Heesch"], ["'@x", "-1"]]


def test_xlsx_text_is_a_text_cell_never_a_formula_and_reads_back_unchanged():
    book = Workbook()
    append_row(book.active, ["=1+1", '=HYPERLINK("http://x")', "a\x00b\x1fc", 42, 2.5, None])
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert [c.data_type for c in sheet[1][:5]] == ["s", "s", "s", "n", "n"]
    assert [c.value for c in sheet[1][:5]] == ["=1+1", '=HYPERLINK("http://x")', "abc", 42, 2.5]

"""Reading household files: encodings, separators, XLSX, and refusing what is not a table."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from consult.households.reader import Limits, ReaderError, open_table
from tests.consult.households.conftest import (
    HEADER,
    STREET,
    household_row,
    write_csv,
    write_mixed_csv,
    xlsx_bomb,
)


def rows_of(path):
    return list(open_table(path).rows())


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_separator_is_detected(nl, tmp_path, delimiter):
    rows = [household_row(1, Straatnaam="Laan, hoek Kerkstraat"), household_row(2)]
    path = write_csv(tmp_path / "x.csv", rows, delimiter=delimiter)
    table = open_table(path)
    assert table.delimiter == delimiter
    assert table.headers == HEADER
    assert rows_of(path)[0][1]["Straatnaam"] == "Laan, hoek Kerkstraat"


def test_windows_1252_with_accents_is_read_correctly(nl, tmp_path):
    path = write_csv(
        tmp_path / "ansi.csv",
        [household_row(1, Woonkern="Hééswijk", Tenaamstelling="Mw. Ëlla Müller")],
        encoding="cp1252",
    )
    table = open_table(path)
    assert table.encoding == "cp1252"
    row = rows_of(path)[0][1]
    assert row["Woonkern"] == "Hééswijk" and row["Tenaamstelling"] == "Mw. Ëlla Müller"


def test_utf8_with_and_without_bom(nl, tmp_path):
    with_bom = write_csv(tmp_path / "a.csv", [household_row(1, Woonkern="Café")])
    without = write_csv(tmp_path / "b.csv", [household_row(1, Woonkern="Café")], encoding="utf-8")
    assert open_table(with_bom).headers[0] == "Contractnummer"  # no BOM glued to the name
    assert rows_of(with_bom)[0][1]["Woonkern"] == rows_of(without)[0][1]["Woonkern"] == "Café"


def test_utf16_tab_separated_unicode_text_from_excel(nl, tmp_path):
    path = write_csv(
        tmp_path / "u.txt",
        [household_row(1, Woonkern="Zeeland")],
        delimiter="\t",
        encoding="utf-16",
    )
    assert rows_of(path)[0][1]["Woonkern"] == "Zeeland"


def test_undefined_windows_1252_bytes_never_crash(nl, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Contractnummer;Gemeente\r\n1;Bern\x81heze\x8d\r\n")
    assert rows_of(path)[0][1]["Gemeente"] == "Bern\ufffdheze\ufffd"


def test_line_numbers_count_the_header_as_line_one_and_skip_blank_lines(nl, tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\nContract;Gemeente\n1;Oss\n;\n\n2;Oss\n;;\n", encoding="utf-8")
    table = open_table(path)
    assert table.header_line == 2
    assert [(line, row["Contract"]) for line, row in table.rows()] == [(3, "1"), (6, "2")]
    assert table.blank_rows == 3


def test_quoted_cell_over_two_lines_counts_as_one_excel_row(nl, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('Contract;Naam\n1;"Jansen\nde Vries"\n2;Smit\n', encoding="utf-8")
    assert [line for line, _row in rows_of(path)] == [2, 3]


def test_empty_and_blank_files_are_refused(nl, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\xef\xbb\xbf\r\n  \r\n")
    for path in (empty, blank):
        with pytest.raises(ReaderError) as caught:
            open_table(path)
        assert "leeg" in str(caught.value)


def test_separators_only_is_an_empty_file(nl, tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text(";;;\r\n;;;\r\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        open_table(path)
    assert "geen regels" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"Contract;Gemeente\r\n1;Oss\x00\x00\x00\x01\x02", "geen tekstbestand"),
        (bytes(range(256)) * 20, "geen tekstbestand"),
    ],
)
def test_binary_files_are_refused_with_a_reason(nl, tmp_path, content, expected):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(ReaderError) as caught:
        open_table(path)
    assert expected in str(caught.value)


def test_zip_that_is_not_a_workbook_is_refused(nl, tmp_path):
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ReaderError) as caught:
        open_table(path)
    assert "ZIP" in str(caught.value)


def test_damaged_workbook_is_refused(nl, tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really>")
    with pytest.raises(ReaderError) as caught:
        open_table(path)
    assert "beschadigd" in str(caught.value)


def test_first_row_with_data_instead_of_names_is_refused(nl, tmp_path):
    path = write_csv(tmp_path / "nohead.csv", [household_row(1)], header=None)
    with pytest.raises(ReaderError) as caught:
        open_table(path)
    assert "kolomnamen" in str(caught.value)


def test_empty_and_repeated_header_names_get_the_column_letter(nl, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("Naam;;Naam;Gemeente\n1;2;3;Oss\n", encoding="utf-8")
    assert open_table(path).headers == ["Naam", "[B]", "Naam [C]", "Gemeente"]


def test_xlsx_made_with_openpyxl_is_read_with_formulas_as_text(nl, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Huurders"
    sheet.append(["VHE", "Gemeente", "Postcode", "Huisnummer", "Geboortejaar", "Kern"])
    sheet.append([12345, "Bernheze", "5384ab", 12.0, 1950, "=cmd|' /C calc'!A0"])
    sheet.append([None, None, None, None, None, None])
    sheet.append([12346, "Oss", "5341 AA", "7a", 1961.0, "Oss"])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    table = open_table(path)
    assert table.kind == "xlsx" and table.sheet == "Huurders"
    rows = list(table.rows())
    assert [line for line, _r in rows] == [2, 4]
    first = rows[0][1]
    assert first["VHE"] == "12345" and first["Huisnummer"] == "12"
    assert first["Kern"] == "=cmd|' /C calc'!A0"
    assert rows[1][1]["Geboortejaar"] == "1961"


def test_xlsx_dates_become_iso_dates(nl, tmp_path):
    from datetime import datetime

    workbook = Workbook()
    workbook.active.append(["Contract", "Geboortedatum"])
    workbook.active.append(["1", datetime(1948, 5, 4)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "d.xlsx"
    path.write_bytes(buffer.getvalue())
    assert rows_of(path)[0][1]["Geboortedatum"] == "1948-05-04"


def test_unclosed_quote_with_huge_cell_gives_a_line_number(nl, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('Contract;Naam\n1;"' + "x" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        rows_of(path)
    assert "Regel 2" in str(caught.value)


def test_excel_sep_line_sets_the_separator_and_is_not_counted(nl, tmp_path):
    path = tmp_path / "sep.csv"
    path.write_text("sep=,\r\nContract,Gemeente\r\n1,Oss\r\n", encoding="utf-8")
    table = open_table(path)
    assert table.delimiter == "," and table.headers == ["Contract", "Gemeente"]
    assert table.header_line == 1
    assert list(table.rows()) == [(2, {"Contract": "1", "Gemeente": "Oss"})]


def test_xlsx_with_a_wrong_stated_size_is_read_completely(nl, tmp_path):
    workbook = Workbook()
    workbook.active.append(["Contract", "Gemeente"])
    for n in range(1, 6):
        workbook.active.append([n, "Oss"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # (written as <dimension ref=.../> or <dimension ref=... />, with or without lxml)
                data = re.sub(rb'<dimension ref="A1:B6" ?/>', b'<dimension ref="A1:B2"/>', data)
                assert b'ref="A1:B2"' in data
            target.writestr(item, data)
    assert [row["Contract"] for _line, row in rows_of(bad)] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]


def test_nul_character_late_in_a_csv_is_refused_with_its_line(nl, tmp_path):
    path = tmp_path / "late.csv"
    body = "".join(f"{n};Oss\r\n" for n in range(1, 20000))
    path.write_bytes(("Contract;Gemeente\r\n" + body + "20000;O\x00ss\r\n").encode())
    table = open_table(path)
    with pytest.raises(ReaderError) as caught:
        list(table.rows())
    assert "Regel 20001" in str(caught.value)


def test_xlsx_stored_under_a_name_without_the_xlsx_suffix_is_read(nl, tmp_path):
    workbook = Workbook()
    workbook.active.append(["Contract", "Gemeente"])
    workbook.active.append([1, "Oss"])
    path = tmp_path / "Zm9vYmFy.upload"  # as the upload folder names a file
    workbook.save(path)
    assert [row for _line, row in rows_of(path)] == [{"Contract": "1", "Gemeente": "Oss"}]


@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_workbook_that_unpacks_many_times_its_size_is_refused_unread(nl, tmp_path, member):
    path = xlsx_bomb(tmp_path / "bom.xlsx", member, 60)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ReaderError, match="meer dan 100 keer zo groot"):
        open_table(path)


def test_workbook_above_the_total_unpacked_size_is_refused_unread(nl, tmp_path):
    path = xlsx_bomb(tmp_path / "groot.xlsx", "xl/worksheets/sheet1.xml", 6)
    with pytest.raises(ReaderError, match="groter dan 5 MB"):
        open_table(path, Limits(max_unpacked_mb=5, max_ratio=10_000))


def test_workbook_of_too_many_parts_is_refused_unread(nl, tmp_path):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(5):
            archive.writestr(f"xl/part{n}.xml", "<x/>")
    with pytest.raises(ReaderError, match="meer dan 3 delen"):
        open_table(path, Limits(max_members=3))


def test_limits_come_from_the_configuration(app, monkeypatch):
    monkeypatch.setitem(app.config, "HOUSEHOLD_XLSX_MAX_MB", 7)
    monkeypatch.setitem(app.config, "HOUSEHOLD_MAX_ROWS", 9)
    with app.app_context():
        limits = Limits.from_config()
    assert (limits.max_unpacked_mb, limits.max_rows, limits.max_columns) == (7, 9, 100)


def test_rows_beyond_the_limit_are_refused_while_reading(nl, tmp_path):
    path = write_csv(tmp_path / "lang.csv", [household_row(n) for n in range(1, 21)])
    table = open_table(path, Limits(max_rows=10))
    with pytest.raises(ReaderError, match="meer dan 10 rijen"):
        list(table.rows())


def test_a_far_away_xlsx_row_is_refused_without_walking_to_it(nl, tmp_path):
    workbook = Workbook()
    workbook.active.append(["Contract", "Gemeente"])
    workbook.active.cell(row=1_048_576, column=1, value="x")  # the sheet's last row
    path = tmp_path / "ver.xlsx"
    workbook.save(path)
    table = open_table(path, Limits(max_rows=1000))
    with pytest.raises(ReaderError, match="meer dan 1000 rijen"):
        list(table.rows())


def test_data_beyond_the_column_limit_is_refused_and_empty_columns_are_not(nl, tmp_path):
    workbook = Workbook()
    workbook.active.append(["Contract", "Gemeente"])
    workbook.active.append([1, "Oss"])
    workbook.active.cell(row=2, column=16384, value=None).style = "Good"  # formatted, empty
    path = tmp_path / "breed.xlsx"
    workbook.save(path)
    assert rows_of(path) == [(2, {"Contract": "1", "Gemeente": "Oss"})]
    workbook.active.cell(row=3, column=101, value="x")
    workbook.save(path)
    with pytest.raises(ReaderError, match="Regel 3 heeft gegevens in meer dan 100 kolommen"):
        rows_of(path)
    wide = tmp_path / "breed.csv"
    wide.write_text("Contract;Gemeente\r\n1;Oss" + ";" * 200 + "x\r\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="Regel 2 heeft gegevens in meer dan 100 kolommen"):
        rows_of(wide)


def test_mostly_utf8_file_stays_utf8_and_names_the_line_that_is_not(nl, tmp_path):
    path = write_mixed_csv(tmp_path / "mixed.csv", rows=5, bad_line=4)
    table = open_table(path)
    assert table.encoding == "utf-8"
    rows = list(table.rows())
    assert {row["Straatnaam"] for line, row in rows if line != 4} == {STREET}
    assert "ÅœtraÃŸe CafÃ©" not in str(rows)
    misread = {line: table.misread(row) for line, row in rows if table.misread(row)}
    assert list(misread) == [4] and "geen geldige UTF-8" in misread[4]
    assert "Mw. M\ufffdller" in misread[4]


def test_windows_1252_file_names_a_line_that_is_utf8(nl, tmp_path):
    path = tmp_path / "ansi.csv"
    lines = [";".join(HEADER)] + [";".join(household_row(n, Woonkern="Hééswijk")) for n in (1, 2)]
    path.write_bytes(
        "\r\n".join(lines).encode("cp1252")
        + b"\r\n"
        + ";".join(household_row(3, Straatnaam=STREET)).encode()
        + b"\r\n"
    )
    table = open_table(path)
    assert table.encoding == "cp1252"
    problems = {line: table.misread(row) for line, row in table.rows() if table.misread(row)}
    assert list(problems) == [4] and "in UTF-8" in problems[4] and "ÅœtraÃŸe CafÃ©" in problems[4]

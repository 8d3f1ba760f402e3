"""Importing the household register: all-or-nothing, idempotent, tolerant of Dutch exports."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.models import Corporation
from consult.households.importer import import_households
from consult.households.mapping import guess_mapping
from consult.households.models import Household, MailingAddress
from consult.households.reader import open_table
from consult.households.report import HouseholdImportError, MappingError
from tests.consult.households.conftest import HEADER, household_row, write_csv


def run_import(path: Path, corporation_id: int, **kwargs):
    corporation = db.session.get(Corporation, corporation_id)
    mapping = kwargs.pop("mapping", None) or guess_mapping(open_table(path).headers)
    return import_households(path, corporation=corporation, mapping=mapping, **kwargs)


def households() -> int:
    return db.session.scalar(select(func.count(Household.id)))


def test_clean_file_creates_one_household_per_contract_with_address(
    nl, gemeenten, corporation_id, tmp_path
):
    path = write_csv(tmp_path / "export.csv", [household_row(n) for n in range(1, 6)])
    report = run_import(path, corporation_id)
    assert report.ok and report.stored
    assert (report.rows, report.created, report.updated, report.addresses) == (5, 5, 0, 5)
    household = db.session.scalar(select(Household).where(Household.external_ref == "HC000001"))
    assert household.gemeente_id == gemeenten["Bernheze"]
    assert household.kern == "Heesch" and household.complex_code == "C001"
    assert household.birth_year == 1931 and household.age_band == "75+"
    assert household.household_type == "paar"
    address = household.mailing_address
    assert (address.street, address.house_number, address.postcode) == ("Lindelaan", 2, "5311 AB")
    assert address.addressee == "Dhr. Jansen 1" and address.city == "Heesch"
    assert report.per_gemeente == {"Bernheze": 5}


def test_reimporting_the_same_file_updates_instead_of_duplicating(
    nl, gemeenten, corporation_id, tmp_path
):
    path = write_csv(tmp_path / "export.csv", [household_row(n) for n in range(1, 4)])
    run_import(path, corporation_id)
    changed = [household_row(1, Woonkern="Nistelrode", Straatnaam="Eikenlaan")] + [
        household_row(n) for n in range(2, 4)
    ]
    second = run_import(write_csv(tmp_path / "again.csv", changed), corporation_id)
    assert (second.created, second.updated) == (0, 3)
    assert households() == 3
    assert db.session.scalar(select(func.count(MailingAddress.id))) == 3
    household = db.session.scalar(select(Household).where(Household.external_ref == "HC000001"))
    db.session.refresh(household)
    assert household.kern == "Nistelrode"
    assert household.mailing_address.street == "Eikenlaan"


def test_one_bad_row_among_ten_thousand_stores_nothing_and_names_the_line(
    nl, gemeenten, corporation_id, tmp_path
):
    rows = [household_row(n) for n in range(1, 10_001)]
    rows[7_340] = household_row(7_341, Postcode="12345")
    report = run_import(write_csv(tmp_path / "big.csv", rows), corporation_id)
    assert not report.ok and not report.stored
    assert report.rows == 10_000
    assert report.error_count == 1
    line, _problems = report.errors[0]
    assert line == 7_342  # header is line 1
    assert "12345" in report.errors[0].text and "geen geldige" in report.errors[0].text
    assert households() == 0
    assert report.created == 0


def test_rejected_import_is_audited_with_counts_only(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2, Gemeente="Atlantis")]
    run_import(write_csv(tmp_path / "bad.csv", rows), corporation_id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("households.%")))
    assert event.action == "households.import_rejected"
    assert event.detail["errors"] == 1 and event.detail["rows"] == 2
    assert "Atlantis" not in str(event.detail) and "Lindelaan" not in str(event.detail)


def test_successful_import_is_audited_without_addresses(nl, gemeenten, corporation_id, tmp_path):
    run_import(write_csv(tmp_path / "ok.csv", [household_row(1)]), corporation_id, actor=None)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "households.import"))
    assert event.detail["created"] == 1 and event.detail["per_gemeente"] == {"Bernheze": 1}
    assert "Lindelaan" not in str(event.detail) and "Jansen" not in str(event.detail)


def test_unknown_gemeente_is_named_with_its_line(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2), household_row(3, Gemeente="Atlantis")]
    report = run_import(write_csv(tmp_path / "x.csv", rows), corporation_id)
    assert [(e.line, "Atlantis" in e.text) for e in report.errors] == [(4, True)]
    assert "Onbekende gemeente" in report.errors[0].text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Cuijk", "Land van Cuijk"),
        ("Mill en Sint Hubert", "Land van Cuijk"),
        ("sint-anthonis", "Land van Cuijk"),
        ("Uden", "Maashorst"),
        ("LANDERD", "Maashorst"),
        ("s-Hertogenbosch", "'s-Hertogenbosch"),
        ("’s Hertogenbosch", "'s-Hertogenbosch"),
        ("Gemeente Bernheze", "Bernheze"),
        ("GM1721", "Bernheze"),
        ("1721", "Bernheze"),
        ("gm 200", "Apeldoorn"),
        ("0200", "Apeldoorn"),
        ("200", "Apeldoorn"),
    ],
)
def test_gemeente_found_by_old_name_spelling_or_cbs_code(
    nl, gemeenten, corporation_id, tmp_path, written, expected
):
    report = run_import(
        write_csv(tmp_path / "g.csv", [household_row(1, Gemeente=written)]), corporation_id
    )
    assert report.ok, report.errors
    assert report.per_gemeente == {expected: 1}


def test_separate_cbs_code_column_must_agree_with_the_name(nl, gemeenten, corporation_id, tmp_path):
    header = ["VHE", "Gemeente", "CBS-code", "Postcode", "Huisnummer"]
    rows = [
        ["1", "Uden", "GM1991", "5401AB", "1"],
        ["2", "Bernheze", "GM1991", "5401AB", "2"],
        ["3", "", "1721", "5401AB", "3"],
    ]
    report = run_import(write_csv(tmp_path / "c.csv", rows, header=header), corporation_id)
    assert [line for line, _m in report.errors] == [3]
    assert "verschillende gemeenten" in report.errors[0].text


@pytest.mark.parametrize(
    ("postcode", "stored"),
    [
        ("5384AB", "5384 AB"),
        ("5384 ab", "5384 AB"),
        (" 5384  Ab ", "5384 AB"),
        ("5384ab", "5384 AB"),
    ],
)
def test_postcodes_are_normalised(nl, gemeenten, corporation_id, tmp_path, postcode, stored):
    run_import(write_csv(tmp_path / "p.csv", [household_row(1, Postcode=postcode)]), corporation_id)
    assert db.session.scalar(select(MailingAddress.postcode)) == stored


@pytest.mark.parametrize("postcode", ["0384 AB", "538 AB", "5384 A", "5384 SS", "ABCD 12", "=1+1"])
def test_invalid_postcodes_are_rejected(nl, gemeenten, corporation_id, tmp_path, postcode):
    report = run_import(
        write_csv(tmp_path / "p.csv", [household_row(1, Postcode=postcode)]), corporation_id
    )
    assert report.error_count == 1 and "Postcode" in report.errors[0].text
    assert households() == 0


@pytest.mark.parametrize(
    ("number", "suffix", "expected"),
    [
        ("12", "", (12, None)),
        ("12a", "", (12, "A")),
        ("12 A", "", (12, "A")),
        ("12-2", "", (12, "2")),
        ("12 bis", "", (12, "bis")),
        ("12/3", "", (12, "3")),
        ("12", "b", (12, "B")),
        ("12", "-hs", (12, "hs")),
        ("12b", "B", (12, "B")),
    ],
)
def test_house_numbers_with_additions_in_the_same_or_a_separate_cell(
    nl, gemeenten, corporation_id, tmp_path, number, suffix, expected
):
    row = household_row(1, Huisnr=number, Toevoeging=suffix)
    report = run_import(write_csv(tmp_path / "h.csv", [row]), corporation_id)
    assert report.ok, report.errors
    address = db.session.scalar(select(MailingAddress))
    assert (address.house_number, address.house_number_suffix) == expected


def test_invalid_house_number_is_rejected(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1, Huisnr="twaalf"), household_row(2, Huisnr="0")]
    report = run_import(write_csv(tmp_path / "h.csv", rows), corporation_id)
    assert [line for line, _m in report.errors] == [2, 3]
    assert "Huisnummer 'twaalf'" in report.errors[0].text


def test_identical_duplicate_rows_are_skipped_and_reported(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2), household_row(1)]
    report = run_import(write_csv(tmp_path / "d.csv", rows), corporation_id)
    assert report.ok
    assert report.duplicates == [(4, 2)] and report.duplicate_count == 1
    assert report.created == 2 and households() == 2


def test_same_contract_with_different_data_is_an_error(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2), household_row(1, Woonkern="Vorstenbosch")]
    report = run_import(write_csv(tmp_path / "d.csv", rows), corporation_id)
    assert [line for line, _m in report.errors] == [4]
    assert "HC000001" in report.errors[0].text and "regel 2" in report.errors[0].text
    assert households() == 0


def test_without_contract_column_the_address_is_the_reference(
    nl, gemeenten, corporation_id, tmp_path
):
    header = ["Gemeente", "Postcode", "Huisnummer", "Huisletter"]
    rows = [["Bernheze", "5384ab", "12", "a"], ["Bernheze", "5384 AB", "12", ""]]
    report = run_import(write_csv(tmp_path / "r.csv", rows, header=header), corporation_id)
    assert report.ok and not report.stores_addresses
    refs = set(db.session.scalars(select(Household.external_ref)))
    assert refs == {"5384AB-12-A", "5384AB-12"}
    assert db.session.scalar(select(func.count(MailingAddress.id))) == 0


def test_formula_cells_are_stored_as_plain_text_and_reported(
    nl, gemeenten, corporation_id, tmp_path
):
    evil = "=cmd|' /C calc'!A0"
    rows = [household_row(1, Woonkern=evil, Tenaamstelling="@SUM(1+1)"), household_row(2)]
    report = run_import(write_csv(tmp_path / "f.csv", rows), corporation_id)
    assert report.ok
    assert db.session.scalar(
        select(Household.kern).where(Household.external_ref == "HC000001")
    ) == (evil)
    assert db.session.scalar(
        select(MailingAddress.addressee).where(MailingAddress.house_number == 2)
    )
    assert report.formula_count == 2
    assert (2, "Woonkern", evil) in report.formulas


def test_age_band_column_is_used_when_there_is_no_birth_year(
    nl, gemeenten, corporation_id, tmp_path
):
    header = ["Contract", "Gemeente", "Leeftijdsklasse"]
    rows = [
        ["1", "Bernheze", "jonger dan 35"],
        ["2", "Bernheze", "35 t/m 54"],
        ["3", "Bernheze", "75 jaar en ouder"],
        ["4", "Bernheze", "55-64"],
        ["5", "Bernheze", ""],
    ]
    report = run_import(write_csv(tmp_path / "a.csv", rows, header=header), corporation_id)
    assert report.ok, report.errors
    bands = dict(db.session.execute(select(Household.external_ref, Household.age_band)).all())
    assert bands == {"1": "<35", "2": "35-54", "3": "75+", "4": "55-64", "5": None}


def test_age_band_that_spans_two_bands_is_rejected(nl, gemeenten, corporation_id, tmp_path):
    header = ["Contract", "Gemeente", "Leeftijdsklasse"]
    report = run_import(
        write_csv(tmp_path / "a.csv", [["1", "Bernheze", "65+"]], header=header), corporation_id
    )
    assert report.error_count == 1 and "65+" in report.errors[0].text


def test_household_types_map_dutch_labels_and_report_unknown_ones(
    nl, gemeenten, corporation_id, tmp_path
):
    header = ["Contract", "Gemeente", "Samenstelling"]
    labels = [
        "Eenpersoonshuishouden",
        "Echtpaar",
        "Gezin met kinderen",
        "Alleenstaande ouder",
        "Woongroep",
        "Onbekend",
        "Kamerbewoner",
    ]
    rows = [[str(i), "Bernheze", label] for i, label in enumerate(labels)]
    report = run_import(write_csv(tmp_path / "t.csv", rows, header=header), corporation_id)
    assert report.ok
    types = dict(db.session.execute(select(Household.external_ref, Household.household_type)).all())
    assert types == {
        "0": "alleenstaand",
        "1": "paar",
        "2": "gezin",
        "3": "eenoudergezin",
        "4": "overig",
        "5": None,
        "6": None,
    }
    assert report.unknown_household_types == {"Kamerbewoner": 1}


def test_missing_required_column_is_a_mapping_error(nl, gemeenten, corporation_id, tmp_path):
    header = ["Contractnummer", "Woonkern"]
    path = write_csv(tmp_path / "m.csv", [["1", "Heesch"]], header=header)
    with pytest.raises(MappingError) as caught:
        run_import(path, corporation_id)
    assert set(caught.value.problems) == {"gemeente"}
    assert "gemeente" in str(caught.value.problems["gemeente"])


def test_partial_address_columns_ask_for_the_rest(nl, gemeenten, corporation_id, tmp_path):
    header = ["Contractnummer", "Gemeente", "Straat"]
    path = write_csv(tmp_path / "m.csv", [["1", "Bernheze", "Lindelaan"]], header=header)
    with pytest.raises(MappingError) as caught:
        run_import(path, corporation_id)
    assert set(caught.value.problems) == {"house_number", "postcode", "city"}


def test_header_without_rows_is_refused(nl, gemeenten, corporation_id, tmp_path):
    path = write_csv(tmp_path / "e.csv", [["", "", ""], []])
    with pytest.raises(HouseholdImportError) as caught:
        run_import(path, corporation_id)
    assert "geen huishoudens" in str(caught.value)


def test_empty_trailing_rows_are_ignored(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2)] + [[""] * len(HEADER)] * 5
    report = run_import(write_csv(tmp_path / "t.csv", rows), corporation_id)
    assert report.ok and report.rows == 2 and report.blank_rows == 5


def test_dry_run_reports_without_storing(nl, gemeenten, corporation_id, tmp_path):
    path = write_csv(tmp_path / "d.csv", [household_row(n) for n in range(1, 4)])
    run_import(write_csv(tmp_path / "first.csv", [household_row(1)]), corporation_id)
    report = run_import(path, corporation_id, dry_run=True)
    assert report.ok and not report.stored
    assert (report.created, report.updated) == (2, 1)
    assert households() == 1


def test_households_missing_from_a_new_file_can_be_set_inactive(
    nl, gemeenten, corporation_id, tmp_path
):
    first = [household_row(n) for n in range(1, 5)] + [household_row(9, Gemeente="Uden")]
    run_import(write_csv(tmp_path / "2026.csv", first), corporation_id)
    second = [household_row(n) for n in range(1, 3)]
    report = run_import(
        write_csv(tmp_path / "2027.csv", second), corporation_id, deactivate_missing=True
    )
    assert report.deactivated == 2  # only in Bernheze: the file has no Maashorst rows
    active = dict(db.session.execute(select(Household.external_ref, Household.active)).all())
    assert active == {
        "HC000001": True,
        "HC000002": True,
        "HC000003": False,
        "HC000004": False,
        "HC000009": True,
    }


def test_import_links_the_corporation_to_its_gemeenten(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2, Gemeente="Uden")]
    report = run_import(write_csv(tmp_path / "l.csv", rows), corporation_id)
    assert report.new_links == ["Bernheze", "Maashorst"]
    corporation = db.session.get(Corporation, corporation_id)
    assert [g.name for g in corporation.gemeenten] == ["Bernheze", "Maashorst"]
    again = run_import(write_csv(tmp_path / "l2.csv", rows), corporation_id)
    assert again.new_links == []


def test_more_than_a_hundred_errors_keeps_the_first_hundred_and_counts_all(
    nl, gemeenten, corporation_id, tmp_path
):
    rows = [household_row(n, Gemeente="Nergenshuizen") for n in range(1, 251)]
    report = run_import(write_csv(tmp_path / "many.csv", rows), corporation_id)
    assert report.error_count == 250 and len(report.errors) == 100
    assert report.errors[0][0] == 2 and report.errors[-1][0] == 101


def test_a_line_with_several_problems_counts_once_with_every_reason(
    nl, gemeenten, corporation_id, tmp_path
):
    rows = [
        household_row(1, Gemeente="Atlantis", Postcode="12", Huisnr="0", **{"Geb.jaar": "1850"})
    ]
    report = run_import(write_csv(tmp_path / "x.csv", rows), corporation_id)
    assert report.error_count == 1
    (rejected,) = report.errors
    assert rejected.line == 2 and len(rejected.problems) == 4
    for part in ("Atlantis", "Postcode '12'", "Huisnummer '0'", "1850"):
        assert part in rejected.text


def test_xlsx_export_is_imported_like_csv(nl, gemeenten, corporation_id, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "VHE-nummer",
            "CBS code",
            "Kern",
            "Postcode",
            "Huisnummer",
            "Toevoeging",
            "Straatnaam",
            "Woonplaats",
            "Leeftijdsklasse",
        ]
    )
    sheet.append([100234, 1991, "Volkel", "5408ab", 12, "a", "Kerkstraat", "Volkel", "75+"])
    sheet.append(
        [100235, "GM1721", "Heesch", "5384 AB", 7.0, None, '=HYPERLINK("x")', "Heesch", "35-54"]
    )
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    report = run_import(path, corporation_id)
    assert report.ok, [e.text for e in report.errors]
    assert report.file_kind == "xlsx" and report.formula_count == 1
    assert report.per_gemeente == {"Maashorst": 1, "Bernheze": 1}
    first = db.session.scalar(select(Household).where(Household.external_ref == "100234"))
    assert (first.kern, first.age_band) == ("Volkel", "75+")
    address = first.mailing_address
    assert (address.postcode, address.house_number, address.house_number_suffix) == (
        "5408 AB",
        12,
        "A",
    )
    street = db.session.scalar(
        select(MailingAddress.street).join(Household).where(Household.external_ref == "100235")
    )
    assert street == '=HYPERLINK("x")'


def test_very_long_values_are_cut_short_in_messages(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1, Gemeente="Nergens" * 500)]
    report = run_import(write_csv(tmp_path / "long.csv", rows), corporation_id)
    assert report.error_count == 1
    assert len(report.errors[0].text) < 250 and "…" in report.errors[0].text


def test_house_number_additions_like_minus_two_are_not_reported_as_formulas(
    nl, gemeenten, corporation_id, tmp_path
):
    rows = [household_row(1, Toevoeging="-2"), household_row(2, Huisnr="12", Toevoeging="a")]
    report = run_import(write_csv(tmp_path / "s.csv", rows), corporation_id)
    assert report.ok and report.formula_count == 0
    suffixes = set(db.session.scalars(select(MailingAddress.house_number_suffix)))
    assert suffixes == {"2", "A"}

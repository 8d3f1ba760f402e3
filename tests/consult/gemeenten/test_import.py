"""Importing gemeenten from CSV: dialects, upsert by CBS code, all-or-nothing with line numbers."""

import pytest
from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.gemeenten.importing import ImportFileError, import_gemeenten
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.gemeenten.operations import find_gemeente
from tests.factories import CorporationFactory, GemeenteFactory

HEADER = "naam;cbs_code;werkgebied;huurdersorganisatie;huurwoningen;corporaties;vroegere_namen\n"


@pytest.fixture
def req(app):
    """A request context, so services can word their messages in Dutch."""
    with app.test_request_context():
        yield


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _by_code(code: str) -> Gemeente:
    return db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == code))


def _problems(content: bytes) -> list[tuple[int | None, str]]:
    with pytest.raises(ImportFileError) as caught:
        import_gemeenten(content)
    return caught.value.problems


def test_semicolon_file_with_bom_adds_gemeenten_and_new_corporations(req):
    content = (
        "\ufeff" + HEADER + "Bernheze;GM1721;kern;Huurdersvereniging Bernheze;2.300;Mooiland;\n"
        "Ede;228;AAN;;800;Mooiland, Woonstede;\n"
        "Land van Cuijk;GM1982;Kernwerkgebied;HV LvC;3500;mooiland;Cuijk, Boxmeer, Grave\n"
    ).encode()
    result = import_gemeenten(content)
    assert sorted(result.created) == ["Bernheze", "Ede", "Land van Cuijk"]
    assert result.new_corporations == ["Mooiland", "Woonstede"]
    ede = _by_code("GM0228")
    assert (ede.name, ede.werkgebied, ede.huurdersorganisatie, ede.rental_homes) == (
        "Ede",
        Werkgebied.AAN,
        None,
        800,
    )
    assert [c.name for c in ede.corporations] == ["Mooiland", "Woonstede"]
    assert _by_code("GM1721").rental_homes == 2300
    assert _by_code("GM1982").former_name_list == ["Cuijk", "Boxmeer", "Grave"]
    assert _count(Corporation) == 2


def test_comma_separated_windows_1252_file_is_read(req):
    content = (
        "naam,cbs_code,werkgebied,corporaties\r\n"
        'Súdwest-Fryslân,GM1900,overig,"Elkien, Accolade"\r\n'
    ).encode("cp1252")
    import_gemeenten(content)
    gemeente = _by_code("GM1900")
    assert gemeente.name == "Súdwest-Fryslân"
    assert [c.name for c in gemeente.corporations] == ["Accolade", "Elkien"]


def test_known_cbs_code_updates_and_leaves_missing_columns_alone(req):
    mooiland = CorporationFactory(name="Mooiland")
    GemeenteFactory(
        name="Oss",
        cbs_code="GM0828",
        huurdersorganisatie="Huurdersraad Oss",
        rental_homes=2400,
        corporations=[mooiland],
    )
    result = import_gemeenten(b"naam;cbs_code;huurwoningen\nOss;0828;2500\n")
    assert result.updated == ["Oss"] and result.created == []
    oss = _by_code("GM0828")
    assert oss.rental_homes == 2500 and oss.huurdersorganisatie == "Huurdersraad Oss"
    assert [c.name for c in oss.corporations] == ["Mooiland"]
    again = import_gemeenten(b"naam;cbs_code;huurwoningen\nOss;0828;2500\n")
    assert again.unchanged == 1 and again.updated == []
    assert _count(Gemeente) == 1


def test_one_bad_line_imports_nothing_and_names_every_problem_with_its_line(req):
    GemeenteFactory(name="Oss", cbs_code="GM0828", rental_homes=2400)
    content = (
        (
            HEADER + "Oss;GM0828;kern;;9999;;\n"  # line 2 would be a fine update
            "Nieuw;GM12345;kern;;-5;;\n"  # line 3: bad code and negative homes
            "\n"
            "Ander;GM0001;woestijn;;12,5;;\n"  # line 5: unknown area and not a whole number
        ).encode()
    )
    problems = _problems(content)
    assert [line for line, _message in problems] == [3, 5]
    assert "cbs_code" in problems[0][1] and "huurwoningen" in problems[0][1]
    assert "woestijn" in problems[1][1] and "heel getal" in problems[1][1]
    assert _by_code("GM0828").rental_homes == 2400
    assert _count(Gemeente) == 1


def test_the_same_cbs_code_twice_is_refused(req):
    problems = _problems((HEADER + "Een;GM0100;kern;;;;\nTwee;100;kern;;;;\n").encode())
    assert problems == [(3, "CBS-code GM0100 staat ook op regel 2.")]


def test_a_name_already_used_by_another_gemeente_is_refused(req):
    GemeenteFactory(name="Maashorst", cbs_code="GM1991", former_names="Uden;Landerd")
    problems = _problems(
        (HEADER + "MAASHORST;GM0999;kern;;;;\nZeeland;GM0998;kern;;;;Landerd\n").encode()
    )
    assert [line for line, _m in problems] == [2, 3]
    assert "GM1991" in problems[0][1] and "Landerd" in problems[1][1]
    assert _count(Gemeente) == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "leeg"),
        (b"\n\n", "leeg"),
        (HEADER.encode(), "geen gemeenten"),
        (b"gemeente;inwoners\nOss;100\n", "cbs_code"),
        (b"PK\x03\x04rest-of-a-zip", "Excel"),
        (b"\xd0\xcf\x11\xe0old-excel", "Excel"),
        ("naam;cbs_code\nOss;GM0828\n".encode("utf-16"), "CSV"),
        (b"naam;cbs_code\nOss;GM0828;extra\n", "meer kolommen"),
    ],
)
def test_unusable_files_get_a_clear_dutch_message(req, content, expected):
    problems = _problems(content)
    assert expected in " ".join(message for _line, message in problems)
    assert _count(Gemeente) == 0


def test_an_import_is_audited(req):
    import_gemeenten((HEADER + "Gennep;GM0907;kern;;1800;;\n").encode(), source="g.csv")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "gemeente.import"))
    assert event.detail == {
        "file": "g.csv",
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "new_corporations": 0,
    }


def test_gemeenten_are_found_by_name_earlier_name_or_code(req):
    gemeente = GemeenteFactory(
        name="Land van Cuijk", cbs_code="GM1982", former_names="Cuijk;Mill en Sint Hubert"
    )
    assert find_gemeente("land van cuijk") is gemeente
    assert find_gemeente("Mill en  Sint Hubert") is gemeente
    assert find_gemeente("1982") is gemeente
    assert find_gemeente("Gennep") is None


def test_a_field_beyond_what_csv_can_read_gives_a_message(req):
    content = ('naam;cbs_code\n"Oss' + "x" * 200_000 + '";GM0828\n').encode()
    problems = _problems(content)
    assert problems[0][0] == 2 and "aanhalingstekens" in problems[0][1]
    assert _count(Gemeente) == 0


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\ufffe"])
def test_a_hidden_control_character_is_refused_with_its_line(req, char):
    content = (HEADER + f"Ede;228;AAN;Huurders{char}Ede;800;Woon{char}stede;\n").encode()
    problems = _problems(content)
    assert problems[0][0] == 2 and "onzichtbaar teken" in problems[0][1]
    assert _count(Gemeente) == 0 and _count(Corporation) == 0


def test_a_field_beyond_what_a_gemeente_needs_gives_a_message_whatever_the_csv_limit(req):
    import csv

    before = csv.field_size_limit(10 * 1024 * 1024)  # another import may have raised it
    try:
        test_a_field_beyond_what_csv_can_read_gives_a_message(req)
    finally:
        csv.field_size_limit(before)

"""Fixtures for the household register: KMAS-like gemeenten, a corporation, file writers."""

import csv
from pathlib import Path

import pytest
from flask_babel import force_locale

from consult.extensions import db
from tests.browser.conftest import live_server, staff_user  # noqa: F401  (test_browser.py)
from tests.factories import CorporationFactory, GemeenteFactory

HEADER = [
    "Contractnummer",
    "Gemeente",
    "Woonkern",
    "Complexnummer",
    "Geb.jaar",
    "Huishoudtype",
    "Tenaamstelling",
    "Straatnaam",
    "Huisnr",
    "Toevoeging",
    "Postcode",
    "Woonplaats",
]


def household_row(n: int, gemeente: str = "Bernheze", **overrides) -> list[str]:
    """One realistic row of a corporation's export, numbered n."""
    row = {
        "Contractnummer": f"HC{n:06d}",
        "Gemeente": gemeente,
        "Woonkern": "Heesch",
        "Complexnummer": f"C{n % 40:03d}",
        "Geb.jaar": str(1930 + n % 70),
        "Huishoudtype": ["Alleenstaand", "Paar zonder kinderen", "Gezin met kinderen"][n % 3],
        "Tenaamstelling": f"Dhr. Jansen {n}",
        "Straatnaam": "Lindelaan",
        "Huisnr": str(1 + n % 150),
        "Toevoeging": "",
        "Postcode": f"53{n % 90 + 10:02d} AB",
        "Woonplaats": "Heesch",
    }
    row.update(overrides)
    return [row[h] for h in HEADER]


def write_csv(path: Path, rows, header=HEADER, delimiter=";", encoding="utf-8-sig") -> Path:
    """Write rows as Dutch Excel writes them: semicolons, BOM, CRLF line ends."""
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def nl(ctx):
    """An app context whose messages are rendered in Dutch (as the CLI does)."""
    with force_locale("nl"):
        yield


@pytest.fixture
def gemeenten(app):
    """Gemeenten of the KMAS case, with the names they had before the 2022 mergers."""
    with app.app_context():
        created = {
            "Bernheze": GemeenteFactory(name="Bernheze", cbs_code="GM1721"),
            "Land van Cuijk": GemeenteFactory(
                name="Land van Cuijk",
                cbs_code="GM1982",
                former_names="Cuijk;Boxmeer;Grave;Mill en Sint Hubert;Sint Anthonis",
            ),
            "Maashorst": GemeenteFactory(
                name="Maashorst", cbs_code="GM1991", former_names="Uden;Landerd"
            ),
            "'s-Hertogenbosch": GemeenteFactory(name="'s-Hertogenbosch", cbs_code="GM0796"),
            "Apeldoorn": GemeenteFactory(name="Apeldoorn", cbs_code="GM0200"),
        }
        db.session.commit()
        return {name: g.id for name, g in created.items()}


@pytest.fixture
def corporation_id(app):
    """A housing corporation's id."""
    with app.app_context():
        corporation = CorporationFactory(name="Mooiland")
        db.session.commit()
        return corporation.id


STREET = "Ŝtraße Café"


def write_mixed_csv(path: Path, rows: int, bad_line: int, encoding_of_bad="cp1252") -> Path:
    """A UTF-8 file whose line ``bad_line`` was saved in another encoding (as after a paste)."""
    lines = [";".join(HEADER)]
    for n in range(1, rows + 1):
        name = "Mw. Müller" if n + 1 == bad_line else f"Dhr. Jansen {n}"
        lines.append(";".join(household_row(n, Straatnaam=STREET, Tenaamstelling=name)))
    data = b"".join(
        (line.encode(encoding_of_bad, errors="replace") if number == bad_line else line.encode())
        + b"\r\n"
        for number, line in enumerate(lines, start=1)
    )
    path.write_bytes(data)
    return path


def xlsx_bomb(path: Path, member: str, megabytes: int) -> Path:
    """A small zip that calls itself a workbook; ``member`` unpacks to many megabytes."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open(member, "w") as target:
            block = b"<si><t>a</t></si>" * 65536  # 1 MB
            for _ in range(megabytes):
                target.write(block)
    return path

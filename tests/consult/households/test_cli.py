"""`flask households import` and `flask households purge-addresses`."""

from sqlalchemy import func, select

from consult.audit.models import AuditEvent
from consult.extensions import db
from consult.households.models import Household, ImportMapping, MailingAddress
from tests.consult.households.conftest import (
    STREET,
    household_row,
    write_csv,
    write_mixed_csv,
    xlsx_bomb,
)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


def test_cli_import_prints_the_report_in_dutch(app, gemeenten, corporation_id, tmp_path):
    path = write_csv(tmp_path / "export.csv", [household_row(n) for n in range(1, 8)])
    result = app.test_cli_runner().invoke(
        args=["households", "import", str(path), "--corporation", "mooiland"]
    )
    assert result.exit_code == 0, result.output
    assert "Geïmporteerd." in result.output
    assert "Nieuw: 7, bijgewerkt: 0" in result.output
    assert "Bernheze: 7" in result.output
    assert count(app, Household) == 7
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "households.import")
        )
        assert event.detail["source"] == "cli" and event.actor_id is None


def test_cli_dry_run_stores_nothing(app, gemeenten, corporation_id, tmp_path):
    path = write_csv(tmp_path / "export.csv", [household_row(n) for n in range(1, 4)])
    result = app.test_cli_runner().invoke(
        args=["households", "import", str(path), "--corporation", "Mooiland", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert "niets opgeslagen" in result.output and "Nieuw: 3" in result.output
    assert "Postadressen opgeslagen" not in result.output
    assert count(app, Household) == 0


def test_cli_import_with_a_bad_line_fails_and_names_it(app, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2, Gemeente="Nergenshuizen")]
    path = write_csv(tmp_path / "export.csv", rows)
    result = app.test_cli_runner().invoke(
        args=["households", "import", str(path), "--corporation", "Mooiland"]
    )
    assert result.exit_code == 1
    assert "Regel 3: Onbekende gemeente 'Nergenshuizen'" in result.output
    assert count(app, Household) == 0


def test_cli_import_uses_a_saved_mapping(app, gemeenten, corporation_id, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["7", "Uden"]], header=["Nr", "Plaats van huur"])
    with app.app_context():
        db.session.add(
            ImportMapping(
                name="Oud formaat", columns={"contract": "Nr", "gemeente": "Plaats van huur"}
            )
        )
        db.session.commit()
    runner = app.test_cli_runner()
    guessed = runner.invoke(args=["households", "import", str(path), "--corporation", "Mooiland"])
    assert guessed.exit_code == 1 and "Kies de kolom met de gemeente" in guessed.output
    result = runner.invoke(
        args=[
            "households",
            "import",
            str(path),
            "--corporation",
            "Mooiland",
            "--mapping",
            "oud formaat",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Maashorst: 1" in result.output


def test_cli_refuses_unknown_corporation_and_unreadable_file(app, corporation_id, tmp_path):
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.5 ...")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["households", "import", str(binary), "--corporation", "Nope"])
    assert result.exit_code == 1 and "Onbekende corporatie 'Nope'" in result.output
    result = runner.invoke(args=["households", "import", str(binary), "--corporation", "Mooiland"])
    assert result.exit_code == 1 and "PDF" in result.output


def test_cli_has_no_size_limit_of_the_web_upload(app, gemeenten, corporation_id, tmp_path):
    app.config["MAX_CONTENT_LENGTH"], limit = 1000, app.config["MAX_CONTENT_LENGTH"]
    try:
        path = write_csv(tmp_path / "big.csv", [household_row(n) for n in range(1, 301)])
        result = app.test_cli_runner().invoke(
            args=["households", "import", str(path), "--corporation", "Mooiland"]
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    assert result.exit_code == 0, result.output
    assert count(app, Household) == 300


def test_cli_purge_per_gemeente_keeps_households(app, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2), household_row(3, Gemeente="Uden")]
    runner = app.test_cli_runner()
    runner.invoke(
        args=[
            "households",
            "import",
            str(write_csv(tmp_path / "a.csv", rows)),
            "--corporation",
            "Mooiland",
        ]
    )
    result = runner.invoke(
        args=["households", "purge-addresses", "--gemeente", "maashorst", "--yes"]
    )
    assert result.exit_code == 0, result.output
    assert "Postadressen verwijderd: 1" in result.output
    assert count(app, MailingAddress) == 2 and count(app, Household) == 3
    result = runner.invoke(args=["households", "purge-addresses"], input="n\n")
    assert result.exit_code == 1 and count(app, MailingAddress) == 2
    result = runner.invoke(args=["households", "purge-addresses"], input="j\n")
    result = runner.invoke(args=["households", "purge-addresses", "--yes"])
    assert count(app, MailingAddress) == 0 and count(app, Household) == 3


def test_cli_purge_refuses_unknown_gemeente(app, gemeenten):
    result = app.test_cli_runner().invoke(
        args=["households", "purge-addresses", "--gemeente", "Atlantis", "--yes"]
    )
    assert result.exit_code == 1 and "Atlantis" in result.output


def test_cli_refuses_an_xlsx_bomb_before_reading_it(app, gemeenten, corporation_id, tmp_path):
    path = xlsx_bomb(tmp_path / "bom.xlsx", "xl/sharedStrings.xml", 60)
    result = app.test_cli_runner().invoke(
        args=["households", "import", str(path), "--corporation", "Mooiland"]
    )
    assert result.exit_code != 0
    assert "meer dan 100 keer zo groot" in result.output and "niet gelezen" in result.output
    assert count(app, Household) == 0


def test_cli_dry_run_says_the_encoding_shows_letters_and_names_bad_lines(
    app, gemeenten, corporation_id, tmp_path
):
    path = write_mixed_csv(tmp_path / "mixed.csv", rows=5, bad_line=4)
    result = app.test_cli_runner().invoke(
        args=["households", "import", str(path), "--corporation", "Mooiland", "--dry-run"]
    )
    assert result.exit_code == 1
    assert "Gelezen als: CSV, UTF-8, puntkomma" in result.output
    assert f"regel 2, Straatnaam: {STREET}" in result.output
    assert "ÅœtraÃŸe" not in result.output
    assert "Regel 4: Deze regel bevat tekens die geen geldige UTF-8 zijn" in result.output
    assert count(app, Household) == 0

"""The gemeenten command line: import (also as a dry run) and list."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente

GOOD = (
    "naam;cbs_code;werkgebied;corporaties\nBernheze;GM1721;kern;Mooiland\nEde;GM0228;aan;Mooiland\n"
)


def _count() -> int:
    return db.session.scalar(select(func.count(Gemeente.id)))


def test_import_adds_gemeenten_and_reports_counts(app, ctx, tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    result = app.test_cli_runner().invoke(args=["gemeenten", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 gemeenten were added" in result.output and "Mooiland" in result.output
    assert _count() == 2
    listing = app.test_cli_runner().invoke(args=["gemeenten", "list"])
    assert "GM0228  Ede" in listing.output and "AAN-gebied" in listing.output


def test_dry_run_changes_nothing(app, ctx, tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(GOOD)
    result = app.test_cli_runner().invoke(args=["gemeenten", "import", "--dry-run", str(path)])
    assert result.exit_code == 0 and "would be added" in result.output
    assert _count() == 0


def test_bad_file_prints_numbered_lines_in_dutch_and_imports_nothing(app, ctx, tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(GOOD + "Fout;GM1;nergens;\n")
    result = app.test_cli_runner().invoke(args=["gemeenten", "import", str(path)])
    assert result.exit_code == 1
    assert "line 4:" in result.output and "nergens" in result.output
    assert "nothing imported" in result.output
    assert _count() == 0

"""flask surveys seed-bank / export / import."""

import json

from sqlalchemy import func, select

from consult.extensions import db
from surveys.bankdata import SEED_QUESTIONS
from surveys.models import Survey
from tests.surveys.conftest import build_survey


def test_seed_bank_command_is_safe_to_run_twice(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["surveys", "seed-bank"])
    second = runner.invoke(args=["surveys", "seed-bank"])
    assert f"{len(SEED_QUESTIONS)} added" in first.output
    assert f"0 added, {len(SEED_QUESTIONS)} unchanged" in second.output


def test_export_and_import_on_the_command_line(app, tmp_path):
    with app.app_context():
        survey_id = build_survey().id
        db.session.commit()
    runner = app.test_cli_runner()
    for name in ("s.json", "s.xlsx"):
        result = runner.invoke(args=["surveys", "export", str(survey_id), str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        result = runner.invoke(args=["surveys", "import", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "3 questions" in result.output
    assert json.loads((tmp_path / "s.json").read_text())["format"] == "consult-survey"
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id))) == 3


def test_import_of_a_bad_file_fails_clearly(app, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "consult-survey", "format_version": 7}')
    result = app.test_cli_runner().invoke(args=["surveys", "import", str(path)])
    assert result.exit_code != 0
    assert "nieuwere versie" in result.output


def test_xlsform_import_on_the_command_line_takes_the_language_of_plain_columns(app, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["text", "remarks", "Any remarks?"])
    book.save(tmp_path / "kobo.xlsx")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["surveys", "import", str(tmp_path / "kobo.xlsx"), "--language", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "geen Nederlandse teksten" in result.output
    with app.app_context():
        survey = db.session.scalars(select(Survey).order_by(Survey.id.desc())).first()
        assert survey.languages == ["nl", "en"]
    result = runner.invoke(
        args=["surveys", "import", str(tmp_path / "kobo.xlsx"), "--language", "xx"]
    )
    assert result.exit_code != 0

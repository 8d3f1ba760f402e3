"""flask results table / rates / export."""

import pyreadstat


def test_table_prints_shares_with_n_and_hides_small_gemeenten(app, results):
    runner = app.test_cli_runner()
    survey_id = str(results["survey"].id)
    result = runner.invoke(args=["results", "table", survey_id, "--gemeente", "Ede"])
    assert result.exit_code == 0, result.output
    assert "keuze: Vraag keuze?" in result.output and "n = 40" in result.output
    assert "45%" in result.output and "(33%-58%)" in result.output  # FPC with N = 120
    result = runner.invoke(args=["results", "table", survey_id, "--gemeente", "Wageningen"])
    assert "n = <10" in result.output and "HUUR" not in result.output
    result = runner.invoke(args=["results", "table", survey_id, "--gemeente", "Nergens"])
    assert result.exit_code != 0 and "no gemeente" in result.output


def test_rates_and_export_on_the_command_line(app, results, tmp_path):
    runner = app.test_cli_runner()
    survey_id = str(results["survey"].id)
    result = runner.invoke(args=["results", "rates", survey_id])
    assert "Ede" in result.output and "33%" in result.output
    path = tmp_path / "a.sav"
    result = runner.invoke(
        args=["results", "export", survey_id, "--format", "sav", "--output", str(path)]
    )
    assert result.exit_code == 0, result.output
    frame, _meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 40
    result = runner.invoke(
        args=[
            "results",
            "export",
            survey_id,
            "--format",
            "csv",
            "--output",
            str(path),
            "--gemeente",
            "Wageningen",
        ]
    )
    assert result.exit_code != 0 and "Te weinig" in result.output
    result = runner.invoke(args=["results", "table", "999999"])
    assert result.exit_code != 0 and "no survey" in result.output


def test_tables_written_to_xlsx(app, results, tmp_path):
    path = tmp_path / "t.xlsx"
    result = app.test_cli_runner().invoke(
        args=["results", "table", str(results["survey"].id), "--output", str(path)]
    )
    assert result.exit_code == 0, result.output and path.stat().st_size > 0

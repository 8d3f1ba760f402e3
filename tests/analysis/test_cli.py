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


def test_charts_are_drawn_into_a_folder_for_one_gemeente(app, results, tmp_path):
    runner = app.test_cli_runner()
    survey_id = str(results["survey"].id)
    folder = tmp_path / "ede"
    result = runner.invoke(
        args=["results", "charts", survey_id, "--gemeente", "Ede", "--output", str(folder)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert "respons.png" in names and "verloop.png" in names
    assert "02-eens.png" in names and "05-prio.png" in names and "07-stellingen.png" in names
    assert all((folder / n).read_bytes().startswith(b"\x89PNG") for n in names)
    svg = runner.invoke(
        args=["results", "charts", survey_id, "--output", str(tmp_path / "s"), "--format", "svg"]
    )
    assert svg.exit_code == 0 and any((tmp_path / "s").glob("*.svg"))
    wrong = runner.invoke(args=["results", "charts", "999999", "--output", str(tmp_path / "x")])
    assert wrong.exit_code != 0 and "no survey" in wrong.output

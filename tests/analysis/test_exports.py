"""Exports read back with their labels; nothing identifying in them; suppressed; audited."""

import io

import pyreadstat
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from analysis import exports
from analysis.suppress import SuppressionRule
from consult.audit.models import AuditEvent
from consult.extensions import db
from tests.analysis.conftest import respond


def read_sav(content, tmp_path):
    path = tmp_path / "x.sav"
    path.write_bytes(content)
    return pyreadstat.read_sav(str(path), user_missing=True)


def test_spss_export_reads_back_with_variable_and_value_labels(results, tmp_path):
    content, name = exports.export_responses(results["survey"].id, "sav", admin=True)
    assert name.endswith(".sav")
    frame, meta = read_sav(content, tmp_path)
    assert len(frame) == 44
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["keuze"] == "Vraag keuze?"
    assert meta.variable_value_labels["keuze"] == {1.0: "HUUR", 2.0: "GROEN", -1.0: "Weet ik niet"}
    assert meta.variable_value_labels["eens"][5.0] == "punt 5"
    assert meta.missing_ranges["eens"] == [{"lo": -1.0, "hi": -1.0}]
    assert meta.variable_measure["eens"] == "ordinal"
    assert (frame["keuze"] == 1).sum() == 18
    assert {"stellingen_s1", "stellingen_s12", "wensen_tuin", "prio_a"} <= set(frame.columns)
    assert frame["prio_b"].dropna().tolist().count(1.0) == 10
    assert frame["open"].str.startswith("antwoord").sum() == 5  # admins only


def test_xlsx_export_has_values_variables_and_value_labels(results):
    content, _name = exports.export_responses(results["survey"].id, "xlsx", admin=True)
    workbook = load_workbook(io.BytesIO(content))
    responses, variables, values = workbook.worksheets
    header = [c.value for c in responses[1]]
    assert header[:3] == ["response_id", "gemeente", "werkgebied"]
    assert responses.max_row == 45
    assert ("keuze", "Vraag keuze?") in [(r[0].value, r[1].value) for r in variables.iter_rows()]
    labels = {(r[0].value, r[1].value): r[2].value for r in values.iter_rows(min_row=2)}
    assert labels[("keuze", -1)] == "Weet ik niet" and labels[("wensen_lift", 1)]


def test_csv_export_uses_labels_and_neutralises_formulas(results):
    respond(results["survey"], results["households"][50], {"open": '=HYPERLINK("x")'})
    db.session.flush()
    content, _name = exports.export_responses(results["survey"].id, "csv", admin=True)
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text
    assert "HUUR" in text and "Weet ik niet" in text


def test_exports_never_hold_household_codes_references_or_addresses(results, tmp_path):
    refs = {h.external_ref for h in results["households"]}
    for fmt in ("csv", "xlsx"):
        content, _name = exports.export_responses(results["survey"].id, fmt, admin=True)
        blob = (
            content.decode("utf-8-sig")
            if fmt == "csv"
            else str(
                [
                    [c.value for c in row]
                    for ws in load_workbook(io.BytesIO(content)).worksheets
                    for row in ws.iter_rows()
                ]
            )
        )
        assert not any(ref in blob for ref in refs)
        assert "household_id" not in blob and "Heesch" not in blob  # kern / address parts
    frame, _meta = read_sav(exports.export_responses(results["survey"].id, "sav")[0], tmp_path)
    assert "household_id" not in frame.columns


def test_non_admin_export_leaves_out_small_gemeenten_open_answers_and_thin_groups(
    results, tmp_path
):
    content, _name = exports.export_responses(results["survey"].id, "sav")
    frame, _meta = read_sav(content, tmp_path)
    assert set(frame["gemeente"]) == {"Ede"}  # Wageningen (3) and the open link (1) are out
    assert "open" not in frame.columns
    strict = SuppressionRule(suppress_below=25, counts_only_below=30)
    content, _name = exports.export_responses(results["survey"].id, "sav", rule=strict)
    frame, _meta = read_sav(content, tmp_path)
    assert set(frame["age_band"]) == {""}  # 20 per age band < 25: blanked


def test_export_of_too_few_responses_is_refused_with_a_message(results):
    with pytest.raises(exports.ExportError, match="Te weinig|Too few"):
        exports.export_responses(results["survey"].id, "csv", gemeente_ids=[results["wag"].id])
    with pytest.raises(exports.ExportError):
        exports.export_responses(results["survey"].id, "pdf")


def test_survey_without_responses_exports_for_admin_and_refuses_for_others(results, tmp_path):
    from tests.analysis.conftest import make_survey

    empty = make_survey(2028, [results["ede"]])
    frame, _meta = read_sav(exports.export_responses(empty.id, "sav", admin=True)[0], tmp_path)
    assert len(frame) == 0 and "keuze" in frame.columns
    with pytest.raises(exports.ExportError):
        exports.export_responses(empty.id, "xlsx")


def test_every_export_is_audited(results):
    exports.export_responses(results["survey"].id, "csv", gemeente_ids=[results["ede"].id])
    exports.export_tables(results["survey"].id, "xlsx")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "results.export")
    ).all()
    assert [e.detail["kind"] for e in events] == ["responses", "tables"]
    assert events[0].detail["gemeenten"] == [results["ede"].id]
    assert events[0].detail["rows"] == 40 and events[0].target_id == results["survey"].id


def test_table_export_is_suppressed_for_non_admins(results):
    distribution, summary = exports.result_tables(
        results["survey"].id, gemeente_ids=[results["wag"].id]
    )
    assert summary[summary["question"] == "keuze"]["tier"].eq("suppressed").all()
    assert distribution["count"].isna().all()
    _dist, summary = exports.result_tables(
        results["survey"].id, gemeente_ids=[results["wag"].id], admin=True
    )
    assert summary[summary["question"] == "keuze"]["n_dont_know"].iloc[0] == 3


def test_xlsx_keeps_formula_like_answers_as_text(results):
    respond(results["survey"], results["households"][50], {"open": "=1+1"})
    db.session.flush()
    content, _name = exports.export_responses(results["survey"].id, "xlsx", admin=True)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)

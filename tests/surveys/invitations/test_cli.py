"""The invitations command line: create codes, export them for a mail merge, reissue one."""

import csv

from sqlalchemy import select

from consult.extensions import db
from surveys.invitations import operations
from surveys.invitations.models import Invitation


def run(app, *args):
    return app.test_cli_runner().invoke(args=["invitations", *[str(a) for a in args]])


def test_create_makes_codes_for_every_household_in_scope(app, fieldwork):
    survey = fieldwork["survey"]
    result = run(app, "create", "--survey", survey.id)
    assert result.exit_code == 0, result.output
    assert "5 new codes" in result.output
    again = run(app, "create", "--survey", survey.id)
    assert "0 new codes" in again.output and "5 households" in again.output


def test_create_for_one_gemeente_by_name_or_cbs_code(app, fieldwork):
    survey, (_a, b, _c) = fieldwork["survey"], fieldwork["gemeenten"]
    assert "3 new codes" in run(app, "create", "--survey", survey.id, "--gemeente", "aa").output
    result = run(app, "create", "--survey", survey.id, "--gemeente", b.cbs_code)
    assert "2 new codes" in result.output


def test_create_with_unknown_survey_or_gemeente_explains_and_makes_nothing(app, fieldwork):
    assert "no survey with number 99999" in run(app, "create", "--survey", 99999).output
    result = run(app, "create", "--survey", fieldwork["survey"].id, "--gemeente", "Atlantis")
    assert result.exit_code != 0 and "Unknown gemeente: Atlantis" in result.output
    assert db.session.scalars(select(Invitation)).all() == []


def test_export_writes_codes_that_work(app, fieldwork, tmp_path):
    survey = fieldwork["survey"]
    run(app, "create", "--survey", survey.id)
    path = tmp_path / "codes.csv"
    result = run(app, "export", "--survey", survey.id, "--output", path)
    assert result.exit_code == 0, result.output
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 5
    refs = {h.external_ref for h in fieldwork["households"]["a"] + fieldwork["households"]["b"]}
    assert {row["household"] for row in rows} == refs
    for row in rows:
        invitation = operations.find_invitation(row["code"])
        assert invitation.household.external_ref == row["household"]
        assert row["url"].endswith("/c/" + row["code"])
    assert path.stat().st_mode & 0o077 == 0


def test_export_neutralises_a_household_number_that_looks_like_a_formula(app, fieldwork, tmp_path):
    survey = fieldwork["survey"]
    fieldwork["households"]["a"][0].external_ref = "=1+1"
    run(app, "create", "--survey", survey.id)
    path = tmp_path / "codes.csv"
    assert run(app, "export", "--survey", survey.id, "--output", path).exit_code == 0
    with path.open(encoding="utf-8") as handle:
        refs = {row["household"] for row in csv.DictReader(handle, delimiter=";")}
    assert "'=1+1" in refs and "=1+1" not in refs


def test_reissue_gives_a_new_working_code(app, fieldwork):
    survey = fieldwork["survey"]
    household = fieldwork["households"]["a"][0]
    run(app, "create", "--survey", survey.id)
    invitation = operations.invitation_for_household(survey, household.id)
    old = operations.clear_code(invitation)
    result = run(app, "reissue", "--survey", survey.id, "--household", household.external_ref)
    assert result.exit_code == 0, result.output
    new = result.output.split()[2]
    assert new != old
    assert operations.find_invitation(new).household_id == household.id


def test_reissue_for_a_household_without_code_explains(app, fieldwork):
    household = fieldwork["households"]["c"][0]
    result = run(
        app, "reissue", "--survey", fieldwork["survey"].id, "--household", household.external_ref
    )
    assert result.exit_code != 0 and "no code" in result.output

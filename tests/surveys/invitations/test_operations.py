"""Invitation services: bulk creation in scope, look-up by typed code, reissue, printing."""

import pytest
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.config import ConfigError
from consult.extensions import db
from surveys.builder import operations as survey_operations
from surveys.invitations import codes, operations
from surveys.invitations.models import Invitation
from surveys.models import SurveyStatus


def invitations(survey):
    return list(db.session.scalars(select(Invitation).where(Invitation.survey_id == survey.id)))


def test_codes_are_made_for_active_households_of_the_survey_gemeenten_only(fieldwork, board):
    survey, h = fieldwork["survey"], fieldwork["households"]
    assert operations.create_invitations(survey, by=board) == 5
    invited = {i.household_id for i in invitations(survey)}
    assert invited == {x.id for x in h["a"] + h["b"]}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "invitations.created"))
    assert [e.detail["count"] for e in event] == [5]


def test_making_codes_again_only_adds_codes_for_new_households(fieldwork):
    survey, (a, _b, _c) = fieldwork["survey"], fieldwork["gemeenten"]
    assert operations.create_invitations(survey, gemeente_ids=[a.id]) == 3
    before = {i.household_id: i.code_hash for i in invitations(survey)}
    assert operations.create_invitations(survey, gemeente_ids=[a.id]) == 0
    assert operations.create_invitations(survey) == 2
    after = {i.household_id: i.code_hash for i in invitations(survey)}
    assert {k: after[k] for k in before} == before
    assert len(after) == 5


def test_gemeente_outside_the_survey_gets_no_codes(fieldwork):
    survey, (_a, _b, c) = fieldwork["survey"], fieldwork["gemeenten"]
    assert operations.create_invitations(survey, gemeente_ids=[c.id]) == 0


@pytest.mark.parametrize("status", [SurveyStatus.CLOSED, SurveyStatus.ARCHIVED])
def test_no_codes_for_a_closed_or_archived_survey(fieldwork, status):
    survey = fieldwork["survey"]
    survey.status = status
    with pytest.raises(operations.InvitationError, match="gesloten|closed"):
        operations.create_invitations(survey)
    assert invitations(survey) == []


def test_printed_code_finds_its_invitation_in_any_typed_form(fieldwork):
    survey = fieldwork["survey"]
    operations.create_invitations(survey)
    for invitation in invitations(survey):
        code = operations.clear_code(invitation)
        assert code == operations.clear_code(invitation)  # stable: printable again later
        for typed in (code, code.lower(), code.replace("-", " "), code.replace("-", "")):
            assert operations.find_invitation(typed) is invitation


def test_database_holds_no_clear_code(fieldwork):
    survey = fieldwork["survey"]
    operations.create_invitations(survey)
    for invitation in invitations(survey):
        code = operations.clear_code(invitation).replace("-", "")
        stored = f"{invitation.code_hash}{invitation.nonce}".upper()
        assert code[:8] not in stored
        assert len(invitation.code_hash) == 64


def test_codes_of_all_invitations_differ(fieldwork):
    survey = fieldwork["survey"]
    operations.create_invitations(survey)
    all_codes = [operations.clear_code(i) for i in invitations(survey)]
    assert len(set(all_codes)) == len(all_codes) == 5


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("", "empty"), ("ABCD", "length"), ("ABCD-EFGH-U", "characters"), ("ABCD-EFGH-0", "check")],
)
def test_bad_code_gives_a_message_for_the_tenant(fieldwork, typed, reason):
    with pytest.raises(operations.CodeError) as caught:
        operations.find_invitation(typed)
    assert caught.value.reason == reason
    assert "code" in str(caught.value).lower()
    assert caught.value.field == "code"


def test_well_formed_code_that_was_never_issued_is_unknown(fieldwork):
    data = "ABCDEFGH"
    with pytest.raises(operations.CodeError) as caught:
        operations.find_invitation(data + codes.check_character(data))
    assert caught.value.reason == "unknown"
    assert "brief" in str(caught.value)


def test_reissued_code_replaces_the_old_one(fieldwork, board):
    survey = fieldwork["survey"]
    operations.create_invitations(survey)
    invitation = invitations(survey)[0]
    old = operations.clear_code(invitation)
    new = operations.reissue_code(invitation, by=board)
    assert new != old
    assert operations.clear_code(invitation) == new
    assert operations.find_invitation(new) is invitation
    assert invitation.reissue_count == 1
    with pytest.raises(operations.CodeError):
        operations.find_invitation(old)


def test_codes_change_with_the_secret(app, fieldwork):
    survey = fieldwork["survey"]
    operations.create_invitations(survey)
    invitation = invitations(survey)[0]
    code = operations.clear_code(invitation)
    app.config["CODE_SECRET"] = "another secret for codes"
    try:
        assert operations.clear_code(invitation) != code
        with pytest.raises(operations.CodeError):
            operations.find_invitation(code)
    finally:
        app.config["CODE_SECRET"] = ""


def test_production_needs_its_own_code_secret(app):
    app.config["CONSULT_ENV"] = "production"
    try:
        with pytest.raises(ConfigError, match="CODE_SECRET"):
            operations.check_code_secret(app)
        app.config["CODE_SECRET"] = "long random secret"
        operations.check_code_secret(app)
    finally:
        app.config["CONSULT_ENV"] = "test"
        app.config["CODE_SECRET"] = ""


def test_letter_codes_are_listed_per_gemeente_with_their_web_address(fieldwork):
    survey, (a, _b, _c) = fieldwork["survey"], fieldwork["gemeenten"]
    operations.create_invitations(survey)
    listed = list(operations.iter_clear_codes(survey, gemeente_id=a.id))
    assert len(listed) == 3
    for invitation, code in listed:
        assert invitation.household.gemeente_id == a.id
        assert operations.find_invitation(code) is invitation
        assert (
            operations.code_url(code, "https://kmas.example/") == f"https://kmas.example/c/{code}"
        )


def test_survey_copied_to_a_new_year_has_no_codes_yet(fieldwork, board):
    survey = fieldwork["survey"]
    operations.create_invitations(survey)
    copy = survey_operations.copy_survey(survey, year=2028, by=board)
    assert invitations(copy) == []
    assert operations.create_invitations(copy) == 5


def test_application_refuses_to_start_in_production_without_code_secret(monkeypatch, tmp_path):
    from consult import create_app

    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.delenv("CODE_SECRET", raising=False)
    monkeypatch.setenv("CONSULT_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="CODE_SECRET"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    monkeypatch.setenv("CODE_SECRET", "c" * 40)
    assert create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})

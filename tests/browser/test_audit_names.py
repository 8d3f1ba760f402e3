"""The audit log speaks Dutch and names things: action names in words, gemeenten, surveys
and sections by their names instead of database numbers, and every filter choice once."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete

from consult.audit.models import AuditEvent
from consult.audit.operations import record_event
from consult.extensions import db
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import GemeenteFactory
from tests.surveys.conftest import build_survey


@pytest.fixture
def events(app):
    """Events as the paper, invitation, builder and keying services record them."""
    with app.app_context():
        gemeente = GemeenteFactory(name="Zwaluwdorp")
        survey = build_survey(gemeente=gemeente)
        section = survey.sections[0]
        db.session.flush()
        db.session.execute(delete(AuditEvent))
        record_event("corporation.create", target=None)
        record_event("corporation.created", target=None)
        record_event(
            "paper.letters_made", target=survey, batch=1, households=122, gemeente=gemeente.id
        )
        record_event("invitations.created", target=survey, count=20, gemeenten="all")
        record_event("survey.status_changed", target=survey, old="draft", new="open")
        record_event("survey.section_moved", target=survey, section_id=section.id)
        record_event("survey.copied", target=survey, source_id=survey.id, year=2028)
        record_event("response.duplicate_detected", target=survey, household_id=4)
        record_event(
            "survey.condition_changed",
            target=survey,
            key="maanden",
            new={"question": "zoekt", "op": "equals", "value": "ja"},
        )
        db.session.commit()
        return {"survey": survey.id, "gemeente": gemeente.id, "section": section.id}


@pytest.mark.parametrize("width", [390, 1280])
def test_audit_log_names_actions_and_things_in_dutch(new_context, staff_user, events, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, *staff_user("admin"))
    page.goto("/beheer/logboek")
    table = page.locator("table")
    text = " ".join(table.inner_text().split())
    for raw in ("paper.letters_made", "invitations.created", "response.duplicate_detected"):
        assert raw not in text
    assert "Brieven en formulieren gemaakt" in text
    assert "Codes gemaakt voor huishoudens" in text
    assert "Status van de vragenlijst gewijzigd" in text
    assert "Raadpleging 2027" in text and "Vragenlijst " + str(events["survey"]) not in text
    assert "gemeente: Zwaluwdorp" in text
    assert f"gemeente: {events['gemeente']}" not in text
    assert "onderdeel: Wonen" in text
    assert "gekopieerd van: Raadpleging 2027" in text
    assert "voor: concept; na: open" in text
    assert "gemeenten: alle" in text
    assert "zoekt is ja" in text
    assert "Enquête" not in text

    options = page.locator("#action option").all_inner_texts()
    assert len(options) == len(set(options)), "a filter choice appears twice"
    assert axe_violations(page) == [], describe_violations(axe_violations(page))


def test_filter_on_a_shared_wording_finds_every_code_with_it(new_context, staff_user, events):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, *staff_user("admin"))
    page.goto("/beheer/logboek")
    page.get_by_label("Handeling").select_option(label="Corporatie toegevoegd")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("tbody tr")).to_have_count(2)

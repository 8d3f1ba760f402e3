"""The builder offers only what can be done: on an open survey with answers there is no
"Toevoegen", no "Verwijderen" for answered questions and no "Terug naar concept"; the page
says why instead."""

import pytest
from playwright.sync_api import expect

from consult.extensions import db
from surveys.models import SurveyStatus
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.surveys.conftest import add_answer, build_survey

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


@pytest.fixture
def answered_survey(app):
    """An open survey where question "zoekt" has an answer and "keuze" has none."""
    with app.app_context():
        survey = build_survey()
        survey.status = SurveyStatus.OPEN
        add_answer(survey, "zoekt", "ja")
        db.session.commit()
        return survey.id


@pytest.fixture
def draft_survey(app):
    with app.app_context():
        survey = build_survey()
        db.session.commit()
        return survey.id


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, DESKTOP["viewport"]])
def test_open_survey_with_answers_shows_only_what_can_be_done_and_why(
    new_context, staff_user, answered_survey, viewport
):
    page = new_context(viewport=viewport).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.goto(f"/vragenlijsten/{answered_survey}")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Vraag toevoegen uit de vragenbank")).to_have_count(0)
    expect(main.get_by_role("link", name="Nieuwe vraag schrijven")).to_have_count(0)
    expect(main.get_by_role("link", name="Nieuwe vraag hier")).to_have_count(0)
    expect(main.get_by_role("button", name="Onderdeel toevoegen")).to_have_count(0)
    expect(main.get_by_role("link", name="Terug naar concept")).to_have_count(0)
    expect(main.get_by_role("link", name="Verwijderen zoekt")).to_have_count(0)
    expect(main.get_by_role("link", name="Verwijderen keuze")).to_have_count(1)
    expect(main.get_by_role("link", name="Sluiten")).to_have_count(1)
    expect(page.locator("#no-draft-reason")).to_contain_text("antwoorden")
    expect(page.locator("#structure-locked")).to_contain_text("antwoorden")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_back_to_draft_page_offers_no_button_once_answers_are_in(
    new_context, staff_user, answered_survey
):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.goto(f"/vragenlijsten/{answered_survey}/status/draft")
    expect(page.get_by_role("alert")).to_contain_text("antwoorden")
    expect(page.get_by_role("button", name="Ja, terug naar concept")).to_have_count(0)


def test_draft_survey_still_offers_adding_and_removing(new_context, staff_user, draft_survey):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.goto(f"/vragenlijsten/{draft_survey}")
    main = page.locator("main")
    expect(main.get_by_role("link", name="Vraag toevoegen uit de vragenbank")).to_have_count(1)
    expect(main.get_by_role("link", name="Verwijderen zoekt")).to_have_count(1)
    expect(page.locator("#structure-locked")).to_have_count(0)

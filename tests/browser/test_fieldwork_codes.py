"""The fieldwork page offers "Codes maken" only while some household has no code, says how
many, and says so when every household has one."""

import pytest
from playwright.sync_api import expect

from consult.extensions import db
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.surveys.fieldwork.test_fieldwork import two_gemeenten


@pytest.fixture
def survey_id(app):
    """An open survey: gemeente A has 3 households with codes, Zwaluwdorp 1 without."""
    with app.app_context():
        survey, _a, _b = two_gemeenten(households_b=1)
        db.session.commit()
        return survey.id


@pytest.mark.parametrize("width", [390, 1280])
def test_make_codes_button_only_while_households_lack_a_code(
    new_context, staff_user, survey_id, width
):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.goto(f"/veldwerk/{survey_id}")
    button = page.get_by_role("button", name="Maak een code voor 1 huishouden zonder code")
    expect(button).to_be_visible()
    expect(page.locator("main")).to_contain_text("Zwaluwdorp: 1 huishouden")
    assert axe_violations(page) == [], describe_violations(axe_violations(page))
    button.click()
    expect(page.get_by_role("status").first).to_be_visible()
    page.goto(f"/veldwerk/{survey_id}")
    expect(page.get_by_role("button", name="Maak", exact=False)).to_have_count(0)
    expect(page.locator("#all-have-codes")).to_contain_text("heeft een code")
    assert axe_violations(page) == [], describe_violations(axe_violations(page))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

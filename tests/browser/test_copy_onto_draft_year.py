"""Copying a survey onto a year that already has a draft warns first and asks for a clear
choice: go on with that draft, or make a second survey for the year on purpose."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from consult.extensions import db
from surveys.builder import demo
from surveys.models import Survey
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import GemeenteFactory

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}
OPEN_2027 = "Kopiëren Wat vindt u van uw huis en buurt?"


@pytest.fixture
def demo_surveys(app):
    """The demo's surveys: 2026 closed, 2027 open, 2028 draft."""
    with app.app_context():
        GemeenteFactory(name="Bernheze")
        demo.load(seed=1, echo=lambda *_: None)
        db.session.commit()


def surveys_of(app, year: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Survey.id)).where(Survey.year == year))


def test_copy_onto_a_year_with_a_draft_is_refused_until_chosen(
    app, new_context, staff_user, demo_surveys
):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.goto("/vragenlijsten/")
    page.get_by_role("link", name=OPEN_2027, exact=True).click()
    expect(page.get_by_label("Jaar", exact=True)).to_have_value("2028")
    warning = page.locator("#existing-drafts")
    expect(warning).to_contain_text("2028 heeft al een concept-vragenlijst")
    expect(warning.get_by_role("link")).to_have_count(1)
    assert axe_violations(page) == [], describe_violations(axe_violations(page))

    page.get_by_role("button", name="Kopie maken").click()
    expect(page.locator(".error-summary")).to_contain_text("al een concept voor 2028")
    assert surveys_of(app, 2028) == 1
    assert axe_violations(page) == [], describe_violations(axe_violations(page))

    page.get_by_label("Ja, maak een tweede vragenlijst voor dit jaar naast het concept").check()
    page.get_by_role("button", name="Kopie maken").click()
    expect(page.get_by_role("status").first).to_contain_text("De kopie is gemaakt")
    assert surveys_of(app, 2028) == 2


def test_copy_onto_a_free_year_asks_nothing_extra(app, new_context, staff_user, demo_surveys):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.goto("/vragenlijsten/")
    page.get_by_role("link", name=OPEN_2027, exact=True).click()
    page.get_by_label("Jaar", exact=True).fill("2029")
    page.get_by_role("button", name="Kopie maken").click()
    expect(page.get_by_role("status").first).to_contain_text("De kopie is gemaakt")
    assert surveys_of(app, 2029) == 1

"""Every part of a tenant page sits inside a landmark, also with the demo banner shown and on
a question page with its "Terug" link: axe reports no violations, the "region" rule included."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.extensions import db
from surveys.builder import demo
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.models import Survey, SurveyStatus
from surveys.respond.operations import local_today
from tests.browser.conftest import axe_violations, describe_violations
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


@pytest.fixture
def code(app):
    """A code of the demo's open survey (dates around today)."""
    with app.app_context():
        gemeente = GemeenteFactory(name="Bernheze")
        HouseholdFactory(gemeente=gemeente, corporation=CorporationFactory())
        demo.load(seed=1, echo=lambda *_: None)
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        survey.opens_on = local_today() - timedelta(days=7)
        survey.closes_on = local_today() + timedelta(days=40)
        invitations.create_invitations(survey)
        clear = invitations.clear_code(db.session.scalars(select(Invitation)).first())
        db.session.commit()
        return clear


def all_violations(page) -> list[dict]:
    """WCAG A/AA violations plus axe's "region" rule (content outside every landmark)."""
    from axe_playwright_python.sync_playwright import Axe

    region = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["region"]}})
    return axe_violations(page) + region.response["violations"]


@pytest.mark.parametrize("width", [390, 1280])
def test_demo_banner_and_back_link_sit_inside_landmarks(app, monkeypatch, new_context, code, width):
    monkeypatch.setitem(app.config, "SHOW_DEMO_BANNER", True)
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/")
    assert page.locator("header .banner").is_visible()
    violations = all_violations(page)
    assert violations == [], "start page: " + describe_violations(violations)

    page.goto(f"/c/{code}")
    while "/vraag/" not in page.url:
        page.locator("main button[type=submit]").first.click()
        page.wait_for_load_state()
    page.locator("input[type=radio]").first.check()
    page.locator("main button[type=submit]").last.click()
    page.wait_for_url("**/vraag/**")
    back = page.get_by_role("link", name="Terug", exact=True)
    assert back.is_visible()
    assert back.evaluate("link => link.closest('main') !== null"), "'Terug' is outside main"
    violations = all_violations(page)
    assert violations == [], "question page: " + describe_violations(violations)

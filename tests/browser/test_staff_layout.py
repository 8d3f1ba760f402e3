"""The staff layout at desktop and phone widths: header, menu grouped by task, content width."""

import pytest
from playwright.sync_api import expect

from consult.extensions import db
from surveys.builder import demo
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import GemeenteFactory

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_surveys(app):
    """The demo's bank and surveys (2026 closed, 2027 open, 2028 draft) on one gemeente."""
    with app.app_context():
        GemeenteFactory(name="Bernheze")
        demo.load(seed=1, echo=lambda *_: None)
        db.session.commit()


def region_violations(page) -> list[dict]:
    """axe's "region" rule (all content inside a landmark), which the WCAG tags leave out."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["region"]}})
    return results.response["violations"]


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_desktop_layout_has_one_row_header_side_menu_by_task_and_wide_content(
    new_context, staff_user
):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user("admin"))
    page.goto("/overzicht")
    header, nav, main = _box(page, "header"), _box(page, "nav"), _box(page, "main")
    assert header["height"] <= 80, "the header wraps onto several rows"
    assert nav["x"] + nav["width"] <= main["x"], "the menu is not beside the content"
    assert main["width"] >= 900, "the content column is too narrow for tables"
    heading = _box(page, "h1")
    assert heading["y"] - (header["y"] + header["height"]) >= 24, "the heading touches the header"
    for group in ("Voorbereiden", "Antwoorden verzamelen", "Uitkomsten lezen", "Beheer"):
        expect(page.locator(".nav-group-label", has_text=group)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_phone_layout_keeps_the_menu_above_the_content_without_sideways_scrolling(
    new_context, staff_user, demo_surveys
):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, *staff_user("admin"))
    for path in ("/overzicht", "/vragenlijsten/"):
        page.goto(path)
        nav, main = _box(page, "nav"), _box(page, "main")
        assert nav["y"] + nav["height"] <= main["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)


def test_demo_banner_sits_inside_the_header_landmark(new_context, staff_user, app, monkeypatch):
    monkeypatch.setitem(app.config, "SHOW_DEMO_BANNER", True)
    page = new_context(**DESKTOP).new_page()
    page.goto("/login")
    expect(page.locator("header .demo-banner")).to_be_visible()
    assert region_violations(page) == [], describe_violations(region_violations(page))
    sign_in(page, *staff_user("admin"))
    page.goto("/overzicht")
    expect(page.locator("header .demo-banner")).to_be_visible()
    violations = axe_violations(page) + region_violations(page)
    assert violations == [], describe_violations(violations)

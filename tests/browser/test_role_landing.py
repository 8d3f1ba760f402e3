"""Each role starts on its own work after signing in."""

import pytest
from playwright.sync_api import expect

from consult.extensions import db
from surveys.builder import demo
from tests.browser.conftest import sign_in
from tests.factories import GemeenteFactory

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


@pytest.fixture
def demo_surveys(app):
    """The demo's bank and surveys (2026 closed, 2027 open, 2028 draft) on one gemeente."""
    with app.app_context():
        GemeenteFactory(name="Bernheze")
        demo.load(seed=1, echo=lambda *_: None)
        db.session.commit()


@pytest.mark.parametrize(
    ("role", "landing", "heading"),
    [
        ("vrijwilliger", "/invoeren", "Formulieren invoeren"),
        ("bestuur", "/vragenlijsten/", "Vragenlijsten"),
        ("lezer", "/resultaten/", "Uitkomsten"),
        ("admin", "/overzicht", "Overzicht"),
    ],
)
def test_each_role_lands_on_its_own_work(new_context, staff_user, role, landing, heading):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user(role))
    page.wait_for_url(f"**{landing}*")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


def test_board_member_finds_fieldwork_and_results_beside_each_survey(
    new_context, staff_user, demo_surveys
):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, *staff_user("bestuur"))
    page.wait_for_url("**/vragenlijsten/")
    page.get_by_role("link", name="Uitkomsten Wat vindt u van uw huis en buurt? (2026)").click()
    page.wait_for_url("**/resultaten/*")

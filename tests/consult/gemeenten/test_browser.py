"""Gemeenten pages in a real browser: accessible and usable on a narrow phone."""

import pytest

from consult.extensions import db
from tests.browser.conftest import sign_in
from tests.consult.users.browser import run_in_chromium
from tests.consult.users.test_browser import check_page
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_gemeenten_pages_are_accessible_on_a_narrow_phone(app, live_server, staff_user):
    with app.app_context():
        corporation = CorporationFactory(name="Mooiland")
        gemeente = GemeenteFactory(name="Bernheze", cbs_code="GM1721", corporations=[corporation])
        HouseholdFactory(gemeente=gemeente, corporation=corporation, kern="Heesch")
        db.session.commit()
        gemeente_id = gemeente.id
    credentials = staff_user("admin")

    def scenario(context):
        page = context.new_page()
        sign_in(page, *credentials)
        page.wait_for_url("**/overzicht")
        for path in (
            "/gemeenten",
            f"/gemeenten/{gemeente_id}",
            "/gemeenten/corporaties",
            "/gemeenten/corporaties/nieuw",
            "/gemeenten/importeren",
        ):
            page.goto(path)
            check_page(page)
        page.goto(f"/gemeenten/{gemeente_id}/bewerken")
        page.get_by_label("CBS-code").fill("GM12345")
        page.get_by_role("button", name="Opslaan").click()
        assert page.locator(".error-summary").is_visible()
        check_page(page)
        page.get_by_label("CBS-code").fill("1721")
        page.get_by_label("Aantal huurwoningen (niet verplicht)").fill("2.300")
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_url(f"**/gemeenten/{gemeente_id}")
        assert "2.300" in page.content()

    run_in_chromium(live_server, scenario)

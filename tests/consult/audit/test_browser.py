"""The audit log page in a real browser: accessible and usable on a narrow phone."""

import pytest

from tests.browser.conftest import sign_in
from tests.consult.users.browser import run_in_chromium
from tests.consult.users.test_browser import check_page

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_audit_log_is_accessible_and_filters_on_a_narrow_phone(live_server, staff_user):
    credentials = staff_user("admin")

    def scenario(context):
        page = context.new_page()
        sign_in(page, *credentials)
        page.wait_for_url("**/overzicht")
        page.get_by_role("link", name="Logboek").click()
        assert "Ingelogd" in page.locator("tbody").inner_text()
        check_page(page)
        page.get_by_label("Handeling").select_option(label="Uitgelogd")
        page.get_by_role("button", name="Tonen").click()
        assert "Geen gebeurtenissen gevonden." in page.content()
        check_page(page)

    run_in_chromium(live_server, scenario)

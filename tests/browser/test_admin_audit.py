"""The audit log page in a real browser: accessible and usable on a narrow phone."""

from tests.browser.conftest import NARROW, check_page, sign_in


def test_audit_log_is_accessible_and_filters_on_a_narrow_phone(new_context, staff_user):
    page = new_context(viewport=NARROW).new_page()
    sign_in(page, *staff_user("admin"))
    page.wait_for_url("**/overzicht")
    page.get_by_role("link", name="Logboek").click()
    assert "Ingelogd" in page.locator("tbody").inner_text()
    check_page(page)
    page.get_by_label("Handeling").select_option(label="Uitgelogd")
    page.get_by_role("button", name="Tonen").click()
    assert "Geen gebeurtenissen gevonden." in page.content()
    check_page(page)

"""User administration in a real browser: accessible, on a narrow phone, without JavaScript."""

from tests.browser.conftest import NARROW, check_page, sign_in


def test_admin_adds_a_user_without_javascript(new_context, staff_user):
    page = new_context(viewport=NARROW, java_script_enabled=False).new_page()
    sign_in(page, *staff_user("admin"))
    page.wait_for_url("**/overzicht")
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_role("link", name="Gebruiker toevoegen").click()
    page.get_by_label("Naam").fill("Truus de Vries")
    page.get_by_label("E-mailadres").fill("truus@example.org")
    page.get_by_label("Vrijwilliger").check()
    page.get_by_role("button", name="Gebruiker toevoegen").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Wachtwoord voor Truus de Vries"
    assert len(page.locator("code").inner_text()) == 19


def test_user_pages_are_accessible_and_fit_a_narrow_phone(new_context, staff_user):
    page = new_context(viewport=NARROW).new_page()
    sign_in(page, *staff_user("admin"))
    page.wait_for_url("**/overzicht")
    page.goto("/beheer/gebruikers")
    check_page(page)
    page.get_by_role("link", name="Gebruiker toevoegen").click()
    page.get_by_role("button", name="Gebruiker toevoegen").click()
    assert page.locator(".error-summary").is_visible()
    check_page(page)
    page.get_by_label("Naam").fill("Wim")
    page.get_by_label("E-mailadres").fill("wim@example.org")
    page.get_by_label("Lezer").check()
    page.get_by_role("button", name="Gebruiker toevoegen").click()
    check_page(page)
    page.get_by_role("link", name="Terug naar gebruikers").click()
    page.get_by_role("link", name="Wim").click()
    check_page(page)
    page.get_by_role("link", name="Nieuw wachtwoord instellen").click()
    check_page(page)

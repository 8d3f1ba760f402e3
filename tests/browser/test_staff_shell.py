"""Staff pages in a real browser: Dutch, accessible, usable on a phone and without JavaScript."""

from tests.browser.conftest import axe_violations, describe_violations, sign_in


def test_login_page_in_dutch_without_accessibility_violations(page):
    page.goto("/login")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Inloggen")
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_wrong_password_shows_error_summary_with_link_to_field(page, staff_user):
    email, _password = staff_user()
    sign_in(page, email, "niet het goede wachtwoord")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Fout:" in page.title()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "password"
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_admin_signs_in_and_sees_overview_on_a_narrow_phone(new_context, staff_user):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    email, password = staff_user("admin")
    sign_in(page, email, password)
    page.wait_for_url("**/overzicht")
    assert page.get_by_role("heading", level=1).inner_text() == "Overzicht"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, "the page scrolls sideways at 320 px"
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_sign_in_and_out_work_without_javascript(new_context, staff_user):
    page = new_context(java_script_enabled=False).new_page()
    email, password = staff_user("lezer")
    sign_in(page, email, password)
    page.wait_for_url("**/resultaten/")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login")
    assert "U bent uitgelogd." in page.content()


def test_language_switch_to_english_and_back(page):
    page.goto("/login")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sign in")
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"

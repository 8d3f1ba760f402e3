"""The household pages in a real browser: import and purge on a phone, accessible (axe-core).

The shared browser of tests/browser is not visible from this folder, and a second Playwright
cannot start in a thread where one already runs; each scenario therefore gets its own
Chromium in a thread of its own.
"""

import os
import threading
from pathlib import Path

import pytest

from consult.extensions import db
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    axe_violations,
    describe_violations,
    sign_in,
)
from tests.consult.households.conftest import household_row, write_csv
from tests.factories import CorporationFactory, GemeenteFactory

pytestmark = [pytest.mark.browser, pytest.mark.committing]


@pytest.fixture
def in_browser(live_server):
    """Run scenario(page) in Chromium (phone-sized by default) in a thread of its own."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")

    def run(scenario, **options):
        outcome = {}

        def target():
            from playwright.sync_api import sync_playwright

            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=CHROMIUM, args=CHROMIUM_ARGS
                    )
                    settings = {"viewport": PHONE, "locale": "nl-NL", "base_url": live_server}
                    context = browser.new_context(**{**settings, **options})
                    context.set_default_timeout(15_000)
                    try:
                        scenario(context.new_page())
                    finally:
                        browser.close()
            except BaseException as exc:  # re-raised in the test's thread
                outcome["error"] = exc

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(timeout=300)
        if thread.is_alive():
            pytest.fail("the browser scenario did not finish within 5 minutes")
        if "error" in outcome:
            raise outcome["error"]

    return run


@pytest.fixture
def register(app):
    """Committed gemeenten and a corporation (the live server sees committed data only)."""
    with app.app_context():
        GemeenteFactory(name="Bernheze", cbs_code="GM1721")
        GemeenteFactory(name="Maashorst", cbs_code="GM1991", former_names="Uden;Landerd")
        CorporationFactory(name="Mooiland")
        db.session.commit()


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways ({width} px)"


def upload(page, path) -> None:
    page.goto("/huishoudens/importeren")
    page.get_by_label("Bestand met huishoudens (CSV of XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Bestand uploaden").click()
    page.wait_for_url("**/huishoudens/importeren/*")


def test_admin_imports_and_purges_on_a_narrow_phone(in_browser, staff_user, register, tmp_path):
    rows = [household_row(n) for n in range(1, 30)] + [household_row(40, Gemeente="Uden")]
    path = write_csv(tmp_path / "export.csv", rows, encoding="cp1252")
    email, password = staff_user("admin")

    def scenario(page):
        sign_in(page, email, password)
        page.wait_for_url("**/overzicht")
        page.goto("/huishoudens/importeren")
        assert_accessible(page)
        upload(page, path)
        assert page.get_by_label("Gemeente", exact=True).input_value() == "gemeente"
        assert_accessible(page)
        page.get_by_role("button", name="Importeren").click()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "De huishoudens zijn geïmporteerd"
        assert_accessible(page)
        page.get_by_role("link", name="Naar huishoudens").click()
        assert "30 huishoudens in 2 gemeenten" in page.content()
        assert_accessible(page)
        page.get_by_role("link", name="Bernheze").click()
        assert_accessible(page)
        page.goto("/huishoudens/adressen-wissen")
        assert_accessible(page)
        page.get_by_role("button", name="Volgende").click()
        assert_accessible(page)
        page.get_by_role("button", name="Adressen verwijderen").click()
        assert "Vink het vakje aan" in page.content()
        assert_accessible(page)
        page.get_by_label("Ik begrijp dat deze adressen voorgoed worden verwijderd.").check()
        page.get_by_role("button", name="Adressen verwijderen").click()
        page.wait_for_url("**/huishoudens")
        assert "Postadressen verwijderd: 30" in page.content()

    in_browser(scenario, viewport={"width": 320, "height": 640})


def test_rejected_file_report_works_without_javascript(in_browser, staff_user, register, tmp_path):
    rows = [household_row(1), household_row(2, Gemeente="Atlantis", Postcode="12")]
    path = write_csv(tmp_path / "bad.csv", rows)
    email, password = staff_user("admin")

    def scenario(page):
        sign_in(page, email, password)
        page.wait_for_url("**/overzicht")
        upload(page, path)
        page.get_by_role("button", name="Importeren").click()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "Er is niets geïmporteerd"
        assert "Atlantis" in page.content()

    in_browser(scenario, java_script_enabled=False)


@pytest.mark.parametrize("width", [390, 1280])
def test_choosing_woonplaats_for_plaats_moves_it_at_once_and_imports(
    in_browser, staff_user, register, tmp_path, width
):
    header = ["Contractnummer", "Gemeente", "Tenaamstelling", "Straat", "Huisnr", "Postcode"]
    header += ["Plaats", "Woonplaats"]
    row = ["HC1", "Bernheze", "Dhr. Jansen", "Lindelaan", "4", "5384 AB", "Heesch", "HEESCH"]
    path = write_csv(tmp_path / "plaats.csv", [row], header=header)
    email, password = staff_user("admin")

    def scenario(page):
        sign_in(page, email, password)
        page.wait_for_url("**/overzicht")
        upload(page, path)
        plaats = page.get_by_label("Plaats", exact=True)
        woonplaats = page.get_by_label("Woonplaats", exact=True)
        assert plaats.input_value() == "kern" and woonplaats.input_value() == "city"
        assert_accessible(page)
        plaats.select_option(label="Woonplaats (voor de brief)")
        assert woonplaats.input_value() == ""
        status = page.locator("#column-moved").inner_text()
        assert "niet meer bij kolom Woonplaats" in status
        page.get_by_role("button", name="Importeren").click()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "De huishoudens zijn geïmporteerd"

    in_browser(scenario, viewport={"width": width, "height": 900})

"""The household pages in a real browser: import and purge on a phone, accessible (axe-core)."""

import pytest

from consult.extensions import db
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.consult.households.conftest import household_row, write_csv
from tests.factories import CorporationFactory, GemeenteFactory

pytestmark = [pytest.mark.browser, pytest.mark.committing]


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


def test_admin_imports_and_purges_on_a_narrow_phone(new_context, staff_user, register, tmp_path):
    rows = [household_row(n) for n in range(1, 30)] + [household_row(40, Gemeente="Uden")]
    path = write_csv(tmp_path / "export.csv", rows, encoding="cp1252")
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    email, password = staff_user("admin")
    sign_in(page, email, password)
    page.wait_for_url("**/overzicht")
    page.goto("/huishoudens/importeren")
    assert_accessible(page)
    page.get_by_label("Bestand met huishoudens (CSV of XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Bestand uploaden").click()
    page.wait_for_url("**/huishoudens/importeren/*")
    assert page.get_by_label("Gemeente", exact=True).input_value() == "Gemeente"
    assert_accessible(page)
    page.get_by_role("button", name="Importeren").click()
    assert page.get_by_role("heading", level=1).inner_text() == "De huishoudens zijn geïmporteerd"
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


def test_rejected_file_report_is_accessible_without_javascript(
    new_context, staff_user, register, tmp_path
):
    rows = [household_row(1), household_row(2, Gemeente="Atlantis", Postcode="12")]
    path = write_csv(tmp_path / "bad.csv", rows)
    page = new_context(java_script_enabled=False).new_page()
    email, password = staff_user("admin")
    sign_in(page, email, password)
    page.goto("/huishoudens/importeren")
    page.get_by_label("Bestand met huishoudens (CSV of XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Bestand uploaden").click()
    page.get_by_role("button", name="Importeren").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Er is niets geïmporteerd"
    assert "Atlantis" in page.content()

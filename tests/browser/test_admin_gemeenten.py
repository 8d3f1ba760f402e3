"""Gemeenten pages in a real browser: accessible and usable on a narrow phone."""

from consult.extensions import db
from tests.browser.conftest import NARROW, check_page, sign_in
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


def test_gemeenten_pages_are_accessible_on_a_narrow_phone(app, new_context, staff_user):
    with app.app_context():
        corporation = CorporationFactory(name="Mooiland")
        gemeente = GemeenteFactory(name="Bernheze", cbs_code="GM1721", corporations=[corporation])
        HouseholdFactory(gemeente=gemeente, corporation=corporation, kern="Heesch")
        db.session.commit()
        gemeente_id = gemeente.id
    page = new_context(viewport=NARROW).new_page()
    sign_in(page, *staff_user("admin"))
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

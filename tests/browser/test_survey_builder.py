"""The builder journey in a real browser: copy last year's survey, add two bank questions and
a new question with skip logic, translate, preview on a phone, check and open."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.extensions import db
from surveys.builder import demo
from surveys.models import Survey, SurveyStatus
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import GemeenteFactory

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_surveys(app):
    """The demo's bank and surveys (2026 closed, 2027 open, 2028 draft) on two gemeenten."""
    with app.app_context():
        GemeenteFactory(name="Bernheze")
        GemeenteFactory(name="Gennep")
        demo.load(seed=1, echo=lambda *_: None)
        db.session.commit()


def _add_from_bank(page, search: str, key: str) -> None:
    page.get_by_role("link", name="Vraag toevoegen uit de vragenbank").first.click()
    page.get_by_label("Zoeken in de tekst").fill(search)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("button", name=f"Toevoegen {key}").click()
    expect(page.get_by_role("status").first).to_contain_text("De vraag is toegevoegd")
    page.get_by_role("link", name="Terug naar de vragenlijst").click()


def test_board_member_copies_extends_translates_and_opens_a_survey(
    app, new_context, staff_user, demo_surveys
):
    email, password = staff_user("bestuur")
    page = new_context(**DESKTOP).new_page()
    sign_in(page, email, password)

    # copy last year's survey
    page.goto("/vragenlijsten/")
    page.get_by_role("link", name="Kopiëren Wat vindt u van uw huis en buurt? (2026)").click()
    page.get_by_label("Titel van de nieuwe vragenlijst").fill("Huis en buurt 2027 extra")
    page.get_by_label("Jaar").fill("2027")
    page.get_by_role("button", name="Kopie maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huis en buurt 2027 extra")
    assert not axe_violations(page), describe_violations(axe_violations(page))

    # two questions from the bank
    _add_from_bank(page, "energiecoach", "duurzaamheid.energiecoach")
    _add_from_bank(page, "Wmo", "zorg.wmo")

    # one new question, with its translation
    page.get_by_role("link", name="Nieuwe vraag schrijven").first.click()
    page.get_by_label("Soort vraag").select_option("single")
    page.get_by_label("Onderdeel").select_option(label="Energie en duurzaamheid")
    page.get_by_label("Vraag (Nederlands)").fill("Hoe vaak zet u de verwarming lager?")
    page.get_by_label("Vraag (English)").fill("How often do you turn the heating down?")
    page.get_by_label("Antwoorden (één per regel)").fill("Vaak\nSoms\nNooit\nWeet ik niet")
    page.get_by_role("button", name="Vraag toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vraag wijzigen")
    for row, label in enumerate(["Often", "Sometimes", "Never", "Don't know"], start=1):
        page.get_by_label(f"Rij {row}, tekst English").fill(label)
    assert not axe_violations(page), describe_violations(axe_violations(page))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("De vraag is opgeslagen")

    # skip logic: only for tenants who want solar panels
    item = page.locator("li", has_text="Hoe vaak zet u de verwarming lager?")
    item.get_by_role("link", name=re.compile("^Voorwaarde")).click()
    page.get_by_label("Deze vraag alleen tonen als vraag").select_option(
        "duurzaamheid.zonnepanelen"
    )
    page.get_by_role("button", name="Deze vraag kiezen").click()
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Voorwaarde opslaan").click()
    expect(page.locator("li", has_text="Hoe vaak zet u de verwarming lager?")).to_contain_text(
        "alleen als duurzaamheid.zonnepanelen is “Ja”"
    )

    # preview on a phone-sized screen, when the respondent pages are installed
    if "respond.preview" in app.view_functions:
        page.set_viewport_size(PHONE)
        page.get_by_role("link", name="Bekijken als huurder").click()
        expect(page.locator("body")).to_contain_text("Huis en buurt 2027 extra")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.go_back()
        page.set_viewport_size(DESKTOP["viewport"])

    # check and open
    page.get_by_role("link", name="Controleren").click()
    expect(page.get_by_role("status").first).to_contain_text("Alles is compleet")
    page.get_by_role("link", name="Terug naar de vragenlijst").click()
    page.get_by_role("link", name="Openen voor antwoorden").click()
    page.get_by_role("button", name="Ja, open de vragenlijst").click()
    expect(page.get_by_role("status").first).to_contain_text("De vragenlijst is nu: open")

    with app.app_context():
        survey = db.session.scalar(
            select(Survey).where(Survey.year == 2027).order_by(Survey.id.desc())
        )
        keys = [q.key for q in survey.ordered_questions()]
        new = next(q for q in survey.ordered_questions() if q.key.startswith("duurzaamheid.hoe"))
        assert survey.status == SurveyStatus.OPEN
        assert {"duurzaamheid.energiecoach", "zorg.wmo"} <= set(keys)
        assert new.show_if == {
            "question": "duurzaamheid.zonnepanelen",
            "op": "equals",
            "value": "ja",
        }
        assert [o["labels"]["en"] for o in new.options] == [
            "Often",
            "Sometimes",
            "Never",
            "Don't know",
        ]


def test_two_board_members_editing_at_once_see_a_conflict(
    app, new_context, staff_user, demo_surveys
):
    with app.app_context():
        draft = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.DRAFT))
        question = draft.ordered_questions()[0]
        url = f"/vragenlijsten/{draft.id}/vragen/{question.id}"
    first, second = (new_context(**DESKTOP).new_page() for _ in range(2))
    for page in (first, second):
        sign_in(page, *staff_user("bestuur"))
        page.goto(url)
    first.get_by_label("Vraag (Nederlands)").fill("Eerste versie van de vraag?")
    first.get_by_role("button", name="Opslaan").click()
    second.get_by_label("Vraag (Nederlands)").fill("Tweede versie van de vraag?")
    second.get_by_role("button", name="Opslaan").click()
    expect(second.locator(".error-summary")).to_contain_text("Iemand anders heeft")
    expect(second.get_by_label("Vraag (Nederlands)")).to_have_value("Tweede versie van de vraag?")
    with app.app_context():
        assert db.session.get(type(question), question.id).text() == "Eerste versie van de vraag?"


def test_builder_pages_pass_axe_on_a_phone(app, page, staff_user, demo_surveys):
    with app.app_context():
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.DRAFT))
        first, later = survey.ordered_questions()[0], survey.ordered_questions()[3]
        section = survey.sections[0]
    base = f"/vragenlijsten/{survey.id}"
    sign_in(page, *staff_user("bestuur"))
    for url in (
        "/vragenlijsten/",
        "/vragenlijsten/nieuw",
        "/vragenlijsten/thema",
        "/vragenlijsten/importeren",
        base,
        f"{base}/instellingen",
        f"{base}/controle",
        f"{base}/kopie",
        f"{base}/status/open",
        f"{base}/vragenbank?zoek=huur",
        f"{base}/vragen/nieuw",
        f"{base}/vragen/{first.id}",
        f"{base}/vragen/{later.id}/voorwaarde?source={first.key}",
        f"{base}/vragen/{first.id}/gemeenten",
        f"{base}/vragen/{first.id}/verwijderen",
        f"{base}/onderdelen/{section.id}",
    ):
        page.goto(url)
        violations = axe_violations(page)
        assert not violations, f"{url}: {describe_violations(violations)}"

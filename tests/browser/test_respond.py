"""A tenant answers the demo survey on a phone in a real browser: code, every question type,
skip logic, back, change on the check page, send; stopping halfway and going on with another
device; axe-core on every page type; reflow at 320 px; and all of it without JavaScript."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.extensions import db
from surveys.builder import demo
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.models import Response, ResponseStatus, Survey, SurveyStatus
from surveys.respond.operations import local_today
from tests.browser.conftest import axe_violations, describe_violations
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

pytestmark = pytest.mark.browser
HOUSE_HUNTING = "Zoekt iemand in uw huis een andere huurwoning?"
# Questions whose "Ja" opens a follow-up question: answering "Ja" shows every question.
OPENS_A_FOLLOW_UP = (HOUSE_HUNTING, "Mag uw huur dan omhoog?")
OPEN_TEXT = 'Meer groen <script>alert("x")</script>'


@pytest.fixture
def demo_survey(app):
    """The demo's open survey (dates around today) with five invited households."""
    with app.app_context():
        gemeente = GemeenteFactory(name="Bernheze")
        corporation = CorporationFactory()
        for _ in range(5):
            HouseholdFactory(gemeente=gemeente, corporation=corporation)
        demo.load(seed=1, echo=lambda *_: None)
        survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
        survey.opens_on = local_today() - timedelta(days=7)
        survey.closes_on = local_today() + timedelta(days=40)
        invitations.create_invitations(survey)
        rows = db.session.scalars(select(Invitation).order_by(Invitation.id)).all()
        codes = [invitations.clear_code(i) for i in rows]
        db.session.commit()
        return survey.id, codes


def assert_accessible(page, what: str, checked: set) -> None:
    """axe-core once per page type."""
    if what in checked:
        return
    checked.add(what)
    violations = axe_violations(page)
    assert violations == [], f"{what}: " + describe_violations(violations)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways ({width} > {viewport})"


def click_and_wait(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def page_type(page) -> str:
    if page.locator("textarea").count():
        return "open"
    if page.locator("select").count():
        return "ranking"
    if page.locator(".number-input").count():
        return "number"
    if page.locator(".grades").count():
        return "grade"
    if page.locator(".statement").count():
        return "matrix"
    if page.locator("input[type=checkbox]").count():
        return "multiple"
    return "single"


def answer(page, kind: str) -> None:
    """Give a plausible answer on the current page."""
    if kind == "open":
        page.locator("textarea").fill(OPEN_TEXT)
    elif kind == "ranking":
        selects = page.locator("select")
        for index in range(3):
            selects.nth(index).select_option(str(index + 1))
    elif kind == "number":
        page.locator(".number-input").fill("14")
    elif kind == "multiple":
        page.locator("input[type=checkbox]").first.check()
    elif page.locator("h1").inner_text().strip().endswith(OPENS_A_FOLLOW_UP):
        page.get_by_label("Ja", exact=True).check()
    else:
        page.locator("input[type=radio]").nth(1).check()


def enter_code(page, code: str) -> None:
    page.goto("/")
    page.get_by_label("Vul de code uit uw brief in").fill(code.lower().replace("-", " "))
    click_and_wait(page, "Verder")


def answer_to_the_end(page, checked: set, seen: list, stop_after: int | None = None) -> None:
    """Answer page after page until the check page (or stop after some pages)."""
    while "/vraag/" in page.url:
        kind = page_type(page)
        title = page.title()
        heading = page.locator("h1").inner_text()
        assert "Vraag " in title and " van " in title
        assert title.split(" – ")[0] in page.locator(".caption").first.inner_text()
        assert page.locator("input:checked").count() == 0 or heading in [s[1] for s in seen]
        assert_accessible(page, f"question page ({kind})", checked)
        seen.append((kind, heading))
        if kind == "number" and "number-error" not in checked:
            page.locator(".number-input").fill("veel")
            click_and_wait(page, "Volgende")
            expect(page.locator(".error-summary")).to_be_focused()
            assert page.title().startswith("Fout:")
            assert_accessible(page, "question page with an error", checked)
            page.locator(".error-summary a").click()
            assert page.evaluate("document.activeElement.id") == "answer"
            checked.add("number-error")
        answer(page, kind)
        click_and_wait(page, "Volgende")
        if stop_after is not None and len(seen) >= stop_after:
            return


def full_journey(page, code: str, checked: set, app, survey_id: int) -> None:
    enter_code(page, code)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat vindt u van uw huis en buurt?")
    assert_accessible(page, "survey start page", checked)
    click_and_wait(page, "Beginnen")
    seen = []
    answer_to_the_end(page, checked, seen, stop_after=3)
    # back once: the saved answer is shown again
    page.get_by_role("link", name="Terug").click()
    assert page.locator("input:checked").count() == 1
    click_and_wait(page, "Volgende")
    answer_to_the_end(page, checked, seen)
    kinds = {kind for kind, _ in seen}
    assert kinds >= {"single", "multiple", "grade", "number", "ranking", "matrix", "open"}
    assert HOUSE_HUNTING in [h for _, h in seen]
    assert any("maanden" in h for _, h in seen)  # the follow-up question was asked
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw antwoorden")
    assert_accessible(page, "check your answers", checked)
    assert OPEN_TEXT in page.locator("dl.summary").inner_text()  # escaped, shown as text
    # change an answer from the check page and come back to it
    page.get_by_role(
        "link", name="Wijzig het antwoord op: Welk energielabel heeft uw huis?"
    ).click()
    page.get_by_label("Weet ik niet").check()
    click_and_wait(page, "Opslaan en terug naar het overzicht")
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw antwoorden")
    row = page.locator("dl.summary div", has_text="Welk energielabel heeft uw huis?")
    expect(row.locator("dd.answer")).to_have_text("Weet ik niet")
    click_and_wait(page, "Verstuur uw antwoorden")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedankt")
    assert_accessible(page, "confirmation", checked)
    with app.app_context():
        (response,) = db.session.scalars(
            select(Response).where(Response.survey_id == survey_id)
        ).all()
        assert response.status == ResponseStatus.SUBMITTED
        survey = db.session.get(Survey, survey_id)
        assert len(response.answers) == len(survey.ordered_questions())  # all shown, all kept
        assert OPEN_TEXT in [a.value for a in response.answers]


@pytest.mark.parametrize(
    "device",
    [
        {"viewport": {"width": 390, "height": 844}},
        {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False},
    ],
    ids=["390", "1280"],
)
def test_tenant_answers_the_whole_survey_on_a_phone(app, new_context, demo_survey, device):
    """Every tenant page type passes axe on a phone (390 px) and a desktop (1280 px)."""
    page = new_context(**device).new_page()
    survey_id, codes = demo_survey
    checked: set = set()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", level=1)).to_have_text("Vul de code uit uw brief in")
    assert_accessible(page, "code page", checked)
    page.get_by_label("Vul de code uit uw brief in").fill("ABCD-EFGH-J")
    click_and_wait(page, "Verder")
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.title().startswith("Fout:")
    assert_accessible(page, "code page with an error", checked)
    full_journey(page, codes[0], checked, app, survey_id)
    # the same code again: already answered
    enter_code(page, codes[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("U heeft al meegedaan")
    assert_accessible(page, "already answered", checked)
    page.goto("/privacy")
    assert_accessible(page, "privacy", checked)


def test_tenant_stops_halfway_and_goes_on_with_another_device(app, new_context, demo_survey):
    _survey_id, codes = demo_survey
    phone = new_context().new_page()
    checked: set = set()
    enter_code(phone, codes[1])
    click_and_wait(phone, "Beginnen")
    seen = []
    answer_to_the_end(phone, checked, seen, stop_after=6)
    next_question = phone.locator("h1").inner_text()
    phone.get_by_role("link", name="Nu stoppen en later verder gaan").click()
    assert_accessible(phone, "pause page", checked)
    phone.context.close()

    tablet = new_context(viewport={"width": 800, "height": 1100}).new_page()
    enter_code(tablet, codes[1])
    expect(tablet.get_by_role("heading", level=1)).to_have_text(next_question)
    assert "Vraag 7 van" in tablet.title()
    tablet.get_by_role("link", name="Terug").click()
    assert tablet.locator("input:checked, option:checked[value='1']").count() >= 1


@pytest.mark.parametrize("width", [320])
def test_every_page_type_reflows_without_sideways_scrolling(new_context, demo_survey, width):
    _survey_id, codes = demo_survey
    page = new_context(viewport={"width": width, "height": 700}).new_page()
    page.goto("/")
    no_sideways_scroll(page)
    enter_code(page, codes[2])
    no_sideways_scroll(page)
    click_and_wait(page, "Beginnen")
    kinds = set()
    while "/vraag/" in page.url:
        kind = page_type(page)
        if kind not in kinds:
            no_sideways_scroll(page)
            targets = "input[type=radio], input[type=checkbox], button, select, a.block-link"
            for target in page.locator(targets).all():
                box = target.bounding_box()
                if box and target.get_attribute("type") in ("radio", "checkbox"):
                    label = page.locator(f"label[for='{target.get_attribute('id')}']")
                    row = label.bounding_box()
                    assert row and row["height"] >= 44, f"answer too small to tap on {kind}"
                elif box:
                    assert box["height"] >= 44, f"target smaller than 44 px on {kind}"
            kinds.add(kind)
        answer(page, kind)
        click_and_wait(page, "Volgende")
    no_sideways_scroll(page)  # the check page


def test_the_same_journey_works_without_javascript(app, new_context, demo_survey):
    survey_id, codes = demo_survey
    page = new_context(java_script_enabled=False).new_page()
    checked = {"skip axe without script"}  # axe needs script; it ran in the tests above
    checked |= {
        "code page",
        "survey start page",
        "check your answers",
        "confirmation",
        "number-error",
    }
    checked |= {
        f"question page ({k})"
        for k in ("single", "multiple", "grade", "number", "ranking", "matrix", "open")
    }
    full_journey(page, codes[3], checked, app, survey_id)


def test_closed_survey_and_preview_pages_are_accessible(
    app, page, new_context, demo_survey, staff_user
):
    survey_id, codes = demo_survey
    checked: set = set()
    with app.app_context():
        db.session.get(Survey, survey_id).status = SurveyStatus.CLOSED
        db.session.commit()
    enter_code(page, codes[4])
    expect(page.get_by_role("heading", level=1)).to_have_text("De vragenlijst is gesloten")
    assert_accessible(page, "closed survey", checked)
    from tests.browser.conftest import sign_in

    email, password = staff_user("bestuur")
    staff = new_context().new_page()
    sign_in(staff, email, password)
    staff.goto(f"/vragenlijsten/{survey_id}/voorbeeld")
    expect(staff.locator(".banner")).to_contain_text("Voorbeeld")
    assert_accessible(staff, "preview", checked)
    staff.goto(f"/veldwerk/{survey_id}")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Veldwerk")
    assert_accessible(staff, "fieldwork", checked)
    no_sideways_scroll(staff)


# Words of up to this many letters ("Controleer", "antwoorden") fit on a line at 200 % zoom;
# only longer compound words may be broken (with a hyphen where the browser can).
SHORT_WORD = 12
BROKEN_WORDS = """
() => {
  const broken = [];
  for (const element of document.querySelectorAll('h1, h2, .summary dt, .summary dd, label')) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        if (match[0].length > SHORT_WORD) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
""".replace("SHORT_WORD", str(SHORT_WORD))


def test_at_200_percent_zoom_on_a_phone_words_wrap_whole_and_nothing_scrolls_sideways(
    new_context, demo_survey
):
    """A 390 px phone at 200 % zoom lays pages out in 195 CSS pixels."""
    _survey_id, codes = demo_survey
    page = new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2).new_page()
    enter_code(page, codes[3])
    click_and_wait(page, "Beginnen")
    kinds = set()
    # A phone browser widens its layout to fit content that does not wrap: compare with 195.
    fits = "document.documentElement.scrollWidth <= 195"
    while "/vraag/" in page.url:
        kind = page_type(page)
        if kind not in kinds:
            assert page.evaluate(fits), kind
            assert page.evaluate(BROKEN_WORDS) == [], kind
            kinds.add(kind)
        answer(page, kind)
        click_and_wait(page, "Volgende")
    assert page.evaluate(fits)
    assert page.evaluate(BROKEN_WORDS) == []

"""The results pages in a real browser: accessible on phone and desktop, no JavaScript needed."""

import os

import pytest

from consult.extensions import db
from surveys.models import Channel
from tests.analysis.conftest import ede_values, make_survey, respond
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

SHOTS = os.environ.get("RESULTS_SCREENSHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture
def survey_ids(app):
    with app.app_context():
        corporation = CorporationFactory()
        ede = GemeenteFactory(name="Ede")
        survey = make_survey(2027, [ede, GemeenteFactory(name="Wageningen")])
        for i in range(40):
            household = HouseholdFactory(corporation=corporation, gemeente=ede)
            respond(survey, household, ede_values(i), Channel.ONLINE if i < 30 else Channel.KEYED)
        db.session.commit()
        return survey.id, {q.key: q.id for q in survey.ordered_questions()}


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_results_pages_pass_axe_on_phone_and_desktop(new_context, staff_user, survey_ids, viewport):
    survey_id, questions = survey_ids
    page = new_context(viewport=viewport).new_page()
    email, password = staff_user("lezer")
    sign_in(page, email, password)
    page.wait_for_url("**/resultaten/")
    paths = [f"/resultaten/{survey_id}"] + [
        f"/resultaten/{survey_id}/vraag/{questions[key]}" for key in ("eens", "stellingen", "prio")
    ]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        assert broken == 0, f"{path}: a chart image did not load"
        if SHOTS:
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=f"{SHOTS}/{viewport['width']}-{name}.png", full_page=True)
        violations = axe_violations(page)
        assert violations == [], f"{path}: " + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path


def test_filters_work_without_javascript(new_context, staff_user, survey_ids):
    survey_id, questions = survey_ids
    page = new_context(java_script_enabled=False).new_page()
    email, password = staff_user("lezer")
    sign_in(page, email, password)
    page.wait_for_url("**/resultaten/")
    page.goto(f"/resultaten/{survey_id}/vraag/{questions['eens']}")
    page.get_by_label("Manier van antwoorden").select_option("keyed")
    page.get_by_role("button", name="Tonen").click()
    assert "n = 10 huishoudens" in page.content()


@pytest.fixture
def coded_survey(app, survey_ids):
    """The survey with a codebook and one coded answer proposed as a quote."""
    from analysis.coding import operations
    from analysis.coding.models import CodedAnswer
    from surveys.models import Response, Survey

    survey_id, questions = survey_ids
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        huur = operations.add_code(survey, "Huur te hoog", "betaalbaarheid")
        operations.add_code(survey, "Groen", "leefbaarheid")
        first = db.session.scalars(
            db.select(Response).where(Response.survey_id == survey_id).order_by(Response.id)
        ).first()
        operations.code_answer(survey_id, questions["open"], first.id, [huur.id], quote=True)
        db.session.commit()
        assert db.session.scalars(db.select(CodedAnswer)).first() is not None
        return survey_id, questions, first.id


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_coding_and_download_pages_pass_axe_on_phone_and_desktop(
    new_context, staff_user, coded_survey, viewport
):
    survey_id, questions, response_id = coded_survey
    page = new_context(viewport=viewport).new_page()
    sign_in(page, *staff_user("bestuur"))
    base = f"/resultaten/{survey_id}"
    paths = [
        "/resultaten/open",
        f"{base}/open",
        f"{base}/codeboek",
        f"{base}/open/{questions['open']}/coderen/{response_id}",
        f"{base}/citaten",
        f"{base}/downloaden",
        f"{base}/vraag/{questions['open']}",
    ]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        assert page.locator("h1").count() == 1, path
        if SHOTS:
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=f"{SHOTS}/{viewport['width']}-{name}.png", full_page=True)
        violations = axe_violations(page)
        assert violations == [], f"{path}: " + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path

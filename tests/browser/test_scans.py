"""Scanned forms in a real browser: a volunteer uploads a stack, follows its reading and
checks the doubtful marks with the keyboard; every page passes axe on a phone and a desktop."""

import os

import pytest

from consult.extensions import db
from surveys.models import Survey
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.browser.test_keying import open_survey_with_codes
from tests.surveys.scans import stacks

SHOTS = os.environ.get("SCAN_SCREENSHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture
def stack(app, tmp_path):
    """A PDF of one household's form, crossed in and scanned (rough quality, so that some
    marks are doubtful), and the survey id."""
    survey_id, codes = open_survey_with_codes(app)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        pages, layout = stacks.printed_pages(survey, codes[0])
        images = stacks.marked(pages, layout, seed=3, quality="rough")
        db.session.commit()
    path = tmp_path / "stapel.pdf"
    path.write_bytes(stacks.pdf(images))
    return survey_id, path


def _check(page, name: str, width: int) -> None:
    page.wait_for_load_state("load")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{width}-{name}.png", full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"{name}: " + describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


@pytest.mark.parametrize("width", [390, 1280])
def test_upload_follow_and_check_a_stack_pass_axe(new_context, staff_user, stack, width):
    survey_id, path = stack
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in(page, *staff_user("vrijwilliger"))
    page.goto("/scannen")
    _check(page, "scannen", width)
    page.goto(f"/scannen/{survey_id}")
    _check(page, "upload", width)
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form[enctype] button[type=submit], form[enctype] input[type=submit]").click()
    page.wait_for_url(f"**/scannen/{survey_id}/stapel/*")
    _check(page, "stapel", width)
    text = page.locator("main").inner_text()
    assert "stapel.pdf" in text
    page.goto(f"/scannen/{survey_id}/controle")
    _check(page, "controle", width)
    if "/controle/" in page.url:  # a page with doubtful marks: its crop and the keyboard field
        crops = page.locator("img")
        assert crops.count() >= 1
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"), (
            "a crop did not load"
        )
        field = page.locator("main input[type=text]").first
        field.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")  # saves and goes on to the next page to check
        _check(page, "controle-volgende", width)

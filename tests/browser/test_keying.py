"""A volunteer keys a returned paper form with the keyboard alone, in a real browser."""

from datetime import date

from sqlalchemy import select

from consult.extensions import db
from surveys.builder import operations as survey_operations
from surveys.invitations import operations as invitations
from surveys.keying.models import KeyedForm, KeyedStatus
from surveys.models import ResponseStatus
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import CorporationFactory, HouseholdFactory, UserFactory
from tests.surveys.conftest import build_survey
from tests.surveys.keying.conftest import codes
from tests.surveys.paper.conftest import add_all_types

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


def focused_on(page, selector: str) -> None:
    """Wait until the page has put the cursor in a field (autofocus), as a volunteer would."""
    page.wait_for_function(
        "selector => document.activeElement && document.activeElement.matches(selector)",
        arg=selector,
    )


def open_form_by_code(page, survey_id: int, code: str) -> None:
    """Type a form's code as a volunteer (or a scanner) does; wait for the keying page."""
    page.goto(f"/invoeren/{survey_id}")
    focused_on(page, "#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/invoeren/{survey_id}/formulier/*")
    focused_on(page, "input.keying-input")


def open_survey_with_codes(app) -> tuple[int, list[str]]:
    with app.app_context():
        board = UserFactory(role="bestuur")
        survey = build_survey(board)
        add_all_types(survey)
        survey_operations.change_status(survey, "open", by=board, today=date(2027, 1, 15))
        corporation = CorporationFactory()
        for _ in range(2):
            HouseholdFactory(gemeente=survey.gemeenten[0], corporation=corporation)
        db.session.flush()
        invitations.create_invitations(survey)
        db.session.flush()
        result = survey.id, codes(survey)
        db.session.commit()
        return result


def test_a_volunteer_keys_a_form_with_the_keyboard_alone(app, new_context, staff_user):
    survey_id, (code, _other) = open_survey_with_codes(app)
    email, password = staff_user("vrijwilliger", name="Ans")
    page = new_context(**DESKTOP).new_page()
    sign_in(page, email, password)
    page.goto(f"/invoeren/{survey_id}")
    focused_on(page, "#code")
    page.keyboard.type(code.lower())  # the code field has the focus; a scanner types the same
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/invoeren/{survey_id}/formulier/*")
    focused_on(page, "input.keying-input")
    assert not axe_violations(page), describe_violations(axe_violations(page))

    page.keyboard.type("2")  # 1. zoekt: nee -> 2. maanden is greyed out and skipped
    assert "is-skipped" in page.locator("li.keying-q").nth(1).get_attribute("class")
    page.keyboard.type("2")  # 3. keuze: groen (focus moved on by itself)
    page.keyboard.type("7")  # 4. cijfer
    page.keyboard.type("1 2")  # 5. problemen: several numbers, then Enter
    page.keyboard.press("Enter")
    page.keyboard.type("4")  # 6. huur
    page.keyboard.type("1")  # 7a. oordeel, de huur
    page.keyboard.type("2")  # 7b. oordeel, de buurt
    page.keyboard.type("3")  # 8. prio, 1e
    page.keyboard.type("1")  # 8. prio, 2e
    page.keyboard.type("Meer groen")  # 9. opmerking
    page.keyboard.press("Enter")  # on to the "store" button
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/invoeren/{survey_id}")
    assert "Formulier ingevoerd en opgeslagen" in page.content()

    with app.app_context():
        form = db.session.scalar(select(KeyedForm))
        assert form.status == KeyedStatus.ACCEPTED
        assert form.response.status == ResponseStatus.SUBMITTED
        answers = {a.question.key: a.value for a in form.response.answers}
        assert answers == {
            "zoekt": "nee",
            "keuze": "groen",
            "cijfer": 7,
            "problemen": ["tocht", "vocht"],
            "huur": "4",
            "oordeel": {"huur": "1", "buurt": "2"},
            "prio": ["c", "a"],
            "opmerking": "Meer groen",
        }


def test_keying_works_without_javascript(app, new_context, staff_user):
    survey_id, (code, _other) = open_survey_with_codes(app)
    email, password = staff_user("vrijwilliger", name="Bert")
    page = new_context(java_script_enabled=False, **DESKTOP).new_page()
    sign_in(page, email, password)
    open_form_by_code(page, survey_id, code)
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("14")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # without the script, Enter saves and stays on the form
    assert "Opgeslagen" in page.locator(".notice-success").inner_text()
    with app.app_context():
        form = db.session.scalar(select(KeyedForm))
        values = {a.question.key: a.value for a in form.response.answers}
        assert values == {"zoekt": "ja", "maanden": 14}
        assert form.response.status == ResponseStatus.IN_PROGRESS


def test_several_boxes_move_on_once_no_box_can_be_added(app, new_context, staff_user):
    survey_id, codes_ = open_survey_with_codes(app)
    email, password = staff_user("vrijwilliger", name="Cor")
    page = new_context(**DESKTOP).new_page()
    sign_in(page, email, password)
    row_of_focus = "document.activeElement.closest('li.keying-q').id"
    for code, boxes in zip(codes_, ["12", "3"], strict=True):
        open_form_by_code(page, survey_id, code)
        page.keyboard.type("1")  # 1. zoekt: ja
        page.keyboard.type("14")  # 2. maanden: a number ends with Enter
        page.keyboard.press("Enter")
        page.keyboard.type("27")  # 3. keuze, 4. cijfer
        assert page.evaluate(row_of_focus) == "row-problemen"
        # Both ordinary boxes ("12"), or the box that stands alone ("3"): nothing can follow.
        page.keyboard.type(boxes)
        assert page.evaluate(row_of_focus) == "row-huur"
        page.keyboard.type("1")
        assert page.evaluate(row_of_focus) == "row-oordeel"
        page.locator("button[name=save]").click()
        page.wait_for_load_state()
    with app.app_context():
        answers = sorted(
            a.value
            for form in db.session.scalars(select(KeyedForm))
            for a in form.response.answers
            if a.question.key == "problemen"
        )
        assert answers == [["geen"], ["tocht", "vocht"]]

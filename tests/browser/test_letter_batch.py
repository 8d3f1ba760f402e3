"""The letter-batch page follows a batch without reloading itself, and passes axe."""

import secrets

from consult.database import utcnow
from consult.extensions import db
from surveys.paper.models import BatchStatus, LetterBatch
from tests.browser.conftest import PHONE, axe_violations, describe_violations, sign_in
from tests.factories import GemeenteFactory, UserFactory
from tests.surveys.conftest import build_survey

DESKTOP = {"width": 1280, "height": 900}


def running_batch(app) -> tuple[int, int]:
    with app.app_context():
        survey = build_survey(UserFactory(role="bestuur"), GemeenteFactory(name="Uden"))
        batch = LetterBatch(
            survey_id=survey.id,
            status=BatchStatus.RUNNING,
            planned_count=40,
            household_count=10,
            progress_at=utcnow(),
            file_token=secrets.token_hex(16),
        )
        db.session.add(batch)
        db.session.commit()
        return survey.id, batch.id


def test_the_batch_page_shows_progress_without_reloading_itself_and_passes_axe(
    app, new_context, staff_user
):
    survey_id, batch_id = running_batch(app)
    email, password = staff_user("bestuur")
    for viewport in (PHONE, DESKTOP):
        page = new_context(viewport=viewport).new_page()
        sign_in(page, email, password)
        page.goto(f"/vragenlijsten/{survey_id}/papier/brieven/{batch_id}")
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        assert page.get_by_role("status").inner_text().startswith("10 van 40 brieven gemaakt")
        assert page.get_by_role("link", name="Bekijk hoe ver de brieven zijn").is_visible()
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
        page.close()
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, email, password)
    page.goto(f"/vragenlijsten/{survey_id}/papier/brieven/{batch_id}")
    page.evaluate("window.name = 'same page'")
    with app.app_context():
        batch = db.session.get(LetterBatch, batch_id)
        batch.household_count = 25
        batch.progress_at = utcnow()
        db.session.commit()
    status = page.get_by_role("status")
    status.filter(has_text="25 van 40 brieven gemaakt").wait_for(timeout=10_000)
    with app.app_context():
        batch = db.session.get(LetterBatch, batch_id)
        batch.status, batch.household_count, batch.page_count = BatchStatus.READY, 40, 80
        db.session.commit()
    status.filter(has_text="De 40 brieven zijn klaar").wait_for(timeout=10_000)
    assert page.get_by_role("link", name="Brieven (PDF)").count() == 1
    assert page.evaluate("window.name") == "same page"  # updated in place, not reloaded
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)

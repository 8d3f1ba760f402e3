"""axe-core finds no WCAG 2.1 A/AA violation on any staff page type at 390 and 1280 px.

One list names a page of every type outside the results pages (tests/browser/test_results.py)
and the scan pages; a page added to the application belongs in it. Tenant pages are walked
question type by question type in tests/browser/test_respond.py.
"""

import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente
from consult.households.models import ImportMapping
from surveys.builder import demo
from surveys.invitations import operations as invitations
from surveys.models import BankQuestion, Survey, SurveyStatus
from surveys.paper.models import BatchStatus, LetterBatch
from surveys.respond.operations import local_today
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory, UserFactory

WIDTHS = {
    390: {"viewport": {"width": 390, "height": 844}},
    1280: {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False},
}

# Every staff page type, with {placeholders} filled from the demo data below.
STAFF_PAGES = (
    "/overzicht",
    "/start",
    "/account/password",
    "/beheer/logboek",
    "/beheer/gebruikers",
    "/beheer/gebruikers/nieuw",
    "/beheer/gebruikers/{user}",
    "/beheer/gebruikers/{user}/wachtwoord",
    "/gemeenten",
    "/gemeenten/nieuw",
    "/gemeenten/{gemeente}",
    "/gemeenten/{gemeente}/bewerken",
    "/gemeenten/importeren",
    "/gemeenten/corporaties",
    "/gemeenten/corporaties/nieuw",
    "/gemeenten/corporaties/{corporation}",
    "/huishoudens",
    "/huishoudens/gemeente/{gemeente}",
    "/huishoudens/importeren",
    "/huishoudens/adressen-wissen",
    "/huishoudens/adressen-wissen?gemeente=all",
    "/vragenlijsten/",
    "/vragenlijsten/nieuw",
    "/vragenlijsten/thema",
    "/vragenlijsten/importeren",
    "/vragenlijsten/vragenbank",
    "/vragenlijsten/vragenbank/{bank}",
    "/vragenlijsten/{draft}",
    "/vragenlijsten/{open}",
    "/vragenlijsten/{closed}",
    "/vragenlijsten/{draft}/instellingen",
    "/vragenlijsten/{draft}/controle",
    "/vragenlijsten/{draft}/kopie",
    "/vragenlijsten/{draft}/vragenbank",
    "/vragenlijsten/{draft}/vragen/nieuw",
    "/vragenlijsten/{draft}/vragen/{question}",
    "/vragenlijsten/{draft}/vragen/{question}/voorwaarde",
    "/vragenlijsten/{draft}/vragen/{question}/gemeenten",
    "/vragenlijsten/{draft}/vragen/{question}/verwijderen",
    "/vragenlijsten/{draft}/onderdelen/{section}",
    "/vragenlijsten/{open}/status/closed",
    "/vragenlijsten/{open}/voorbeeld",
    "/veldwerk/",
    "/veldwerk/{open}",
    "/papier",
    "/vragenlijsten/{open}/papier",
    "/vragenlijsten/{open}/papier/brief/nl",
    "/vragenlijsten/{open}/papier/brieven/{batch}",
    "/invoeren",
    "/invoeren/{open}",
    "/invoeren/{open}/voortgang",
    "/invoeren/{open}/verschillen",
    "/invoeren/{open}/dubbel",
    "/bestaat-niet",
)


@pytest.fixture
def ids(app) -> dict:
    """The demo's surveys on one gemeente with households, invitations and a letter batch."""
    with app.app_context():
        gemeente = GemeenteFactory(name="Bernheze")
        corporation = CorporationFactory()
        user = UserFactory(role="bestuur", gemeenten=[gemeente])
        for _ in range(3):
            HouseholdFactory(gemeente=gemeente, corporation=corporation)
        demo.load(seed=1, echo=lambda *_: None)
        surveys = {s.status: s for s in db.session.scalars(select(Survey))}
        survey = surveys[SurveyStatus.OPEN]
        survey.opens_on = local_today() - timedelta(days=7)
        survey.closes_on = local_today() + timedelta(days=40)
        invitations.create_invitations(survey)
        batch = LetterBatch(
            survey_id=survey.id,
            status=BatchStatus.READY,
            planned_count=3,
            household_count=3,
            progress_at=utcnow(),
            file_token=secrets.token_hex(16),
        )
        db.session.add_all([batch, ImportMapping(name="Mooiland", columns={"kern": "Plaats"})])
        db.session.flush()
        draft = surveys[SurveyStatus.DRAFT]
        question = draft.ordered_questions()[0]
        found = {
            "draft": draft.id,
            "open": survey.id,
            "closed": surveys[SurveyStatus.CLOSED].id,
            "question": question.id,
            "section": question.section_id,
            "bank": db.session.scalar(select(BankQuestion.id)),
            "gemeente": db.session.scalar(select(Gemeente.id)),
            "corporation": db.session.scalar(select(Corporation.id)),
            "user": user.id,
            "batch": batch.id,
        }
        db.session.commit()
        return found


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_staff_page_type_has_no_axe_violations(new_context, staff_user, ids, width):
    page = new_context(**WIDTHS[width]).new_page()
    sign_in(page, *staff_user("admin"))
    page.wait_for_url("**/overzicht")
    found = {}
    for path in STAFF_PAGES:
        url = path.format(**ids)
        response = page.goto(url)
        assert response.status == (404 if "bestaat-niet" in url else 200), url
        violations = axe_violations(page)
        if violations:
            found[url] = describe_violations(violations)
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            found.setdefault(url, "")
            found[url] += f" scrolls sideways ({wide} px)"
    assert found == {}, "\n".join(f"{url}: {problem}" for url, problem in found.items())

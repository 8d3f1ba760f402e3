"""The positions pages in a real browser: accessible on phone and desktop, with a board
member accepting a suggestion, adopting the position and reacting to a bod item."""

import os
from datetime import date

import pytest

from analysis.positions import operations
from consult.extensions import db
from surveys.models import SurveyStatus
from tests.analysis.conftest import ede_values, make_survey, respond
from tests.browser.conftest import axe_violations, describe_violations, sign_in
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory

SHOTS = os.environ.get("POSITIONS_SCREENSHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture
def world(app):
    with app.app_context():
        corporation = CorporationFactory()
        ede = GemeenteFactory(name="Ede")
        corporation.gemeenten = [ede]
        survey = make_survey(2027, [ede, GemeenteFactory(name="Wageningen")])
        for i in range(40):
            respond(survey, HouseholdFactory(corporation=corporation, gemeente=ede), ede_values(i))
        db.session.flush()
        keuze = next(q for q in survey.ordered_questions() if q.key == "keuze")
        position = operations.create_position(
            survey,
            ede,
            theme="betaalbaarheid",
            title="Huur omlaag",
            text="Gülşen: " + "huur " * 300,
        )
        operations.add_evidence(position, keuze)
        adopted = operations.create_position(
            survey, ede, theme="kwaliteit", title="Sneller repareren"
        )
        operations.step(adopted, "propose")
        operations.step(
            adopted, "adopt", adopted_on=date(2027, 5, 1), reference="B-1", by="bestuur"
        )
        last = make_survey(2026, [ede], status=SurveyStatus.CLOSED)  # for the look back
        done = operations.create_position(last, ede, theme="kwaliteit", title="Snel repareren")
        operations.step(done, "propose")
        operations.step(done, "adopt", adopted_on=date(2026, 5, 1), reference="B-7", by="bestuur")
        operations.step(done, "bring_in")
        operations.step(done, "outcome", outcome="partly", agreement="Binnen 10 werkdagen")
        operations.step(done, "realisation", realisation="not", reason="Personeelstekort")
        bod = operations.record_bod(ede, 2027, corporation, received_on=date(2027, 6, 1))
        operations.add_bod_item(bod, theme="kwaliteit", offer="Reparaties binnen 10 dagen")
        db.session.commit()
        return {"survey": survey.id, "ede": ede.id, "position": position.id}


@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
    ids=["phone", "desktop"],
)
def test_positions_pages_pass_axe_on_phone_and_desktop(new_context, staff_user, world, viewport):
    page = new_context(viewport=viewport).new_page()
    email, password = staff_user("bestuur")
    sign_in(page, email, password)
    base = f"/standpunten/{world['survey']}"
    paths = [
        base,
        f"{base}/gemeente/{world['ede']}",
        f"{base}/standpunt/{world['position']}",
        f"{base}/gemeente/{world['ede']}/voorstellen",
        f"{base}/gemeente/{world['ede']}/bod",
        f"{base}/gemeente/{world['ede']}/nieuw",
    ]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        if SHOTS:
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=f"{SHOTS}/{viewport['width']}-{name}.png", full_page=True)
        violations = axe_violations(page)
        assert violations == [], f"{path}: " + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path


def test_board_member_accepts_a_suggestion_and_proposes_it(new_context, staff_user, world):
    page = new_context().new_page()
    email, password = staff_user("bestuur")
    sign_in(page, email, password)
    page.goto(f"/standpunten/{world['survey']}/gemeente/{world['ede']}/voorstellen")
    page.get_by_role("button", name="Maak er een conceptstandpunt van").first.click()
    page.wait_for_load_state("load")
    assert "Conceptstandpunt gemaakt" in page.content()
    page.get_by_role("button", name="Voorleggen aan het bestuur").click()
    page.wait_for_load_state("load")
    assert "Voorgelegd aan het bestuur" in page.content()

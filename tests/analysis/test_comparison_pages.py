"""The question page compares the selection with the rest of the koepel and with last year."""

import pytest

from consult.extensions import db
from consult.permissions import Role
from surveys.models import BankQuestion, Channel, SurveyStatus
from tests.analysis.conftest import make_survey, respond
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


@pytest.fixture
def years(app):
    """2027: Ede 40 (18 huur), Wageningen 40 (36 huur); 2026: Ede 40 (30 huur), same bank key
    with the wording changed."""
    with app.app_context():
        corporation = CorporationFactory()
        ede, wag = GemeenteFactory(name="Ede"), GemeenteFactory(name="Wageningen")
        bank = BankQuestion(key="bank.keuze", version=1, theme="betaalbaarheid", qtype="single")
        db.session.add(bank)
        before = make_survey(2026, [ede, wag], status=SurveyStatus.CLOSED, bank={"keuze": bank})
        now = make_survey(2027, [ede, wag], bank={"keuze": bank})
        for question in before.ordered_questions():
            if question.key == "keuze":
                question.texts = {"nl": {"text": "Vraag keuze, anders gesteld?"}}
        for i in range(40):
            for survey, gemeente, huur in ((now, ede, 18), (now, wag, 36), (before, ede, 30)):
                household = HouseholdFactory(corporation=corporation, gemeente=gemeente)
                value = "huur" if i < huur else "groen"
                respond(survey, household, {"keuze": value}, Channel.ONLINE)
        db.session.flush()
        ids = {
            "survey": now.id,
            "ede": ede.id,
            "q": {q.key: q.id for q in now.ordered_questions()},
        }
        db.session.commit()
    return ids


def test_gemeente_against_the_rest_and_against_last_year(years, login):
    client = login(Role.LEZER)
    url = f"/resultaten/{years['survey']}/vraag/{years['q']['keuze']}?gemeente={years['ede']}"
    page = client.get(url).get_data(as_text=True)
    assert "Vergeleken met de rest van de koepel" in page
    assert "45 %" in page and "90 %" in page and "−45*" in page  # Ede 18/40 against 36/40
    assert "Vergeleken met 2026" in page
    assert "75 %" in page and "−30*" in page  # 30/40 last year
    assert "Vraag keuze, anders gesteld?" not in page and "De vraag is anders gesteld" in page
    chart = client.get(
        f"/resultaten/{years['survey']}/vraag/{years['q']['keuze']}/verandering.png"
        f"?gemeente={years['ede']}"
    )
    assert chart.status_code == 200 and chart.data.startswith(b"\x89PNG")


def test_koepel_figures_are_weighted_beside_unweighted(years, login):
    client = login(Role.BESTUUR)
    page = client.get(f"/resultaten/{years['survey']}/vraag/{years['q']['keuze']}")
    text = page.get_data(as_text=True)
    assert "Gewogen" in text and "Effectieve n" in text


def test_a_question_without_last_year_has_no_change_chart(years, login):
    client = login(Role.LEZER)
    url = f"/resultaten/{years['survey']}/vraag/{years['q']['eens']}/verandering.png"
    assert client.get(url).status_code == 404
    page = client.get(f"/resultaten/{years['survey']}/vraag/{years['q']['eens']}")
    assert "Vergeleken met 2026" not in page.get_data(as_text=True)

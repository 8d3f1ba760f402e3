"""The results pages: survey, question and chart for a selection, scoped to the user's gemeenten."""

import pytest

from consult.extensions import db
from consult.permissions import Role
from surveys.models import Channel
from tests.analysis.conftest import ROWS, ede_values, make_survey, respond
from tests.factories import CorporationFactory, GemeenteFactory, HouseholdFactory


@pytest.fixture
def world(app):
    """Ede: 40 responses; Wageningen: 3 responses (all "weet ik niet"). Returns ids."""
    with app.app_context():
        corporation = CorporationFactory()
        ede, wag = GemeenteFactory(name="Ede"), GemeenteFactory(name="Wageningen")
        survey = make_survey(2027, [ede, wag])
        for i in range(40):
            household = HouseholdFactory(
                corporation=corporation, gemeente=ede, age_band="<35" if i % 2 else "65-74"
            )
            respond(survey, household, ede_values(i), Channel.ONLINE if i < 30 else Channel.KEYED)
        for value in ("dk", "dk", "dk"):
            household = HouseholdFactory(corporation=corporation, gemeente=wag)
            respond(survey, household, {"keuze": value, "eens": value}, Channel.KEYED)
        db.session.flush()
        questions = {q.key: q.id for q in survey.ordered_questions()}
        ids = {"survey": survey.id, "ede": ede.id, "wag": wag.id, "q": questions}
        db.session.commit()
    return ids


def _question(world, key):
    return f"/resultaten/{world['survey']}/vraag/{world['q'][key]}"


def test_board_sees_survey_overview_with_response_and_questions(world, login):
    page = login(Role.BESTUUR).get(f"/resultaten/{world['survey']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "43 huishoudens" in text
    assert "Vraag eens?" in text and "Ede" in text and "Wageningen" in text
    index = login(Role.LEZER).get("/resultaten/")
    assert "Raadpleging 2027" in index.get_data(as_text=True)


def test_likert_question_shows_chart_table_n_and_margin(world, login):
    client = login(Role.LEZER)
    page = client.get(_question(world, "eens") + f"?gemeente={world['ede']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "n = 40 huishoudens" in text
    assert "grafiek.png" in text and "<table" in text
    assert "20 %" in text  # 8 of 40 for each point
    image = client.get(_question(world, "eens") + f"/grafiek.png?gemeente={world['ede']}")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    svg = client.get(_question(world, "eens") + "/grafiek.svg?size=slide")
    assert svg.mimetype == "image/svg+xml"


def test_a_gemeente_with_three_responses_shows_no_figures(world, login):
    page = login(Role.BESTUUR).get(_question(world, "keuze") + f"?gemeente={world['wag']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "n = 3 huishoudens" in text
    assert "minder dan 10" in text
    assert "Te weinig antwoorden om te tonen." in text


def test_question_nobody_answered_and_empty_filter_say_so(world, login):
    client = login(Role.BESTUUR)
    page = client.get(_question(world, "leeg")).get_data(as_text=True)
    assert "Niemand in deze selectie heeft deze vraag beantwoord." in page
    page = client.get(_question(world, "eens") + f"?gemeente={world['ede']}&age_band=75%2B")
    assert "Nog niemand in deze selectie" in page.get_data(as_text=True)
    chart = client.get(_question(world, "eens") + "/grafiek.png?age_band=75%2B")
    assert chart.status_code == 200


def test_unknown_filter_value_gets_a_message_not_an_error(world, login):
    page = login(Role.BESTUUR).get(_question(world, "eens") + "?channel=fax&gemeente=abc")
    assert page.status_code == 200
    assert "waarde die niet bestaat" in page.get_data(as_text=True)


def test_matrix_with_twelve_statements_has_a_row_per_statement(world, login):
    text = login(Role.BESTUUR).get(_question(world, "stellingen")).get_data(as_text=True)
    assert all(row["labels"]["nl"] in text for row in ROWS)


def test_a_reader_cannot_ask_for_another_gemeentes_results(world, login, app):
    with app.app_context():
        from consult.gemeenten.models import Gemeente

        wag = db.session.get(Gemeente, world["wag"])
    client = login(Role.LEZER, gemeenten=[wag])
    assert client.get(_question(world, "eens") + f"?gemeente={world['ede']}").status_code == 403
    chart = client.get(_question(world, "eens") + f"/grafiek.png?gemeente={world['ede']}")
    assert chart.status_code == 403
    own = client.get(_question(world, "eens")).get_data(as_text=True)
    assert "n = 3 huishoudens" in own  # only Wageningen by default


def test_a_survey_without_responses_shows_zero(app, login):
    with app.app_context():
        survey = make_survey(2027, [GemeenteFactory(name="Leeg")])
        question = survey.ordered_questions()[1].id
        survey_id = survey.id
        db.session.commit()
    client = login(Role.BESTUUR)
    assert "0 huishoudens" in client.get(f"/resultaten/{survey_id}").get_data(as_text=True)
    page = client.get(f"/resultaten/{survey_id}/vraag/{question}")
    assert page.status_code == 200
    assert client.get(f"/resultaten/{survey_id}/respons.png").status_code == 200


def test_volunteers_do_not_see_results(world, login):
    assert login(Role.VRIJWILLIGER).get(f"/resultaten/{world['survey']}").status_code == 403


def test_survey_page_shows_fieldwork_and_who_answered_against_the_register(world, login):
    client = login(Role.BESTUUR)
    page = client.get(f"/resultaten/{world['survey']}").get_data(as_text=True)
    assert "Hoe de antwoorden binnenkwamen" in page and "verloop.png" in page
    assert "Wie antwoordden" in page and "Leeftijd van de hoofdhuurder" in page
    assert "jonger dan 35" in page or "onder 35" in page
    chart = client.get(f"/resultaten/{world['survey']}/verloop.png")
    assert chart.status_code == 200 and chart.data.startswith(b"\x89PNG")
    reader = client.get(f"/resultaten/{world['survey']}/verloop.svg?gemeente={world['ede']}")
    assert reader.mimetype == "image/svg+xml"

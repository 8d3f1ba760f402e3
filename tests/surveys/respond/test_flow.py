"""A tenant answers online: code, one question per page, skip logic, check, send, confirmation."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from consult.extensions import db
from surveys.models import Answer, AnswerState, Channel, Population, ResponseStatus, Survey
from surveys.respond.operations import local_today
from tests.surveys.respond.conftest import Tenant
from tests.surveys.respond.helpers import ANSWERS, answer_all, h1, page_key, responses, stored
from tests.surveys.respond.survey_data import KEYS


def test_whole_survey_answered_and_sent_online(app, tenant, open_survey):
    survey_id, codes = open_survey
    assert tenant.enter(codes[0]).headers["Location"].endswith("/vragenlijst")
    keys = answer_all(app, tenant)
    expected = [k for k in KEYS if k != "maanden"]
    assert keys == expected[:7] + ["veranderd"] + expected[7:]
    check = tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    assert "Controleer uw antwoorden" in check
    assert "Meer groen in de wijk" in check and "Groen" in check
    sent = tenant.post("/vragenlijst/versturen")
    assert sent.headers["Location"].endswith("/vragenlijst/verstuurd")
    done = tenant.get("/vragenlijst/verstuurd").get_data(as_text=True)
    assert "Bedankt" in done and "Wat gebeurt er nu" in done
    (response,) = responses(app, survey_id)
    assert response.status == ResponseStatus.SUBMITTED
    assert response.channel == Channel.ONLINE and response.population == Population.TENANT
    assert response.household_id is not None and response.language == "nl"
    assert response.started_at <= response.submitted_at
    assert stored(app, survey_id) == {
        "zoekt": "nee",
        "keuze": "groen",
        "tevreden": "4",
        "cijfer": 7,
        "problemen": ["tocht", "schimmel"],
        "prioriteit": ["onderhoud", "huur"],
        "veranderd": {"huur": "3", "buurt": "3"},
        "opmerking": "Meer groen in de wijk",
    }


def test_pages_follow_in_order_with_question_number_in_heading_and_title(app, tenant, open_survey):
    _survey_id, codes = open_survey
    tenant.enter(codes[0])
    location = tenant.start().headers["Location"]
    page = tenant.get(location).get_data(as_text=True)
    assert h1(page) == "Zoekt u een ander huis?"
    assert "Vraag 1 van 10" in page
    assert "<title>Vraag 1 van 10 – Huurdersraadpleging" in page
    assert "checked" not in page  # no pre-selected radio
    assert "Weet ik niet" in page and "Volgende" in page
    second = tenant.post(location, data={"answer": "nee"}).headers["Location"]
    page = tenant.get(second).get_data(as_text=True)
    assert page_key(app, second) == "keuze"
    # "nee": the follow-up question 2 is skipped; numbers and total stay as on paper
    assert "Vraag 3 van 10" in page and "van 9" not in page
    assert "Daarom springt het nummer." in page
    assert f'href="{location}"' in page  # back link to the previous question
    third = tenant.post(second, data={"answer": "groen"}).headers["Location"]
    page = tenant.get(third).get_data(as_text=True)
    assert "Vraag 4 van 10" in page and "springt" not in page


def test_change_from_the_check_page_says_where_the_button_goes(app, tenant, open_survey):
    _survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant)
    check = tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    change = re.search(r'<dd class="action"><a href="([^"]+)"', check).group(1)
    page = tenant.get(change.replace("&amp;", "&")).get_data(as_text=True)
    assert "Opslaan en terug naar het overzicht" in page and "Volgende" not in page
    plain = tenant.get(change.split("?")[0]).get_data(as_text=True)
    assert "Volgende" in plain and "Opslaan en terug" not in plain


def test_skip_logic_shows_the_follow_up_question_only_when_it_applies(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    keys = answer_all(app, tenant, {"zoekt": {"answer": "ja"}})
    assert keys[:2] == ["zoekt", "maanden"]
    assert stored(app, survey_id)["maanden"] == 14


def test_going_back_shows_the_saved_answer(app, tenant, open_survey):
    _survey_id, codes = open_survey
    tenant.enter(codes[0])
    location = tenant.start().headers["Location"]
    tenant.post(location, data={"answer": "dk"})
    page = tenant.get(location).get_data(as_text=True)
    assert 'value="dk" checked' in page


def test_every_next_saves_the_page_on_the_server(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant, stop_after=1)
    assert stored(app, survey_id) == {"zoekt": "nee"}
    (response,) = responses(app, survey_id)
    assert response.status == ResponseStatus.IN_PROGRESS


def test_question_left_empty_is_saved_as_no_answer_and_can_be_sent(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    location = tenant.start().headers["Location"]
    assert tenant.post(location, data={}).status_code == 302
    with app.app_context():
        answer = db.session.scalar(select(Answer))
        assert answer.value is None and answer.state == AnswerState.NO_ANSWER
    page = tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    assert "Niet beantwoord" in page


def test_change_link_on_check_page_returns_to_check_page(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant)
    check = tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    assert "Wijzig" in check
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        keuze = next(q for q in survey.ordered_questions() if q.key == "keuze")
        url = f"/vragenlijst/vraag/{keuze.id}?terug=controleren"
    assert url in check
    page = tenant.get(url).get_data(as_text=True)
    assert 'href="/vragenlijst/controleren"' in page  # back goes to the check page
    after = tenant.post(url, data={"answer": "huur"})
    assert after.headers["Location"].endswith("/vragenlijst/controleren")
    assert stored(app, survey_id)["keuze"] == "huur"


def test_change_that_opens_a_follow_up_question_asks_it_then_returns(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        zoekt, maanden = (
            next(q for q in survey.ordered_questions() if q.key == k) for k in ("zoekt", "maanden")
        )
        zoekt_url = f"/vragenlijst/vraag/{zoekt.id}?terug=controleren"
        maanden_url = f"/vragenlijst/vraag/{maanden.id}?terug=controleren"
    assert tenant.post(zoekt_url, data={"answer": "ja"}).headers["Location"].endswith(maanden_url)
    back = tenant.post(maanden_url, data={"answer": "5"})
    assert back.headers["Location"].endswith("/vragenlijst/controleren")
    assert "5 maanden" in tenant.get("/vragenlijst/controleren").get_data(as_text=True)


def test_answer_to_a_question_that_became_hidden_is_kept_but_ignored(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant, {"zoekt": {"answer": "ja"}, "maanden": {"answer": "33"}})
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        zoekt = next(q for q in survey.ordered_questions() if q.key == "zoekt")
    tenant.post(f"/vragenlijst/vraag/{zoekt.id}?terug=controleren", data={"answer": "nee"})
    assert stored(app, survey_id)["maanden"] == 33
    check = tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    assert "Hoeveel maanden" not in check
    assert not re.search(r">\s*33\b", check)  # the answer as shown (ids in links may hold 33)


def test_entering_the_code_again_resumes_at_the_first_unanswered_question(app, client, open_survey):
    survey_id, codes = open_survey
    first = Tenant(client)
    first.enter(codes[0])
    answer_all(app, first, stop_after=3)
    other_device = Tenant(app.test_client())
    resumed = other_device.enter(codes[0].replace("-", " ").lower())
    assert page_key(app, resumed.headers["Location"]) == "cijfer"
    begin = other_device.get("/vragenlijst").get_data(as_text=True)
    assert "Welkom terug" in begin and "3 van de 9" in begin
    assert len(responses(app, survey_id)) == 1


def test_lost_session_asks_for_the_code_again_and_keeps_answers(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    location = tenant.start().headers["Location"]
    tenant.post(location, data={"answer": "ja"})
    with tenant.client.session_transaction() as session:
        session.clear()
    page = tenant.post(location, data={"answer": "nee"}).get_data(as_text=True)
    assert "Vul de code uit uw brief opnieuw in" in page
    assert stored(app, survey_id) == {"zoekt": "ja"}


def test_sending_twice_gives_one_response_and_the_same_confirmation(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant)
    first = tenant.post("/vragenlijst/versturen")
    second = tenant.post("/vragenlijst/versturen")
    assert first.headers["Location"] == second.headers["Location"]
    assert "Bedankt" in tenant.get(second.headers["Location"]).get_data(as_text=True)
    (response,) = responses(app, survey_id)
    assert response.status == ResponseStatus.SUBMITTED


def test_code_of_a_sent_response_shows_already_answered(app, tenant, open_survey):
    _survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant)
    tenant.post("/vragenlijst/versturen")
    again = tenant.enter(codes[0])
    assert again.headers["Location"].endswith("/vragenlijst/al-ingevuld")
    page = tenant.get("/vragenlijst/al-ingevuld").get_data(as_text=True)
    assert "al meegedaan" in page
    assert "Wijzig uw antwoorden" not in page
    location = tenant.get("/vragenlijst/controleren").headers["Location"]
    assert location.endswith("/vragenlijst/al-ingevuld")


def test_changes_after_sending_when_the_survey_allows_them(app, tenant, make_survey):
    survey_id, codes = make_survey(allow_changes=True)
    tenant.enter(codes[0])
    answer_all(app, tenant)
    tenant.post("/vragenlijst/versturen")
    tenant.enter(codes[0])
    page = tenant.get("/vragenlijst/al-ingevuld").get_data(as_text=True)
    assert "Wijzig uw antwoorden" in page
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        keuze = next(q for q in survey.ordered_questions() if q.key == "keuze")
    changed = tenant.post(f"/vragenlijst/vraag/{keuze.id}?terug=controleren", data={"answer": "dk"})
    assert changed.headers["Location"].endswith("/vragenlijst/controleren")
    assert stored(app, survey_id)["keuze"] == "dk"
    (response,) = responses(app, survey_id)
    assert response.status == ResponseStatus.SUBMITTED


def test_without_permission_to_change_a_sent_response_stays_as_it_was(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant)
    tenant.post("/vragenlijst/versturen")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        keuze = next(q for q in survey.ordered_questions() if q.key == "keuze")
    refused = tenant.post(f"/vragenlijst/vraag/{keuze.id}", data={"answer": "dk"})
    assert refused.headers["Location"].endswith("/vragenlijst/al-ingevuld")
    assert stored(app, survey_id)["keuze"] == "groen"


def test_switching_language_keeps_the_answers(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant, stop_after=2)
    location = tenant.start().headers["Location"]
    tenant.post("/vragenlijst/taal", data={"lang": "en", "next": location})
    page = tenant.get(location).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "How satisfied are you?" in page and "Question 4 of 10" in page and "Next" in page
    (response,) = responses(app, survey_id)
    assert response.language == "en"
    assert stored(app, survey_id) == {"zoekt": "nee", "keuze": "groen"}
    check = tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    assert "Greenery" in check


def test_language_not_offered_by_the_survey_is_ignored(app, tenant, open_survey):
    _survey_id, codes = open_survey
    tenant.enter(codes[0])
    tenant.post("/vragenlijst/taal", data={"lang": "tr", "next": "/vragenlijst"})
    assert '<html lang="nl">' in tenant.get("/vragenlijst").get_data(as_text=True)


def test_survey_closed_halfway_keeps_answers_and_explains(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant, stop_after=2)
    location = tenant.start().headers["Location"]
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        survey.closes_on = local_today() - timedelta(days=1)
        survey.opens_on = local_today() - timedelta(days=10)
        db.session.commit()
    page = tenant.post(location, data={"answer": "5"}).get_data(as_text=True)
    assert "gesloten" in h1(page)
    assert "bewaard" in page
    assert stored(app, survey_id) == {"zoekt": "nee", "keuze": "groen"}
    assert "gesloten" in h1(tenant.enter(codes[0]).get_data(as_text=True))


def test_survey_that_has_not_opened_yet_says_from_when(app, tenant, open_survey):
    survey_id, codes = open_survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        survey.opens_on = local_today() + timedelta(days=2)
        db.session.commit()
    page = tenant.enter(codes[0]).get_data(as_text=True)
    assert "nog niet open" in h1(page)
    assert str((local_today() + timedelta(days=2)).year) in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_pause_page_explains_and_can_close_the_session(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant, stop_after=1)
    page = tenant.get("/vragenlijst/later-verder").get_data(as_text=True)
    assert "bewaard" in page
    closed = tenant.post("/vragenlijst/afsluiten")
    assert "afgesloten" in tenant.get(closed.headers["Location"]).get_data(as_text=True)
    assert "Vul de code" in tenant.get("/vragenlijst/controleren").get_data(as_text=True)
    assert stored(app, survey_id) == {"zoekt": "nee"}


def test_answers_are_stored_exactly_as_the_question_types_define(app, tenant, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(
        app,
        tenant,
        {
            "zoekt": {"answer": "ja"},
            "maanden": {"answer": "", "dont_know": "dk"},
            "cijfer": {"answer": "dk"},
            "problemen": {"answer": "geen"},
            "prioriteit": {"dont_know": "dk"},
            "opmerking": {"answer": "  "},
        },
    )
    values = stored(app, survey_id)
    assert values["maanden"] == "dk" and values["cijfer"] == "dk"
    assert values["problemen"] == ["geen"] and values["prioriteit"] == ["dk"]
    assert values["opmerking"] is None
    assert set(values) == set(KEYS)
    assert ANSWERS  # the defaults were used for the other pages


def test_text_corrected_by_the_board_shows_on_the_next_page_view(app, tenant, open_survey):
    from surveys.builder import questions as question_services

    survey_id, codes = open_survey
    tenant.enter(codes[0])
    location = tenant.start().headers["Location"]
    assert "Zoekt u een ander huis?" in tenant.get(location).get_data(as_text=True)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        zoekt = next(q for q in survey.ordered_questions() if q.key == "zoekt")
        texts = {**zoekt.texts, "nl": {"text": "Zoekt u een andere woning?", "help": ""}}
        question_services.update_question(zoekt, texts=texts)
        db.session.commit()
    assert "Zoekt u een andere woning?" in tenant.get(location).get_data(as_text=True)

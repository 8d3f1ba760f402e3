"""The builder's preview (same pages, nothing stored) and the open link for people without a
code (a separate population, rate limited, with a field that robots fill in)."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.permissions import Role
from surveys.models import Answer, Population, Response, Survey, SurveyStatus
from surveys.respond.open_link import open_link_token
from tests.surveys.respond.helpers import h1, page_key, responses, stored


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def draft_survey(app, make_survey) -> int:
    survey_id, _codes = make_survey()
    with app.app_context():
        db.session.get(Survey, survey_id).status = SurveyStatus.DRAFT
        db.session.commit()
    return survey_id


def test_preview_of_a_draft_shows_the_tenant_pages_with_a_banner(app, login, make_survey):
    survey_id = draft_survey(app, make_survey)
    client = login(Role.LEZER)
    base = f"/vragenlijsten/{survey_id}/voorbeeld"
    html = client.get(base).get_data(as_text=True)
    assert "Voorbeeld: zo zien huurders de vragenlijst" in html
    assert h1(html) == "Huurdersraadpleging"
    location = client.post(base).headers["Location"]
    assert location.startswith(base + "/vraag/")
    page = client.get(location).get_data(as_text=True)
    assert "Vraag 1 van 10" in page and "Voorbeeld" in page
    following = client.post(location, data={"answer": "ja"}).headers["Location"]
    assert page_key(app, following) == "maanden"  # skip logic works in the preview
    refused = client.post(following, data={"answer": "abc"}).get_data(as_text=True)
    assert "Geef een getal" in refused
    client.post(following, data={"answer": "4"})
    check = client.get(base + "/controleren").get_data(as_text=True)
    assert "4 maanden" in check
    done = client.post(base + "/versturen").get_data(as_text=True)
    assert "Bedankt" in done and "Voorbeeld" in done
    assert count(app, Response) == 0 and count(app, Answer) == 0


def test_preview_in_another_language(app, login, make_survey):
    survey_id = draft_survey(app, make_survey)
    client = login(Role.BESTUUR)
    base = f"/vragenlijsten/{survey_id}/voorbeeld"
    client.post(base + "/taal", data={"lang": "en", "next": base})
    assert "Tenant survey" in client.get(base).get_data(as_text=True)


def test_preview_needs_a_staff_member_who_may_see_surveys(app, client, login, make_survey):
    survey_id = draft_survey(app, make_survey)
    base = f"/vragenlijsten/{survey_id}/voorbeeld"
    assert client.get(base).headers["Location"].startswith("/login")
    volunteer = login(Role.VRIJWILLIGER)
    assert volunteer.get(base).status_code == 403
    volunteer.post("/logout")
    assert login(Role.ADMIN).get("/vragenlijsten/999999/voorbeeld").status_code == 404


def open_url(app, survey_id) -> str:
    with app.app_context():
        return "/open/" + open_link_token(db.session.get(Survey, survey_id))


def test_open_link_gives_a_separate_population_without_household(app, client, make_survey):
    survey_id, _codes = make_survey(open_link=True)
    url = open_url(app, survey_id)
    html = client.get(url).get_data(as_text=True)
    assert h1(html) == "Huurdersraadpleging" and 'name="website"' in html
    location = client.post(url, data={"website": ""}).headers["Location"]
    client.post(location, data={"answer": "nee"})
    (response,) = responses(app, survey_id)
    assert response.population == Population.OPEN_LINK and response.household_id is None
    assert stored(app, survey_id) == {"zoekt": "nee"}
    again = client.post(url, data={"website": ""})
    assert again.headers["Location"] != location  # the same browser goes on where it was
    assert len(responses(app, survey_id)) == 1


def test_open_link_honeypot_filled_in_stores_nothing(app, client, make_survey):
    survey_id, _codes = make_survey(open_link=True)
    html = client.post(open_url(app, survey_id), data={"website": "http://spam"}).get_data(
        as_text=True
    )
    assert "Bedankt" in html
    assert responses(app, survey_id) == []


def test_open_link_is_rate_limited_per_connection(app, make_survey):
    survey_id, _codes = make_survey(open_link=True)
    url = open_url(app, survey_id)
    statuses = [app.test_client().post(url, data={}).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert len(responses(app, survey_id)) == 5


def test_open_link_that_is_switched_off_or_wrong_is_not_found(app, client, make_survey):
    survey_id, _codes = make_survey(open_link=False)
    assert client.get(open_url(app, survey_id)).status_code == 404
    assert client.get("/open/abcdef").status_code == 404
    assert client.post("/open/" + "x" * 5000, data={}).status_code == 404

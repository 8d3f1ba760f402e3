"""Tenants arrive at the site root and enter the code from their letter (or scan its QR)."""

import pytest
from sqlalchemy import select

from consult.extensions import db
from consult.permissions import Role
from surveys.invitations import codes as code_format
from surveys.models import Channel, Response, ResponseStatus, Survey, SurveyStatus
from tests.surveys.respond.helpers import answer_all, h1, responses, title


def test_site_root_is_the_tenants_start_page_in_dutch(client):
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="nl">' in html
    assert h1(html) == "Vul de code uit uw brief in"
    assert 'href="/login"' in html and "Hulp nodig?" in html and 'href="/privacy"' in html


def test_signed_in_staff_at_the_root_go_on_to_their_own_start(login):
    client = login(Role.LEZER)
    assert client.get("/").headers["Location"].endswith("/start")
    assert client.get("/start").headers["Location"].endswith("/resultaten/")


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{plain}", "  {spaced}  ", "{confusable}"])
def test_code_is_accepted_however_it_is_typed(tenant, open_survey, typed):
    _survey_id, codes = open_survey
    code = codes[0]
    plain = code.replace("-", "")
    variants = {
        "code": code,
        "lower": code.lower(),
        "plain": plain,
        "spaced": " ".join(plain),
        "confusable": code.replace("1", "l").replace("0", "O"),
    }
    response = tenant.enter(typed.format(**variants))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/vragenlijst")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul de code uit uw brief in."),
        ("ABCD", "Een code heeft 9 letters en cijfers"),
        ("ABCD-EFGH-*", "alleen letters en cijfers"),
        ("<script>alert(1)</script>", "9 letters en cijfers"),
        ("x" * 5000, "Vul de code uit uw brief in."),
    ],
)
def test_malformed_code_gets_a_plain_message(tenant, open_survey, typed, message):
    page = tenant.enter(typed)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert message in html
    assert title(html).startswith("Fout:")
    assert 'class="error-summary"' in html and 'href="#code"' in html
    assert "<script>alert(1)</script>" not in html


def test_code_with_a_typo_is_caught_by_its_check_character(tenant, open_survey):
    _survey_id, codes = open_survey
    code = codes[0].replace("-", "")
    swapped = (
        code[1] + code[0] + code[2:]
        if code[0] != code[1]
        else code[2] + code[1:2] + code[0] + code[3:]
    )
    html = tenant.enter(swapped).get_data(as_text=True)
    assert "Deze code klopt niet" in html


def test_unknown_code_is_refused_without_saying_more(tenant, open_survey):
    data = "ZZZZZZZZ"
    html = tenant.enter(data + code_format.check_character(data)).get_data(as_text=True)
    assert "Wij kennen deze code niet" in html


def test_code_of_a_closed_survey_is_expired(app, tenant, open_survey):
    survey_id, codes = open_survey
    with app.app_context():
        db.session.get(Survey, survey_id).status = SurveyStatus.CLOSED
        db.session.commit()
    html = tenant.enter(codes[1]).get_data(as_text=True)
    assert h1(html) == "De vragenlijst is gesloten"


def test_code_of_a_household_that_answered_on_paper_says_so(app, tenant, open_survey):
    survey_id, codes = open_survey
    from surveys.invitations.operations import find_invitation

    with app.app_context():
        invitation = find_invitation(codes[2])
        db.session.add(
            Response(
                survey_id=survey_id,
                household_id=invitation.household_id,
                channel=Channel.KEYED,
                status=ResponseStatus.SUBMITTED,
            )
        )
        db.session.commit()
    location = tenant.enter(codes[2]).headers["Location"]
    html = tenant.get(location).get_data(as_text=True)
    assert "papieren formulier" in html
    assert len(responses(app, survey_id)) == 1


def test_qr_short_link_opens_the_survey(tenant, open_survey):
    _survey_id, codes = open_survey
    response = tenant.get(f"/c/{codes[0]}")
    assert response.headers["Location"].endswith("/vragenlijst")
    assert "Beginnen" in tenant.get("/vragenlijst").get_data(as_text=True)


def test_short_link_with_a_wrong_code_shows_the_code_page_with_the_problem(tenant, open_survey):
    html = tenant.get("/c/NOT-A-CODE").get_data(as_text=True)
    assert "Er is een probleem" in html and h1(html) == "Vul de code uit uw brief in"


def test_guessing_codes_is_stopped_after_ten_wrong_tries(app, tenant, open_survey):
    _survey_id, codes = open_survey
    for _ in range(10):
        assert tenant.enter("ABCD-EFGH-0").status_code == 200
    blocked = tenant.enter(codes[0])
    html = blocked.get_data(as_text=True)
    assert blocked.status_code == 429
    assert "te vaak geprobeerd" in html and "kwartier" in html
    assert tenant.get("/c/" + codes[0]).status_code == 429


def test_right_codes_do_not_count_against_the_limit(tenant, open_survey):
    _survey_id, codes = open_survey
    for _ in range(15):
        assert tenant.enter(codes[0]).status_code == 302


def test_code_form_works_with_csrf_protection(app, client, open_survey, csrf_enabled):
    _survey_id, codes = open_survey
    html = client.get("/").get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/code", data={"code": codes[0], "csrf_token": token}).status_code == 302
    expired = client.post("/code", data={"code": codes[0], "csrf_token": "old"})
    assert expired.status_code == 400
    assert "te lang open" in expired.get_data(as_text=True)


def test_expired_page_during_answering_keeps_answers(app, client, open_survey, csrf_enabled):
    survey_id, codes = open_survey
    html = client.get("/").get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/code", data={"code": codes[0], "csrf_token": token})
    location = client.post("/vragenlijst", data={"csrf_token": token}).headers["Location"]
    assert client.post(location, data={"answer": "ja", "csrf_token": token}).status_code == 302
    stale = client.post(location, data={"answer": "nee", "csrf_token": "stale"})
    assert stale.status_code == 400 and "bewaard" in stale.get_data(as_text=True)
    with app.app_context():
        response = db.session.scalar(select(Response).where(Response.survey_id == survey_id))
        assert response.status == ResponseStatus.IN_PROGRESS


def test_begin_page_says_who_asks_why_how_long_and_about_privacy(tenant, open_survey):
    _survey_id, codes = open_survey
    tenant.enter(codes[0])
    html = tenant.get("/vragenlijst").get_data(as_text=True)
    assert h1(html) == "Huurdersraadpleging"
    assert "Deze vragenlijst is van KMAS" in html
    assert "Wij vragen uw mening." in html
    assert "Ongeveer 2 minuten" in html
    assert "Uw privacy" in html and "0800 123 45 67" in html
    assert ">English</button>" in html


def test_begin_page_without_a_code_asks_for_the_code(tenant):
    html = tenant.get("/vragenlijst").get_data(as_text=True)
    assert "Vul de code uit uw brief opnieuw in" in html


def test_privacy_page_in_plain_dutch(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert h1(html) == "Wat wij met uw antwoorden doen"
    assert "minstens 10 huurders" in html


def test_second_household_gets_its_own_response(app, tenant, client, open_survey):
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    answer_all(app, tenant, stop_after=1)
    other = app.test_client()
    other.post("/code", data={"code": codes[1]})
    other.post("/vragenlijst")
    assert len({r.household_id for r in responses(app, survey_id)}) == 2

"""Bad input on question pages: a clear message, never a 500, and nothing stored is lost."""

import pytest
from sqlalchemy import select

from consult.extensions import db
from surveys.models import Answer, Survey
from tests.surveys.respond.helpers import stored, title
from tests.surveys.respond.survey_data import build_open_survey


@pytest.fixture
def answering(app, tenant, open_survey):
    """A tenant who has started; returns (survey id, url of a question page by key)."""
    survey_id, codes = open_survey
    tenant.enter(codes[0])
    tenant.start()
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        urls = {q.key: f"/vragenlijst/vraag/{q.id}" for q in survey.ordered_questions()}
    urls["veranderd"] += "/huur"
    return survey_id, urls


def refused(tenant, url, data, message):
    response = tenant.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, response.status_code
    assert message in html, html[:3000]
    assert title(html).startswith("Fout:")
    assert 'class="error-summary"' in html
    return html


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("keuze", {"answer": "bestaat-niet"}, "niet een van de keuzes"),
        ("keuze", {"answer": ["huur", "groen"]}, "Kies één antwoord"),
        ("tevreden", {"answer": "6"}, "niet een van de keuzes"),
        ("cijfer", {"answer": "11"}, "getal van 1 tot en met 10"),
        ("cijfer", {"answer": "0"}, "getal van 1 tot en met 10"),
        ("problemen", {"answer": ["tocht", "geen"]}, "kan niet samen"),
        ("problemen", {"answer": ["tocht", "schimmel", "kou"]}, "niet meer dan 2"),
        ("prioriteit", {"rank-huur": "1", "rank-onderhoud": "1"}, "hetzelfde nummer"),
        ("prioriteit", {"rank-huur": "3"}, "nummer van 1 tot en met 2"),
        ("prioriteit", {"rank-huur": "1", "dont_know": "dk"}, "niet samen met een volgorde"),
        ("veranderd", {"answer": "9"}, "niet een van de keuzes"),
    ],
)
def test_answer_outside_the_question_is_refused_with_a_message(
    app, tenant, answering, key, data, message
):
    survey_id, urls = answering
    refused(tenant, urls[key], data, message)
    assert key not in stored(app, survey_id)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("601", "getal van 0 tot en met 600"),
        ("-1", "getal van 0 tot en met 600"),
        ("1,5", "zonder komma"),
        ("twaalf", "Geef een getal"),
        ("1e5", "Geef een getal"),
        ("99999999999999999999999", "getal van 0 tot en met 600"),
    ],
)
def test_out_of_range_or_unreadable_numbers_are_refused(app, tenant, answering, value, message):
    survey_id, urls = answering
    tenant.post(urls["zoekt"], data={"answer": "ja"})
    html = refused(tenant, urls["maanden"], {"answer": value}, message)
    assert f'value="{value}"' in html  # what was typed is shown again
    assert "maanden" not in stored(app, survey_id)


def test_number_and_dont_know_together_are_refused(app, tenant, answering):
    survey_id, urls = answering
    tenant.post(urls["zoekt"], data={"answer": "ja"})
    refused(tenant, urls["maanden"], {"answer": "3", "dont_know": "dk"}, "Niet allebei")


def test_very_long_open_answer_is_refused_and_the_earlier_one_kept(app, tenant, answering):
    survey_id, urls = answering
    tenant.post(urls["opmerking"], data={"answer": "Eerste antwoord"})
    long_text = "a" * 100_000
    html = refused(tenant, urls["opmerking"], {"answer": long_text}, "u heeft er 100000")
    assert long_text in html  # the tenant can shorten their own text
    assert stored(app, survey_id)["opmerking"] == "Eerste antwoord"


def test_script_in_an_open_answer_is_stored_as_text_and_shown_escaped(app, tenant, answering):
    survey_id, urls = answering
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert tenant.post(urls["opmerking"], data={"answer": script}).status_code == 302
    assert stored(app, survey_id)["opmerking"] == script
    for page in (urls["opmerking"], "/vragenlijst/controleren"):
        html = tenant.get(page).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


def test_control_characters_in_an_open_answer_are_refused(app, tenant, answering):
    _survey_id, urls = answering
    for text in ("ab\x00cd", "ab\x85cd", "ab\ufffecd", "ab\x1bcd"):
        html = refused(tenant, urls["opmerking"], {"answer": text}, "onzichtbaar teken")
        assert text[:2] in html


def test_fields_of_other_questions_on_a_page_are_ignored(app, tenant, answering):
    survey_id, urls = answering
    data = {"answer": "huur", "rank-huur": "1", "dont_know": "dk", "cijfer": "3", "zoekt": "ja"}
    assert tenant.post(urls["keuze"], data=data).status_code == 302
    assert stored(app, survey_id) == {"keuze": "huur"}


def test_question_of_another_survey_is_not_answered(app, tenant, answering):
    survey_id, _urls = answering
    with app.app_context():
        other = build_open_survey(households=0)
        other_question = other.ordered_questions()[0]
        db.session.commit()
        url = f"/vragenlijst/vraag/{other_question.id}"
    response = tenant.post(url, data={"answer": "ja"})
    assert response.status_code == 302
    with app.app_context():
        assert (
            db.session.scalars(select(Answer).where(Answer.question_id == other_question.id)).all()
            == []
        )


def test_hidden_question_cannot_be_answered(app, tenant, answering):
    survey_id, urls = answering
    tenant.post(urls["zoekt"], data={"answer": "nee"})
    response = tenant.post(urls["maanden"], data={"answer": "12"})
    assert response.status_code == 302
    assert "maanden" not in stored(app, survey_id)


def test_statement_that_is_not_in_the_matrix_is_not_answered(app, tenant, answering):
    survey_id, urls = answering
    url = urls["veranderd"].replace("/huur", "/onbekend")
    assert tenant.post(url, data={"answer": "3"}).status_code == 302
    assert "veranderd" not in stored(app, survey_id)


def test_non_numeric_question_address_is_not_found(tenant, answering):
    assert tenant.get("/vragenlijst/vraag/abc").status_code == 404
    assert tenant.get("/vragenlijst/vraag/99999999999999999999").status_code in (302, 404)


def test_required_question_left_empty_is_refused(app, tenant, answering):
    survey_id, urls = answering
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        next(q for q in survey.ordered_questions() if q.key == "keuze").required = True
        survey.touch()  # as every change through the builder does
        db.session.commit()
    refused(tenant, urls["keuze"], {}, "Geef een antwoord op deze vraag")


def test_required_question_never_answered_stops_sending(app, tenant, answering):
    survey_id, urls = answering
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        next(q for q in survey.ordered_questions() if q.key == "opmerking").required = True
        survey.touch()
        db.session.commit()
    html = tenant.post("/vragenlijst/versturen").get_data(as_text=True)
    assert "Deze vragen hebben nog een antwoord nodig" in html
    assert "Wilt u nog iets zeggen?" in html


def test_invalid_utf8_and_odd_encodings_do_not_break_the_page(app, tenant, answering):
    survey_id, urls = answering
    response = tenant.client.post(
        urls["opmerking"],
        data=b"answer=%FF%FE%00abc",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302, 400)
    for body in ("{}", "0", "[1, 2]", "null", '"tekst"', "{"):
        response = tenant.client.post(urls["keuze"], data=body, content_type="application/json")
        assert response.status_code in (200, 302, 400), body
    for url in ("/code", "/vragenlijst", "/vragenlijst/versturen"):
        assert tenant.client.post(url, data="0", content_type="application/json").status_code < 500


def test_answers_before_starting_a_response_are_refused(app, client, open_survey):
    survey_id, _codes = open_survey
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        url = f"/vragenlijst/vraag/{survey.ordered_questions()[0].id}"
    html = client.post(url, data={"answer": "ja"}).get_data(as_text=True)
    assert "Vul de code uit uw brief opnieuw in" in html
    assert stored(app, survey_id) == {}


def test_matrix_statements_are_kept_per_page(app, tenant, answering):
    survey_id, urls = answering
    tenant.post(urls["veranderd"], data={"answer": "4"})
    tenant.post(urls["veranderd"].replace("/huur", "/buurt"), data={"answer": "dk"})
    tenant.post(urls["veranderd"], data={})
    assert stored(app, survey_id)["veranderd"] == {"buurt": "dk"}


def test_hostile_open_answers_are_stored_exactly_or_refused_and_shown_escaped(
    app, tenant, answering
):
    from consult.text import is_storable
    from tests.hostile_strings import REPRESENTATIVE

    survey_id, urls = answering
    for text in REPRESENTATIVE:
        response = tenant.post(urls["opmerking"], data={"answer": text})
        assert response.status_code in (200, 302), repr(text[:20])
        if is_storable(text) and len(text) <= 2000:
            assert response.status_code == 302 and stored(app, survey_id)["opmerking"] == text
        else:
            assert response.status_code == 200 and 'class="error-summary"' in response.text
        for page in (urls["opmerking"], "/vragenlijst/controleren"):
            html = tenant.get(page).get_data(as_text=True)
            assert "<script>alert" not in html and "<img src=x onerror" not in html
            assert "<svg onload" not in html

"""Property: whatever is posted to a respondent page (any field names, values, encodings and
sizes), the answer is a page, never a server error, and every stored answer lies in the
domain of its question."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from consult.extensions import db, limiter
from surveys.models import Answer, AnswerState, Question, Survey
from surveys.qtypes import get_type
from surveys.respond.open_link import open_link_token

FIELD_NAMES = st.one_of(
    st.sampled_from(
        [
            "answer",
            "dont_know",
            "rank-huur",
            "rank-onderhoud",
            "rank-buurt",
            "rank-dk",
            "lang",
            "next",
            "code",
            "website",
            "csrf_token",
            "answer[]",
            "terug",
        ]
    ),
    st.text(max_size=30),
)
TEXT = st.one_of(
    st.sampled_from(
        [
            "",
            "1",
            "2",
            "5",
            "10",
            "11",
            "-1",
            "0",
            "1,5",
            "1.234",
            "dk",
            "ja",
            "nee",
            "huur",
            "groen",
            "geen",
            "tocht",
            "schimmel",
            "nz",
            "3",
            "nl",
            "en",
            "//evil.example",
            "/vragenlijst",
            " 7 ",
            "NaN",
            "inf",
            "1e308",
        ]
    ),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=20_000),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)
ARBITRARY_FORMS = st.dictionaries(FIELD_NAMES, st.lists(TEXT, min_size=1, max_size=4), max_size=6)
NEAR_VALUES = st.sampled_from(
    [
        "ja",
        "nee",
        "dk",
        "huur",
        "groen",
        "1",
        "2",
        "3",
        "4",
        "5",
        "7",
        "10",
        "tocht",
        "schimmel",
        "geen",
        "12",
        "Een mening",
        "",
        "onderhoud",
    ]
)
RANK = st.lists(st.sampled_from(["1", "2", "3", ""]), min_size=1, max_size=2)
# Forms close to real answers, so that the saving path is exercised as often as refusals.
NEAR_FORMS = st.fixed_dictionaries(
    {"answer": st.lists(NEAR_VALUES, min_size=1, max_size=3)},
    optional={
        "dont_know": st.lists(st.sampled_from(["dk", "x", ""]), min_size=1, max_size=2),
        "rank-huur": RANK,
        "rank-onderhoud": RANK,
        "rank-buurt": RANK,
    },
)
FORMS = st.one_of(ARBITRARY_FORMS, NEAR_FORMS)
RAW_BODIES = st.tuples(
    st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded; charset=latin-1",
        ]
    ),
    st.binary(max_size=2000),
)


@pytest.fixture
def fuzz_target(app, client, make_survey):
    """An open survey (changes allowed, open link on) and the pages a respondent can reach."""
    survey_id, codes = make_survey(allow_changes=True, open_link=True)
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        pages = []
        for question in survey.ordered_questions():
            rows = get_type(question.qtype).web_rows(question)
            base = f"/vragenlijst/vraag/{question.id}"
            pages += [f"{base}/{r['code']}" for r in rows] or [base]
        token = open_link_token(survey)
    posts = pages + [
        "/code",
        "/vragenlijst",
        "/vragenlijst/versturen",
        "/vragenlijst/taal",
        f"/open/{token}",
        pages[0] + "?terug=controleren",
    ]
    gets = pages + [
        "/",
        f"/c/{codes[0]}",
        "/c/%00%ff",
        "/vragenlijst",
        "/vragenlijst/controleren",
        "/vragenlijst/verstuurd",
        "/vragenlijst/al-ingevuld",
        "/vragenlijst/later-verder",
        "/privacy",
        f"/open/{token}",
        pages[-1] + "/nope",
    ]
    return {"survey_id": survey_id, "code": codes[0], "posts": posts, "gets": gets}


def ensure_session(client, code):
    limiter.reset()
    with client.session_transaction() as session:
        has_response = bool((session.get("respond") or {}).get("response"))
    if not has_response:
        assert client.post("/code", data={"code": code}).status_code == 302
        assert client.post("/vragenlijst").status_code == 302


def assert_answers_in_domain(app, survey_id):
    with app.app_context():
        rows = db.session.execute(
            select(Question, Answer)
            .join(Answer, Answer.question_id == Question.id)
            .where(Question.survey_id == survey_id)
        ).all()
        for question, answer in rows:
            qtype = get_type(question.qtype)
            if answer.value is None:
                assert answer.state == AnswerState.NO_ANSWER
                continue
            assert answer.state == AnswerState.ANSWERED
            assert qtype.clean(answer.value, question) == answer.value, (question.key, answer.value)


SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(form=FORMS, index=st.integers(min_value=0))
def test_posted_forms_never_cause_a_server_error(app, client, fuzz_target, form, index):
    ensure_session(client, fuzz_target["code"])
    url = fuzz_target["posts"][index % len(fuzz_target["posts"])]
    response = client.post(url, data=form)
    assert response.status_code < 500, (url, form)
    assert_answers_in_domain(app, fuzz_target["survey_id"])


@SETTINGS
@given(body=RAW_BODIES, index=st.integers(min_value=0))
def test_raw_bodies_in_any_encoding_never_cause_a_server_error(
    app, client, fuzz_target, body, index
):
    ensure_session(client, fuzz_target["code"])
    content_type, data = body
    url = fuzz_target["posts"][index % len(fuzz_target["posts"])]
    response = client.post(url, data=data, content_type=content_type)
    assert response.status_code < 500, (url, content_type, data[:100])
    assert_answers_in_domain(app, fuzz_target["survey_id"])


@SETTINGS
@given(query=st.dictionaries(FIELD_NAMES, TEXT, max_size=4), index=st.integers(min_value=0))
def test_pages_with_any_query_never_cause_a_server_error(app, client, fuzz_target, query, index):
    ensure_session(client, fuzz_target["code"])
    url = fuzz_target["gets"][index % len(fuzz_target["gets"])]
    response = client.get(url, query_string=query)
    assert response.status_code < 500, (url, query)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=st.text(max_size=80))
def test_any_typed_code_gives_a_page(client, fuzz_target, code):
    limiter.reset()
    response = client.post("/code", data={"code": code})
    assert response.status_code in (200, 302)
    assert client.get(
        "/c/" + code.replace("/", "x").replace("?", "x").replace("#", "x")
    ).status_code in (200, 302, 404)

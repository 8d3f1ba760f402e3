"""Two browsers of one household at the same moment: one response, no errors, nothing lost.

These tests commit for real and run requests in threads against a second application on the
same database, configured as in production (``server_app``: without the test-only SQLite
transaction fix).
"""

import threading

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from surveys.models import Answer, Response, ResponseStatus, Survey
from tests.surveys.respond.survey_data import build_open_survey, codes_of

pytestmark = pytest.mark.committing


@pytest.fixture
def committed_survey(app):
    with app.app_context():
        survey = build_open_survey(households=4)
        db.session.commit()
        return survey.id, codes_of(survey)


def at_once(*calls):
    """Run the calls in threads released at the same moment; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def browser(server_app, code):
    client = server_app.test_client()
    assert client.post("/code", data={"code": code}).status_code == 302
    return client


def count(app, model, **where):
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return db.session.scalar(stmt)


def test_two_browsers_starting_at_once_share_one_response(app, server_app, committed_survey):
    survey_id, codes = committed_survey
    for code in codes:
        first, second = browser(server_app, code), browser(server_app, code)
        results = at_once(
            lambda c=first: c.post("/vragenlijst"), lambda c=second: c.post("/vragenlijst")
        )
        assert [r.status_code for r in results] == [302, 302]
        assert results[0].headers["Location"] == results[1].headers["Location"]
    assert count(app, Response, survey_id=survey_id) == len(codes)


def test_two_browsers_answering_the_same_household_keep_every_answer(
    app, server_app, committed_survey
):
    survey_id, codes = committed_survey
    first, second = browser(server_app, codes[0]), browser(server_app, codes[0])
    first.post("/vragenlijst")
    second.post("/vragenlijst")
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        url = {q.key: f"/vragenlijst/vraag/{q.id}" for q in survey.ordered_questions()}
    results = at_once(
        lambda: first.post(url["keuze"], data={"answer": "huur"}),
        lambda: second.post(url["cijfer"], data={"answer": "8"}),
    )
    assert [r.status_code for r in results] == [302, 302]
    same = at_once(
        lambda: first.post(url["tevreden"], data={"answer": "2"}),
        lambda: second.post(url["tevreden"], data={"answer": "5"}),
    )
    assert [r.status_code for r in same] == [302, 302]
    with app.app_context():
        values = dict(
            db.session.execute(
                select(Answer.question_id, Answer.value)
                .join(Response)
                .where(Response.survey_id == survey_id)
            ).all()
        )
        keys = {q.id: q.key for q in db.session.get(Survey, survey_id).ordered_questions()}
    by_key = {keys[k]: v for k, v in values.items()}
    assert by_key["keuze"] == "huur" and by_key["cijfer"] == 8
    assert by_key["tevreden"] in ("2", "5")
    assert count(app, Response, survey_id=survey_id) == 1


def test_double_tap_on_send_sends_once(app, server_app, committed_survey):
    survey_id, codes = committed_survey
    client = browser(server_app, codes[1])
    client.post("/vragenlijst")
    twin = server_app.test_client()
    with client.session_transaction() as source, twin.session_transaction() as target:
        target.update(source)
    results = at_once(
        lambda: client.post("/vragenlijst/versturen"), lambda: twin.post("/vragenlijst/versturen")
    )
    assert [r.status_code for r in results] == [302, 302]
    assert {r.headers["Location"] for r in results} == {"/vragenlijst/verstuurd"}
    assert count(app, Response, survey_id=survey_id, status=ResponseStatus.SUBMITTED) == 1
    assert count(app, Response, survey_id=survey_id) == 1

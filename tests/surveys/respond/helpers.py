"""Helpers for respondent tests: reading pages and answering a whole survey."""

import re
from html import unescape

from sqlalchemy import select

from consult.extensions import db
from surveys.models import Answer, Question, Response

# A valid answer per question key, as the page's form fields.
ANSWERS = {
    "zoekt": {"answer": "nee"},
    "maanden": {"answer": "14"},
    "keuze": {"answer": "groen"},
    "tevreden": {"answer": "4"},
    "cijfer": {"answer": "7"},
    "problemen": {"answer": ["tocht", "schimmel"]},
    "prioriteit": {"rank-huur": "2", "rank-onderhoud": "1", "rank-buurt": ""},
    "veranderd": {"answer": "3"},
    "opmerking": {"answer": "Meer groen in de wijk"},
}


def h1(html: str) -> str:
    """The text of the page's <h1>."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


def title(html: str) -> str:
    """The text of the page's <title>."""
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    return " ".join(unescape(match.group(1)).split())


def page_key(app, url: str) -> str:
    """The key of the question whose page this URL is."""
    question_id = int(re.search(r"/vraag/(\d+)", url).group(1))
    with app.app_context():
        return db.session.get(Question, question_id).key


def answer_all(app, tenant, answers=None, stop_after: int | None = None) -> list[str]:
    """Answer pages from the current one until the check page; returns the keys answered."""
    answers = {**ANSWERS, **(answers or {})}
    location = tenant.start().headers["Location"]
    done = []
    while "/vraag/" in location:
        key = page_key(app, location)
        response = tenant.post(location, data=answers[key])
        assert response.status_code == 302, (key, response.get_data(as_text=True)[:2000])
        done.append(key)
        location = response.headers["Location"]
        if stop_after is not None and len(done) >= stop_after:
            break
    return done


def responses(app, survey_id: int) -> list[Response]:
    """All responses of a survey."""
    with app.app_context():
        return list(db.session.scalars(select(Response).where(Response.survey_id == survey_id)))


def stored(app, survey_id: int) -> dict:
    """Answers by key of the survey's only response."""
    with app.app_context():
        rows = db.session.execute(
            select(Question.key, Answer.value)
            .join(Answer, Answer.question_id == Question.id)
            .join(Response, Response.id == Answer.response_id)
            .where(Response.survey_id == survey_id)
        ).all()
        return dict(rows)

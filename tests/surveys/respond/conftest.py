"""Fixtures for the respondent flow: an open survey with invitations, and a tenant helper."""

import re

import pytest

from consult.extensions import db
from tests.surveys.respond.survey_data import build_open_survey, codes_of


@pytest.fixture
def make_survey(app):
    """Build an open survey (committed in the test transaction); returns (survey id, codes)."""

    def make(**options):
        with app.app_context():
            survey = build_open_survey(**options)
            result = survey.id, codes_of(survey)
            db.session.commit()
            return result

    return make


@pytest.fixture
def open_survey(make_survey):
    """An open survey with three invited households; returns (survey id, codes)."""
    return make_survey()


class Tenant:
    """A browser of one tenant: enters a code, answers pages, follows redirects."""

    def __init__(self, client):
        self.client = client

    def enter(self, code: str):
        return self.client.post("/code", data={"code": code})

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data=None, **kwargs):
        return self.client.post(url, data=data or {}, **kwargs)

    def start(self):
        return self.client.post("/vragenlijst")

    def page_url(self, response) -> str:
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]


def question_title(html: str) -> str:
    """The <h1> text of a page."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()[0:12] and " ".join(
        re.sub(r"<[^>]+>", " ", match.group(1)).split()
    )


@pytest.fixture
def tenant(client):
    """A tenant's browser (the test client)."""
    return Tenant(client)

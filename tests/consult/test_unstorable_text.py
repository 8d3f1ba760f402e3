"""Invisible control characters in any text input: a clear message on the field, never a 500,
never stored (PostgreSQL text cannot hold NUL; XLSX and PDF exports cannot hold the others)."""

import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from consult.extensions import db
from consult.forms import BaseForm
from consult.gemeenten.models import Corporation, Gemeente
from consult.permissions import Role
from consult.text import is_storable, unstorable_in
from consult.users.models import User
from surveys.models import Survey
from tests.factories import GemeenteFactory

MESSAGE = "Deze tekst bevat een onzichtbaar teken dat we niet kunnen bewaren"
# NUL, ESC, vertical tab, DEL, a C1 control (NEL), a non-character.
HIDDEN = ["\x00", "\x1b", "\x0b", "\x7f", "\x85", "\ufffe"]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_the_check_accepts_ordinary_text_and_refuses_hidden_characters():
    for text in ["Ünïcode İı 中文 عربى 🏳️‍🌈", "tab\tand\nnew\r\nlines", "\u2028\u202e\u200d"]:
        assert is_storable(text)
    for char in [*HIDDEN, "\x9f", "\ud800", "\uffff"]:
        assert not is_storable(f"a{char}b")
    assert unstorable_in({"texts": [{"nl": "a\x00"}]})
    assert unstorable_in({"k\x00": "v"}) and not unstorable_in({"k": ["v", 1, None]})


def test_every_form_of_the_site_checks_its_text(app):
    """One mechanism: every Flask-WTF form derives from BaseForm (the households forms are
    being reworked separately and are listed until they do)."""
    loose = {
        cls.__qualname__
        for cls in _all_subclasses(FlaskForm)
        if not issubclass(cls, BaseForm) and not cls.__module__.startswith("consult.households")
    }
    assert loose == set()


@pytest.mark.parametrize("char", HIDDEN)
def test_hidden_character_in_the_login_e_mail_gets_a_message(client, make_user, char):
    email = make_user(Role.ADMIN)
    response = client.post("/login", data={"email": email + char, "password": "x" * 12})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert MESSAGE in html


@pytest.mark.parametrize("char", HIDDEN)
def test_user_name_with_a_hidden_character_is_refused_and_the_rest_kept(app, login, char):
    client = login(Role.ADMIN)
    before = count(app, User)
    data = {"name": f"Jan{char}Jansen", "email": "jan.jansen@example.org", "role": "lezer"}
    response = client.post("/beheer/gebruikers/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 422) and MESSAGE in html
    assert 'value="jan.jansen@example.org"' in html
    assert count(app, User) == before


@pytest.mark.parametrize("char", HIDDEN)
def test_gemeente_and_corporation_names_with_a_hidden_character_are_refused(app, login, char):
    client = login(Role.ADMIN)
    data = {"name": f"Zwolle{char}", "cbs_code": "0193", "werkgebied": "noord"}
    response = client.post("/gemeenten/nieuw", data=data)
    assert response.status_code in (200, 422) and MESSAGE in response.get_data(as_text=True)
    assert count(app, Gemeente) == 0
    response = client.post("/gemeenten/corporaties/nieuw", data={"name": f"Mooi{char}land"})
    assert response.status_code in (200, 422) and MESSAGE in response.get_data(as_text=True)
    assert count(app, Corporation) == 0


def test_survey_title_with_nul_is_refused_on_its_field(app, login):
    client = login(Role.ADMIN)
    data = {"version": "0", "year": "2028", "title_nl": "Raad\x00pleging", "intro_nl": "Hallo"}
    response = client.post("/vragenlijsten/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 422) and MESSAGE in html
    assert "Hallo</textarea>" in html
    assert count(app, Survey) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/gemeenten?zoek=a%00b",
        "/beheer/logboek?action=%00",
        "/login?next=/%00",
        "/vragenlijsten/vragenbank?zoek=%C2%85",
        "/gemeenten?a%00=1",
    ],
)
def test_hidden_character_in_a_web_address_gets_a_message(login, url):
    client = login(Role.ADMIN)
    response = client.get(url)
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_hidden_character_in_a_form_field_name_gets_a_message(login):
    client = login(Role.ADMIN)
    response = client.post("/taal", data={"lang\x00": "en"})
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("data", [{"lang": "e\x00n", "next": "/"}, {"lang": "en", "next": "/\x00"}])
def test_hidden_character_in_a_language_switch_is_not_an_error(client, data):
    response = client.post("/taal", data=data)
    assert response.status_code in (302, 400)


def test_hidden_character_in_a_letter_text_is_refused(app, login):
    from tests.surveys.conftest import build_survey

    with app.app_context():
        survey_id = build_survey(gemeente=GemeenteFactory()).id
        db.session.commit()
    client = login(Role.ADMIN)
    url = f"/vragenlijsten/{survey_id}/papier/brief/nl"
    html = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d*)"', html).group(1)
    data = {"version": version, "subject": "Uw mening", "body": "Beste\x00huurder"}
    response = client.post(url, data=data)
    assert response.status_code == 422 and MESSAGE in response.get_data(as_text=True)
    assert 'value="Uw mening"' in response.get_data(as_text=True)

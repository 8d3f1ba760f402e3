"""The keying pages: code entry, keying a form, errors, conflicts, coordinator pages."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from consult.extensions import db
from consult.permissions import Role
from surveys.builder import operations as survey_operations
from surveys.invitations import operations as invitations
from surveys.keying.models import KeyedForm, KeyedStatus
from surveys.models import ResponseStatus, Survey
from tests.factories import CorporationFactory, HouseholdFactory, UserFactory
from tests.surveys.conftest import build_survey
from tests.surveys.keying.conftest import codes, double_entry, fields, full_form
from tests.surveys.paper.conftest import add_all_types


@pytest.fixture
def keying_data(app):
    """An open survey with three invited households (committed for page requests)."""
    with app.app_context():
        board = UserFactory(role="bestuur")
        survey = build_survey(board)
        add_all_types(survey)
        survey_operations.change_status(survey, "open", by=board, today=date(2027, 1, 15))
        corporation = CorporationFactory()
        for _ in range(3):
            HouseholdFactory(gemeente=survey.gemeenten[0], corporation=corporation)
        db.session.flush()
        invitations.create_invitations(survey)
        db.session.flush()
        data = {
            "survey_id": survey.id,
            "codes": codes(survey),
            "fields": fields(survey),
            "full": full_form(survey),
            "gemeente": survey.gemeenten[0],
        }
        db.session.commit()
        return data


def open_code(client, data, code):
    return client.post(f"/invoeren/{data['survey_id']}", data={"code": code})


def test_a_volunteer_keys_a_form_through_the_pages(client, login, keying_data, app):
    login(Role.VRIJWILLIGER)
    start = client.get("/invoeren", follow_redirects=True)
    assert "Code op het formulier" in start.get_data(as_text=True)
    response = open_code(client, keying_data, keying_data["codes"][0].lower())
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="q' in html
    assert re.search(r"/static/js/keying\.[0-9a-f]+\.js", html)
    assert "1 Ja · 2 Nee · 3 Weet ik niet" in html
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    posted = client.post(
        response.headers["Location"],
        data={**keying_data["full"], "version": version, "finish": "1"},
    )
    assert posted.status_code == 302 and posted.headers["Location"].endswith(
        f"/invoeren/{keying_data['survey_id']}"
    )
    assert "Formulier ingevoerd en opgeslagen" in client.get(posted.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        form = db.session.scalar(select(KeyedForm))
        assert form.status == KeyedStatus.ACCEPTED
        assert form.response.status == ResponseStatus.SUBMITTED


def test_bad_input_on_the_keying_page_is_shown_and_kept(client, login, keying_data):
    login(Role.VRIJWILLIGER)
    location = open_code(client, keying_data, keying_data["codes"][0]).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    keuze = keying_data["fields"]["keuze"]
    typed = {**keying_data["full"], keuze: "9", "version": version, "finish": "1"}
    page = client.post(location, data=typed)
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Vraag 3: 9 staat hier niet op het formulier" in html
    assert f'href="#{keuze}"' in html and 'value="9"' in html and "aria-invalid" in html


def test_wrong_and_used_codes_get_a_message_on_the_code_page(client, login, keying_data):
    login(Role.VRIJWILLIGER)
    page = open_code(client, keying_data, "ABC")
    assert page.status_code == 422
    assert "Een code heeft 9 letters en cijfers" in page.get_data(as_text=True)
    location = open_code(client, keying_data, keying_data["codes"][1]).headers["Location"]
    assert location
    client.post("/logout")
    login(Role.VRIJWILLIGER, name="Piet")
    busy = open_code(client, keying_data, keying_data["codes"][1])
    assert busy.status_code == 422 and "voert dit formulier in" in busy.get_data(as_text=True)


def test_saving_from_an_old_page_is_refused_without_losing_the_newer_save(
    client, login, keying_data, app
):
    login(Role.VRIJWILLIGER)
    location = open_code(client, keying_data, keying_data["codes"][0]).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    zoekt = keying_data["fields"]["zoekt"]
    assert (
        client.post(location, data={zoekt: "1", "version": version, "save": "1"}).status_code == 302
    )
    stale = client.post(location, data={zoekt: "2", "version": version, "save": "1"})
    assert stale.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(KeyedForm)).entry(1)
        assert entry.typed == {zoekt: "1"}


def test_coordinator_pages_are_for_coordinators(client, login, keying_data):
    sid = keying_data["survey_id"]
    login(Role.VRIJWILLIGER)
    for path in ("voortgang", "verschillen", "dubbel"):
        assert client.get(f"/invoeren/{sid}/{path}").status_code == 403
    client.post("/logout")
    login(Role.BESTUUR)
    for path in ("voortgang", "verschillen", "dubbel"):
        assert client.get(f"/invoeren/{sid}/{path}").status_code == 200


def test_the_coordinator_resolves_differences_on_the_page(client, login, keying_data, app):
    with app.app_context():
        survey = db.session.get(Survey, keying_data["survey_id"])
        double_entry(survey)
        db.session.commit()
    login(Role.VRIJWILLIGER, name="Ans")
    keuze = keying_data["fields"]["keuze"]

    def key(typed):
        location = open_code(client, keying_data, keying_data["codes"][0]).headers["Location"]
        html = client.get(location).get_data(as_text=True)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
        client.post(location, data={**typed, "version": version, "finish": "1"})

    key(keying_data["full"])
    client.post("/logout")
    login(Role.VRIJWILLIGER, name="Bert")
    key({**keying_data["full"], keuze: "1"})
    client.post("/logout")
    login(Role.BESTUUR, name="Coby")
    sid = keying_data["survey_id"]
    listing = client.get(f"/invoeren/{sid}/verschillen").get_data(as_text=True)
    assert f"Formulier {keying_data['codes'][0]} controleren" in listing  # as on the paper
    link = re.search(rf'href="(/invoeren/{sid}/verschillen/\d+)"', listing).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "Eerste invoer (Ans)" in page and "Tweede invoer (Bert)" in page
    assert "Groen" in page and "Lage huur" in page
    choice = re.search(r'name="(choice-\d+)" value="first"', page).group(1)
    assert client.post(link, data={}).status_code == 422
    assert client.post(link, data={choice: "first"}).status_code == 302
    rates = client.get(f"/invoeren/{sid}/voortgang").get_data(as_text=True)
    assert "Bert" in rates and "Fouten per vrijwilliger" in rates


def test_progress_names_forms_by_their_code_and_counts_per_day_and_volunteer(
    client, login, keying_data, app
):
    with app.app_context():
        survey = db.session.get(Survey, keying_data["survey_id"])
        double_entry(survey)
        db.session.commit()
    login(Role.VRIJWILLIGER, name="Ans")
    first, second = keying_data["codes"][:2]
    location = open_code(client, keying_data, first).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    client.post(location, data={**keying_data["full"], "version": version, "finish": "1"})
    open_code(client, keying_data, second)  # opened, then left unfinished
    client.post("/logout")
    login(Role.BESTUUR, name="Coby")
    page = client.get(f"/invoeren/{keying_data['survey_id']}/voortgang").get_data(as_text=True)
    table = page.split("Ingevoerde formulieren per vrijwilliger per dag")[1].split("</table>")[0]
    assert '<th scope="col" class="num">Ans</th>' in table
    assert re.search(r'<th scope="row">Totaal</th><td class="num">1</td>', table)
    waiting = page.split("Wacht op een tweede invoer</h2>")[1].split("</ul>")[0]
    assert first in waiting and "ingevoerd door Ans" in waiting
    unfinished = page.split("Formulieren die niet af zijn</h2>")[1].split("</ul>")[0]
    assert second in unfinished and "Overnemen en afmaken" in unfinished
    taken = re.search(r'action="(/invoeren/\d+/formulier/\d+/overnemen)"', unfinished).group(1)
    assert client.post(taken).status_code == 302


@pytest.mark.parametrize("char", ["\x00", "\x85", "\ufffe"])
def test_hidden_character_in_a_keyed_open_answer_gets_a_message(client, login, keying_data, char):
    login(Role.VRIJWILLIGER)
    location = open_code(client, keying_data, keying_data["codes"][0]).headers["Location"]
    html = client.get(location).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    opmerking = keying_data["fields"]["opmerking"]
    typed = {**keying_data["full"], opmerking: f"Meer{char}groen", "version": version}
    page = client.post(location, data={**typed, "finish": "1"})
    assert page.status_code == 422
    assert "onzichtbaar teken" in page.get_data(as_text=True)


def test_hostile_keyed_open_answers_are_kept_or_refused_and_shown_escaped(
    client, login, keying_data
):
    from consult.text import is_storable
    from tests.hostile_strings import REPRESENTATIVE

    login(Role.VRIJWILLIGER)
    location = open_code(client, keying_data, keying_data["codes"][0]).headers["Location"]
    opmerking = keying_data["fields"]["opmerking"]
    for text in REPRESENTATIVE:
        html = client.get(location).get_data(as_text=True)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
        page = client.post(location, data={opmerking: text, "version": version})
        assert page.status_code in (200, 302, 422), repr(text[:20])
        html = client.get(location).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x onerror" not in html
        assert "<svg onload" not in html
        if not is_storable(text) or len(text) > 2000:
            assert page.status_code == 422

"""The builder pages: who may do what, and the main editing journeys through real forms."""

import re

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.permissions import Role
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank
from surveys.models import BankQuestion, Question, Survey, SurveyStatus
from tests.factories import GemeenteFactory
from tests.surveys.conftest import build_survey


@pytest.fixture
def ids(app):
    """A committed draft survey and the seeded bank: {"survey": id, "gemeente": id, ...}."""
    with app.app_context():
        bank.seed_bank(SEED_QUESTIONS)
        survey = build_survey()
        db.session.commit()
        items = {q.key: q.id for q in survey.ordered_questions()}
        return {
            "survey": survey.id,
            "gemeente": survey.gemeenten[0].id,
            "section": survey.sections[0].id,
            **items,
        }


def survey_in(app, survey_id) -> dict:
    """A snapshot of a survey's questions (key -> dict) read in a fresh context."""
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return {
            q.key: {
                "texts": q.texts,
                "options": q.options,
                "show_if": q.show_if,
                "section": q.section.text(),
                "required": q.required,
                "notes": q.gemeente_notes,
                "id": q.id,
            }
            for q in survey.ordered_questions()
        } | {"_version": survey.version, "_status": survey.status}


def version(app, survey_id) -> int:
    with app.app_context():
        return db.session.get(Survey, survey_id).version


def test_signed_out_visitors_go_to_the_login_page(client, ids):
    response = client.get(f"/vragenlijsten/{ids['survey']}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_reader_sees_surveys_but_cannot_change_them(login, ids):
    client = login(Role.LEZER)
    page = client.get(f"/vragenlijsten/{ids['survey']}").get_data(as_text=True)
    assert "Zoekt u een ander huis?" in page
    assert "Vraag toevoegen" not in page and "Wijzigen" not in page
    assert client.get(f"/vragenlijsten/{ids['survey']}/instellingen").status_code == 403
    assert (
        client.post(f"/vragenlijsten/{ids['survey']}/vragen/{ids['zoekt']}/omlaag").status_code
        == 403
    )


def test_volunteer_has_no_access(login, ids):
    client = login(Role.VRIJWILLIGER)
    assert client.get("/vragenlijsten/").status_code == 403


def test_board_member_of_one_gemeente_only_manages_surveys_within_it(app, login, ids):
    with app.app_context():
        other = GemeenteFactory()
        db.session.commit()
    client = login(Role.BESTUUR, gemeenten=[other])
    assert client.get(f"/vragenlijsten/{ids['survey']}").status_code == 403
    assert "Raadpleging 2027" not in client.get("/vragenlijsten/").get_data(as_text=True)


def test_create_a_survey_through_the_form(app, login, ids):
    client = login(Role.BESTUUR)
    response = client.post(
        "/vragenlijsten/nieuw",
        data={
            "version": "0",
            "title_nl": "Reactie op het bod",
            "title_en": "Reaction",
            "year": "2027",
            "channels": ["online"],
            "languages": ["en"],
            "gemeenten": [ids["gemeente"]],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.scalar(select(Survey).order_by(Survey.id.desc()))
        assert survey.title == {"nl": "Reactie op het bod", "en": "Reaction"}
        assert survey.channels == ["online"] and survey.status == SurveyStatus.DRAFT


def test_survey_settings_form_refuses_bad_dates_and_keeps_input(login, ids):
    client = login(Role.BESTUUR)
    response = client.post(
        f"/vragenlijsten/{ids['survey']}/instellingen",
        data={
            "version": "1000",
            "title_nl": "Nieuwe titel",
            "year": "2027",
            "channels": ["online"],
            "opens_on": "2027-03-01",
            "closes_on": "2027-02-01",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nieuwe titel" in page
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in page


def test_copy_last_years_survey(app, login, ids):
    client = login(Role.BESTUUR)
    response = client.post(
        f"/vragenlijsten/{ids['survey']}/kopie",
        data={"title_nl": "Raadpleging 2028", "year": "2028"},
    )
    new_id = int(re.search(r"/vragenlijsten/(\d+)", response.headers["Location"]).group(1))
    copy = survey_in(app, new_id)
    original = survey_in(app, ids["survey"])
    assert {k for k in copy if not k.startswith("_")} == {
        k for k in original if not k.startswith("_")
    }
    with app.app_context():
        assert db.session.get(Survey, new_id).copied_from_id == ids["survey"]


def test_add_from_the_bank_with_search_and_theme(app, login, ids):
    client = login(Role.BESTUUR)
    page = client.get(f"/vragenlijsten/{ids['survey']}/vragenbank?zoek=energielabel").get_data(
        as_text=True
    )
    assert "Welk energielabel heeft uw huis?" in page
    assert "Hoe oud bent u?" not in page
    with app.app_context():
        label = bank.latest_version("duurzaamheid.energielabel").id
    response = client.post(
        f"/vragenlijsten/{ids['survey']}/vragenbank/{label}",
        data={"version": version(app, ids["survey"]), "section": ids["section"]},
    )
    assert response.status_code == 302
    assert "duurzaamheid.energielabel" in survey_in(app, ids["survey"])
    again = client.get(f"/vragenlijsten/{ids['survey']}/vragenbank?thema=duurzaamheid")
    assert "al in deze vragenlijst" in again.get_data(as_text=True)


def test_write_a_new_question_with_options_and_save_it_to_the_bank(app, login, ids):
    client = login(Role.BESTUUR)
    response = client.post(
        f"/vragenlijsten/{ids['survey']}/vragen/nieuw",
        data={
            "version": version(app, ids["survey"]),
            "qtype": "single",
            "section": ids["section"],
            "text_nl": "Hoe vaak ziet u de huismeester?",
            "text_en": "How often?",
            "options_text": "Elke week\nElke maand\nnooit | Nooit\nWeet ik niet",
            "theme": "leefbaarheid",
            "save_to_bank": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    questions = survey_in(app, ids["survey"])
    key = "leefbaarheid.hoe_vaak_ziet_u_de_huismeester"
    assert [o["code"] for o in questions[key]["options"]] == [
        "elke_week",
        "elke_maand",
        "nooit",
        "weet_ik_niet",
    ]
    assert questions[key]["options"][-1]["dont_know"] is True
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(BankQuestion.key == key)) == 1


def _edit_data(app, ids, **changes):
    data = {
        "version": version(app, ids["survey"]),
        "text_nl": "Wat vindt u het belangrijkst?",
        "help_nl": "",
        "text_en": "What matters most?",
        "help_en": "",
        "theme": "",
        "rijksprioriteit": "",
    }
    options = [
        ("huur", "Lage huur", "Low rent", False),
        ("groen", "Groen", "Greenery", False),
        ("dk", "Weet ik niet", "Don't know", True),
    ]
    for i, (code, nl, en, dont_know) in enumerate(options):
        data.update(
            {f"options-{i}-code": code, f"options-{i}-label_nl": nl, f"options-{i}-label_en": en}
        )
        if dont_know:
            data[f"options-{i}-dont_know"] = "y"
    data.update(changes)
    return data


def test_edit_texts_translations_and_options_side_by_side(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="text_en"' in page and 'name="options-0-label_en"' in page
    response = client.post(
        url,
        data=_edit_data(
            app,
            ids,
            text_en="What matters most to you?",
            required="y",
            **{"options-3-code": "bus", "options-3-label_nl": "Bus", "options-3-label_en": "Bus"},
        ),
    )
    assert response.status_code == 302
    keuze = survey_in(app, ids["survey"])["keuze"]
    assert keuze["texts"]["en"]["text"] == "What matters most to you?"
    assert keuze["required"] is True
    assert [o["code"] for o in keuze["options"]] == ["huur", "groen", "dk", "bus"]


def test_stale_edit_shows_the_conflict_and_keeps_the_input(app, login, ids):
    client = login(Role.BESTUUR)
    stale = version(app, ids["survey"])
    client.post(
        f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}/omhoog", data={"version": stale}
    )
    assert version(app, ids["survey"]) == stale + 1
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}"
    response = client.post(
        url, data=_edit_data(app, ids, version=stale, text_nl="Mijn nieuwe tekst")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Iemand anders heeft deze vragenlijst intussen gewijzigd" in page
    assert "Mijn nieuwe tekst" in page
    assert f'value="{version(app, ids["survey"])}"' in page
    assert (
        survey_in(app, ids["survey"])["keuze"]["texts"]["nl"]["text"]
        == "Wat vindt u het belangrijkst?"
    )


def test_ten_thousand_character_text_is_refused_on_the_form(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}"
    response = client.post(url, data=_edit_data(app, ids, text_nl="x" * 10_000))
    assert response.status_code == 200
    assert "Gebruik hoogstens 1000 tekens." in response.get_data(as_text=True)
    assert (
        survey_in(app, ids["survey"])["keuze"]["texts"]["nl"]["text"]
        == "Wat vindt u het belangrijkst?"
    )


def test_set_and_remove_a_condition_with_the_simple_form(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}/voorwaarde"
    page = client.get(url + "?source=zoekt").get_data(as_text=True)
    assert "Weet ik niet" in page
    client.post(
        url, data={"version": version(app, ids["survey"]), "source": "zoekt", "codes": ["ja", "dk"]}
    )
    assert survey_in(app, ids["survey"])["keuze"]["show_if"] == {
        "question": "zoekt",
        "op": "any_of",
        "value": ["ja", "dk"],
    }
    client.post(
        url,
        data={
            "version": version(app, ids["survey"]),
            "source": "maanden",
            "op": "above",
            "number": "12",
        },
    )
    assert survey_in(app, ids["survey"])["keuze"]["show_if"]["op"] == "above"
    client.post(url, data={"version": version(app, ids["survey"]), "remove": "y"})
    assert survey_in(app, ids["survey"])["keuze"]["show_if"] is None


def test_condition_on_a_later_question_is_refused(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['zoekt']}/voorwaarde"
    response = client.post(
        url, data={"version": version(app, ids["survey"]), "source": "keuze", "codes": ["huur"]}
    )
    assert "komt later" in response.get_data(as_text=True)
    assert survey_in(app, ids["survey"])["zoekt"]["show_if"] is None


def test_gemeente_notes(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}/gemeenten"
    client.post(
        url,
        data={
            "version": version(app, ids["survey"]),
            f"note_{ids['gemeente']}_nl": "Alleen hier",
            f"note_{ids['gemeente']}_en": "Here",
        },
    )
    assert survey_in(app, ids["survey"])["keuze"]["notes"] == {
        str(ids["gemeente"]): {"nl": "Alleen hier", "en": "Here"}
    }


def test_reorder_with_plain_buttons(app, login, ids):
    client = login(Role.BESTUUR)
    client.post(
        f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}/omhoog",
        data={"version": version(app, ids["survey"])},
    )
    order = [k for k in survey_in(app, ids["survey"]) if not k.startswith("_")]
    assert order == ["zoekt", "keuze", "maanden"]
    client.post(
        f"/vragenlijsten/{ids['survey']}/vragen/{ids['maanden']}/omhoog",
        data={"version": version(app, ids["survey"])},
    )
    response = client.post(
        f"/vragenlijsten/{ids['survey']}/vragen/{ids['maanden']}/omhoog",
        data={"version": version(app, ids["survey"])},
        follow_redirects=True,
    )
    assert "Dit verplaatsen kan niet" in response.get_data(as_text=True)


def test_delete_asks_for_confirmation_first(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}/verwijderen"
    assert "Ja, verwijder de vraag" in client.get(url).get_data(as_text=True)
    assert "keuze" in survey_in(app, ids["survey"])
    client.post(url, data={"version": version(app, ids["survey"])})
    assert "keuze" not in survey_in(app, ids["survey"])


def test_opening_goes_through_the_check_and_a_confirmation(app, login, ids):
    client = login(Role.BESTUUR)
    url = f"/vragenlijsten/{ids['survey']}/status/open"
    page = client.get(url).get_data(as_text=True)
    assert "Ja, open de vragenlijst" in page
    response = client.post(url, data={"version": version(app, ids["survey"])})
    assert response.status_code == 302
    assert survey_in(app, ids["survey"])["_status"] == SurveyStatus.OPEN


def test_opening_an_incomplete_survey_sends_you_to_the_check_list(app, login, ids):
    with app.app_context():
        db.session.get(Question, ids["keuze"]).texts = {"nl": {"text": "Alleen Nederlands"}}
        db.session.commit()
    client = login(Role.BESTUUR)
    response = client.post(
        f"/vragenlijsten/{ids['survey']}/status/open",
        data={"version": version(app, ids["survey"])},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "De vraagtekst is nog niet vertaald (English)" in page
    assert f"/vragen/{ids['keuze']}" in page
    assert survey_in(app, ids["survey"])["_status"] == SurveyStatus.DRAFT


SCRIPT = "<script>alert('x')</script>"


def test_html_and_script_in_texts_are_shown_as_text_everywhere(app, login, ids):
    with app.app_context():
        question = db.session.get(Question, ids["keuze"])
        question.texts = {"nl": {"text": SCRIPT, "help": "<b>vet</b>"}, "en": {"text": SCRIPT}}
        question.options = [{"code": "huur", "labels": {"nl": SCRIPT, "en": "x"}}]
        survey = db.session.get(Survey, ids["survey"])
        survey.title = {"nl": SCRIPT, "en": SCRIPT}
        survey.sections[0].title = {"nl": SCRIPT}
        db.session.commit()
    client = login(Role.BESTUUR)
    base = f"/vragenlijsten/{ids['survey']}"
    pages = [
        "/vragenlijsten/",
        base,
        f"{base}/controle",
        f"{base}/instellingen",
        f"{base}/vragen/{ids['keuze']}",
        f"{base}/vragen/{ids['keuze']}/voorwaarde?source=zoekt",
        f"{base}/vragen/{ids['maanden']}/voorwaarde?source=keuze",
        f"{base}/vragen/{ids['keuze']}/gemeenten",
        f"{base}/vragen/{ids['keuze']}/verwijderen",
        f"{base}/onderdelen/{ids['section']}",
        f"{base}/kopie",
        f"{base}/status/open",
        f"{base}/vragenbank",
    ]
    for url in pages:
        page = client.get(url).get_data(as_text=True)
        assert SCRIPT not in page and "<b>vet</b>" not in page, url
    assert "&lt;script&gt;" in client.get(base).get_data(as_text=True)


def test_exports_download_json_and_xlsform(login, ids):
    client = login(Role.LEZER)
    response = client.get(f"/vragenlijsten/{ids['survey']}/export.json")
    assert response.headers["Content-Disposition"].endswith('.json"')
    assert response.get_json()["format"] == "consult-survey"
    response = client.get(f"/vragenlijsten/{ids['survey']}/export.xlsx")
    assert response.data[:2] == b"PK"


def test_import_a_json_export_as_a_new_draft(app, login, ids):
    client = login(Role.BESTUUR)
    exported = client.get(f"/vragenlijsten/{ids['survey']}/export.json").data
    from io import BytesIO

    response = client.post(
        "/vragenlijsten/importeren", data={"file": (BytesIO(exported), "vragenlijst.json")}
    )
    assert "3 vragen zijn geïmporteerd." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id))) == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"{kapot", "x.json", "geen geldige JSON"),
        (
            b'{"format": "consult-survey", "format_version": 99, "survey": {}}',
            "x.json",
            "nieuwere versie",
        ),
        (b"PK\x03\x04kapot", "x.xlsx", "Excel"),
        (b"hallo", "x.txt", ".json"),
        (b"", "x.json", "Kies een bestand"),
    ],
)
def test_bad_import_files_get_a_clear_message_and_nothing_is_stored(
    app, login, ids, content, name, message
):
    from io import BytesIO

    client = login(Role.BESTUUR)
    response = client.post("/vragenlijsten/importeren", data={"file": (BytesIO(content), name)})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Survey.id))) == 1


def test_forms_need_the_csrf_token(app, login, ids):
    client = login(Role.BESTUUR)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"/vragenlijsten/{ids['survey']}/vragen/{ids['keuze']}/omhoog",
            data={"version": version(app, ids["survey"])},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert [k for k in survey_in(app, ids["survey"]) if not k.startswith("_")][1] == "maanden"


@pytest.mark.parametrize("body", ["0", "[1, 2]", '{"title_nl": {"a": 1}}', '"tekst"', "{kapot"])
def test_json_bodies_never_cause_a_server_error(app, login, ids, body):
    client = login(Role.BESTUUR)
    base = f"/vragenlijsten/{ids['survey']}"
    for url in (
        "/vragenlijsten/nieuw",
        f"{base}/instellingen",
        f"{base}/vragen/{ids['keuze']}",
        f"{base}/vragen/{ids['keuze']}/voorwaarde",
        f"{base}/vragen/{ids['keuze']}/omhoog",
        f"{base}/onderdelen",
        "/vragenlijsten/importeren",
    ):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code < 500, url
    after = survey_in(app, ids["survey"])
    assert after["keuze"]["texts"]["nl"]["text"] == "Wat vindt u het belangrijkst?"
    assert [k for k in after if not k.startswith("_")] == ["zoekt", "maanden", "keuze"]


def test_xlsform_import_asks_the_language_of_plain_columns_and_lists_what_was_left_out(
    app, login, ids
):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "survey"
    for row in (
        ["type", "name", "label"],
        ["text", "remarks", "Any remarks?"],
        ["geopoint", "where", "Where?"],
    ):
        book.active.append(row)
    raw = BytesIO()
    book.save(raw)
    client = login(Role.BESTUUR)
    page = client.get("/vragenlijsten/importeren").get_data(as_text=True)
    assert "Taal van de kolommen label en hint zonder taal" in page
    assert '<option selected value="nl">Nederlands</option>' in page
    response = client.post(
        "/vragenlijsten/importeren",
        data={"file": (BytesIO(raw.getvalue()), "kobo.xlsx"), "language": "en"},
    )
    text = response.get_data(as_text=True)
    assert "1 vraag is geïmporteerd." in text
    assert "Regel 3: het type geopoint" in text
    assert "geen Nederlandse teksten" in text
    with app.app_context():
        survey = db.session.scalars(select(Survey).order_by(Survey.id.desc())).first()
        assert survey.languages == ["nl", "en"]
        assert survey.ordered_questions()[0].text("en") == "Any remarks?"

"""The question bank pages: search, change with versions, retire."""

from sqlalchemy import select

from consult.extensions import db
from consult.permissions import Role
from surveys.bankdata import SEED_QUESTIONS
from surveys.builder import bank, questions
from surveys.models import BankQuestion
from tests.surveys.conftest import build_survey


def _seed(app, use: bool) -> int:
    with app.app_context():
        bank.seed_bank(SEED_QUESTIONS)
        item = bank.latest_version("zorg.wmo")
        if use:
            questions.add_bank_question(build_survey(), item)
        db.session.commit()
        return item.id


def _post(client, bank_id: int, text: str):
    return client.post(
        f"/vragenlijsten/vragenbank/{bank_id}",
        data={
            "version": "1",
            "text_nl": text,
            "help_nl": "Uitleg",
            "text_en": "Do you know?",
            "help_en": "Help",
            "theme": "zorg",
            "rijksprioriteit": "4",
            "options-0-code": "ja",
            "options-0-label_nl": "Ja",
            "options-0-label_en": "Yes",
            "options-1-code": "nee",
            "options-1-label_nl": "Nee",
            "options-1-label_en": "No",
            "options-2-code": "dk",
            "options-2-label_nl": "Weet ik niet",
            "options-2-label_en": "Don't know",
            "options-2-dont_know": "y",
        },
    )


def test_bank_page_searches_text_and_theme(app, login):
    _seed(app, use=False)
    client = login(Role.LEZER)
    page = client.get("/vragenlijsten/vragenbank?zoek=traplift").get_data(as_text=True)
    assert "Weet u waar u een aanpassing in uw huis kunt aanvragen?" in page
    assert "1 vraag gevonden." in page
    assert "Wijzigen" not in page
    themed = client.get("/vragenlijsten/vragenbank?thema=achtergrond").get_data(as_text=True)
    assert "Hoe oud bent u?" in themed and "traplift" not in themed


def test_changing_a_used_bank_question_makes_a_new_version(app, login):
    bank_id = _seed(app, use=True)
    client = login(Role.BESTUUR)
    assert "versie 2" in client.get(f"/vragenlijsten/vragenbank/{bank_id}").get_data(as_text=True)
    response = _post(client, bank_id, "Weet u waar u hulp vraagt voor uw huis?")
    assert response.status_code == 302
    with app.app_context():
        versions = db.session.scalars(
            select(BankQuestion)
            .where(BankQuestion.key == "zorg.wmo")
            .order_by(BankQuestion.version)
        ).all()
        assert [v.version for v in versions] == [1, 2]
        assert versions[1].texts["nl"]["text"] == "Weet u waar u hulp vraagt voor uw huis?"
        assert versions[0].texts["nl"]["text"].startswith("Weet u waar u een aanpassing")


def test_bank_form_refuses_duplicate_codes(app, login):
    bank_id = _seed(app, use=False)
    client = login(Role.BESTUUR)
    response = client.post(
        f"/vragenlijsten/vragenbank/{bank_id}",
        data={
            "rijksprioriteit": "",
            "version": "1",
            "text_nl": "Vraag?",
            "theme": "zorg",
            "options-0-code": "ja",
            "options-0-label_nl": "Ja",
            "options-1-code": "ja",
            "options-1-label_nl": "Ook ja",
        },
    )
    assert response.status_code == 200
    assert "De code ja komt twee keer voor." in response.get_data(as_text=True)


def test_retire_a_bank_question(app, login):
    bank_id = _seed(app, use=False)
    client = login(Role.BESTUUR)
    client.post(f"/vragenlijsten/vragenbank/{bank_id}/intrekken", data={"version": "1"})
    page = client.get("/vragenlijsten/vragenbank?zoek=traplift").get_data(as_text=True)
    assert "0 vragen gevonden." in page

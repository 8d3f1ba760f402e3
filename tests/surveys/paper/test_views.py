"""The paper pages: letter text, letter batches, forms, layout file, blank forms, settings."""

import re
from datetime import timedelta

from consult.database import utcnow
from consult.extensions import db
from consult.households.models import MailingAddress
from consult.permissions import Role
from surveys.builder import questions
from surveys.models import Survey
from surveys.paper import tasks
from surveys.paper.models import BatchStatus, LetterBatch, PaperSettings
from tests.surveys.paper.conftest import pdf_texts


def test_the_board_makes_and_downloads_letters(client, login, paper_data, app):
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    page = client.get(base).get_data(as_text=True)
    assert "Er zijn 2 huishoudens met een adres in uw selectie." in page
    made = client.post(
        f"{base}/brieven",
        data={"letters-gemeente": "0", "letters-language": "nl", "letters-with_forms": "y"},
    )
    assert made.status_code == 302
    page = client.get(base).get_data(as_text=True)
    pdf_link = re.search(r'href="([^"]+\.pdf)"', page.split('id="brieven"')[1]).group(1)
    pdf = client.get(pdf_link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Fam. Jansen 0" in pdf_texts(pdf.data)[0]
    pdf.close()
    csv = client.get(pdf_link.replace(".pdf", ".csv"))
    assert "Fam. Jansen 1" in csv.get_data(as_text=True)
    csv.close()
    with app.app_context():
        batch = db.session.scalar(db.select(LetterBatch))
        assert batch.household_count == 2
    deleted = client.post(pdf_link.replace(".pdf", "/verwijderen"))
    assert deleted.status_code == 302
    assert client.get(pdf_link).status_code == 302  # gone: a message instead of a file


def test_the_batch_page_follows_a_batch_until_it_is_ready(client, login, paper_data, app):
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    made = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "De 2 brieven zijn klaar (" in page and 'http-equiv="refresh"' not in page
    with app.app_context():
        batch = db.session.scalar(db.select(LetterBatch))
        batch.status, batch.household_count, batch.planned_count = BatchStatus.RUNNING, 1, 2
        batch.progress_at = utcnow()
        db.session.commit()
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "1 van 2 brieven gemaakt" in page and 'http-equiv="refresh"' not in page
    assert f'href="{made.headers["Location"]}"' in page  # a button shows the new progress
    # ... and a script updates it where it can
    assert re.search(r"/static/js/letter-batch\.[0-9a-f]+\.js", page)
    early = client.get(made.headers["Location"] + ".pdf")
    assert early.status_code == 302 and early.headers["Location"] == made.headers["Location"]
    again = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    assert again.status_code == 422
    assert "Er worden nu al brieven voor deze vragenlijst gemaakt" in again.get_data(as_text=True)
    with app.app_context():  # a batch that stopped making progress ten minutes ago
        batch = db.session.scalar(db.select(LetterBatch))
        batch.progress_at = utcnow() - timedelta(minutes=11)
        db.session.commit()
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "halverwege gestopt" in page and 'http-equiv="refresh"' not in page
    assert "onderbroken" in client.get(base).get_data(as_text=True)
    again = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    assert again.status_code == 302


def test_a_batch_for_nobody_gives_a_message_not_a_pdf(client, login, paper_data, app):
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    page = client.post(
        f"{base}/brieven",
        data={"letters-gemeente": str(paper_data["empty_id"]), "letters-language": "nl"},
    )
    assert page.status_code == 422
    assert "Geen brieven te maken: er zijn geen huishoudens" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(LetterBatch)) is None
    unknown = client.post(
        f"{base}/brieven", data={"letters-gemeente": "999999", "letters-language": "nl"}
    )
    assert unknown.status_code == 422


def test_letter_text_page_saves_and_refuses_unknown_placeholders(client, login, paper_data, app):
    login(Role.BESTUUR)
    url = f"/vragenlijsten/{paper_data['id']}/papier/brief/nl"
    form = client.get(url).get_data(as_text=True)
    assert "Uw mening telt" in form
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    bad = client.post(url, data={"body": "Tot {morgen}", "version": version})
    assert bad.status_code == 422 and "{morgen} kan niet worden ingevuld" in bad.get_data(
        as_text=True
    )
    good = client.post(url, data={"body": "Doe mee vóór {sluitdatum}.", "version": version})
    assert good.status_code == 302
    with app.app_context():
        texts = db.session.scalar(db.select(PaperSettings)).texts
        assert texts["nl"]["body"] == "Doe mee vóór {sluitdatum}."
    sample = client.get(f"{url}/voorbeeld.pdf")
    assert "Doe mee vóór 20 februari 2027." in pdf_texts(sample.data)[0]


def test_form_layout_file_and_blank_forms_download(client, login, paper_data):
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    form = client.get(f"{base}/formulier.pdf?taal=en&groot=1")
    assert "SAMPLE" in pdf_texts(form.data)[0] or "VOORBEELD" in pdf_texts(form.data)[0]
    layout = client.get(f"{base}/indeling.json?taal=nl").get_json()
    assert layout["format"] == "consult-paper-form-layout" and layout["pages"][0]["boxes"]
    made = client.post(f"{base}/blanco", data={"blank-count": "2", "blank-language": "nl"})
    assert made.status_code == 302
    page = client.get(base).get_data(as_text=True)
    link = re.search(r'href="([^"]+/blanco/\d+\.pdf)"', page).group(1)
    texts = pdf_texts(client.get(link).data)
    assert f"Formuliernummer B{paper_data['id']}-00001" in texts[0]
    too_many = client.post(f"{base}/blanco", data={"blank-count": "5000", "blank-language": "nl"})
    assert too_many.status_code == 422


def test_keying_settings_are_saved(client, login, paper_data, app):
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    page = client.get(base).get_data(as_text=True)
    version = re.search(r'name="keying-version" type="hidden" value="(\d+)"', page).group(1)
    saved = client.post(
        f"{base}/invoer",
        data={
            "keying-version": version,
            "keying-double_entry": "sample",
            "keying-percent": "20",
            "keying-dedup_rule": "online_first",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        settings = db.session.scalar(db.select(PaperSettings))
        assert (settings.double_entry.value, settings.double_entry_percent) == ("sample", 20)
        assert settings.survey.dedup_rule == "online_first"
    bad = client.post(
        f"{base}/invoer",
        data={"keying-double_entry": "sample", "keying-percent": "0", "keying-dedup_rule": "x"},
    )
    assert bad.status_code == 422


def test_volunteers_cannot_reach_letters(client, login, paper_data):
    login(Role.VRIJWILLIGER)
    assert client.get(f"/vragenlijsten/{paper_data['id']}/papier").status_code == 403
    assert client.get("/papier").status_code == 403


def test_the_paper_page_names_characters_the_font_cannot_print(client, login, paper_data, app):
    with app.app_context():
        survey = db.session.get(Survey, paper_data["id"])
        questions.add_question(
            survey,
            qtype="yesno",
            texts={"nl": {"text": "Woont u in 漢字?", "help": ""}, "en": {"text": "Q", "help": ""}},
            key="vreemd",
        )
        db.session.commit()
    login(Role.BESTUUR)
    page = client.get(f"/vragenlijsten/{paper_data['id']}/papier").get_data(as_text=True)
    assert "In het formulier of de brief in het NL staan tekens" in page
    assert "lege hokjes op papier komen: 字 漢." in page
    assert "de brief in het EN" not in page


def test_a_task_queue_that_cannot_be_reached_gives_a_message_not_an_error_page(
    client, login, paper_data, app, monkeypatch
):
    def unreachable(batch_id):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(tasks, "write_letters", unreachable)
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    made = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "De brieven konden niet gemaakt worden: De takenwachtrij is niet bereikbaar" in page
    again = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    assert again.status_code == 302  # nothing is left waiting: a new batch can be made


def test_batch_page_names_letters_whose_address_the_font_cannot_print(
    client, login, paper_data, app
):
    with app.app_context():
        address = db.session.scalars(db.select(MailingAddress).order_by(MailingAddress.id)).first()
        address.street = "Ｋｅｒｋｓｔｒａａｔ 🏠"
        db.session.commit()
    login(Role.BESTUUR)
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    made = client.post(f"{base}/brieven", data={"letters-gemeente": "0", "letters-language": "nl"})
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "1 adres bevat tekens die het lettertype van de brief niet kan afdrukken" in page
    assert re.search(r"Brief \d+-000001: .*🏠 \(U\+1F3E0 HOUSE BUILDING\)", page)

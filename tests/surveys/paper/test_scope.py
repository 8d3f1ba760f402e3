"""Paper pages keep a board member limited to some gemeenten inside them."""

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Role
from surveys.models import Survey
from surveys.paper.models import LetterBatch, PaperSettings


def _scoped(client, login, app, gemeente_id):
    with app.app_context():
        own = db.session.get(Gemeente, gemeente_id)
    return login(Role.BESTUUR, gemeenten=[own])


def test_letters_for_another_gemeente_named_in_the_form_are_refused(
    client,
    login,
    app,
    paper_data,
):
    _scoped(client, login, app, paper_data["empty_id"])
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    refused = client.post(
        f"{base}/brieven",
        data={"letters-gemeente": str(paper_data["gemeente_id"]), "letters-language": "nl"},
    )
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(LetterBatch.id))) == 0


def test_survey_wide_paper_settings_need_every_gemeente_of_the_survey(
    client,
    login,
    app,
    paper_data,
):
    _scoped(client, login, app, paper_data["empty_id"])
    base = f"/vragenlijsten/{paper_data['id']}/papier"
    assert client.get(base).status_code == 200  # one of its gemeenten is theirs: they see it
    settings = client.post(
        f"{base}/invoer",
        data={"settings-double_entry": "all", "settings-dedup_rule": "last_complete"},
    )
    letter = client.post(f"{base}/brief/nl", data={"greeting": "Hallo"})
    blank = client.post(f"{base}/blanco", data={"blank-count": "5", "blank-language": "nl"})
    assert (settings.status_code, letter.status_code, blank.status_code) == (403, 403, 403)
    with app.app_context():
        assert db.session.get(Survey, paper_data["id"]).dedup_rule != "last_complete"
        assert db.session.scalar(db.select(db.func.count(PaperSettings.id))) == 0

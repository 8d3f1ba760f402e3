"""About 200 hostile strings through every text field: never a 500; stored exactly (after the
documented trimming of surrounding whitespace) or refused with a message; shown escaped;
exports (JSON, XLSForm, gemeenten CSV, letter and form PDF) still work.

Every string goes through every form field (validation and rendering, no database) and
through the survey services and exports in one batch; a sample of 20 goes through the pages.
"""

import json
import re
from functools import partial
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from consult.auth.forms import LoginForm
from consult.gemeenten.forms import CorporationForm, GemeenteForm
from consult.permissions import Role
from consult.text import is_storable
from consult.users.forms import NewUserForm
from surveys.builder import forms as builder
from surveys.builder import operations, questions, sections
from surveys.builder.definition import dumps, export_definition, import_definition, loads
from surveys.builder.operations import MAX_TITLE
from surveys.builder.xlsform import export_workbook, import_workbook
from surveys.keying.forms import CodeForm as KeyingCodeForm
from surveys.paper.forms import LetterTextForm
from surveys.qtypes import get_type
from surveys.respond.forms import CodeForm as RespondCodeForm
from tests.factories import GemeenteFactory
from tests.hostile_strings import ALL, REPRESENTATIVE, WITH_SURROGATES

MESSAGE = "onzichtbaar teken"
STORABLE = [s for s in ALL if is_storable(s)]


def _forms():
    """(name, form factory, text fields) for every form with text input."""
    gemeente = SimpleNamespace(id=1, name="Ede")
    return [
        ("login", LoginForm, ["email", "password"]),
        ("user", NewUserForm, ["name", "email", "password"]),
        (
            "gemeente",
            GemeenteForm,
            ["name", "cbs_code", "huurdersorganisatie", "rental_homes", "former_names"],
        ),
        ("corporation", CorporationForm, ["name"]),
        (
            "settings",
            lambda **kw: builder.settings_form(["nl", "en"], [], **kw),
            ["title_nl", "title_en", "intro_nl", "cycle_label"],
        ),
        ("section", lambda **kw: builder.section_form(["nl"], **kw), ["title_nl", "intro_nl"]),
        (
            "new question",
            lambda **kw: builder.new_question_form(["nl"], [(1, "A")], **kw),
            ["text_nl", "help_nl", "options_text", "key"],
        ),
        (
            "question",
            lambda **kw: builder.question_form(["nl"], get_type("number"), **kw),
            ["text_nl", "help_nl", "unit_nl", "minimum", "maximum"],
        ),
        ("notes", lambda **kw: builder.notes_form(["nl"], [gemeente], **kw), ["note_1_nl"]),
        ("copy", builder.CopyForm, ["title_nl"]),
        ("add section", builder.AddSectionForm, ["title_nl"]),
        ("condition", builder.ConditionForm, ["number"]),
        (
            "letter",
            LetterTextForm,
            [
                "subject",
                "salutation",
                "body",
                "reminder",
                "closing",
                "signature",
                "privacy",
                "return_text",
                "sender_name",
                "sender_address",
                "help_phone",
            ],
        ),
        ("keying code", KeyingCodeForm, ["code"]),
        ("respondent code", RespondCodeForm, ["code"]),
    ]


def test_every_form_field_refuses_hidden_characters_and_too_long_texts(app):
    """All strings through every text field of every form: validation never fails with an
    exception, hidden characters and the 100 000-character text get a message on the field,
    and the field renders the value escaped."""
    without_limit = set()
    with app.test_request_context("/", method="POST"):
        for name, factory, fields in _forms():
            for field in fields:
                for text in WITH_SURROGATES:
                    form = factory(formdata=MultiDict({field: text}))
                    if hasattr(form, "gemeenten") and not callable(form.gemeenten):
                        form.gemeenten.choices = []
                    form.validate()
                    errors = [str(e) for e in form[field].errors]
                    if not is_storable(text):
                        assert any(MESSAGE in e for e in errors), (name, field, repr(text[:20]))
                    elif len(text) >= 100_000 and not errors:
                        without_limit.add(f"{name}.{field}")
                    html = str(form[field])
                    assert "<script>alert" not in html and "<img src=x" not in html
    assert without_limit == set()


def _same(stored: str | None, sent: str) -> bool:
    """Stored exactly, after trimming surrounding whitespace (the documented normalisation)."""
    return (stored or "") == sent.strip()


def test_survey_texts_are_stored_exactly_and_every_export_reads_them_back(ctx):
    """Every storable string as a survey title and intro, a section title, a question text,
    explanation and answer option, and a gemeente note; then the JSON and XLSForm exports
    read back to the same texts."""
    gemeente = GemeenteFactory()
    texts = [s for s in STORABLE if s.strip() and len(s) <= MAX_TITLE]
    for text in texts:
        survey = operations.create_survey(
            title={"nl": text}, intro={"nl": text}, year=2027, gemeenten=[gemeente]
        )
        assert _same(survey.text("title"), text) and _same(survey.text("intro"), text)
    survey = operations.create_survey(title={"nl": "Alles"}, year=2027, gemeenten=[gemeente])
    for number, text in enumerate(texts):
        section = sections.add_section(survey, title={"nl": text})
        question = questions.add_question(
            survey,
            qtype="single",
            section=section,
            texts={"nl": {"text": text, "help": text}},
            key=f"v{number}",
            options=[{"code": "a", "labels": {"nl": text}}, {"code": "b", "labels": {"nl": "-"}}],
        )
        questions.set_gemeente_notes(question, {str(gemeente.id): {"nl": text}})
        assert _same(section.text(), text) and _same(question.text(), text)
    stored = export_definition(survey)
    again, _warnings = import_definition(loads(dumps(stored)))
    assert export_definition(again)["sections"] == stored["sections"]
    assert json.loads(dumps(stored)) == stored
    load_workbook(BytesIO(export_workbook(survey)))  # the XLSForm export does not fail


def test_xlsform_export_keeps_formula_like_texts_as_text(ctx):
    """A question text such as ``=cmd|' /C calc'!A0`` is a text cell, not a formula."""
    survey = operations.create_survey(
        title={"nl": "Formules"}, year=2027, gemeenten=[GemeenteFactory()]
    )
    operations.add_section(survey, title={"nl": "Formules"}, theme="leefbaarheid")
    texts = ["=cmd|' /C calc'!A0", "=1+1", "+1", "-1", "@SUM(1)"]
    for number, text in enumerate(texts):
        questions.add_question(
            survey, qtype="open", texts={"nl": {"text": text, "help": ""}}, key=f"f{number}"
        )
    imported, _warnings = import_workbook(export_workbook(survey))
    assert [q.text() for q in imported.ordered_questions()] == texts


def _escaped(html: str, text: str, shown: bool = False) -> None:
    """No markup from the input is live in the page; template syntax is shown as typed."""
    for live in ("<script>alert", "<img src=x onerror", "<svg onload", "<svg/onload"):
        assert live not in html, (live, text[:40])
    if shown and "{{7*7}}" in text:
        assert "{{7*7}}" in html


def _ok(response, text: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code < 500, (response.status_code, text[:40])
    if not is_storable(text):
        assert MESSAGE in html
    elif len(text) > 10_000:
        assert "tekens" in html or "karakters" in html or "letters en cijfers" in html
    _escaped(html, text)
    return html


def _version(app, survey_id: int) -> int:
    from consult.extensions import db
    from surveys.models import Survey

    with app.app_context():
        return db.session.get(Survey, survey_id).version


@pytest.mark.parametrize("number", range(len(REPRESENTATIVE)))
def test_staff_pages_refuse_or_store_hostile_texts_and_show_them_escaped(app, login, number):
    """A hostile string through the gemeente, corporation, user, survey, section, question,
    letter pages; every page that shows it escapes it; the CSV and PDFs still work."""
    import pypdfium2

    from consult.extensions import db

    text = REPRESENTATIVE[number]
    client = login(Role.ADMIN)
    post = partial(client.post, follow_redirects=True)
    gemeente = {"name": text, "cbs_code": f"{number + 1:04d}", "werkgebied": "kern"}
    _ok(post("/gemeenten/nieuw", data={**gemeente, "huurdersorganisatie": text}), text)
    _ok(post("/gemeenten/corporaties/nieuw", data={"name": text}), text)
    user = {"name": text, "email": f"h{number}@example.org", "role": "lezer"}
    _ok(post("/beheer/gebruikers/nieuw", data=user), text)
    for page in ("/gemeenten", "/gemeenten/corporaties", "/beheer/gebruikers"):
        _ok(client.get(page), "")
    assert client.get("/gemeenten/export.csv").status_code == 200
    data = {"version": "0", "year": "2028", "title_nl": "Veilig", "intro_nl": text}
    data["channels"] = ["online", "paper"]
    with app.app_context():
        data["gemeenten"] = [GemeenteFactory(name=f"Plaats {number}").id]
        db.session.commit()
    created = post("/vragenlijsten/nieuw", data=data)
    _ok(created, text)
    if created.request.path.endswith("/nieuw"):
        created = post("/vragenlijsten/nieuw", data={**data, "intro_nl": "Veilig"})
    survey_id = int(created.request.path.rstrip("/").rsplit("/", 1)[-1])
    base = f"/vragenlijsten/{survey_id}"
    section = {"version": _version(app, survey_id), "title_nl": text, "theme": ""}
    _ok(post(f"{base}/onderdelen", data=section), text)
    client.post(
        f"{base}/onderdelen",
        data={**section, "title_nl": "Deel", "version": _version(app, survey_id)},
    )
    question = {"version": _version(app, survey_id), "qtype": "single", "text_nl": text}
    question |= {"help_nl": text, "options_text": f"{text}\nNee", "theme": ""}
    from consult.extensions import db
    from surveys.models import Question, Section

    with app.app_context():
        question["section"] = db.session.scalar(
            select(Section.id).where(Section.survey_id == survey_id).order_by(Section.id.desc())
        )
    added = _ok(post(f"{base}/vragen/nieuw", data=question), text)
    with app.app_context():
        questions_now = db.session.scalar(select(func.count()).select_from(Question))
    if not questions_now:
        assert "error-summary" in added  # refused with a message on the page
        plain = {**question, "text_nl": "Vraag", "help_nl": "", "options_text": "Ja\nNee"}
        post(f"{base}/vragen/nieuw", data={**plain, "version": _version(app, survey_id)})
    letter = client.get(f"{base}/papier/brief/nl").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d*)"', letter).group(1)
    _ok(post(f"{base}/papier/brief/nl", data={"version": version, "body": text}), text)
    for page in (base, f"{base}/instellingen", f"{base}/papier/brief/nl", f"{base}/controle"):
        _escaped(client.get(page).get_data(as_text=True), text, shown=page == base)
    assert client.get(f"{base}/export.json").status_code == 200
    assert client.get(f"{base}/export.xlsx").status_code == 200
    refused_pdfs = []
    for pdf in (f"{base}/papier/brief/nl/voorbeeld.pdf", f"{base}/papier/formulier.pdf"):
        response = client.get(pdf, follow_redirects=True)
        if response.mimetype != "application/pdf":  # refused with a message on the paper page
            html = response.get_data(as_text=True)
            assert response.status_code == 200, pdf
            start = html.find("<main")
            refused_pdfs.append(
                re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : start + 1500]))
            )
            continue
        document = pypdfium2.PdfDocument(response.get_data())
        assert len(document) >= 1 and document[0].get_textpage().get_text_range()
        document.close()
    assert not refused_pdfs, refused_pdfs

"""Adding a question type is one module: a slider 0–10 defined here, and nowhere else, is
answered online, printed on the paper form, keyed, and survives an XLSForm round trip."""

from typing import Any

import pytest
from flask_babel import lazy_gettext as _l

from consult.extensions import db
from consult.permissions import Role
from surveys.builder import questions
from surveys.builder.xlsform import export_workbook, import_workbook
from surveys.errors import AnswerError
from surveys.keying.entry import question_fields, read_entry
from surveys.models import Survey, SurveyStatus
from surveys.paper import operations as paper
from surveys.qtypes import base
from surveys.qtypes.base import QuestionLike, QuestionType, range_constraint
from surveys.qtypes.widgets import ScaleRow
from tests.factories import GemeenteFactory, UserFactory
from tests.surveys.conftest import build_survey
from tests.surveys.paper.conftest import pdf_texts

POINTS = tuple(str(n) for n in range(11))


class Slider(QuestionType):
    """A mark from 0 to 10 (a test-only type: it lives in this module alone)."""

    code = "slider"
    order = 99
    label = _l("Slider 0-10")
    measure = "numeric"
    has_options = False
    min_options = 0
    skip_ops = ("above", "below")
    xlsform_reads = ()

    def clean(self, raw: Any, question: QuestionLike) -> int | None:
        """A whole number from 0 to 10."""
        if self.is_empty(raw):
            return None
        text = str(raw[0] if isinstance(raw, list) and len(raw) == 1 else raw).strip()
        if text not in POINTS:
            raise AnswerError(_l("Choose a number from 0 to 10."))
        return int(text)

    def display(self, value: Any, question: QuestionLike, lang: str = "nl") -> str:
        """The mark itself."""
        return "" if value is None else str(value)

    def score(self, value: Any, question: QuestionLike) -> float | None:
        """The mark, for averages."""
        return None if value is None else float(value)

    def paper_widget(self, question: QuestionLike, lang: str = "nl") -> ScaleRow:
        """Eleven numbered boxes."""
        return ScaleRow(points=POINTS)

    def web_options(self, question: QuestionLike, lang: str = "nl") -> list[dict]:
        """0 to 10 as choices."""
        return [{"code": p, "label": p, "apart": False} for p in POINTS]

    def xlsform_constraint(self, question: dict) -> str:
        """0 to 10."""
        return range_constraint(0, 10)


@pytest.fixture
def slider():
    """The slider registered for one test."""
    base.register(Slider)
    yield base.get_type("slider")
    base._REGISTRY.pop("slider")


def _survey_with_slider():
    survey = build_survey(UserFactory(role="bestuur"), GemeenteFactory(name="Uden"))
    texts = {lang: {"text": f"Hoe tevreden bent u ({lang})?", "help": ""} for lang in ("nl", "en")}
    questions.add_question(survey, qtype="slider", texts=texts, key="schuif")
    db.session.flush()
    return survey


def test_the_new_type_is_answered_online(app, client, login, slider):
    with app.app_context():
        survey = _survey_with_slider()
        survey_id = survey.id
        question_id = next(q.id for q in survey.ordered_questions() if q.key == "schuif")
        db.session.commit()
    login(Role.BESTUUR)
    page = f"/vragenlijsten/{survey_id}/voorbeeld/vraag/{question_id}"
    html = client.get(page).get_data(as_text=True)
    assert "Hoe tevreden bent u (nl)?" in html
    assert html.count('name="answer"') == 11
    refused = client.post(page, data={"answer": "11"}).get_data(as_text=True)
    assert "Choose a number from 0 to 10." in refused  # its own message (not in the catalogue)
    assert client.post(page, data={"answer": "7"}).status_code == 302
    check = client.get(f"/vragenlijsten/{survey_id}/voorbeeld/controleren")
    assert "7" in check.get_data(as_text=True)


def test_the_new_type_is_printed_with_its_boxes_and_read_from_the_layout(ctx, slider):
    survey = _survey_with_slider()
    layout, _stored = paper.saved_layout(survey)
    entry = next(q for q in layout.to_json()["questions"] if q["key"] == "schuif")
    boxes = [
        box
        for page in layout.to_json()["pages"]
        for box in page["boxes"]
        if box.get("question") == "schuif"
    ]
    assert len(boxes) == 11 and entry["pages"]
    out = paper_pdf(survey)
    assert any("Hoe tevreden bent u (nl)?" in text for text in pdf_texts(out))


def paper_pdf(survey: Survey) -> bytes:
    import io

    from surveys.paper import printing

    buffer = io.BytesIO()
    printing.sample_form(survey, "nl", False, buffer)
    return buffer.getvalue()


def test_the_new_type_is_keyed(ctx, slider):
    survey = _survey_with_slider()
    rows = question_fields(survey)
    row = next(r for r in rows if r.question.key == "schuif")
    name = row.fields[0][0]
    result = read_entry(rows, {name: "7"})
    assert result.values["schuif"]["value"] == 7
    assert name in read_entry(rows, {name: "12"}).errors


def test_the_new_type_survives_an_xlsform_round_trip(ctx, slider):
    survey = _survey_with_slider()
    survey.status = SurveyStatus.DRAFT
    imported, _warnings = import_workbook(export_workbook(survey))
    question = next(q for q in imported.ordered_questions() if q.key == "schuif")
    assert question.qtype == "slider"
    assert question.texts["en"]["text"] == "Hoe tevreden bent u (en)?"

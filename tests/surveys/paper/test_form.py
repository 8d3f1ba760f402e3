"""Printed forms: rendered to a real PDF and read back (text, QR codes, box pixels)."""

import io

import pytest
from sqlalchemy import select

from consult.extensions import db
from surveys.builder import questions
from surveys.models import Survey
from surveys.paper import operations
from surveys.paper.errors import PaperError
from surveys.paper.fonts import load_fonts
from surveys.paper.form import build_form
from surveys.paper.layout import MARK_SIZE, MARKS, Text
from surveys.paper.models import PaperLayout
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.qr import parse_payload
from surveys.paper.render import FormPrinter
from tests.surveys.paper.conftest import DPI, pdf_images, pdf_texts, qr_texts

CODE = "ABCD-EFGH-J"


def printed(layout, *, code=CODE, serial=None, copies=1) -> bytes:
    """Copies of a form layout as PDF bytes."""
    fonts = operations.fonts()
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
    printer = FormPrinter(layout, fonts)
    for _ in range(copies):
        if serial is None:
            printer.print_copy(canvas, code=code)
        else:
            printer.print_copy(canvas, serial=serial)
    canvas.save()
    return buffer.getvalue()


def px(mm_value: float) -> int:
    """Millimetres on the page as pixels at the test resolution."""
    return round(mm_value / 25.4 * DPI)


def test_every_box_in_the_layout_file_is_drawn_where_it_says(paper_survey):
    layout, _stored = operations.saved_layout(paper_survey)
    images = pdf_images(printed(layout))
    checked = 0
    for page in layout.to_json()["pages"]:
        image = images[page["number"] - 1]
        for box in page["boxes"]:
            x, y, w, h = box["x"], box["y"], box["w"], box["h"]
            top_border = image.getpixel(
                (px(x + w / 2 if box["kind"] != "digits" else x + 2), px(y))
            )
            left_border = image.getpixel((px(x), px(y + h / 2)))
            inside_y = y + (4.0 if box["kind"] == "text" else h / 2)  # between writing lines
            inside = image.getpixel((px(x + min(w, 5) / 2), px(inside_y)))
            assert top_border < 110 and left_border < 110, box
            assert inside > 200, box
            checked += 1
    assert checked > 30


def test_every_option_row_rank_and_answer_area_has_a_box(paper_survey):
    layout, _stored = operations.saved_layout(paper_survey)
    boxes = [b for page in layout.to_json()["pages"] for b in page["boxes"]]

    def of(key, kind=None):
        return [b for b in boxes if b["question"] == key and (kind is None or b["kind"] == kind)]

    assert {b["option"] for b in of("zoekt")} == {"ja", "nee", "dk"}
    assert {b["option"] for b in of("keuze")} == {"huur", "groen", "dk"}
    assert {b["option"] for b in of("cijfer")} == {str(n) for n in range(1, 11)} | {"dk"}
    assert {(b["statement"], b["option"]) for b in of("oordeel")} == {
        (r, o) for r in ("huur", "buurt") for o in ("1", "2")
    }
    assert {(b["option"], b["rank"]) for b in of("prio")} == {(o, r) for o in "abc" for r in (1, 2)}
    assert of("maanden", "digits") and of("opmerking", "text")
    assert all(b["w"] >= 5 and b["h"] >= 5 for b in boxes if b["kind"] in ("choice", "grid"))


def test_each_page_carries_registration_marks_and_a_qr_code_with_its_identity(paper_survey):
    layout, stored = operations.saved_layout(paper_survey)
    images = pdf_images(printed(layout))
    assert len(images) == layout.page_count >= 2
    for index, image in enumerate(images):
        (payload,) = qr_texts(image)
        identity = parse_payload(payload)
        assert identity.survey_id == paper_survey.id
        assert identity.survey_version == stored.survey_version == paper_survey.version
        assert identity.page == index + 1 and identity.code == CODE.replace("-", "")
        assert identity.language == "nl" and not identity.large_print
        for _corner, x, y in MARKS:
            assert image.getpixel((px(x + MARK_SIZE / 2), px(y + MARK_SIZE / 2))) < 60


def test_blank_forms_carry_their_serial_in_text_and_qr_code(paper_survey):
    layout, _stored = operations.saved_layout(paper_survey)
    data = printed(layout, serial=45)
    assert f"Formuliernummer B{paper_survey.id}-00045" in pdf_texts(data)[0]
    identity = parse_payload(qr_texts(pdf_images(data, [0])[0])[0])
    assert identity.serial == 45 and identity.code is None


def test_form_prints_instructions_numbers_skips_and_page_numbers(paper_survey):
    layout, _stored = operations.saved_layout(paper_survey)
    pages = pdf_texts(printed(layout))
    text = " ".join(pages)
    assert "Zet een kruisje in het hokje. Vergist? Kleur het hokje helemaal zwart" in text
    assert "Ga door naar vraag 3" in text  # "Nee" at question 1 skips question 2
    assert "Alleen invullen als u bij vraag 1 \u2018Ja\u2019 heeft ingevuld." in text
    assert f"Pagina 1 van {len(pages)}" in pages[0]
    assert "1." in text and "9." in text
    assert "Stuur het formulier uiterlijk 20 februari 2027 terug." in text


@pytest.mark.parametrize(("large", "minimum"), [(False, 12), (True, 16)])
def test_text_is_at_least_12_point_or_16_in_large_print(paper_survey, large, minimum):
    layout = build_form(paper_survey, load_fonts(), "nl", large)
    sizes = {op.size for page in layout.pages for op in page.ops if isinstance(op, Text)}
    assert min(sizes) >= minimum


def test_large_print_is_saved_as_its_own_layout(paper_survey):
    _normal, small = operations.saved_layout(paper_survey)
    large_layout, large = operations.saved_layout(paper_survey, large_print=True)
    assert small.id != large.id and large.large_print
    assert large.page_count >= small.page_count
    assert parse_payload(
        FormPrinter(large_layout, load_fonts()).identity(1, CODE).payload()
    ).large_print


def test_a_form_per_offered_language(paper_survey):
    layout, stored = operations.saved_layout(paper_survey, "en")
    first = pdf_texts(printed(layout))[0]
    assert "Put a cross in the box." in first
    assert "Are you looking for another home?" in first
    assert stored.language == "en"
    with pytest.raises(PaperError, match="niet in het Deutsch"):
        operations.saved_layout(paper_survey, "de")


def test_layout_is_saved_once_per_survey_version_and_again_when_it_changes(paper_survey):
    _layout, first = operations.saved_layout(paper_survey)
    _layout, again = operations.saved_layout(paper_survey)
    assert again.id == first.id
    questions.add_question(
        paper_survey,
        qtype="yesno",
        texts={"nl": {"text": "Nog een vraag?", "help": ""}, "en": {"text": "More?", "help": ""}},
        key="extra",
    )
    db.session.flush()
    _layout, changed = operations.saved_layout(paper_survey)
    assert changed.survey_version == paper_survey.version != first.survey_version
    assert "extra" in {q["key"] for q in changed.layout["questions"]}
    first_again = operations.find_layout(paper_survey.id, first.survey_version, "nl", False)
    assert first_again.id == first.id  # forms already on paper keep their layout


def test_a_different_layout_of_the_same_version_becomes_a_new_revision(paper_survey):
    _layout, first = operations.saved_layout(paper_survey)
    first.fingerprint = "0" * 64  # as if an earlier release had laid it out differently
    db.session.flush()
    _layout, second = operations.saved_layout(paper_survey)
    assert (second.survey_version, second.revision) == (first.survey_version, 2)
    rows = db.session.scalars(select(PaperLayout).where(PaperLayout.survey_id == paper_survey.id))
    assert len(list(rows)) == 2


def test_long_words_right_to_left_and_non_latin_text_render(paper_survey):
    word = "Huurbevriezingsonderhandelingsresultatencommissievergadering" * 3
    questions.add_question(
        paper_survey,
        qtype="single",
        texts={
            "nl": {"text": f"{word} שלום עולם? Привет, Łódź, Ğ, 漢字", "help": ""},
            "en": {"text": "Test", "help": ""},
        },
        options=[
            {"code": "1", "labels": {"nl": "מאוד טוב", "en": "x"}},
            {"code": "2", "labels": {"nl": "Дуже погано", "en": "y"}},
        ],
        key="vreemd",
    )
    db.session.flush()
    layout, _stored = operations.saved_layout(paper_survey)
    assert layout.missing == {"漢", "字"}  # reported, printed as an empty box
    text = " ".join(pdf_texts(printed(layout)))
    assert "Привет, Łódź, Ğ" in text and "Дуже погано" in text
    assert "Huurbevriezingsonderhandelingsresultatencommissie" in text.replace("-\r\n", "")


def test_a_missing_font_is_named_instead_of_crashing(app, tmp_path):
    with pytest.raises(PaperError) as error:
        load_fonts(str(tmp_path))
    assert "DejaVuSans.ttf" in str(error.value) and "fonts-dejavu-core" in str(error.value)


def test_a_survey_without_questions_has_no_form(ctx, board):
    from surveys.builder import operations as survey_operations

    survey = survey_operations.create_survey(title={"nl": "Leeg"}, year=2027, by=board)
    with pytest.raises(PaperError, match="nog geen vragen"):
        operations.saved_layout(survey)
    assert isinstance(survey, Survey)

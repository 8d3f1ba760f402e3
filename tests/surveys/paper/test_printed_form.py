"""The printed demo form read back from its PDF: one instruction per question, a ranking
with a drawn example, a matrix as a real grid, skips at both ends, boxes kept apart, the
layout file's pages, and fewer pages without smaller boxes."""

import io
import re
from collections import defaultdict

from surveys.paper import operations
from surveys.paper.batch import letter_context
from surveys.paper.letters import LetterPrinter, Recipient
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.render import FormPrinter
from tests.surveys.paper.conftest import pdf_texts, text_boxes


def printed(survey, large=False):
    """The form as PDF bytes, its layout and the layout file."""
    layout, stored = operations.saved_layout(survey, "nl", large)
    fonts = operations.fonts()
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
    FormPrinter(layout, fonts, stored.revision).print_copy(canvas, code="ABCD-EFGH-J")
    canvas.save()
    return buffer.getvalue(), layout, layout.to_json()


def boxes_of(data_json, key):
    return [b for page in data_json["pages"] for b in page["boxes"] if b["question"] == key]


def question(layout_json, qtype):
    return next(q for q in layout_json["questions"] if q["qtype"] == qtype)


def page_text_of(texts, layout_json, key):
    pages = next(q["pages"] for q in layout_json["questions"] if q["key"] == key)
    return " ".join(texts[p - 1] for p in pages)


def test_layout_file_lists_exactly_the_pages_that_hold_each_questions_boxes(demo_survey):
    for large in (False, True):
        data, _layout, layout_json = printed(demo_survey, large)
        texts = pdf_texts(data)
        for item in layout_json["questions"]:
            on = sorted({b["page"] for b in boxes_of(layout_json, item["key"])})
            assert item["pages"] == on, item
            assert f"{item['number']}." in texts[on[0] - 1], item


def test_the_ranking_has_one_instruction_that_fits_its_grid_and_a_drawn_example(demo_survey):
    data, _layout, layout_json = printed(demo_survey)
    ranking = question(layout_json, "ranking")
    text = page_text_of(pdf_texts(data), layout_json, ranking["key"])
    assert "Zet 1 bij" not in text  # the online help ("Zet 1 bij het belangrijkste") is left out
    assert "Zet in de kolom 1e een kruisje bij het" in text.replace("\r\n", " ")
    assert "Voorbeeld:" in text and "Niet gekozen" in text
    page = ranking["pages"][0] - 1
    example = text_boxes(data, page, "Voorbeeld:")[0]
    first_box = min(b["y"] for b in boxes_of(layout_json, ranking["key"]))
    assert example[1] < first_box  # the example comes before the boxes to fill in
    # the example's crosses are drawn, not boxes the scanner reads
    assert all(b["y"] > example[3] for b in boxes_of(layout_json, ranking["key"]))


def test_the_matrix_is_a_grid_each_statement_on_one_line_under_its_column_headings(
    demo_survey,
):
    data, _layout, layout_json = printed(demo_survey)
    matrix = question(layout_json, "matrix")
    boxes = boxes_of(layout_json, matrix["key"])
    rows = defaultdict(list)
    for box in boxes:
        rows[box["statement"]].append(box)
    columns = None
    for statement_boxes in rows.values():
        assert len({b["y"] for b in statement_boxes}) == 1  # one line per statement
        xs = sorted(b["x"] for b in statement_boxes)
        assert columns in (None, xs)  # the same columns for every statement
        columns = xs
    text = page_text_of(pdf_texts(data), layout_json, matrix["key"])
    assert "Kruis bij elke uitspraak één hokje aan." in text and "op elke regel" not in text
    page = matrix["pages"][0] - 1
    first_top = min(b["y"] for b in boxes)
    by_option = {b["option"]: b for b in next(iter(rows.values()))}
    for option in demo_survey_options(demo_survey, matrix["key"]):
        code, label = option
        heading = [t for t in text_boxes(data, page, label.split()[0]) if t[3] < first_top]
        assert heading, label
        box = by_option[code]
        centre = box["x"] + box["w"] / 2
        assert any(left - 1 <= centre <= right + 1 for left, _t, right, _b in heading), label


def demo_survey_options(survey, key):
    question_ = next(q for q in survey.ordered_questions() if q.key == key)
    return [(str(o["code"]), o["labels"]["nl"]) for o in question_.options]


def test_a_grade_that_skips_says_so_under_the_marks_and_at_the_question_skipped_to(
    demo_survey,
):
    data, _layout, layout_json = printed(demo_survey)
    questions = demo_survey.ordered_questions()
    grade = next(
        q
        for q in questions
        if q.qtype == "grade"
        and any((later.show_if or {}).get("question") == q.key for later in questions)
    )
    number = [q.key for q in questions].index(grade.key) + 1
    item = next(q for q in layout_json["questions"] if q["key"] == grade.key)
    page = item["pages"][0] - 1
    go_on = text_boxes(data, page, f"Ga door naar vraag {number + 2}")
    marks = {b["option"]: b for b in boxes_of(layout_json, grade.key)}
    under = [t for t in go_on if t[1] > marks["6"]["y"] + marks["6"]["h"]]
    assert under and marks["6"]["x"] - 1 <= under[0][0] <= marks["10"]["x"]
    text = " ".join(pdf_texts(data))
    assert f"Alleen invullen als u bij vraag {number} minder dan 6 heeft ingevuld." in text


def test_instructions_are_not_repeated_and_keying_letters_are_not_printed(demo_survey):
    data, _layout, layout_json = printed(demo_survey)
    texts = pdf_texts(data)
    for item in layout_json["questions"]:
        text = page_text_of(texts, layout_json, item["key"])
        if item["qtype"] == "grade":
            number = item["number"]
            part = text.split(f"{number}.", 1)[1].split(f"{number + 1}.", 1)[0]
            assert part.count("Geef een cijfer van 1 tot en met 10") <= 1
    whole = " ".join(texts)
    assert "U kunt meer dan één antwoord kiezen." in whole
    assert "U mag meer hokjes aankruisen." not in whole
    assert "Kies 1, 2 of 3 antwoorden." in whole and "Kruis niet meer dan 3" not in whole
    assert not re.search(r"(^|\s)w\s*(\r\n)?\s*Weet ik niet", whole)


def test_boxes_side_by_side_keep_their_distance(demo_survey):
    for large in (False, True):
        data, _layout, layout_json = printed(demo_survey, large)
        for page in layout_json["pages"]:
            lines = defaultdict(list)
            for box in page["boxes"]:
                if box["kind"] in ("choice", "grid"):
                    lines[(box["question"], box["y"])].append(box)
            for line in lines.values():
                line.sort(key=lambda b: b["x"])
                for left, right in zip(line, line[1:], strict=False):
                    assert right["x"] - (left["x"] + left["w"]) >= 3.0, (left, right)
        # "1 [ ] Ja      2 [ ] Nee": a clear gap after each label before the next number
        yes_no = next(
            q for q in demo_survey.ordered_questions() if q.qtype == "yesno" and not q.show_if
        )
        item = next(q for q in layout_json["questions"] if q["key"] == yes_no.key)
        boxes = sorted(boxes_of(layout_json, yes_no.key), key=lambda b: b["x"])
        if len({b["y"] for b in boxes}) == 1:
            page = item["pages"][0] - 1
            ja = [t for t in text_boxes(data, page, "Ja") if abs(t[1] - boxes[0]["y"]) < 8]
            nee_box = boxes[1]
            assert ja and nee_box["x"] - ja[0][2] >= 8.0


def test_short_options_stand_in_two_columns_with_boxes_as_big_as_ever(demo_survey):
    _data, layout, layout_json = printed(demo_survey)
    likert = next(q for q in demo_survey.ordered_questions() if q.qtype == "likert5")
    boxes = boxes_of(layout_json, likert.key)
    assert len({b["x"] for b in boxes}) == 2 and len({b["y"] for b in boxes}) == 3
    assert all(b["w"] == 5.5 and b["h"] == 5.5 for b in boxes)
    assert layout.page_count <= 11  # was 13 for the demo's 41 questions


def test_large_print_letter_keeps_the_greeting_with_the_signature(demo_survey):
    fonts = operations.fonts()
    context = letter_context(demo_survey, "nl", reminder=False, large_print=True)
    printer = LetterPrinter(context, fonts, operations.font_dir())
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
    printer.print_letter(canvas, Recipient(("A", "B 1", "1234 AB  C"), "ABCD-EFGH-J", "u", "1-1"))
    canvas.save()
    pages = pdf_texts(buffer.getvalue())
    with_greeting = [p for p in pages if "Met vriendelijke groet" in p]
    assert len(with_greeting) == 1 and "Het bestuur van" in with_greeting[0]
    online = text_boxes(buffer.getvalue(), 0, "Invullen op internet")[0]
    assert online[3] - online[1] >= 14 * 25.4 / 72 * 0.7  # as large as the letter's text


def test_the_paper_page_names_pages_and_sheets_per_household(client, login, paper_data):
    from consult.permissions import Role

    login(Role.BESTUUR)
    page = client.get(f"/vragenlijsten/{paper_data['id']}/papier").get_data(as_text=True)
    assert re.search(r"Per huishouden: brief \d \+ formulier \d+ bladzijden, \d+ vellen", page)


def test_a_question_that_runs_on_starts_the_next_page_with_its_number_and_vervolg(demo_survey):
    continued = 0
    for large in (False, True):
        data, _layout, layout_json = printed(demo_survey, large)
        texts = [" ".join(t.split()) for t in pdf_texts(data)]
        for item in layout_json["questions"]:
            for page in item["pages"][1:]:  # every page after the first that has its boxes
                assert re.search(rf"(^| ){item['number']}\. .*\(vervolg\)", texts[page - 1]), (
                    large,
                    item["key"],
                    page,
                )
                continued += 1
    assert continued  # the large-print matrix runs on over a page

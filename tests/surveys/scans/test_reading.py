"""Reading synthetic scans of our own form: registration, QR, boxes and question rules."""

import json

import cv2
import numpy as np
import pytest

from surveys.paper.qr import parse_payload
from surveys.scans import synth
from surveys.scans.reading import Layouts, read_page


def _errors(reading, truth) -> list:
    """Boxes read with confidence but wrongly (a doubtful box goes to review: no error)."""
    return [
        (b.box["question"], b.box.get("option"), b.state, t.mark)
        for b, t in zip(reading.boxes, truth, strict=True)
        if b.state != "uncertain" and b.state not in t.accept
    ]


@pytest.mark.parametrize("quality", ["office", "photocopy", "rough"])
def test_marks_on_degraded_scans_are_read_as_marked(form, quality):
    for page in range(1, len(form.pages) + 1):
        image, truth = form.scan(page, quality, seed=page)
        reading = read_page(image, form.layouts, page=page)
        assert reading.status == "read", reading.message
        assert reading.identity.page == page
        # A figure in a box is told from a cross most of the time, not always (bench.omr
        # counts the misses); the figures are tested on their own below.
        assert [e for e in _errors(reading, truth) if e[3] != "digit"] == []


def test_a_large_print_form_is_read_with_its_own_layout(form, large_form):
    layouts = Layouts([form.layout, large_form.layout])
    image, truth = large_form.scan(2, "office", seed=3)
    reading = read_page(image, layouts)
    assert reading.identity.large_print and reading.status == "read"
    assert _errors(reading, truth) == []


def test_an_upside_down_page_is_turned_and_read(form):
    image, truth = form.scan(2, "office", seed=11)
    reading = read_page(np.ascontiguousarray(image[::-1, ::-1]), form.layouts)
    assert reading.status == "read"
    assert reading.registration.describe()["rotation"] == pytest.approx(180, abs=5)
    assert _errors(reading, truth) == []


def test_a_landscape_scan_of_the_page_is_turned_a_quarter(form):
    image, truth = form.scan(1, "office", seed=4)
    reading = read_page(np.ascontiguousarray(np.rot90(image, -1)), form.layouts)
    assert reading.status == "read" and _errors(reading, truth) == []


def test_three_corner_marks_are_enough(form):
    image, truth = form.scan(2, "office", seed=5)
    image[-300:, -300:] = 250  # a corner folded away
    reading = read_page(image, form.layouts)
    assert reading.status == "read"
    assert len(reading.registration.marks_found) == 3
    assert _errors(reading, truth) == []


def test_a_skewed_and_shrunken_page_is_read(form):
    image, truth = form.scan(2, "office", seed=6)
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 3.0, 0.92)
    matrix[0, 1] += 0.02
    image = cv2.warpAffine(image, matrix, (w, h), borderValue=240)
    reading = read_page(image, form.layouts)
    assert reading.status == "read" and _errors(reading, truth) == []
    assert reading.registration.describe()["scale"] == pytest.approx(184, abs=4)


def _boxes(form, page, question):
    boxes = form.layout["pages"][page - 1]["boxes"]
    return [i for i, b in enumerate(boxes) if b["question"] == question and b["kind"] == "choice"]


def _marked(form, page, marks: dict):
    """A clean page with the given marks drawn: box index → cross, fill or dot."""
    image = form.pages[page - 1].copy()
    pen = synth.Pen(image, np.random.default_rng(1), synth.DPI, shade=40)
    boxes = form.layout["pages"][page - 1]["boxes"]
    for index, kind in marks.items():
        box = boxes[index]
        if kind in ("cross", "correction"):
            synth.cross(pen, box)
        if kind in ("fill", "correction"):
            pen.fill(box["x"], box["y"], box["w"], box["h"])
        if kind == "tick":
            synth.tick(pen, box)
        if kind.startswith("digit"):
            pen.text(box["x"] + 1.1, box["y"] + box["h"] * 0.85, kind[-1], box["h"] * 0.75)
        if kind == "dot":
            pen.dot(box["x"] + box["w"] / 2, box["y"] + box["h"] / 2, 0.45)
        if kind == "circle_label":
            pen.ellipse(box["x"] + box["w"] + 10, box["y"] + box["h"] / 2, 10, box["h"] / 2 + 1.2)
    return read_page(image, form.layouts)


def _question_page(form, key):
    return next(
        n for n, p in enumerate(form.layout["pages"], 1) for b in p["boxes"] if b["question"] == key
    )


def test_two_crosses_in_a_single_choice_question_are_uncertain(form):
    page = _question_page(form, "keuze")
    first, second, third = _boxes(form, page, "keuze")
    reading = _marked(form, page, {first: "cross", second: "cross"})
    states = [reading.boxes[i].state for i in (first, second, third)]
    assert states == ["uncertain", "uncertain", "empty"]
    assert reading.boxes[first].reason == "two_marks" and reading.needs_review


def test_a_blackened_box_is_a_correction_beside_a_cross(form):
    page = _question_page(form, "keuze")
    first, second, _third = _boxes(form, page, "keuze")
    reading = _marked(form, page, {first: "correction", second: "cross"})
    assert (reading.boxes[first].state, reading.boxes[first].mark) == ("empty", "blackened")
    assert reading.boxes[second].state == "checked"
    assert not reading.needs_review


@pytest.mark.parametrize("digit", ["1", "3", "4", "7"])
def test_a_figure_written_where_a_cross_was_asked_is_uncertain(form, digit):
    page = _question_page(form, "keuze")
    first, *_rest = _boxes(form, page, "keuze")
    reading = _marked(form, page, {first: f"digit{digit}"})
    assert reading.boxes[first].state == "uncertain"
    assert reading.boxes[first].reason == "written_not_crossed" and reading.needs_review


def test_ticks_and_crosses_are_read_as_marks_not_as_figures(form):
    page = _question_page(form, "problemen")
    first, second, *_rest = _boxes(form, page, "problemen")
    reading = _marked(form, page, {first: "tick", second: "cross"})
    assert [reading.boxes[i].state for i in (first, second)] == ["checked", "checked"]


def test_the_words_of_an_answer_circled_instead_of_its_box_crossed_are_uncertain(form):
    page = _question_page(form, "keuze")
    first, second, _third = _boxes(form, page, "keuze")
    reading = _marked(form, page, {second: "circle_label"})
    assert reading.boxes[second].state == "uncertain"
    assert reading.boxes[second].reason == "circled_label"
    assert reading.boxes[first].state == "empty"


def test_a_stray_dot_of_the_pen_in_a_box_is_no_answer_and_needs_no_review(form):
    page = _question_page(form, "keuze")
    first, second, _third = _boxes(form, page, "keuze")
    reading = _marked(form, page, {first: "dot", second: "cross"})
    assert (reading.boxes[first].state, reading.boxes[first].mark) == ("empty", "dot")
    assert reading.boxes[second].state == "checked" and not reading.needs_review


def test_a_blackened_box_alone_goes_to_review(form):
    page = _question_page(form, "keuze")
    first, *_rest = _boxes(form, page, "keuze")
    reading = _marked(form, page, {first: "fill"})
    assert reading.boxes[first].state == "uncertain"
    assert reading.boxes[first].reason == "blackened_without_cross"


def test_open_answers_and_numbers_come_with_their_crop(form):
    page = _question_page(form, "opmerking")
    image, truth = form.scan(page, "office", seed=2)
    reading = read_page(image, form.layouts)
    areas = [b for b in reading.boxes if b.box["kind"] in ("text", "digits")]
    assert areas and all(b.crop is not None and b.crop.size for b in areas)
    assert _errors(reading, truth) == []


def test_a_blank_sheet_and_a_letter_are_not_forms(form):
    blank = np.full((2339, 1654), 245, np.uint8)
    assert read_page(blank, form.layouts).status == "no_form_found"
    letter = form.pages[0].copy()
    letter[:130, :130] = letter[:130, -130:] = 255  # no corner marks on a letter
    letter[-130:, :130] = letter[-130:, -130:] = 255
    reading = read_page(letter, form.layouts)
    assert reading.status == "no_form_found" and reading.qr


def test_an_unreadable_qr_can_be_identified_by_hand(form):
    image = form.pages[1].copy()
    qr = form.layout["qr"]
    k = synth.DPI / 25.4
    image[
        int(qr["y"] * k) : int((qr["y"] + qr["h"]) * k),
        int(qr["x"] * k) : int((qr["x"] + qr["w"]) * k),
    ] = 255
    reading = read_page(image, form.layouts)
    assert reading.status == "no_qr" and reading.boxes == []
    identity = parse_payload(read_page(form.pages[1], form.layouts).qr)
    again = read_page(image, form.layouts, identity=identity)
    assert again.status == "read" and again.boxes


def test_a_page_of_another_survey_is_named_with_its_identity(form):
    other = json.loads(json.dumps(form.layout))
    other["survey_id"] += 1000
    reading = read_page(form.pages[0], Layouts([other]))
    assert reading.status == "no_layout"
    assert str(form.layout["survey_id"]) in reading.message % reading.values

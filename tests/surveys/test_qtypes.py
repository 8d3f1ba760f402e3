"""The question-type registry: each type accepts its domain, refuses the rest, and checks
question definitions."""

import pytest

from surveys.errors import AnswerError, SurveyError
from surveys.qtypes import all_types, get_type
from surveys.qtypes.base import DraftQuestion, to_number
from surveys.qtypes.likert5 import scale_options

CHOICES = [
    {"code": "a", "labels": {"nl": "A", "en": "A"}},
    {"code": "b", "labels": {"nl": "B", "en": "B"}},
    {"code": "c", "labels": {"nl": "C", "en": "C"}},
    {"code": "geen", "labels": {"nl": "Geen", "en": "None"}, "exclusive": True},
    {"code": "dk", "labels": {"nl": "Weet ik niet", "en": "Don't know"}, "dont_know": True},
]
ROWS = [
    {"code": "huur", "labels": {"nl": "Huur", "en": "Rent"}},
    {"code": "groen", "labels": {"nl": "Groen", "en": "Green"}},
]
DK_ONLY = [CHOICES[-1]]


def draft(qtype, options=None, settings=None, text="Vraag?"):
    """A question definition of a type with its defaults, overridable."""
    kind = get_type(qtype)
    return DraftQuestion(
        qtype=qtype,
        texts={"nl": {"text": text, "help": ""}},
        options=kind.default_options() if options is None else options,
        settings={**kind.default_settings(), **(settings or {})},
    )


QUESTIONS = {
    "single": draft("single", CHOICES),
    "multiple": draft("multiple", CHOICES, {"max_selections": 2}),
    "yesno": draft("yesno"),
    "likert5": draft("likert5"),
    "grade": draft("grade", DK_ONLY),
    "number": draft("number", DK_ONLY, {"min": 0, "max": 120, "integer": True}),
    "decimal": draft("number", [], {"min": 0, "max": 10, "integer": False, "decimals": 1}),
    "ranking": draft("ranking", CHOICES[:3], {"top_n": 2}),
    "open": draft("open", [], {"max_length": 30}),
    "matrix": draft("matrix", None, {"rows": ROWS}),
}

ACCEPTED = [
    ("single", "b", "b"),
    ("single", ["a"], "a"),
    ("single", " dk ", "dk"),
    ("multiple", ["c", "a"], ["a", "c"]),
    ("multiple", "b", ["b"]),
    ("multiple", ["geen"], ["geen"]),
    ("yesno", "ja", "ja"),
    ("yesno", "dk", "dk"),
    ("likert5", "5", "5"),
    ("likert5", 3, "3"),
    ("likert5", "dk", "dk"),
    ("grade", "7", 7),
    ("grade", 10, 10),
    ("grade", "dk", "dk"),
    ("number", "12", 12),
    ("decimal", "3,5", 3.5),
    ("decimal", "2.25", 2.2),
    ("ranking", ["c", "a"], ["c", "a"]),
    ("ranking", {"a": "2", "b": "1"}, ["b", "a"]),
    ("ranking", {"a": "1", "b": "", "c": "2"}, ["a", "c"]),
    ("open", "  Meer groen\r\nin de wijk  ", "Meer groen\nin de wijk"),
    ("matrix", {"groen": "4", "huur": "dk"}, {"huur": "dk", "groen": "4"}),
    ("matrix", {"huur": "1", "groen": ""}, {"huur": "1"}),
]

REFUSED = [
    ("single", "x"),
    ("single", ["a", "b"]),
    ("single", {"a": 1}),
    ("single", True),
    ("multiple", ["a", "b", "c"]),  # more than max_selections
    ("multiple", ["a", "geen"]),  # exclusive option combined
    ("multiple", ["a", "dk"]),
    ("multiple", ["a", "a"]),
    ("multiple", ["zz"]),
    ("yesno", "misschien"),
    ("likert5", "6"),
    ("likert5", "0"),
    ("grade", "11"),
    ("grade", "0"),
    ("grade", "7,5"),
    ("grade", "zeven"),
    ("grade", [7, 8]),
    ("number", "-1"),
    ("number", "121"),
    ("number", "1.200"),
    ("number", "3,5"),
    ("number", "12 maanden"),
    ("number", "nan"),
    ("number", True),
    ("decimal", "10,5"),
    ("ranking", ["a", "b", "c"]),  # more than top_n
    ("ranking", ["a", "a"]),
    ("ranking", {"a": "1", "b": "1"}),
    ("ranking", {"a": "3"}),
    ("ranking", {"zz": "1"}),
    ("open", "x" * 31),
    ("open", "bel\x00letje"),
    ("open", ["lijst"]),
    ("matrix", {"onbekend": "1"}),
    ("matrix", {"huur": "9"}),
    ("matrix", "4"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), ACCEPTED)
def test_clean_accepts_the_domain_of_each_type(app, name, raw, expected):
    question = QUESTIONS[name]
    assert get_type(question.qtype).clean(raw, question) == expected


@pytest.mark.parametrize(("name", "raw"), REFUSED)
def test_clean_refuses_what_lies_outside_the_domain(app, name, raw):
    question = QUESTIONS[name]
    with app.app_context(), pytest.raises(AnswerError) as caught:
        get_type(question.qtype).clean(raw, question)
    message = str(caught.value)
    assert message and message.lstrip("\u201c")[0].isupper()


@pytest.mark.parametrize("name", sorted(QUESTIONS))
@pytest.mark.parametrize("raw", [None, "", "   ", [], {}, ["", None]])
def test_empty_input_is_no_answer_for_every_type(name, raw):
    question = QUESTIONS[name]
    assert get_type(question.qtype).clean(raw, question) is None


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_example_definitions_are_valid(name):
    question = QUESTIONS[name]
    assert get_type(question.qtype).validate_definition(question) == []


def test_every_type_is_registered_once_with_a_label():
    codes = [t.code for t in all_types()]
    assert codes == [
        "single",
        "multiple",
        "yesno",
        "likert5",
        "grade",
        "number",
        "ranking",
        "open",
        "matrix",
    ]
    assert all(str(t.label) for t in all_types())


def test_unknown_type_is_a_clear_error(ctx):
    with pytest.raises(SurveyError, match="onbekend"):
        get_type("onbekend")


def test_answer_errors_are_in_dutch_outside_a_request(ctx):
    with pytest.raises(AnswerError) as caught:
        get_type("grade").clean("12", QUESTIONS["grade"])
    assert str(caught.value) == "Geef een getal van 1 tot en met 10, zonder komma."


def test_question_without_options_is_refused(ctx):
    problems = get_type("single").validate_definition(draft("single", []))
    assert problems == ["Geef minstens 2 antwoordopties."]
    assert get_type("single").validate_definition(draft("single", []), complete=False) == []


def test_duplicate_option_codes_are_refused(ctx):
    options = [CHOICES[0], {"code": "a", "labels": {"nl": "Nog een A"}}]
    problems = get_type("multiple").validate_definition(draft("multiple", options))
    assert any("a" in p and "twee keer" in p for p in problems)
    assert get_type("multiple").validate_definition(draft("multiple", options), complete=False)


@pytest.mark.parametrize(
    ("qtype", "options", "settings"),
    [
        ("single", [{"code": "a b", "labels": {"nl": "A"}}, CHOICES[1]], None),
        ("single", [{"code": "a", "labels": {}}, CHOICES[1]], None),
        ("single", [{"code": "", "labels": {"nl": "A"}}, CHOICES[1]], None),
        ("single", ["a", "b"], None),
        ("multiple", CHOICES, {"max_selections": 0}),
        ("multiple", CHOICES, {"max_selections": "twee"}),
        ("likert5", scale_options("agree")[:4], None),
        ("likert5", None, {"scale": "onbekend"}),
        ("yesno", CHOICES[:2], None),
        ("grade", CHOICES[:2], None),
        ("number", [], {"min": 10, "max": 1}),
        ("number", [], {"min": "laag"}),
        ("number", [], {"integer": False, "decimals": 9}),
        ("ranking", CHOICES[:3], {"top_n": 5}),
        ("ranking", CHOICES[:3], {"top_n": 0}),
        ("open", [], {"max_length": 20_000}),
        ("open", CHOICES[:2], None),
        ("matrix", None, {"rows": []}),
        ("matrix", None, {"rows": [ROWS[0], ROWS[0]]}),
    ],
)
def test_bad_definitions_are_reported(ctx, qtype, options, settings):
    assert get_type(qtype).validate_definition(draft(qtype, options, settings))


def test_ten_thousand_character_texts_are_reported(ctx):
    long = draft("open", [], None, text="x" * 10_000)
    problems = get_type("open").validate_definition(long)
    assert any("1000" in p for p in problems)
    label = [{"code": "a", "labels": {"nl": "y" * 10_000}}, CHOICES[1]]
    assert get_type("single").validate_definition(draft("single", label))


def test_display_shows_labels_in_the_language_asked(app):
    assert get_type("multiple").display(["a", "dk"], QUESTIONS["multiple"], "en") == "A, Don't know"
    assert get_type("ranking").display(["b", "a"], QUESTIONS["ranking"]) == "1. B; 2. A"
    assert get_type("number").display(3.5, QUESTIONS["decimal"]) == "3,5"
    matrix = get_type("matrix").display({"huur": "4"}, QUESTIONS["matrix"], "en")
    assert matrix == "Rent: Agree"
    assert get_type("grade").display("dk", QUESTIONS["grade"]) == "Weet ik niet"


def test_scores_ignore_dont_know(app):
    likert = get_type("likert5")
    assert likert.score("4", QUESTIONS["likert5"]) == 4.0
    assert likert.score("dk", QUESTIONS["likert5"]) is None
    assert get_type("grade").score(8, QUESTIONS["grade"]) == 8.0


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("3,5", 3.5),
        ("1.250", 1250.0),
        ("1.250,75", 1250.75),
        ("12", 12.0),
        ("2.5", 2.5),
        ("abc", None),
        ("1,2,3", None),
        ("", None),
        ("inf", None),
    ],
)
def test_numbers_are_read_the_dutch_and_the_english_way(raw, number):
    assert to_number(raw) == number

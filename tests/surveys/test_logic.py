"""Skip logic: which questions are shown, and which conditions are refused."""

import pytest

from surveys.errors import SurveyError
from surveys.logic import condition_met, find_loop, validate_condition, visible_keys
from surveys.qtypes import get_type
from surveys.qtypes.base import DraftQuestion


def question(key, qtype, show_if=None, options=None, settings=None):
    """A question definition with a key and an optional condition."""
    kind = get_type(qtype)
    return DraftQuestion(
        qtype=qtype,
        key=key,
        texts={"nl": {"text": key}},
        options=kind.default_options() if options is None else options,
        settings={**kind.default_settings(), **(settings or {})},
        show_if=show_if,
    )


OPTIONS = [
    {"code": "a", "labels": {"nl": "A"}},
    {"code": "b", "labels": {"nl": "B"}},
    {"code": "c", "labels": {"nl": "C"}},
]
SURVEY = [
    question("zoekt", "yesno"),
    question("maanden", "number", {"question": "zoekt", "op": "equals", "value": "ja"}),
    question("lang", "yesno", {"question": "maanden", "op": "above", "value": 24}),
    question("welke", "multiple", options=OPTIONS),
    question("waarom", "open", {"question": "welke", "op": "any_of", "value": ["b", "c"]}),
    question("cijfer", "grade"),
    question("beter", "open", {"question": "cijfer", "op": "below", "value": 6}),
    question("eens", "likert5"),
    question("uitleg", "open", {"question": "eens", "op": "above", "value": 3}),
]
BY_KEY = {q.key: q for q in SURVEY}


def test_question_without_condition_is_always_shown():
    assert condition_met(None, {}, BY_KEY)


@pytest.mark.parametrize(
    ("answers", "shown", "hidden"),
    [
        ({}, ["zoekt", "welke", "cijfer", "eens"], ["maanden", "lang", "waarom", "beter"]),
        ({"zoekt": "ja"}, ["maanden"], ["lang"]),
        ({"zoekt": "ja", "maanden": 30}, ["maanden", "lang"], []),
        ({"zoekt": "nee", "maanden": 30}, [], ["maanden", "lang"]),
        ({"zoekt": "dk"}, [], ["maanden"]),
        ({"welke": ["a"]}, [], ["waarom"]),
        ({"welke": ["a", "c"]}, ["waarom"], []),
        ({"cijfer": 5}, ["beter"], []),
        ({"cijfer": 6}, [], ["beter"]),
        ({"cijfer": "dk"}, [], ["beter"]),
        ({"eens": "4"}, ["uitleg"], []),
        ({"eens": "dk"}, [], ["uitleg"]),
    ],
)
def test_visible_questions_follow_the_answers_so_far(answers, shown, hidden):
    visible = visible_keys(SURVEY, answers)
    assert set(shown) <= set(visible)
    assert not set(hidden) & set(visible)


def test_answer_to_a_hidden_question_does_not_open_its_followers():
    # maanden was answered, then zoekt changed to nee: lang must stay hidden
    assert "lang" not in visible_keys(SURVEY, {"zoekt": "nee", "maanden": 30})


def test_conditions_on_earlier_questions_are_valid(ctx):
    assert all(validate_condition(q, SURVEY) == [] for q in SURVEY)


@pytest.mark.parametrize(
    ("show_if", "fragment"),
    [
        ({"question": "later", "op": "equals", "value": "ja"}, "later"),
        ({"question": "self", "op": "equals", "value": "ja"}, "eigen antwoord"),
        ({"question": "nergens", "op": "equals", "value": "ja"}, "niet bestaat"),
        ({"question": "zoekt", "op": "equals", "value": "misschien"}, "misschien"),
        ({"question": "zoekt", "op": "above", "value": 3}, "vergelijking"),
        ({"question": "maanden", "op": "above", "value": "veel"}, "getal"),
        ({"question": "welke", "op": "any_of", "value": []}, "minstens"),
        ({"question": "waarom", "op": "equals", "value": "x"}, "niet worden gebruikt"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(ctx, show_if, fragment):
    subject = question("self", "open", show_if)
    ordered = SURVEY + [subject, question("later", "yesno")]
    problems = validate_condition(subject, ordered)
    assert len(problems) == 1
    assert fragment in problems[0]


def test_condition_loop_is_found():
    assert find_loop({"a": "b", "b": "c", "c": "a"}) == ["a", "b", "c", "a"]
    assert find_loop({"a": None, "b": "a", "c": "b"}) is None


def test_moving_a_question_before_its_source_is_refused(ctx):
    from surveys.logic import ensure_order_valid

    with pytest.raises(SurveyError, match="zoekt|maanden"):
        ensure_order_valid([SURVEY[1], SURVEY[0]])

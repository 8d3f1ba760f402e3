"""Reading responses into DataFrames: only counted, submitted responses, in few queries."""

import pandas as pd
from sqlalchemy import event

from analysis import data
from consult.extensions import db


def test_respondents_are_counted_submitted_with_channel_and_open_link_apart(results):
    frame = data.respondents(results["survey"].id)
    assert list(frame.columns) == data.RESPONDENT_COLUMNS
    # 40 in Ede + 3 in Wageningen + 1 open link; not the duplicate, not the one in progress
    assert len(frame) == 44
    assert (frame["population"] == "open_link").sum() == 1
    assert frame[frame["gemeente"] == "Ede"]["channel"].value_counts().to_dict() == {
        "online": 30,
        "keyed": 10,
    }
    assert frame["submitted_at"].dt.tz is not None
    assert set(frame[frame["gemeente"] == "Ede"]["age_band"]) == {"<35", "65-74"}


def test_channel_counts_equal_the_respondents_per_gemeente_and_channel(results):
    survey, wag = results["survey"], results["wag"]
    people = data.respondents(survey.id)
    tenants = people[people["population"] == "tenant"]
    expected = tenants.groupby(["gemeente", "channel"]).size().to_dict()
    counts = data.channel_counts(survey.id)
    assert counts.set_index(["gemeente", "channel"])["n"].to_dict() == expected
    assert expected[("Ede", "keyed")] == 10
    only = data.channel_counts(survey.id, [wag.id])
    assert set(only["gemeente"]) == {"Wageningen"} and only["n"].sum() == 3


def test_gemeente_ids_restrict_respondents_and_answers(results):
    survey, wag = results["survey"], results["wag"]
    frame = data.respondents(survey.id, gemeente_ids=[wag.id])
    assert len(frame) == 3 and set(frame["gemeente"]) == {"Wageningen"}
    answers = data.answers(survey.id, gemeente_ids=[wag.id])
    assert set(answers["response_id"]) == set(frame["response_id"])


def test_answers_are_tidy_with_matrix_rows_scores_and_dont_know(results):
    survey = results["survey"]
    answers = data.answers(survey.id)
    assert list(answers.columns) == data.ANSWER_COLUMNS
    matrix = answers[answers["question"] == "stellingen"]
    assert len(matrix) == 40 * 12 and matrix["score"].eq(4.0).all()
    grades = answers[answers["question"] == "cijfer"]
    assert grades["dont_know"].sum() == 1 and grades["score"].notna().sum() == 42
    likert = answers[(answers["question"] == "eens") & ~answers["dont_know"]]
    assert likert["score"].between(1, 5).all()
    assert "leeg" not in set(answers["question"])


def test_questions_give_measure_options_rows_and_bank(results):
    meta = data.questions(results["survey"].id).set_index("key")
    assert meta.loc["eens", "measure"] == "ordinal"
    assert meta.loc["stellingen", "measure"] == "matrix"
    assert len(meta.loc["stellingen", "rows"]) == 12
    assert [o["dont_know"] for o in meta.loc["keuze", "options"]] == [False, False, True]
    assert meta.loc["keuze", "bank_key"] == "bank.keuze"
    assert meta.loc["prio", "top_n"] == 3


def test_population_counts_households_invitations_and_responses(results):
    frame = data.population(results["survey"].id).set_index("gemeente")
    assert frame.loc["Ede", "households"] == 120
    assert frame.loc["Ede", "responses"] == 40
    assert frame.loc["Wageningen", "responses"] == 3
    assert frame.loc["Ede", "invited"] == 0
    register = data.register(results["survey"].id)
    assert register["households"].sum() == 130


def test_survey_without_responses_gives_empty_frames_with_columns(results):
    from tests.analysis.conftest import make_survey

    empty = make_survey(2028, [results["ede"]])
    assert data.respondents(empty.id).empty
    answers = data.answers(empty.id)
    assert answers.empty and list(answers.columns) == data.ANSWER_COLUMNS


def test_reading_takes_a_handful_of_queries_not_one_per_response(results, app):
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        survey_id = results["survey"].id
        meta = data.questions(survey_id)
        data.respondents(survey_id)
        data.answers(survey_id, meta=meta)
        data.population(survey_id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 12


def test_previous_survey_is_last_years_with_shared_bank_keys(results):
    from surveys.models import SurveyStatus
    from tests.analysis.conftest import QUESTIONS, make_survey

    older = make_survey(2026, [results["ede"]], QUESTIONS[:1], SurveyStatus.CLOSED, results["bank"])
    make_survey(2025, [results["ede"]], QUESTIONS[:1], SurveyStatus.CLOSED, results["bank"])
    make_survey(2026, [results["ede"]], QUESTIONS[:1], SurveyStatus.CLOSED)  # no bank keys
    assert data.previous_survey(results["survey"].id) == older.id
    assert data.previous_survey(older.id) is not None
    assert isinstance(data.respondents(older.id), pd.DataFrame)

"""Per-question statistics against hand-computed values and statsmodels' Wilson interval."""

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from analysis import aggregate, data


def tables(results, key, gemeente=None, population=None, weights=None):
    survey_id = results["survey"].id
    meta = data.questions(survey_id).set_index("key", drop=False)
    people = data.respondents(survey_id)
    ids = aggregate.select_respondents(
        people, gemeente_ids=None if gemeente is None else [gemeente.id]
    )["response_id"]
    return aggregate.question_tables(
        meta.loc[key], data.answers(survey_id, meta=meta), ids, population, weights
    )


def test_wilson_matches_hand_computed_example_with_and_without_fpc():
    # 18 of 40: [0.307, 0.602]; with N = 120 households: [0.330, 0.576]
    assert aggregate.wilson_interval(18, 40) == pytest.approx((0.3075, 0.6018), abs=5e-4)
    assert aggregate.wilson_interval(18, 40, 120) == pytest.approx((0.3301, 0.5760), abs=5e-4)


@pytest.mark.parametrize("count,n", [(0, 12), (1, 10), (18, 40), (250, 412), (40, 40), (3, 1000)])
def test_wilson_without_fpc_equals_statsmodels(count, n):
    expected = proportion_confint(count, n, alpha=0.05, method="wilson")
    assert aggregate.wilson_interval(count, n) == pytest.approx(expected, abs=1e-9)


def test_fpc_is_statsmodels_wilson_at_the_effective_sample_size():
    n, big_n, count = 300, 1000, 120
    n_star = n / ((big_n - n) / (big_n - 1))
    # the same share at the larger effective n: statsmodels on fractional counts
    expected = proportion_confint(count / n * n_star, n_star, method="wilson")
    assert aggregate.wilson_interval(count, n, big_n) == pytest.approx(expected, abs=1e-9)
    # everyone answered: no sampling error left
    assert aggregate.wilson_interval(5, 10, 10) == (0.5, 0.5)


def test_margin_of_error_with_fpc_by_hand():
    # N = 500, 20 % response: 1.96 * sqrt(.25/100) * sqrt(400/499) = 0.0877
    assert aggregate.margin_of_error(100, 500) == pytest.approx(0.0877, abs=5e-4)


def test_single_choice_shares_ci_with_fpc_and_dont_know_apart(results):
    dist, summary = tables(results, "keuze", results["ede"], population=120)
    rows = dist.set_index("option")
    assert rows.loc["huur", "count"] == 18 and rows.loc["huur", "base"] == 40
    assert rows.loc["huur", "share"] == pytest.approx(0.45)
    assert (rows.loc["huur", "ci_low"], rows.loc["huur", "ci_high"]) == pytest.approx(
        (0.3301, 0.5760), abs=5e-4
    )
    assert rows.loc["dk", "dont_know"] and math.isnan(rows.loc["dk", "share"])
    assert summary.loc[0, "note"].startswith("dont_know_excluded")


def test_all_dont_know_gives_counts_and_no_percentages(results):
    dist, summary = tables(results, "keuze", results["wag"])
    rows = dist.set_index("option")
    assert rows.loc["dk", "count"] == 3 and rows.loc["huur", "count"] == 0
    assert summary.loc[0, "base"] == 0 and summary.loc[0, "n_dont_know"] == 3
    assert dist["share"].isna().all()


def test_likert_distribution_agree_disagree_and_net_score(results):
    dist, summary = tables(results, "eens", results["ede"])
    assert dist[~dist["dont_know"]]["count"].tolist() == [8] * 5
    row = summary.iloc[0]
    assert row["agree_share"] == pytest.approx(0.4)  # points 4 and 5
    assert row["disagree_share"] == pytest.approx(0.4)
    assert row["neutral_share"] == pytest.approx(0.2)
    assert row["net_score"] == pytest.approx(0.0)
    assert row["mean"] == pytest.approx(3.0) and row["median"] == 3.0


def test_grade_mean_median_and_distribution(results):
    dist, summary = tables(results, "cijfer", results["ede"])
    assert dist[~dist["dont_know"]]["count"].tolist() == [4] * 10
    row = summary.iloc[0]
    assert row["mean"] == pytest.approx(5.5) and row["median"] == pytest.approx(5.5)
    sd = np.std(list(range(1, 11)) * 4, ddof=1)
    assert row["sd"] == pytest.approx(sd)
    assert row["mean_ci_high"] - row["mean"] == pytest.approx(1.959964 * sd / math.sqrt(40))


def test_multi_shares_of_respondents_choosing_each(results):
    dist, summary = tables(results, "wensen", results["ede"])
    rows = dist.set_index("option")
    assert rows.loc["tuin", "share"] == pytest.approx(30 / 30)
    assert rows.loc["lift", "share"] == pytest.approx(10 / 30)
    assert rows.loc["dk", "count"] == 10
    assert "several_answers_per_respondent" in summary.loc[0, "note"]


def test_ranking_mean_rank_borda_and_first_by_hand(results):
    dist, _summary = tables(results, "prio", results["ede"])
    rows = dist.set_index("option")
    # 20 x [a, b, c], 10 x [b, a], 10 x [c]; top 3 gives 3, 2, 1 points
    assert rows.loc["a", "borda_points"] == 20 * 3 + 10 * 2
    assert rows.loc["b", "borda_points"] == 20 * 2 + 10 * 3
    assert rows.loc["c", "borda_points"] == 20 * 1 + 10 * 3
    assert rows.loc["d", "borda_points"] == 0
    assert rows.loc["a", "mean_rank"] == pytest.approx((20 * 1 + 10 * 2) / 30)
    assert rows.loc["c", "first_share"] == pytest.approx(10 / 40)
    assert rows.loc["b", "first_count"] == 10


def test_matrix_with_twelve_statements_gives_a_row_per_statement(results):
    dist, summary = tables(results, "stellingen", results["ede"])
    assert len(summary) == 12
    assert summary["agree_share"].eq(1.0).all() and summary["base"].eq(40).all()
    assert summary["row_label"].tolist()[-1] == "Stelling 12"
    assert len(dist) == 12 * 6


def test_text_question_counts_answers(results):
    dist, summary = tables(results, "open", results["ede"])
    assert dist.empty and summary.loc[0, "n_answered"] == 5


def test_question_nobody_answered_and_filters_leaving_nobody(results):
    dist, summary = tables(results, "leeg", results["ede"])
    assert summary.loc[0, "n_answered"] == 0 and dist["count"].eq(0).all()
    people = data.respondents(results["survey"].id)
    none = aggregate.select_respondents(people, channel="scanned")
    meta = data.questions(results["survey"].id)
    dist, summary = aggregate.survey_tables(
        meta, data.answers(results["survey"].id), none["response_id"]
    )
    assert summary["respondents"].eq(0).all() and summary["n_answered"].eq(0).all()


def test_survey_tables_cover_every_question_in_order(results):
    survey_id = results["survey"].id
    meta = data.questions(survey_id)
    dist, summary = aggregate.survey_tables(meta, data.answers(survey_id, meta=meta))
    assert list(dict.fromkeys(summary["question"])) == meta["key"].tolist()
    assert list(dist.columns) == aggregate.DISTRIBUTION_COLUMNS


def test_survey_tables_of_a_survey_without_responses():
    meta = pd.DataFrame(columns=data.QUESTION_COLUMNS)
    dist, summary = aggregate.survey_tables(meta, pd.DataFrame(columns=data.ANSWER_COLUMNS))
    assert dist.empty and summary.empty


def test_selection_by_werkgebied_background_and_open_link_apart(results):
    people = data.respondents(results["survey"].id)
    assert len(aggregate.select_respondents(people)) == 43
    assert len(aggregate.select_respondents(people, population="open_link")) == 1
    assert len(aggregate.select_respondents(people, age_band="<35")) == 20
    assert len(aggregate.select_respondents(people, werkgebied="kern")) == 43
    register = data.register(results["survey"].id)
    assert aggregate.population_size(register, gemeente_ids=[results["ede"].id]) == 120
    assert aggregate.population_size(register, age_band="<35") == 60
    assert aggregate.population_size(register, channel="online") is None


def test_response_rate_against_invited_or_households(results):
    frame = aggregate.response_rates(data.population(results["survey"].id)).set_index("gemeente")
    assert frame.loc["Ede", "response_rate"] == pytest.approx(40 / 120)
    assert frame.loc["Ede", "rate_base"] == "households"
    assert frame.loc["Wageningen", "response_rate"] == pytest.approx(0.3)
    pop = pd.DataFrame(
        [[1, "X", "kern", 500, 400, 100]],
        columns=["gemeente_id", "gemeente", "werkgebied", "households", "invited", "responses"],
    )
    row = aggregate.response_rates(pop).iloc[0]
    assert row["response_rate"] == 0.25 and row["rate_base"] == "invited"
    assert row["margin"] == pytest.approx(0.0877, abs=5e-4)


def test_profile_sets_respondents_against_the_register(results):
    survey_id = results["survey"].id
    people = aggregate.select_respondents(data.respondents(survey_id))
    prof = aggregate.profile(people, data.register(survey_id), "age_band").set_index("group")
    assert prof.loc["<35", "respondents"] == 20 and prof.loc["<35", "households"] == 60
    assert prof.loc["unknown", "respondents"] == 3 and prof.loc["unknown", "households"] == 10
    assert prof.loc["<35", "difference"] == pytest.approx(100 * (20 / 43 - 60 / 130))
    channel = aggregate.profile(people, None, "channel").set_index("group")
    assert channel.loc["keyed", "respondents"] == 13 and np.isnan(
        channel.loc["keyed", "households"]
    )

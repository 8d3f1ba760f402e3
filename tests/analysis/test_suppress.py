"""The small-cell rule: n < 10 hidden, n < 30 counts only, admins see everything."""

import pandas as pd
import pytest

from analysis import aggregate, data, suppress
from analysis.suppress import COUNTS_ONLY, FULL, SUPPRESSED, SuppressionRule


def summary_frame(n_answered, base):
    return pd.DataFrame(
        {
            "question": ["q"] * len(base),
            "row": [None] * len(base),
            "n_answered": n_answered,
            "base": base,
            "agree_share": [0.5] * len(base),
            "mean": [3.0] * len(base),
            "n_dont_know": [1] * len(base),
        }
    )


def test_tiers_at_the_thresholds_by_hand():
    frame = suppress.apply(summary_frame([9, 10, 29, 30, 40], [9, 10, 29, 30, 25]))
    assert frame["tier"].tolist() == [SUPPRESSED, COUNTS_ONLY, COUNTS_ONLY, FULL, COUNTS_ONLY]
    assert frame["n_answered"].isna().tolist() == [True, False, False, False, False]
    assert frame["agree_share"].isna().tolist() == [True, True, True, False, True]
    assert frame["mean"].isna().tolist() == [True, True, True, False, True]
    assert frame["n_dont_know"].isna().tolist() == [True, False, False, False, False]


def test_admin_sees_unsuppressed_figures_with_the_tier():
    frame = suppress.apply(summary_frame([3], [3]), admin=True)
    assert frame.loc[0, "tier"] == SUPPRESSED and frame.loc[0, "agree_share"] == 0.5


def test_thresholds_come_from_config_then_environment(monkeypatch):
    assert suppress.rule_from_config({}) == SuppressionRule(10, 30)
    rule = suppress.rule_from_config(
        {"RESULTS_SUPPRESS_BELOW": 5, "RESULTS_COUNTS_ONLY_BELOW": "20"}
    )
    assert rule == SuppressionRule(5, 20)
    monkeypatch.setenv("RESULTS_SUPPRESS_BELOW", "3")
    assert suppress.rule_from_config({}).suppress_below == 3
    frame = suppress.apply(summary_frame([6], [6]), rule)
    assert frame.loc[0, "tier"] == COUNTS_ONLY
    with pytest.raises(ValueError):
        SuppressionRule(30, 10)


def test_gemeente_with_three_responses_shows_nothing(results):
    survey_id = results["survey"].id
    meta = data.questions(survey_id)
    people = aggregate.select_respondents(
        data.respondents(survey_id), gemeente_ids=[results["wag"].id]
    )
    dist, summary = aggregate.survey_tables(
        meta, data.answers(survey_id, meta=meta), people["response_id"]
    )
    dist, summary = suppress.apply_by_group(dist, summary)
    answered = summary[summary["question"].isin(["keuze", "eens", "cijfer"])]
    assert answered["tier"].eq(SUPPRESSED).all()
    assert dist[dist["question"] == "keuze"]["count"].isna().all()
    assert summary["mean"].isna().all()


def test_forty_respondents_show_percentages_and_cells_follow_their_group(results):
    survey_id = results["survey"].id
    meta = data.questions(survey_id)
    people = aggregate.select_respondents(
        data.respondents(survey_id), gemeente_ids=[results["ede"].id]
    )
    dist, summary = aggregate.survey_tables(
        meta, data.answers(survey_id, meta=meta), people["response_id"]
    )
    dist, summary = suppress.apply_by_group(dist, summary)
    keuze = dist[dist["question"] == "keuze"].set_index("option")
    assert keuze.loc["huur", "tier"] == FULL and keuze.loc["huur", "share"] == pytest.approx(0.45)
    # multiple choice: 30 in the base (10 said "weet ik niet"): still percentages
    wensen = summary[summary["question"] == "wensen"].iloc[0]
    assert wensen["tier"] == FULL
    # a statement of the matrix answered by all 40: full; the unanswered question: hidden
    assert summary[summary["question"] == "stellingen"]["tier"].eq(FULL).all()
    assert summary[summary["question"] == "leeg"]["tier"].eq(SUPPRESSED).all()

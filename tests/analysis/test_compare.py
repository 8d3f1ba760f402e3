"""Gemeente against the rest, year against year by bank key, cross-tabs."""

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

from analysis import aggregate, compare, data
from consult.extensions import db
from surveys.models import BankQuestion, SurveyStatus
from tests.analysis.conftest import opts, respond
from tests.factories import HouseholdFactory


def test_two_proportion_test_by_hand_and_against_statsmodels():
    z, p = compare.two_proportion_test(45, 100, 30, 100)
    assert z == pytest.approx(0.15 / math.sqrt(0.375 * 0.625 * 0.02))
    expected_z, expected_p = proportions_ztest([45, 30], [100, 100])
    assert (z, p) == pytest.approx((expected_z, expected_p))
    assert math.isnan(compare.two_proportion_test(1, 0, 3, 10)[1])


def test_chi_square_drops_empty_options():
    chi2, dof, p = compare.chi_square([[10, 20, 0], [20, 10, 0]])
    assert dof == 1 and chi2 == pytest.approx(6.6667, abs=1e-3) and 0 < p < 0.05


def test_gemeente_against_the_rest(results):
    survey_id = results["survey"].id
    ede = results["ede"]
    # two more Wageningen tenants choose "huur", so the rest has a base of 2
    for household in [HouseholdFactory(gemeente=results["wag"]) for _ in range(2)]:
        respond(results["survey"], household, {"keuze": "huur"})
    db.session.flush()
    meta = data.questions(survey_id).set_index("key", drop=False)
    people = aggregate.select_respondents(data.respondents(survey_id))
    frame = compare.gemeente_vs_rest(meta.loc["keuze"], data.answers(survey_id), people, ede.id)
    rows = frame.set_index("option")
    assert rows.loc["huur", "share"] == pytest.approx(0.45)
    assert rows.loc["huur", "share_other"] == pytest.approx(1.0)
    assert rows.loc["huur", "difference"] == pytest.approx(-55.0)
    assert "dk" not in rows.index


def make_previous(results, options, version=1, text="Vraag keuze?"):
    """Last year's survey with a keuze question of the same bank key; 30 x huur, 10 x groen."""
    from tests.analysis.conftest import make_survey

    bank = results["bank"]["keuze"]
    if version != 1:
        bank = BankQuestion(
            key="bank.keuze",
            version=version,
            theme="betaalbaarheid",
            qtype="single",
            texts={},
            options=[],
        )
        db.session.add(bank)
    previous = make_survey(
        2026,
        [results["ede"]],
        [("keuze", "single", options, {})],
        SurveyStatus.CLOSED,
        {"keuze": bank},
    )
    previous.ordered_questions()[0].texts = {"nl": {"text": text}}
    for i, household in enumerate(results["households"][:40]):
        respond(previous, household, {"keuze": "huur" if i < 30 else "groen"})
    db.session.flush()
    return previous


def year_frame(results, previous):
    now_id, before_id = results["survey"].id, previous.id
    assert data.previous_survey(now_id) == before_id
    meta_now, meta_before = data.questions(now_id), data.questions(before_id)
    match = compare.match_questions(meta_now, meta_before)
    pair = match.iloc[0]
    ede = [results["ede"].id]
    now_ids = data.respondents(now_id, ede)["response_id"]
    return match, compare.year_over_year(
        meta_now.set_index("key", drop=False).loc[pair.key],
        data.answers(now_id),
        meta_before.set_index("key", drop=False).loc[pair.key_previous],
        data.answers(before_id),
        now_ids,
    )


def test_this_year_against_last_year_by_bank_key(results):
    previous = make_previous(results, opts("huur", "groen"))
    match, frame = year_frame(results, previous)
    assert not match.loc[0, "wording_changed"] and not match.loc[0, "options_changed"]
    rows = frame.set_index("option")
    assert rows.loc["huur", "share"] == pytest.approx(0.45)
    assert rows.loc["huur", "share_other"] == pytest.approx(0.75)
    assert rows.loc["huur", "difference"] == pytest.approx(-30.0)
    expected = proportions_ztest([18, 30], [40, 40])[1]
    assert rows.loc["huur", "p_value"] == pytest.approx(expected)
    assert frame["note"].isna().all()


def test_changed_options_and_wording_are_noted_and_only_shared_codes_compared(results):
    previous = make_previous(results, opts("huur", "groen", "anders"), version=2, text="Oud?")
    match, frame = year_frame(results, previous)
    assert match.loc[0, "wording_changed"] and match.loc[0, "options_changed"]
    assert set(frame["option"]) == {"huur", "groen"}
    assert frame["note"].eq("wording_changed;options_changed").all()


def test_crosstab_by_age_band(results):
    survey_id = results["survey"].id
    meta = data.questions(survey_id).set_index("key", drop=False)
    people = aggregate.select_respondents(
        data.respondents(survey_id), gemeente_ids=[results["ede"].id]
    )
    frame = compare.crosstab(meta.loc["keuze"], data.answers(survey_id), people, "age_band")
    assert set(frame["group"]) == {"<35", "65-74"}
    assert frame.groupby("group")["count"].sum().to_dict() == {"<35": 20, "65-74": 20}
    # huur: i < 18 -> 9 odd (<35) and 9 even (65-74): no difference at all
    assert frame["chi2_p_value"].iloc[0] == pytest.approx(1.0)
    assert list(frame.columns) == compare.CROSSTAB_COLUMNS


def test_crosstab_of_nobody_is_empty():
    empty = pd.DataFrame(columns=data.RESPONDENT_COLUMNS)
    meta = {"key": "q", "measure": "nominal", "options": []}
    frame = compare.crosstab(meta, pd.DataFrame(columns=data.ANSWER_COLUMNS), empty, "age_band")
    assert frame.empty and list(frame.columns) == compare.CROSSTAB_COLUMNS
    assert np.isnan(compare.chi_square([[0, 0]])[2])

"""Per-question statistics as pure pandas: shares, Likert scores, means, ranks, profiles.

Everything here takes DataFrames shaped by ``analysis.data`` and returns DataFrames; it
dispatches on what a question measures (``measure``), never on type codes, and imports
neither Flask nor SQLAlchemy nor the survey models.

Conventions:
- "weet ik niet" (an option with ``dont_know``) is counted and shown, but left out of the
  percentage base; the ``note`` column then holds ``dont_know_excluded``.
- ``base`` is the number of respondents in the percentage base (answered, not "weet ik niet").
- Shares are fractions (0..1); ``net_score`` is in percentage points (-100..100).
- Intervals are Wilson 95 % intervals, with the finite population correction when the
  population size N (households in scope) is given.
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.intervals import Z95, fpc_factor, margin_of_error, wilson_interval
from analysis.tabulate import (
    DONT_KNOW_NOTE,
    MULTI_NOTE,
    effective_n,
    get,
    question_records,
    slice_of,
)

DISTRIBUTION_COLUMNS = [
    "question",
    "row",
    "row_label",
    "option",
    "label",
    "dont_know",
    "count",
    "base",
    "share",
    "ci_low",
    "ci_high",
    "share_weighted",
    "mean_rank",
    "first_count",
    "first_share",
    "borda_points",
    "note",
]
SUMMARY_COLUMNS = [
    "question",
    "row",
    "row_label",
    "measure",
    "respondents",
    "n_answered",
    "n_dont_know",
    "base",
    "mean",
    "median",
    "sd",
    "mean_ci_low",
    "mean_ci_high",
    "disagree_share",
    "neutral_share",
    "agree_share",
    "agree_ci_low",
    "agree_ci_high",
    "net_score",
    "mean_weighted",
    "agree_share_weighted",
    "n_eff",
    "note",
]
__all__ = [
    "DONT_KNOW_NOTE",
    "MULTI_NOTE",
    "Z95",
    "effective_n",
    "fpc_factor",
    "margin_of_error",
    "wilson_interval",
]


# -- selections --------------------------------------------------------------------------
def select_respondents(
    respondents: pd.DataFrame,
    *,
    gemeente_ids: Iterable[int] | None = None,
    werkgebied: str | None = None,
    channel: str | None = None,
    population: str | None = "tenant",
    age_band: str | None = None,
    household_type: str | None = None,
) -> pd.DataFrame:
    """The respondents of a selection (same columns as ``data.respondents``).

    ``population`` is "tenant" by default: open-link responses are their own population and
    are only included with population="open_link" (or None for both).
    """
    mask = pd.Series(True, index=respondents.index)
    if gemeente_ids is not None:
        mask &= respondents["gemeente_id"].isin(list(gemeente_ids)).fillna(False).astype(bool)
    for column, value in (
        ("werkgebied", werkgebied),
        ("channel", channel),
        ("population", population),
        ("age_band", age_band),
        ("household_type", household_type),
    ):
        if value is not None:
            mask &= (respondents[column] == value).fillna(False).astype(bool)
    return respondents[mask]


def population_size(
    register: pd.DataFrame,
    *,
    gemeente_ids: Iterable[int] | None = None,
    age_band: str | None = None,
    household_type: str | None = None,
    channel: str | None = None,
    population: str | None = "tenant",
) -> int | None:
    """N for the finite population correction: households in scope of a selection.

    ``register`` is ``data.register``. None when N is unknown: a channel selection or the
    open-link population (their size in the population is not known).
    """
    if channel is not None or population != "tenant" or register.empty:
        return None
    cells = register
    if gemeente_ids is not None:
        cells = cells[cells["gemeente_id"].isin(list(gemeente_ids))]
    for column, value in (("age_band", age_band), ("household_type", household_type)):
        if value is not None:
            cells = cells[(cells[column] == value).fillna(False).astype(bool)]
    total = int(cells["households"].sum())
    return total or None


# -- per question ------------------------------------------------------------------------
def _weights_dict(weights: pd.Series | None) -> dict | None:
    return None if weights is None else weights.to_dict()


def question_tables(
    meta,
    answers: pd.DataFrame,
    respondent_ids: Iterable[int] | None = None,
    population: int | None = None,
    weights: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The distribution and the summary of one question for a selection of respondents.

    ``meta`` is one row of ``data.questions`` (a mapping, a namedtuple or a Series);
    ``answers`` the answers frame (other questions are ignored); ``respondent_ids`` the
    selection (None: every answer given); ``population`` N for the finite population
    correction; ``weights`` a Series of weights indexed by response_id (None: unweighted; the
    weighted columns then equal the unweighted ones).

    Returns (distribution, summary). distribution columns (DISTRIBUTION_COLUMNS): question,
    row, row_label (matrix statement, else None), option (code; for grade/number the value),
    label, dont_know, count, base, share (NaN for "weet ik niet"), ci_low, ci_high,
    share_weighted, mean_rank, first_count, first_share, borda_points (ranking only), note.
    summary columns (SUMMARY_COLUMNS): question, row, row_label, measure, respondents (in the
    selection; None without a selection), n_answered (incl. "weet ik niet"), n_dont_know,
    base, mean, median, sd, mean_ci_low, mean_ci_high (ordinal, matrix, numeric),
    disagree_share, neutral_share, agree_share, agree_ci_low, agree_ci_high, net_score
    (ordinal, matrix), mean_weighted, agree_share_weighted, n_eff (Kish, of the base), note.
    A text question has a summary (its count of answers) and an empty distribution.
    """
    key = get(meta, "key")
    qa = answers[answers["question"] == key]
    respondents_n = None
    if respondent_ids is not None:
        ids = pd.Index(respondent_ids)
        respondents_n = len(ids)
        qa = qa[qa["response_id"].isin(ids)]
    records, summaries = question_records(
        meta, slice_of(qa, _weights_dict(weights)), respondents_n, population, SUMMARY_COLUMNS
    )
    return (
        pd.DataFrame(records, columns=DISTRIBUTION_COLUMNS),
        pd.DataFrame(summaries, columns=SUMMARY_COLUMNS),
    )


def survey_tables(
    questions: pd.DataFrame,
    answers: pd.DataFrame,
    respondent_ids: Iterable[int] | None = None,
    population: int | None = None,
    weights: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``question_tables`` for every question of ``questions``, concatenated in survey order.

    Same columns as ``question_tables``; the answers are split by question once.
    """
    respondents_n = None
    if respondent_ids is not None:
        ids = pd.Index(respondent_ids)
        respondents_n = len(ids)
        answers = answers[answers["response_id"].isin(ids)]
    positions = answers.groupby("question", sort=False).indices if len(answers) else {}
    empty = answers.iloc[0:0]
    weights = _weights_dict(weights)
    records, summaries = [], []
    for meta in questions.itertuples(index=False):
        rows = positions.get(meta.key)
        qa = empty if rows is None else answers.iloc[rows]
        part, summary = question_records(
            meta, slice_of(qa, weights), respondents_n, population, SUMMARY_COLUMNS
        )
        records += part
        summaries += summary
    return (
        pd.DataFrame(records, columns=DISTRIBUTION_COLUMNS),
        pd.DataFrame(summaries, columns=SUMMARY_COLUMNS),
    )


# -- response and profile ----------------------------------------------------------------
def response_rates(population: pd.DataFrame) -> pd.DataFrame:
    """Response per gemeente against the invited households (``data.population`` in).

    Columns: gemeente_id, gemeente, werkgebied, households, invited, responses,
    rate_base ("invited", or "households" when nobody was invited), response_rate (0..1,
    NaN when the base is 0), margin (± of a 50 % share at this n, with FPC, as a fraction).
    """
    frame = population[
        ["gemeente_id", "gemeente", "werkgebied", "households", "invited", "responses"]
    ].copy()
    use_invited = frame["invited"] > 0
    frame["rate_base"] = np.where(use_invited, "invited", "households")
    denominator = np.where(use_invited, frame["invited"], frame["households"]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["response_rate"] = np.where(denominator > 0, frame["responses"] / denominator, np.nan)
    frame["margin"] = margin_of_error(frame["responses"].to_numpy(), frame["households"].to_numpy())
    return frame.reset_index(drop=True)


PROFILE_COLUMNS = [
    "variable",
    "group",
    "respondents",
    "respondent_share",
    "households",
    "household_share",
    "difference",
]
UNKNOWN = "unknown"


def profile(
    respondents: pd.DataFrame, register: pd.DataFrame | None, variable: str
) -> pd.DataFrame:
    """Who answered against who lives there, for age_band, household_type or channel.

    ``respondents`` is a (selected) respondents frame; ``register`` is ``data.register``
    restricted to the same gemeenten (None, or any for channel: the register has no channel).
    Columns (PROFILE_COLUMNS): variable, group (the value, "unknown" when not registered),
    respondents, respondent_share, households (NaN for channel), household_share,
    difference (respondent_share - household_share, in percentage points).
    """
    groups = respondents[variable].astype(object).where(respondents[variable].notna(), UNKNOWN)
    counted = groups.value_counts()
    if register is not None and variable in register.columns and len(register):
        reg = register.assign(
            _g=register[variable].astype(object).where(register[variable].notna(), UNKNOWN)
        )
        households = reg.groupby("_g")["households"].sum()
    else:
        households = pd.Series(dtype=float)
    keys = list(dict.fromkeys(sorted(map(str, households.index)) + sorted(map(str, counted.index))))
    total_r, total_h = int(counted.sum()), float(households.sum())
    records = []
    for key in keys:
        r = int(counted.get(key, 0))
        h = float(households.get(key, np.nan)) if len(households) else np.nan
        r_share = r / total_r if total_r else np.nan
        h_share = h / total_h if total_h and not np.isnan(h) else np.nan
        records.append([variable, key, r, r_share, h, h_share, 100 * (r_share - h_share)])
    return pd.DataFrame(records, columns=PROFILE_COLUMNS)

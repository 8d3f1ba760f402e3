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

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # the 97.5 % point of the standard normal distribution

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
DONT_KNOW_NOTE = "dont_know_excluded"
MULTI_NOTE = "several_answers_per_respondent"


# -- intervals ---------------------------------------------------------------------------
def fpc_factor(n, population=None):
    """The finite population correction (N - n) / (N - 1); 1 without N (arrays allowed)."""
    n = np.asarray(n, dtype=float)
    if population is None:
        return np.ones_like(n)
    big_n = np.asarray(population, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(big_n > 1, (big_n - n) / (big_n - 1), 1.0)
    return np.clip(factor, 0.0, 1.0)


def wilson_interval(count, n, population=None, z: float = Z95):
    """Wilson score interval for count / n, with FPC when the population size N is given.

    The FPC enters as an effective sample size n* = n / ((N - n) / (N - 1)); when the whole
    population answered (n >= N) the interval is the share itself. Returns (low, high) as
    floats or numpy arrays; NaN where n is 0.
    """
    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    factor = fpc_factor(n, population)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, count / n, np.nan)
        n_star = np.where(factor > 0, n / factor, np.inf)
        z2 = z * z
        denominator = 1 + z2 / n_star
        centre = (p + z2 / (2 * n_star)) / denominator
        half = z / denominator * np.sqrt(p * (1 - p) / n_star + z2 / (4 * n_star**2))
        low = np.where(np.isinf(n_star), p, centre - half)
        high = np.where(np.isinf(n_star), p, centre + half)
    low, high = np.clip(low, 0, 1), np.clip(high, 0, 1)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def margin_of_error(n, population=None, p: float = 0.5, z: float = Z95):
    """Half-width of the 95 % interval of a share p (worst case 0.5), with FPC; NaN for n 0."""
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = z * np.sqrt(p * (1 - p) / n) * np.sqrt(fpc_factor(n, population))
    value = np.where(n > 0, value, np.nan)
    return float(value) if value.ndim == 0 else value


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
def _get(meta, name, default=None):
    if isinstance(meta, Mapping):
        return meta.get(name, default)
    return getattr(meta, name, default)


def _weights_for(frame: pd.DataFrame, weights: pd.Series | None) -> pd.Series:
    if weights is None:
        return pd.Series(1.0, index=frame.index)
    return frame["response_id"].map(weights).fillna(1.0).astype(float)


def _option_lists(meta):
    options = list(_get(meta, "options") or [])
    return options, [o for o in options if not o.get("dont_know")]


def _empty_distribution() -> pd.DataFrame:
    return pd.DataFrame(columns=DISTRIBUTION_COLUMNS)


def _choice_rows(qa, meta, population, weights, row=None, row_label=None, multi=False):
    """Distribution rows of a single, Likert, multi or matrix-statement question."""
    options, _points = _option_lists(meta)
    dk_mask = qa["dont_know"].to_numpy(dtype=bool)
    valid, dk = qa[~dk_mask], qa[dk_mask]
    w = _weights_for(valid, weights)
    if multi:
        exploded = valid.assign(_w=w).explode("value")
        counts = exploded["value"].value_counts()
        wcounts = exploded.groupby("value")["_w"].sum()
        dk_counts = dk.explode("value")["value"].value_counts()
    else:
        counts = valid["value"].astype(str).value_counts()
        wcounts = w.groupby(valid["value"].astype(str)).sum()
        dk_counts = dk["value"].astype(str).value_counts()
    base, wbase = len(valid), float(w.sum())
    codes = [o["code"] for o in options]
    extra = [c for c in list(counts.index) + list(dk_counts.index) if c not in codes]
    records = []
    for option in options + [{"code": c, "label": c, "dont_know": False} for c in extra]:
        code, is_dk = option["code"], bool(option.get("dont_know"))
        count = int(dk_counts.get(code, 0)) if is_dk else int(counts.get(code, 0))
        share = np.nan if is_dk or base == 0 else count / base
        low, high = (np.nan, np.nan) if is_dk else wilson_interval(count, base, population)
        weighted = np.nan if is_dk or wbase == 0 else float(wcounts.get(code, 0.0)) / wbase
        records.append(
            [
                _get(meta, "key"),
                row,
                row_label,
                code,
                option.get("label", code),
                is_dk,
                count,
                base,
                share,
                low,
                high,
                weighted,
                np.nan,
                np.nan,
                np.nan,
                np.nan,
                None,
            ]
        )
    return records


def _ranking_rows(qa, meta, population, weights):
    """Distribution rows of a ranking: share ranked, placed first, mean rank, Borda points."""
    options, _points = _option_lists(meta)
    dk_mask = qa["dont_know"].to_numpy(dtype=bool)
    valid, dk = qa[~dk_mask], qa[dk_mask]
    depth = _get(meta, "top_n") or max((len(v) for v in valid["value"]), default=1)
    exploded = valid[["response_id", "value"]].explode("value").dropna(subset=["value"])
    exploded["rank"] = exploded.groupby(level=0).cumcount() + 1
    exploded["points"] = (int(depth) - exploded["rank"] + 1).clip(lower=0)
    grouped = exploded.groupby("value")
    ranked, first = grouped.size(), exploded[exploded["rank"] == 1]["value"].value_counts()
    mean_rank, points = grouped["rank"].mean(), grouped["points"].sum()
    w = _weights_for(valid, weights)
    exploded["_w"] = valid["response_id"].map(dict(zip(valid["response_id"], w, strict=True)))
    wranked, wbase = exploded.groupby("value")["_w"].sum(), float(w.sum())
    dk_counts = dk.explode("value")["value"].value_counts()
    base = len(valid)
    records = []
    for option in options:
        code, is_dk = option["code"], bool(option.get("dont_know"))
        if is_dk:
            records.append(
                [
                    _get(meta, "key"),
                    None,
                    None,
                    code,
                    option["label"],
                    True,
                    int(dk_counts.get(code, 0)),
                    base,
                ]
                + [np.nan] * 8
                + [None]
            )
            continue
        count = int(ranked.get(code, 0))
        low, high = wilson_interval(count, base, population)
        records.append(
            [
                _get(meta, "key"),
                None,
                None,
                code,
                option["label"],
                False,
                count,
                base,
                count / base if base else np.nan,
                low,
                high,
                float(wranked.get(code, 0.0)) / wbase if wbase else np.nan,
                float(mean_rank.get(code, np.nan)),
                int(first.get(code, 0)),
                int(first.get(code, 0)) / base if base else np.nan,
                int(points.get(code, 0)),
                None,
            ]
        )
    return records


def _numeric_rows(qa, meta):
    """Distribution rows of a grade or number: one row per value given, then don't know."""
    options, _points = _option_lists(meta)
    dk_mask = qa["dont_know"].to_numpy(dtype=bool)
    valid = qa[~dk_mask & qa["score"].notna().to_numpy()]
    counts = valid["score"].value_counts().sort_index()
    base = len(valid)
    records = [
        [
            _get(meta, "key"),
            None,
            None,
            _number_code(value),
            _number_code(value),
            False,
            int(count),
            base,
            count / base,
            np.nan,
            np.nan,
            np.nan,
            np.nan,
            np.nan,
            np.nan,
            np.nan,
            None,
        ]
        for value, count in counts.items()
    ]
    dk_counts = qa[dk_mask]["value"].astype(str).value_counts()
    for option in options:
        if option.get("dont_know"):
            records.append(
                [
                    _get(meta, "key"),
                    None,
                    None,
                    option["code"],
                    option["label"],
                    True,
                    int(dk_counts.get(option["code"], 0)),
                    base,
                ]
                + [np.nan] * 8
                + [None]
            )
    return records


def _number_code(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _scale_summary(qa, meta, weights, population):
    """Agree / neutral / disagree shares, net score and mean of a Likert scale (or row)."""
    _options, points = _option_lists(meta)
    valid = qa[~qa["dont_know"].to_numpy(dtype=bool)]
    positions = {o["code"]: n for n, o in enumerate(points, start=1)}
    middle = (len(points) + 1) / 2
    pos = valid["value"].astype(str).map(positions)
    base = int(pos.notna().sum())
    agree, disagree = int((pos > middle).sum()), int((pos < middle).sum())
    neutral = base - agree - disagree
    w = _weights_for(valid, weights)
    wbase = float(w[pos.notna()].sum())
    low, high = wilson_interval(agree, base, population)
    return {
        "disagree_share": disagree / base if base else np.nan,
        "neutral_share": neutral / base if base else np.nan,
        "agree_share": agree / base if base else np.nan,
        "agree_ci_low": low,
        "agree_ci_high": high,
        "net_score": 100.0 * (agree - disagree) / base if base else np.nan,
        "agree_share_weighted": float(w[pos > middle].sum()) / wbase if wbase else np.nan,
    }


def _numeric_summary(qa, weights, population):
    """Mean (with a 95 % interval and FPC), median and standard deviation of the scores."""
    valid = qa[~qa["dont_know"].to_numpy(dtype=bool) & qa["score"].notna().to_numpy()]
    scores = valid["score"].astype(float)
    n = len(scores)
    if n == 0:
        return {}
    mean, sd = float(scores.mean()), float(scores.std(ddof=1)) if n > 1 else np.nan
    half = (
        Z95 * sd / math.sqrt(n) * math.sqrt(float(fpc_factor(n, population))) if n > 1 else np.nan
    )
    w = _weights_for(valid, weights)
    return {
        "mean": mean,
        "median": float(scores.median()),
        "sd": sd,
        "mean_ci_low": mean - half,
        "mean_ci_high": mean + half,
        "mean_weighted": float(np.average(scores, weights=w)) if float(w.sum()) else np.nan,
    }


def _summary_row(meta, qa, respondents_n, weights, population, row=None, row_label=None):
    """One summary row for a question (or a matrix statement)."""
    measure = _get(meta, "measure")
    dk = int(qa["dont_know"].sum())
    valid = qa[~qa["dont_know"].to_numpy(dtype=bool)]
    w = _weights_for(valid, weights)
    has_dk = any(o.get("dont_know") for o in _get(meta, "options") or [])
    notes = [DONT_KNOW_NOTE] if has_dk and measure != "text" else []
    if measure in ("multi", "ranking"):
        notes.append(MULTI_NOTE)
    summary = dict.fromkeys(SUMMARY_COLUMNS, np.nan)
    summary.update(
        question=_get(meta, "key"),
        row=row,
        row_label=row_label,
        measure=measure,
        respondents=respondents_n,
        n_answered=len(qa),
        n_dont_know=dk,
        base=len(valid),
        n_eff=effective_n(w) if len(valid) else np.nan,
        note=";".join(notes) or None,
    )
    if measure in ("ordinal", "matrix"):
        summary.update(_scale_summary(qa, meta, weights, population))
        summary.update(_numeric_summary(qa, weights, population))
    elif measure == "numeric":
        summary.update(_numeric_summary(qa, weights, population))
    return summary


def effective_n(weights) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2; NaN for no weights."""
    w = np.asarray(weights, dtype=float)
    total = float((w**2).sum())
    return float(w.sum() ** 2 / total) if total > 0 else float("nan")


def question_tables(
    meta,
    answers: pd.DataFrame,
    respondent_ids: Iterable[int] | None = None,
    population: int | None = None,
    weights: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The distribution and the summary of one question for a selection of respondents.

    ``meta`` is one row of ``data.questions`` (a mapping or a namedtuple); ``answers`` the
    answers frame (other questions are ignored); ``respondent_ids`` the selection (None: every
    answer given); ``population`` N for the finite population correction; ``weights`` a
    Series of weights indexed by response_id (None: unweighted, weighted columns equal the
    unweighted ones).

    Returns (distribution, summary). distribution columns (DISTRIBUTION_COLUMNS): question,
    row, row_label (matrix statement, else None), option (code; for grade/number the value),
    label, dont_know, count, base, share (NaN for "weet ik niet"), ci_low, ci_high,
    share_weighted, mean_rank, first_count, first_share, borda_points (ranking only), note.
    summary columns (SUMMARY_COLUMNS): question, row, row_label, measure, respondents (in the
    selection), n_answered (incl. "weet ik niet"), n_dont_know, base, mean, median, sd,
    mean_ci_low, mean_ci_high (ordinal, matrix, numeric), disagree_share, neutral_share,
    agree_share, agree_ci_low, agree_ci_high, net_score (ordinal, matrix), mean_weighted,
    agree_share_weighted, n_eff (Kish, of the base), note. A text question has a summary
    (its count of answers) and an empty distribution.
    """
    key = _get(meta, "key")
    qa = answers[answers["question"] == key] if "question" in answers else answers
    respondents_n = None
    if respondent_ids is not None:
        ids = pd.Index(respondent_ids)
        respondents_n = len(ids)
        qa = qa[qa["response_id"].isin(ids)]
    measure = _get(meta, "measure")
    records, summaries = [], []
    if measure == "matrix":
        for row in _get(meta, "rows") or []:
            part = qa[qa["row"] == row["code"]]
            records += _choice_rows(part, meta, population, weights, row["code"], row["label"])
            summaries.append(
                _summary_row(
                    meta, part, respondents_n, weights, population, row["code"], row["label"]
                )
            )
    else:
        if measure == "ranking":
            records = _ranking_rows(qa, meta, population, weights)
        elif measure == "numeric":
            records = _numeric_rows(qa, meta)
        elif measure in ("nominal", "ordinal", "multi"):
            records = _choice_rows(qa, meta, population, weights, multi=measure == "multi")
        summaries.append(_summary_row(meta, qa, respondents_n, weights, population))
    distribution = pd.DataFrame(records, columns=DISTRIBUTION_COLUMNS)
    summary = pd.DataFrame(summaries, columns=SUMMARY_COLUMNS)
    notes = summary.set_index("row")["note"] if len(summary) else pd.Series(dtype=object)
    if len(distribution):
        distribution["note"] = [
            notes.get(r) if r is not None else notes.iloc[0] for r in distribution["row"]
        ]
    return distribution, summary


def survey_tables(
    questions: pd.DataFrame,
    answers: pd.DataFrame,
    respondent_ids: Iterable[int] | None = None,
    population: int | None = None,
    weights: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``question_tables`` for every question of ``questions``, concatenated in survey order.

    Same columns as ``question_tables``. The answers are split by question once.
    """
    if respondent_ids is not None:
        answers = answers[answers["response_id"].isin(pd.Index(respondent_ids))]
        count = len(pd.Index(respondent_ids))
    groups = dict(tuple(answers.groupby("question", sort=False))) if len(answers) else {}
    empty = answers.iloc[0:0]
    distributions, summaries = [], []
    for meta in questions.itertuples(index=False):
        qa = groups.get(meta.key, empty)
        distribution, summary = question_tables(meta, qa, None, population, weights)
        if respondent_ids is not None:
            summary["respondents"] = count
        distributions.append(distribution)
        summaries.append(summary)
    if not summaries:
        return _empty_distribution(), pd.DataFrame(columns=SUMMARY_COLUMNS)
    return _concat(distributions, DISTRIBUTION_COLUMNS), _concat(summaries, SUMMARY_COLUMNS)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


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

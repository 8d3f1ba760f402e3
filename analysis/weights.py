"""Post-stratification weights for koepel-wide figures, trimmed, with Kish's effective n.

A respondent's cell is its gemeente and, where the household register knows it, its age
band. The weight of cell h is (N_h / N) / (n_h / n): the cell's share of the households over
its share of the respondents. A gemeente whose age cells are too thin (fewer than
``min_cell`` respondents in a cell, or households in a band nobody of answered) is weighted
as a whole. Weights are then trimmed to [low, high] and rescaled to a mean of 1, repeatedly,
until they stay inside. Pure pandas; no Flask, no database.
"""

import numpy as np
import pandas as pd

from analysis.aggregate import effective_n

WEIGHT_COLUMNS = ["response_id", "cell", "weight_raw", "weight"]
TRIM_LOW, TRIM_HIGH = 0.3, 3.0
SUMMARY_KEYS = ("n", "n_eff", "design_effect", "min_weight", "max_weight", "trimmed")


def _cells(respondents: pd.DataFrame, register: pd.DataFrame, by_age: bool, min_cell: int):
    """Cell labels per respondent and household counts per cell."""
    age_r = respondents["age_band"].astype(object).where(respondents["age_band"].notna(), "?")
    age_h = register["age_band"].astype(object).where(register["age_band"].notna(), "?")
    gem_r = respondents["gemeente_id"].astype("int64").astype(str)
    gem_h = register["gemeente_id"].astype("int64").astype(str)
    if not by_age:
        return gem_r, register.groupby(gem_h)["households"].sum()
    fine_r, fine_h = gem_r + "|" + age_r, gem_h + "|" + age_h
    counts_r = fine_r.value_counts()
    households = register.groupby(fine_h)["households"].sum()
    thin = {
        cell.split("|")[0]
        for cell in set(households.index) | set(counts_r.index)
        if counts_r.get(cell, 0) < min_cell or households.get(cell, 0) == 0
    }
    cell_r = fine_r.where(~gem_r.isin(thin), gem_r)
    cell_h = fine_h.where(~gem_h.isin(thin), gem_h)
    return cell_r, register.groupby(cell_h)["households"].sum()


def trim(weights, low: float = 0.3, high: float = 3.0, rounds: int = 50) -> np.ndarray:
    """Weights capped to [low, high] (relative to a mean of 1) and rescaled to mean 1."""
    w = np.asarray(weights, dtype=float)
    if not len(w):
        return w
    w = w / w.mean()
    for _ in range(rounds):
        w = np.clip(w, low, high)
        w = w / w.mean()
        if w.min() >= low - 1e-9 and w.max() <= high + 1e-9:
            break
    return w


def poststratify(
    respondents: pd.DataFrame,
    register: pd.DataFrame,
    *,
    by_age: bool = True,
    min_cell: int = 20,
    low: float = TRIM_LOW,
    high: float = TRIM_HIGH,
) -> pd.DataFrame:
    """Post-stratification weights of tenant respondents against the household register.

    ``respondents``: ``data.respondents`` (open-link rows and rows without a gemeente are
    left out: they are no part of the register); ``register``: ``data.register``.
    Returns columns (WEIGHT_COLUMNS): response_id, cell ("gemeente_id" or
    "gemeente_id|age_band"), weight_raw (before trimming, mean 1), weight (trimmed, mean 1).
    """
    tenants = respondents[
        (respondents["population"] == "tenant") & respondents["gemeente_id"].notna()
    ]
    if tenants.empty or register.empty:
        return pd.DataFrame(columns=WEIGHT_COLUMNS)
    register = register[register["gemeente_id"].isin(tenants["gemeente_id"].astype("int64"))]
    cell_r, households = _cells(tenants, register, by_age, min_cell)
    n, big_n = len(tenants), float(households.sum())
    sample = cell_r.value_counts()
    raw = cell_r.map(lambda c: (households.get(c, 0) / big_n) / (sample[c] / n)).astype(float)
    raw = raw / raw.mean()
    return pd.DataFrame(
        {
            "response_id": tenants["response_id"].to_numpy(),
            "cell": cell_r.to_numpy(),
            "weight_raw": raw.to_numpy(),
            "weight": trim(raw.to_numpy(), low, high),
        }
    )


def weight_series(weights: pd.DataFrame) -> pd.Series:
    """The weights as a Series indexed by response_id (for ``aggregate.question_tables``)."""
    return pd.Series(weights["weight"].to_numpy(), index=weights["response_id"].to_numpy())


def summarise(weights: pd.DataFrame) -> dict:
    """n, Kish's effective n, the design effect n / n_eff, the weight range, and how many
    weights the trimming changed."""
    if weights.empty:
        return dict.fromkeys(SUMMARY_KEYS, float("nan")) | {"n": 0, "trimmed": 0}
    w = weights["weight"].to_numpy(dtype=float)
    n_eff = effective_n(w)
    raw = weights["weight_raw"].to_numpy(dtype=float)
    changed = (raw < TRIM_LOW - 1e-9) | (raw > TRIM_HIGH + 1e-9)
    return {
        "n": len(w),
        "n_eff": n_eff,
        "design_effect": len(w) / n_eff,
        "min_weight": float(w.min()),
        "max_weight": float(w.max()),
        "trimmed": int(changed.sum()),
    }

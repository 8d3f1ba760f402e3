"""The small-cell rule, applied before any figure leaves the analysis package.

Tiers, on the number of respondents behind a figure:

- fewer than ``suppress_below`` (default 10): nothing is shown, not even counts
  (tier ``suppressed``);
- fewer than ``counts_only_below`` (default 30): counts, but no percentages, intervals or
  averages (tier ``counts_only``);
- otherwise everything (tier ``full``).

Administrators may see unsuppressed figures (``admin=True``): the tier is still computed, so
pages can say which figures would be hidden. Pure pandas; no Flask, no database.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

SUPPRESSED, COUNTS_ONLY, FULL = "suppressed", "counts_only", "full"
CONFIG_SUPPRESS = "RESULTS_SUPPRESS_BELOW"
CONFIG_COUNTS_ONLY = "RESULTS_COUNTS_ONLY_BELOW"

# Columns hidden per tier, in the frames of analysis.aggregate.
COUNT_COLUMNS = ("count", "first_count", "borda_points", "n_dont_know", "respondents")
SHARE_COLUMNS = (
    "share",
    "ci_low",
    "ci_high",
    "share_weighted",
    "mean_rank",
    "first_share",
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
    "respondent_share",
    "household_share",
    "difference",
    "response_rate",
    "margin",
)


@dataclass(frozen=True)
class SuppressionRule:
    """Thresholds of the small-cell rule (suppress_below <= counts_only_below)."""

    suppress_below: int = 10
    counts_only_below: int = 30

    def __post_init__(self):
        if not 0 <= self.suppress_below <= self.counts_only_below:
            raise ValueError("need 0 <= suppress_below <= counts_only_below")

    def tier(self, n) -> np.ndarray:
        """The tier per n (array-like; NaN counts as 0)."""
        n = np.nan_to_num(np.asarray(n, dtype=float), nan=0.0)
        return np.where(
            n < self.suppress_below,
            SUPPRESSED,
            np.where(n < self.counts_only_below, COUNTS_ONLY, FULL),
        )


def rule_from_config(config: Mapping | None = None) -> SuppressionRule:
    """The rule from RESULTS_SUPPRESS_BELOW / RESULTS_COUNTS_ONLY_BELOW in a config mapping.

    Falls back to environment variables of the same names, then to 10 and 30.
    """
    config = config or {}

    def value(name: str, default: int) -> int:
        raw = config.get(name, os.environ.get(name))
        return default if raw in (None, "") else int(raw)

    return SuppressionRule(value(CONFIG_SUPPRESS, 10), value(CONFIG_COUNTS_ONLY, 30))


def apply(
    table: pd.DataFrame,
    rule: SuppressionRule | None = None,
    *,
    admin: bool = False,
    n_column: str | None = None,
    base_column: str | None = None,
) -> pd.DataFrame:
    """A copy of a table of ``analysis.aggregate`` with the small-cell rule applied.

    The tier of a row comes from ``n_column`` (the respondents behind it; default
    ``n_answered`` for summaries, ``group_n`` when present, else ``base``) for suppression,
    and ``base_column`` (default ``base``: the percentage base) for percentages. Adds the
    column ``tier`` (suppressed / counts_only / full). Unless ``admin``: suppressed rows lose
    every count and figure (NA), counts_only rows keep counts but lose shares, intervals,
    averages and scores. Other columns (question, option, labels, note) stay.
    """
    rule = rule or SuppressionRule()
    columns = table.columns
    n_column = n_column or next(
        (c for c in ("group_n", "n_answered", "base", "responses") if c in columns), None
    )
    if n_column is None:
        frame = table.copy()
        frame["tier"] = FULL
        return frame
    base_column = base_column or ("base" if "base" in columns else n_column)
    n_tier = rule.tier(table[n_column])
    base_tier = rule.tier(table[base_column])
    tier = np.where(
        n_tier == SUPPRESSED, SUPPRESSED, np.where(base_tier == FULL, FULL, COUNTS_ONLY)
    )
    data = {column: table[column] for column in columns}  # one new frame, built once
    data["tier"] = tier.astype(object)
    if not admin:
        counts = [c for c in COUNT_COLUMNS + ("base", "n_answered", n_column) if c in columns]
        shares = [c for c in SHARE_COLUMNS if c in columns]
        for names, hide in ((dict.fromkeys(counts), tier == SUPPRESSED), (shares, tier != FULL)):
            for column in names:
                values = table[column].to_numpy(dtype=float, na_value=np.nan)
                data[column] = pd.arrays.FloatingArray(values, np.isnan(values) | hide)
    return pd.DataFrame(data, index=table.index)


def apply_by_group(
    distribution: pd.DataFrame,
    summary: pd.DataFrame,
    rule: SuppressionRule | None = None,
    *,
    admin: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the rule to a question's distribution and summary together.

    The distribution rows take the tier of their summary row (same question and statement),
    so that a cell is never shown when its group is hidden. Returns both, each with ``tier``.
    """
    summary = apply(summary, rule, admin=admin, n_column="n_answered", base_column="base")
    keys = ["question", "row"]
    group = summary[keys + ["n_answered", "base"]].rename(
        columns={"n_answered": "group_n", "base": "_b"}
    )
    merged = distribution.merge(group, on=keys, how="left")
    merged["group_n"] = merged["group_n"].fillna(0)
    out = apply(merged, rule, admin=admin, n_column="group_n", base_column="_b")
    return out.drop(columns=["group_n", "_b"]), summary

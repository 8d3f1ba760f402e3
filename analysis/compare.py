"""Comparisons: a gemeente against the rest of the koepel, this year against last year, and
cross-tabs by background variables. Pure pandas and scipy; no Flask, no database.

Differences are in percentage points. Each compared share comes with a two-proportion z-test
(p_value); each whole distribution with a chi-square test of homogeneity (chi2_p_value).
With many comparisons some will look "significant" by chance: pages should say so.
"""

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import stats

from analysis.aggregate import question_tables

COMPARE_COLUMNS = [
    "question",
    "row",
    "row_label",
    "option",
    "label",
    "count",
    "base",
    "share",
    "count_other",
    "base_other",
    "share_other",
    "difference",
    "z",
    "p_value",
    "chi2_p_value",
    "note",
]
MATCH_COLUMNS = [
    "bank_key",
    "key",
    "key_previous",
    "version",
    "version_previous",
    "wording_changed",
    "options_changed",
]
CROSSTAB_COLUMNS = [
    "variable",
    "group",
    "row",
    "option",
    "label",
    "count",
    "base",
    "share",
    "chi2_p_value",
]
WORDING_CHANGED, OPTIONS_CHANGED = "wording_changed", "options_changed"


def two_proportion_test(x1, n1, x2, n2) -> tuple[float, float]:
    """Two-sided z-test of p1 = p2 with the pooled share: (z, p); NaN when undefined."""
    if not n1 or not n2:
        return math.nan, math.nan
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return math.nan, math.nan
    z = (x1 / n1 - x2 / n2) / se
    return z, float(2 * stats.norm.sf(abs(z)))


def chi_square(table) -> tuple[float, int, float]:
    """Chi-square test of homogeneity of a groups x options count table: (chi2, dof, p).

    Options nobody chose and groups without answers are left out; NaN when fewer than two
    remain on either side.
    """
    counts = np.asarray(table, dtype=float)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0] if counts.size else counts
    if counts.ndim != 2 or min(counts.shape) < 2:
        return math.nan, 0, math.nan
    chi2, p, dof, _expected = stats.chi2_contingency(counts, correction=False)
    return float(chi2), int(dof), float(p)


def _shares(meta, answers, ids) -> pd.DataFrame:
    distribution, _summary = question_tables(meta, answers, ids)
    return distribution[~distribution["dont_know"].astype(bool)]


def _compare(meta, answers_a, ids_a, answers_b, ids_b, note=None, meta_b=None) -> pd.DataFrame:
    """Compare the share per option of two selections (same question or a matched one)."""
    a = _shares(meta, answers_a, ids_a)
    b = _shares(meta_b if meta_b is not None else meta, answers_b, ids_b)
    key = ["row", "option"]
    merged = a.merge(
        b[key + ["count", "base", "share"]].rename(
            columns={"count": "count_other", "base": "base_other", "share": "share_other"}
        ),
        on=key,
        how="inner",
    )
    records = []
    for _row, part in merged.groupby("row", dropna=False, sort=False):
        _chi2, _dof, p_all = chi_square([part["count"], part["count_other"]])
        for item in part.itertuples(index=False):
            z, p = two_proportion_test(item.count, item.base, item.count_other, item.base_other)
            records.append(
                [
                    item.question,
                    item.row,
                    item.row_label,
                    item.option,
                    item.label,
                    item.count,
                    item.base,
                    item.share,
                    item.count_other,
                    item.base_other,
                    item.share_other,
                    100 * (item.share - item.share_other)
                    if item.base and item.base_other
                    else math.nan,
                    z,
                    p,
                    p_all,
                    note,
                ]
            )
    return pd.DataFrame(records, columns=COMPARE_COLUMNS)


def gemeente_vs_rest(
    meta, answers: pd.DataFrame, respondents: pd.DataFrame, gemeente_id: int
) -> pd.DataFrame:
    """One question in one gemeente against the other tenants of the koepel.

    ``respondents`` is a (tenant) respondents frame of the whole koepel. Columns
    (COMPARE_COLUMNS): question, row, row_label, option, label, count, base, share (the
    gemeente), count_other, base_other, share_other (the rest), difference (percentage
    points), z, p_value (two-proportion z-test), chi2_p_value (whole distribution), note.
    "Weet ik niet" is left out, as in the shares.
    """
    inside = respondents["gemeente_id"].eq(gemeente_id).fillna(False).astype(bool)
    return _compare(
        meta,
        answers,
        respondents.loc[inside, "response_id"],
        answers,
        respondents.loc[~inside, "response_id"],
    )


def _option_set(options) -> list[tuple[str, str]]:
    return [(o["code"], o.get("label", "")) for o in options or []]


def match_questions(questions: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Questions of two surveys that share a bank key (``data.questions`` frames in).

    Columns (MATCH_COLUMNS): bank_key, key, key_previous, version, version_previous,
    wording_changed (bank version or Dutch text differ), options_changed (codes or labels
    of the options, or the statements of a matrix, differ).
    """
    now = questions[questions["bank_key"].notna()]
    before = previous[previous["bank_key"].notna()].drop_duplicates("bank_key")
    merged = now.merge(before, on="bank_key", suffixes=("", "_previous"))
    records = [
        [
            row.bank_key,
            row.key,
            row.key_previous,
            row.bank_version,
            row.bank_version_previous,
            bool(row.bank_version != row.bank_version_previous or row.text != row.text_previous),
            bool(
                _option_set(row.options) != _option_set(row.options_previous)
                or _option_set(row.rows) != _option_set(row.rows_previous)
            ),
        ]
        for row in merged.itertuples(index=False)
    ]
    return pd.DataFrame(records, columns=MATCH_COLUMNS)


def year_over_year(
    meta,
    answers: pd.DataFrame,
    meta_previous,
    answers_previous: pd.DataFrame,
    respondent_ids: Iterable[int] | None = None,
    previous_ids: Iterable[int] | None = None,
) -> pd.DataFrame:
    """This year's shares of a question against last year's for the question of the same
    bank key. Columns as ``gemeente_vs_rest`` (the "other" columns are last year); only
    options with the same code in both years are compared. ``note`` holds
    ``wording_changed`` and/or ``options_changed`` (";"-separated) when they differ.
    """
    notes = []
    version = _value(meta, "bank_version"), _value(meta_previous, "bank_version")
    if version[0] != version[1] or _value(meta, "text") != _value(meta_previous, "text"):
        notes.append(WORDING_CHANGED)
    if _option_set(_value(meta, "options")) != _option_set(_value(meta_previous, "options")):
        notes.append(OPTIONS_CHANGED)
    previous = answers_previous.assign(question=_value(meta, "key"))
    previous = previous[answers_previous["question"] == _value(meta_previous, "key")]
    return _compare(
        meta,
        answers,
        respondent_ids,
        previous,
        previous_ids,
        ";".join(notes) or None,
        meta_b=_renamed(meta_previous, _value(meta, "key")),
    )


def _value(meta, name):
    return meta.get(name) if isinstance(meta, dict) else getattr(meta, name, None)


def _renamed(meta, key):
    data = (
        dict(meta)
        if isinstance(meta, dict)
        else meta._asdict()
        if hasattr(meta, "_asdict")
        else meta.to_dict()
    )
    data["key"] = key
    return data


def crosstab(meta, answers: pd.DataFrame, respondents: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Shares of one question per group of a background variable (age_band, household_type,
    channel, gemeente, werkgebied). Columns (CROSSTAB_COLUMNS): variable, group, row, option,
    label, count, base, share, chi2_p_value (homogeneity across the groups, per statement).
    Respondents whose group is unknown form the group "unknown".
    """
    groups = respondents[variable].astype(object).where(respondents[variable].notna(), "unknown")
    parts = []
    for group, ids in respondents["response_id"].groupby(groups.to_numpy()):
        shares = _shares(meta, answers, ids)
        parts.append(shares.assign(variable=variable, group=str(group)))
    if not parts:
        return pd.DataFrame(columns=CROSSTAB_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["chi2_p_value"] = math.nan
    for _row, part in frame.groupby("row", dropna=False, sort=False):
        table = part.pivot_table(index="group", columns="option", values="count", aggfunc="sum")
        frame.loc[part.index, "chi2_p_value"] = chi_square(table.fillna(0).to_numpy())[2]
    return frame[CROSSTAB_COLUMNS]

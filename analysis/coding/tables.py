"""Counts per code per gemeente from coded open answers. Pure pandas: no Flask, no database."""

import pandas as pd

from analysis import suppress

TOTAL = None  # the ``gemeente`` of the row for all gemeenten together
COUNT_COLUMNS = ["gemeente", "code_id", "theme", "label", "count", "base", "share", "answers"]


def code_counts(
    codings: pd.DataFrame,
    answers: pd.DataFrame,
    codes: pd.DataFrame,
    rule: suppress.SuppressionRule | None = None,
    *,
    admin: bool = False,
) -> pd.DataFrame:
    """How many coded answers got each code, per gemeente and for all together.

    ``codings``: response_id, code_id (NA: coded, no code applies) for one question;
    ``answers``: the selection's open answers (response_id, gemeente); ``codes``: code_id,
    theme, label, in codebook order. ``base`` is the number of coded answers in the group
    (an answer can have several codes, so shares add up to more than 100 %); ``answers`` the
    open answers given. The small-cell rule applies to the base. Rows per gemeente in name
    order, then the total (gemeente None), codes in codebook order.
    """
    chosen = answers[["response_id", "gemeente"]].drop_duplicates("response_id")
    coded = codings[codings["response_id"].isin(chosen["response_id"])].merge(
        chosen, on="response_id"
    )
    groups = sorted(g for g in chosen["gemeente"].dropna().unique())
    records = []
    for group in [*groups, TOTAL]:
        mine = coded if group is TOTAL else coded[coded["gemeente"] == group]
        given = len(chosen) if group is TOTAL else int((chosen["gemeente"] == group).sum())
        base = mine["response_id"].nunique()
        counts = mine.dropna(subset=["code_id"]).groupby("code_id")["response_id"].nunique()
        for code in codes.itertuples(index=False):
            count = int(counts.get(code.code_id, 0))
            share = count / base if base else float("nan")
            records.append((group, code.code_id, code.theme, code.label, count, base, share, given))
    frame = pd.DataFrame(records, columns=COUNT_COLUMNS)
    return suppress.apply(frame, rule, admin=admin, n_column="base", base_column="base")


def progress(codings: pd.DataFrame, answers: pd.DataFrame) -> tuple[int, int]:
    """(coded, given) open answers of the selection."""
    ids = set(answers["response_id"])
    return len(ids & set(codings["response_id"])), len(ids)


def matrix(counts: pd.DataFrame) -> dict:
    """The counts as a table to show: one column per gemeente (then all together), one row
    per code. ``columns``: (gemeente or None, base or None when suppressed); ``rows``:
    (label, theme, [(count or None, share or None) per column])."""
    groups = list(dict.fromkeys(None if _missing(g) else g for g in counts["gemeente"]))
    columns, cells = [], {}
    for group in groups:
        mine = (
            counts[counts["gemeente"].isna()]
            if group is None
            else counts[counts["gemeente"] == group]
        )
        base = mine["base"].iloc[0] if len(mine) else None
        columns.append((group, None if _missing(base) else int(base)))
        for row in mine.itertuples(index=False):
            count = None if _missing(row.count) else int(row.count)
            share = None if _missing(row.share) else float(row.share)
            cells.setdefault(row.code_id, (row.label, row.theme, []))[2].append((count, share))
    return {"columns": columns, "rows": list(cells.values())}


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)

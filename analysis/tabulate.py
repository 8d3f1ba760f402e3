"""The per-question engine behind ``aggregate.question_tables`` and ``survey_tables``.

Works on plain arrays of one question's answers (one slice per question or matrix
statement), because a survey has tens of questions and a koepel tens of gemeenten: a few
small pandas operations per question would cost more than the counting itself. Pure Python
and numpy; no Flask, no database. Row layouts are ``aggregate.DISTRIBUTION_COLUMNS`` and
``aggregate.SUMMARY_COLUMNS``.
"""

import math
from collections import Counter, defaultdict

import numpy as np

from analysis.intervals import Z95, fpc_factor, wilson_interval

NAN = math.nan
DONT_KNOW_NOTE = "dont_know_excluded"
MULTI_NOTE = "several_answers_per_respondent"


def get(meta, name, default=None):
    """A field of a question's metadata (a mapping, a namedtuple or a Series)."""
    if isinstance(meta, dict):
        return meta.get(name, default)
    return getattr(meta, name, default)


class Slice:
    """The answers to one question (or one matrix statement) as plain arrays."""

    def __init__(self, values, dont_know, scores, ids, weights=None):
        self.values = values
        self.dk = np.asarray(dont_know, dtype=bool)
        self.scores = np.asarray(scores, dtype=float)
        self.ids = np.asarray(ids)
        self.valid = np.flatnonzero(~self.dk)
        self.dont_know = np.flatnonzero(self.dk)
        self.w = None if weights is None else np.array([weights.get(i, 1.0) for i in self.ids])

    @classmethod
    def of(cls, frame, weights=None):
        """A slice of an answers frame (``data.answers`` columns)."""
        return cls(
            frame["value"].tolist(),
            frame["dont_know"].to_numpy(dtype=bool),
            frame["score"].to_numpy(dtype=float),
            frame["response_id"].to_numpy(),
            weights,
        )

    def part(self, positions) -> "Slice":
        """The answers at these positions (a matrix statement)."""
        positions = np.asarray(positions, dtype=int)
        part = Slice.__new__(Slice)
        part.values = [self.values[i] for i in positions]
        part.dk, part.scores, part.ids = (
            self.dk[positions],
            self.scores[positions],
            self.ids[positions],
        )
        part.valid, part.dont_know = np.flatnonzero(~part.dk), np.flatnonzero(part.dk)
        part.w = None if self.w is None else self.w[positions]
        return part

    def weight(self, i) -> float:
        return 1.0 if self.w is None else float(self.w[i])

    def weight_sum(self, positions) -> float:
        return float(len(positions)) if self.w is None else float(self.w[positions].sum())


def effective_n(weights) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2; NaN for no weights."""
    w = np.asarray(weights, dtype=float)
    total = float((w**2).sum())
    return float(w.sum() ** 2 / total) if total > 0 else NAN


def _row(
    key,
    row,
    row_label,
    code,
    label,
    dk,
    count,
    base,
    share=NAN,
    low=NAN,
    high=NAN,
    weighted=NAN,
    mean_rank=NAN,
    first=NAN,
    first_share=NAN,
    points=NAN,
):
    return [
        key,
        row,
        row_label,
        code,
        label,
        dk,
        count,
        base,
        share,
        low,
        high,
        weighted,
        mean_rank,
        first,
        first_share,
        points,
        None,
    ]


def choice_rows(s: Slice, meta, population, row=None, row_label=None, multi=False) -> list:
    """Distribution rows of a single, Likert, multi or matrix-statement question."""
    options = list(get(meta, "options") or [])
    key = get(meta, "key")
    if multi:
        counts = Counter(c for i in s.valid for c in s.values[i])
        dk_counts = Counter(c for i in s.dont_know for c in s.values[i])
    else:
        counts = Counter(str(s.values[i]) for i in s.valid)
        dk_counts = Counter(str(s.values[i]) for i in s.dont_know)
    base, wbase = len(s.valid), s.weight_sum(s.valid)
    wcounts = counts
    if s.w is not None:
        wcounts = defaultdict(float)
        for i in s.valid:
            for code in s.values[i] if multi else (str(s.values[i]),):
                wcounts[code] += s.weight(i)
    known = {o["code"] for o in options}
    extra = [c for c in list(counts) + list(dk_counts) if c not in known]
    records = []
    for option in options + [{"code": c, "label": c, "dont_know": False} for c in extra]:
        code, label = option["code"], option.get("label", option["code"])
        if option.get("dont_know"):
            records.append(
                _row(key, row, row_label, code, label, True, dk_counts.get(code, 0), base)
            )
            continue
        count = counts.get(code, 0)
        low, high = wilson_interval(count, base, population) if base else (NAN, NAN)
        records.append(
            _row(
                key,
                row,
                row_label,
                code,
                label,
                False,
                count,
                base,
                count / base if base else NAN,
                low,
                high,
                wcounts.get(code, 0) / wbase if wbase else NAN,
            )
        )
    return records


def ranking_rows(s: Slice, meta, population) -> list:
    """Distribution rows of a ranking: share ranked, placed first, mean rank, Borda points
    (top_n points for first place, top_n - 1 for second, ...)."""
    key, options = get(meta, "key"), list(get(meta, "options") or [])
    depth = get(meta, "top_n") or max((len(s.values[i]) for i in s.valid), default=1)
    ranked, first, rank_sum, points = Counter(), Counter(), Counter(), Counter()
    wranked = defaultdict(float)
    for i in s.valid:
        for rank, code in enumerate(s.values[i], start=1):
            ranked[code] += 1
            rank_sum[code] += rank
            points[code] += max(int(depth) - rank + 1, 0)
            first[code] += rank == 1
            wranked[code] += s.weight(i)
    dk_counts = Counter(c for i in s.dont_know for c in s.values[i])
    base, wbase = len(s.valid), s.weight_sum(s.valid)
    records = []
    for option in options:
        code = option["code"]
        if option.get("dont_know"):
            records.append(
                _row(key, None, None, code, option["label"], True, dk_counts.get(code, 0), base)
            )
            continue
        count = ranked.get(code, 0)
        low, high = wilson_interval(count, base, population) if base else (NAN, NAN)
        records.append(
            _row(
                key,
                None,
                None,
                code,
                option["label"],
                False,
                count,
                base,
                count / base if base else NAN,
                low,
                high,
                wranked.get(code, 0.0) / wbase if wbase else NAN,
                rank_sum[code] / count if count else NAN,
                first.get(code, 0),
                first.get(code, 0) / base if base else NAN,
                points.get(code, 0),
            )
        )
    return records


def number_code(value: float) -> str:
    """A value as an option code: 7 rather than 7.0."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def numeric_rows(s: Slice, meta) -> list:
    """Distribution rows of a grade or number: one row per value given, then don't know."""
    key = get(meta, "key")
    scores = s.scores[s.valid]
    scores = scores[~np.isnan(scores)]
    base = len(scores)
    values, counts = np.unique(scores, return_counts=True)
    records = [
        _row(key, None, None, number_code(v), number_code(v), False, int(c), base, c / base)
        for v, c in zip(values, counts, strict=True)
    ]
    dk_counts = Counter(str(s.values[i]) for i in s.dont_know)
    for option in get(meta, "options") or []:
        if option.get("dont_know"):
            records.append(
                _row(
                    key,
                    None,
                    None,
                    option["code"],
                    option["label"],
                    True,
                    dk_counts.get(option["code"], 0),
                    base,
                )
            )
    return records


def scale_summary(s: Slice, meta, population) -> dict:
    """Agree / neutral / disagree shares, net score of a Likert scale (or statement)."""
    points = [o for o in get(meta, "options") or [] if not o.get("dont_know")]
    positions = {o["code"]: n for n, o in enumerate(points, start=1)}
    middle = (len(points) + 1) / 2
    pos = np.array([positions.get(str(s.values[i]), NAN) for i in s.valid], dtype=float)
    known = ~np.isnan(pos)
    base = int(known.sum())
    agree_mask, disagree_mask = pos > middle, pos < middle
    agree, disagree = int(agree_mask.sum()), int(disagree_mask.sum())
    w = np.ones(len(pos)) if s.w is None else s.w[s.valid]
    wbase = float(w[known].sum())
    low, high = wilson_interval(agree, base, population) if base else (NAN, NAN)
    return {
        "disagree_share": disagree / base if base else NAN,
        "neutral_share": (base - agree - disagree) / base if base else NAN,
        "agree_share": agree / base if base else NAN,
        "agree_ci_low": low,
        "agree_ci_high": high,
        "net_score": 100.0 * (agree - disagree) / base if base else NAN,
        "agree_share_weighted": float(w[agree_mask].sum()) / wbase if wbase else NAN,
    }


def numeric_summary(s: Slice, population) -> dict:
    """Mean (with a 95 % interval and FPC), median and standard deviation of the scores."""
    chosen = s.valid[~np.isnan(s.scores[s.valid])]
    scores = s.scores[chosen]
    n = len(scores)
    if n == 0:
        return {}
    mean = float(scores.mean())
    sd = float(scores.std(ddof=1)) if n > 1 else NAN
    fpc = float(fpc_factor(n, population))
    half = Z95 * sd / math.sqrt(n) * math.sqrt(fpc) if n > 1 else NAN
    w = None if s.w is None else s.w[chosen]
    return {
        "mean": mean,
        "median": float(np.median(scores)),
        "sd": sd,
        "mean_ci_low": mean - half,
        "mean_ci_high": mean + half,
        "mean_weighted": mean if w is None else float(np.average(scores, weights=w)),
    }


def summary_row(meta, s: Slice, respondents_n, population, columns, row=None, row_label=None):
    """One summary row (a dict of ``columns``) for a question or a matrix statement."""
    measure = get(meta, "measure")
    has_dk = any(o.get("dont_know") for o in get(meta, "options") or [])
    notes = [DONT_KNOW_NOTE] if has_dk and measure != "text" else []
    if measure in ("multi", "ranking"):
        notes.append(MULTI_NOTE)
    base = len(s.valid)
    summary = dict.fromkeys(columns, NAN)
    summary.update(
        question=get(meta, "key"),
        row=row,
        row_label=row_label,
        measure=measure,
        respondents=respondents_n,
        n_answered=len(s.values),
        n_dont_know=len(s.dont_know),
        base=base,
        n_eff=(float(base) if s.w is None else effective_n(s.w[s.valid])) if base else NAN,
        note=";".join(notes) or None,
    )
    if measure in ("ordinal", "matrix"):
        summary.update(scale_summary(s, meta, population))
        summary.update(numeric_summary(s, population))
    elif measure == "numeric":
        summary.update(numeric_summary(s, population))
    return summary


def question_records(meta, s: Slice, respondents_n, population, columns) -> tuple[list, list]:
    """(distribution rows, summary dicts) of one question; dispatch on its measure."""
    measure = get(meta, "measure")
    records, summaries = [], []
    if measure == "matrix":
        rows = (
            [None if r is None else str(r) for r in s.row_codes] if hasattr(s, "row_codes") else []
        )
        by_row = defaultdict(list)
        for i, code in enumerate(rows):
            by_row[code].append(i)
        for row in get(meta, "rows") or []:
            part = s.part(by_row.get(row["code"], []))
            part_records = choice_rows(part, meta, population, row["code"], row["label"])
            summary = summary_row(
                meta, part, respondents_n, population, columns, row["code"], row["label"]
            )
            for record in part_records:
                record[-1] = summary["note"]
            records += part_records
            summaries.append(summary)
        return records, summaries
    if measure == "ranking":
        records = ranking_rows(s, meta, population)
    elif measure == "numeric":
        records = numeric_rows(s, meta)
    elif measure in ("nominal", "ordinal", "multi"):
        records = choice_rows(s, meta, population, multi=measure == "multi")
    summary = summary_row(meta, s, respondents_n, population, columns)
    for record in records:
        record[-1] = summary["note"]
    return records, [summary]


def slice_of(frame, weights=None) -> Slice:
    """A slice of one question's answers, keeping the matrix statement codes."""
    s = Slice.of(frame, weights)
    s.row_codes = frame["row"].tolist()
    return s

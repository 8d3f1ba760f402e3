"""What a paper says about one question: its key figure in words (with n) and its table,
read from the same suppressed result the results pages show, so a paper never prints a
figure the results page would hide."""

import pandas as pd
from flask_babel import gettext as _

from analysis.papers.document import KeyFigure, Table
from analysis.style import fmt_dec, fmt_int, fmt_pct


def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def _n(value) -> int | None:
    return int(value) if _known(value) else None


def _too_few() -> KeyFigure:
    return KeyFigure(_("Too few answers to show a figure for this question."), None)


def _upper_labels(meta) -> list[str]:
    """The answers above the middle of a scale (what ``agree_share`` counts)."""
    points = [o for o in meta.options if not o["dont_know"]]
    middle = (len(points) + 1) / 2
    return [o["label"] for n, o in enumerate(points, start=1) if n > middle]


def _or(labels: list[str]) -> str:
    quoted = [f"‘{label}’" for label in labels]
    if len(quoted) < 2:
        return "".join(quoted)
    return _("%(first)s or %(last)s", first=", ".join(quoted[:-1]), last=quoted[-1])


def _top(distribution: pd.DataFrame) -> pd.Series | None:
    """The most chosen answer (not "weet ik niet") of a distribution, by count."""
    rows = distribution[~distribution["dont_know"].astype(bool)]
    rows = rows[rows["count"].map(_known)]
    if rows.empty:
        return None
    return rows.loc[rows["count"].astype(float).idxmax()]


def key_figure(meta, result) -> KeyFigure | None:
    """One sentence with the main figure of a question and the n behind it."""
    if meta.measure == "text":
        if not result.answered:
            return None
        return KeyFigure(
            _(
                "%(n)s tenants wrote an answer; %(coded)s of them are coded.",
                n=fmt_int(result.answered),
                coded=fmt_int(result.coded),
            ),
            result.answered,
        )
    summary, distribution = result.summary, result.distribution
    if summary is None or summary.empty:
        return None
    if meta.measure == "matrix":
        rows = summary[summary["agree_share"].map(_known)]
        if rows.empty:
            return _too_few()
        row = rows.loc[rows["agree_share"].astype(float).idxmax()]
        return KeyFigure(
            _(
                "‘%(statement)s’: %(pct)s chose %(answers)s.",
                statement=row["row_label"],
                pct=fmt_pct(row["agree_share"]),
                answers=_or(_upper_labels(meta)),
            ),
            _n(row["base"]),
        )
    first = summary.iloc[0]
    base = _n(first["base"])
    if base is None:
        return _too_few()
    if meta.measure == "ordinal" and _known(first["agree_share"]):
        text = _(
            "%(pct)s chose %(answers)s.",
            pct=fmt_pct(first["agree_share"]),
            answers=_or(_upper_labels(meta)),
        )
        return KeyFigure(text, base)
    if meta.measure == "numeric" and _known(first["mean"]):
        text = _(
            "On average %(mean)s (median %(median)s).",
            mean=fmt_dec(first["mean"]),
            median=fmt_dec(first["median"]),
        )
        return KeyFigure(text, base)
    top = _top(distribution) if distribution is not None and len(distribution) else None
    if top is None:
        return _too_few()
    if meta.measure == "ranking" and _known(top["share"]):
        text = _(
            "%(pct)s put ‘%(label)s’ in their top %(k)d.",
            pct=fmt_pct(top["share"]),
            label=top["label"],
            k=int(meta.top_n or 3),
        )
    elif _known(top["share"]):
        text = _("%(pct)s chose ‘%(label)s’.", pct=fmt_pct(top["share"]), label=top["label"])
    else:  # too few answers for percentages: counts only
        text = _(
            "%(count)s of %(base)s chose ‘%(label)s’ (too few answers for percentages).",
            count=fmt_int(top["count"]),
            base=fmt_int(base),
            label=top["label"],
        )
    return KeyFigure(text, base)


def _cell(value, kind: str) -> str:
    if not _known(value):
        return "–"
    if kind == "pct":
        return fmt_pct(value)
    if kind == "dec":
        return fmt_dec(value)
    return fmt_int(value)


def question_table(meta, result) -> Table | None:
    """The question's figures as a table: answers, counts and shares (suppressed cells: –)."""
    caption = meta.text
    if meta.measure == "text":
        chart = result.chart
        if chart is None or chart.empty:
            return None
        rows = [[str(r.label), fmt_int(r.n)] for r in chart.itertuples(index=False)]
        return Table([_("Code"), _("Answers")], rows, caption, numeric=(1,))
    distribution = result.distribution
    if distribution is None or distribution.empty:
        return None
    ranking = meta.measure == "ranking"
    header = [_("Answer"), _("Number"), _("Share")]
    matrix = meta.measure == "matrix"
    if matrix:  # each statement its own base, said beside it
        header = [_("Statement")] + header
    else:  # one base for the question: its n in the caption
        bases = {
            int(row.base)
            for row in distribution.itertuples(index=False)
            if not row.dont_know and _known(row.base)
        }
        if len(bases) == 1:
            caption = f"{caption} (n = {fmt_int(bases.pop())})"
    if ranking:
        header = [
            _("Answer"),
            _("In top %(k)d", k=int(meta.top_n or 3)),
            _("Share"),
            _("First place"),
        ]
    rows = []
    for row in distribution.itertuples(index=False):
        label = str(row.label) + (f" ({_('not in the percentages')})" if row.dont_know else "")
        cells = [label, _cell(row.count, "int"), _cell(row.share, "pct")]
        if matrix:
            n = f"(n\u00a0=\u00a0{_cell(row.base, 'int')})"  # kept on one line
            cells = [f"{row.row_label or ''} {n}"] + cells
        if ranking:
            cells.append(_cell(row.first_share, "pct"))
        rows.append(cells)
    numeric = tuple(range(1, len(header))) if not matrix else (2, 3)
    return Table(header, rows, caption, numeric=numeric)

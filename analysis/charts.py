"""Charts: a pandas DataFrame in, a matplotlib Figure out; PNG and SVG bytes on request.

Every chart has a plain-word title, a source line (survey, n, date) and its n on every bar;
groups with fewer than ``min_n`` answers are not drawn but named ("te weinig reacties"), and
below ``pct_min`` bars carry counts instead of percentages (the small-cell rule). Long labels
are wrapped and, past three lines, shortened with an ellipsis: the full text is in the table
the page shows beside each chart. Nothing here imports Flask or SQLAlchemy, and nothing asks
which question type a table came from: the table says what it holds.
"""

import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator
from PIL import Image

from analysis import style
from analysis.style import DOCUMENT, FONT, Size, fmt_int, fmt_pct, words, wrap

MIN_N = 10  # below this a group is not shown
PCT_MIN = 30  # below this a group shows counts, not percentages
VERSION = "1"  # part of the cache key: bump when the look of charts changes
PNG_LEVEL = 3  # zlib level of chart PNGs: 6 (the default) makes them ~5 % smaller, slower


@dataclass(frozen=True)
class Source:
    """What the source line under a chart says: survey, number of respondents, date."""

    survey: str
    n: int
    day: date
    note: str = ""

    def line(self, lang: str = "nl") -> str:
        """ "Bron: Raadpleging 2027 · n = 1.234 · 3 maart 2027"."""
        parts = [f"{words(lang)['source']}: {self.survey}", f"n = {fmt_int(self.n, lang)}"]
        parts.append(style.fmt_date(self.day, lang))
        if self.note:
            parts.append(self.note)
        return " \u00b7 ".join(parts)


# -- the frame every chart shares ------------------------------------------------------------


def _frame(size: Size, title: str, source: Source, lang: str, body: float, legend: bool = False):
    """A Figure with the title on top and the source line below; ``body`` is the height in
    inches the plot needs (a document chart grows to fit it, a slide keeps 16:9)."""
    chars = int(size.width * 72 / size.font("title") * 1.55)
    title_text = wrap(title, chars, lines=3)
    title_lines = title_text.count("\n") + 1
    top = (title_lines * size.font("title") * 1.35 + 10 * size.scale) / 72
    title_part = top
    if legend:
        top += size.font("label") * 2.8 / 72
    bottom = (size.font("note") * 2.8) / 72
    height = max(size.height, top + bottom + body) if size.grows else size.height
    fig = style.new_figure(size, height)
    pad = 0.12 / size.width
    fig.text(
        pad,
        1 - 0.08 / height,
        title_text,
        ha="left",
        va="top",
        fontsize=size.font("title"),
        fontweight="bold",
        family=FONT,
        color=style.TEXT,
    )
    fig.text(
        pad,
        0.06 / height,
        wrap(source.line(lang), int(chars * 1.5), lines=2),
        ha="left",
        va="bottom",
        fontsize=size.font("note"),
        family=FONT,
        color=style.MUTED,
    )
    fig.set_layout_engine(
        "constrained",
        rect=(0, bottom / height, 1, 1 - (top + bottom) / height),  # left, bottom, w, h
        w_pad=0.08,
        h_pad=0.06,
    )
    fig.legend_top = 1 - title_part / height  # where a legend under the title starts
    return fig


def _label_width(size: Size, share: float = 0.3) -> int:
    """How many characters of a bar label fit in ``share`` of the figure width."""
    return max(14, int(size.width * share * 72 / (size.font("tick") * 0.6)))


def _label_lines(size: Size, rows: int) -> int:
    """How many lines a bar label may take: three, fewer when many bars share a slide."""
    if size.grows or not rows:
        return 3
    room = (size.height - 2.2) * 72 / rows  # points per bar, less title, legend, axis
    return max(1, min(3, int(room / (size.font("tick") * 1.3))))


def _row_height(size: Size, label: str) -> float:
    """Inches a bar needs in a document chart: room for its label's lines."""
    if not size.grows:
        return 0.0
    return max(0.34, (label.count("\n") + 1) * size.font("tick") * 1.3 / 72 + 0.1)


def _empty(size: Size, title: str, source: Source, lang: str, message: str = "") -> Figure:
    fig = _frame(size, title, source, lang, body=1.2)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        message or words(lang)["no_data"],
        ha="center",
        va="center",
        fontsize=size.font("label"),
        family=FONT,
        color=style.MUTED,
        transform=ax.transAxes,
    )
    return fig


def _n_label(n: int, lang: str) -> str:
    return f"n = {fmt_int(n, lang)}"


def _too_few(n: int, lang: str) -> str:
    return f"n = {fmt_int(n, lang)}: {words(lang)['too_few']}"


def _order(values: pd.Series) -> list:
    """Distinct values in the order they first appear."""
    return list(dict.fromkeys(values.tolist()))


def _dont_know(table: pd.DataFrame) -> pd.Series:
    if "dont_know" in table.columns:
        return table["dont_know"].fillna(False).astype(bool)
    return pd.Series(False, index=table.index)


def _percent_axis(ax, lang: str, symmetric: bool = False) -> None:
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _pos: fmt_pct(abs(x) / 100, lang) if x else "0")
    )


# -- Likert: diverging stacked bars ---------------------------------------------------------


def likert(
    table: pd.DataFrame,
    title: str,
    source: Source,
    size: Size = DOCUMENT,
    lang: str = "nl",
    order: str = "net",
    min_n: int = MIN_N,
    pct_min: int = PCT_MIN,
) -> Figure:
    """Diverging stacked bars (Heiberger & Robbins): one bar per item.

    ``table`` has one row per item and answer category, with the columns
    ``item`` (the bar: a statement, a gemeente, a year), ``code`` (the answer code),
    ``label`` (its text), ``n`` (how many gave it) and optionally ``dont_know`` (True for
    "weet ik niet"). Scale categories come in scale order, negative first. The lower half of
    the scale is drawn left of zero, the upper half right, a middle category split across
    zero; "weet ik niet" is a separate bar on the right, as a share of all answers, and
    left out of the percentage base of the scale. ``order="net"`` puts the item with the most
    agreement on top; ``"given"`` keeps the table's order.
    """
    lexicon = words(lang)
    if table.empty or table["n"].sum() == 0:
        return _empty(size, title, source, lang)
    dk_mask = _dont_know(table)
    scale = table[~dk_mask]
    codes = _order(scale["code"]) if not scale.empty else []
    labels = dict(zip(scale["code"], scale["label"], strict=False))
    items = _order(table["item"])
    counts = (
        scale.pivot_table(index="item", columns="code", values="n", aggfunc="sum", fill_value=0)
        .reindex(index=items, columns=codes, fill_value=0)
        .astype(float)
    )
    dk = table[dk_mask].groupby("item")["n"].sum().reindex(items, fill_value=0)
    base = counts.sum(axis=1)
    shares = counts.div(base.where(base > 0, 1), axis=0) * 100
    k = len(codes)
    low = k // 2
    middle = k % 2 == 1
    neg = shares.iloc[:, :low].sum(axis=1) + (shares.iloc[:, low] / 2 if middle else 0)
    if order == "net" and len(items) > 1:
        net = shares.iloc[:, k - low :].sum(axis=1) - shares.iloc[:, :low].sum(axis=1)
        items = list(net.sort_values(ascending=True, kind="stable").index[::-1])
    items_drawn = items[::-1]  # barh draws bottom-up: the first item on top
    lines = _label_lines(size, len(items))
    item_labels = {i: wrap(i, _label_width(size, 0.3), lines) for i in items}
    body = 0.9 + sum(_row_height(size, item_labels[i]) for i in items)
    fig = _frame(size, title, source, lang, body=body, legend=True)
    has_dk = bool(dk.sum())
    grid = fig.add_gridspec(1, 2, width_ratios=(6, 1) if has_dk else (14, 1))
    ax = fig.add_subplot(grid[0, 0])
    ax_dk = fig.add_subplot(grid[0, 1])  # own ticks: it names every bar's n on the right
    colours = style.DIVERGING.get(k, style.DIVERGING[5][:k] if k <= 5 else None)
    if colours is None:  # a longer scale: sample the same orange-grey-purple ramp
        colours = [style.DIVERGING[5][round(i * 4 / (k - 1))] for i in range(k)]
    y = np.arange(len(items_drawn))
    shown = [i for i in items_drawn if base[i] >= min_n]
    extent = max([neg[i] for i in shown] + [100 - neg[i] for i in shown] + [0.0])
    limit = max(50.0, min(100.0, np.ceil((extent + 14) / 25) * 25))
    # the narrowest segment that still holds its label ("14 %") inside
    axis_inches = size.width * (0.55 if has_dk else 0.62)
    fits = 4.6 * 0.62 * size.font("value") / 72 / (axis_inches / (2 * limit))
    drawn = [pos for pos, item in zip(y, items_drawn, strict=True) if base[item] >= min_n]
    lefts = np.array([-neg[item] for item in items_drawn if base[item] >= min_n])
    for j, code in enumerate(codes):  # one call per category: every bar's segment at once
        widths = np.array([shares.loc[item, code] for item in items_drawn if base[item] >= min_n])
        ax.barh(
            drawn,
            widths,
            left=lefts,
            color=colours[j],
            edgecolor="white",
            height=0.7,
            linewidth=0.6,
        )
        lefts = lefts + widths
    for pos, item in zip(y, items_drawn, strict=True):
        n = int(base[item])
        if n < min_n:
            ax.text(
                0,
                pos,
                _too_few(n, lang),
                ha="center",
                va="center",
                fontsize=size.font("value"),
                family=FONT,
                color=style.MUTED,
            )
            continue
        left = -neg[item]
        for j, code in enumerate(codes):
            width = shares.loc[item, code]
            if width >= fits:
                text = (
                    fmt_pct(width / 100, lang) if n >= pct_min else fmt_int(counts.loc[item, code])
                )
                ax.text(
                    left + width / 2,
                    pos,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size.font("value"),
                    family=FONT,
                    color=style.text_colour(colours[j]),
                )
            left += width
        if n >= pct_min:  # the two totals a negotiator quotes: all disagree, all agree
            for x, share, align in (
                (-neg[item], shares.loc[item].iloc[:low].sum(), "right"),
                (left, shares.loc[item].iloc[k - low :].sum(), "left"),
            ):
                ax.text(
                    x + (-1.5 if align == "right" else 1.5),
                    pos,
                    fmt_pct(share / 100, lang),
                    ha=align,
                    va="center",
                    fontsize=size.font("value"),
                    family=FONT,
                    fontweight="bold",
                    color=style.TEXT,
                )
    ax.set_xlim(-limit, limit)
    ax.axvline(0, color=style.MUTED, linewidth=1, zorder=0.5)
    ax.set_yticks(y, [item_labels[i] for i in items_drawn])
    ax.xaxis.set_major_locator(MultipleLocator(25 if limit <= 75 else 50))
    ax.set_ylim(-0.6, len(items_drawn) - 0.4)
    style.tidy_axes(ax, size)
    _percent_axis(ax, lang)
    ax.set_xlabel(
        f"{lexicon['disagree']}     {lexicon['share_of']}     {lexicon['agree']}",
        fontsize=size.font("note"),
        family=FONT,
        color=style.MUTED,
    )
    # "weet ik niet": its own bar, a share of all answers, with every bar's n on the right.
    totals = base + dk
    for pos, item in zip(y, items_drawn, strict=True):
        if totals[item] < min_n or not dk[item]:
            continue
        share = dk[item] / totals[item] * 100
        ax_dk.barh(pos, share, color=style.DONT_KNOW, height=0.7)
        text = fmt_pct(share / 100, lang) if totals[item] >= pct_min else fmt_int(dk[item])
        ax_dk.text(
            share + 2,
            pos,
            text,
            va="center",
            fontsize=size.font("value"),
            family=FONT,
            color=style.TEXT,
        )
    ax_dk.set_xlim(0, 100)
    ax_dk.set_ylim(ax.get_ylim())
    ax_dk.set_xticks([])
    ax_dk.set_title(
        lexicon["dont_know"] if has_dk else "",
        fontsize=size.font("note"),
        family=FONT,
        color=style.MUTED,
    )
    style.tidy_axes(ax_dk, size)
    ax_dk.tick_params(axis="y", labelleft=False, labelright=True)
    ax_dk.yaxis.set_ticks_position("right")
    ax_dk.set_yticks(y, [_n_label(int(totals[i]), lang) for i in items_drawn])
    ax_dk.tick_params(axis="y", labelsize=size.font("note"), colors=style.MUTED)
    if codes:
        handles = [
            Patch(facecolor=colours[j], label=wrap(labels[c], 22, 2)) for j, c in enumerate(codes)
        ]
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.01, fig.legend_top),
            ncol=min(k, 5),
            frameon=False,
            fontsize=size.font("note"),
            handlelength=1.2,
            columnspacing=1.0,
            prop={"family": FONT, "size": size.font("note")},
        )
    return fig


# -- choices: one bar per option -------------------------------------------------------------


def choices(
    table: pd.DataFrame,
    title: str,
    source: Source,
    size: Size = DOCUMENT,
    lang: str = "nl",
    base: int | None = None,
    min_n: int = MIN_N,
    pct_min: int = PCT_MIN,
) -> Figure:
    """Horizontal bars, one per answer option, in the table's order.

    ``table`` has one row per option: ``code``, ``label``, ``n`` and optionally
    ``dont_know``. Shares are of ``base`` when given (for multiple choice: the number of
    people who answered, so shares add up to more than 100 %), else of the options' total
    without "weet ik niet". "Weet ik niet" is drawn apart, below, as a share of all answers.
    """
    lexicon = words(lang)
    dk_mask = _dont_know(table)
    options, dk = table[~dk_mask], table[dk_mask]
    total = int(base if base is not None else options["n"].sum())
    if table.empty or (total == 0 and dk["n"].sum() == 0):
        return _empty(size, title, source, lang)
    if total + (0 if base is not None else int(dk["n"].sum())) < min_n:
        return _empty(size, title, source, lang, _too_few(total, lang))
    rows = list(options.itertuples(index=False)) + list(dk.itertuples(index=False))
    row = 0.36 if size.grows else 0
    fig = _frame(size, title, source, lang, body=0.7 + row * (len(rows) + 0.5))
    ax = fig.add_subplot()
    everyone = total + (int(dk["n"].sum()) if base is None else 0)
    y, positions = [], len(rows) + (0.5 if len(dk) else 0)
    labels, bars = [], []
    for i, option in enumerate(rows):
        is_dk = i >= len(options)
        pos = positions - i - (0.5 if is_dk else 0) - 1
        denominator = everyone if is_dk else total
        share = option.n / denominator * 100 if denominator else 0
        bars.append((pos, share, style.DONT_KNOW if is_dk else style.MAIN))
        if denominator >= pct_min:
            text = f"{fmt_pct(share / 100, lang)}  ({fmt_int(option.n, lang)})"
        else:
            text = f"{fmt_int(option.n, lang)} {lexicon['of']} {fmt_int(denominator, lang)}"
        ax.text(
            share + 1,
            pos,
            text,
            va="center",
            fontsize=size.font("value"),
            family=FONT,
            color=style.TEXT,
        )
        y.append(pos)
        labels.append(wrap(option.label, _label_width(size, 0.3)))
    bar_y, widths, colours = zip(*bars, strict=True)
    ax.barh(bar_y, widths, color=colours, height=0.68)  # one call for every bar
    top_share = max(widths)
    ax.set_xlim(0, max(25.0, min(100.0, np.ceil((top_share + 18) / 25) * 25)))
    ax.set_yticks(y, labels)
    ax.set_ylim(min(y) - 0.6, max(y) + 0.6)
    style.tidy_axes(ax, size)
    _percent_axis(ax, lang)
    what = lexicon["share_choosing"] if base is not None else lexicon["share_of"]
    ax.set_xlabel(
        f"{what} ({_n_label(total, lang)})",
        fontsize=size.font("note"),
        family=FONT,
        color=style.MUTED,
    )
    return fig


# -- ranking ---------------------------------------------------------------------------------


def ranking(
    table: pd.DataFrame,
    title: str,
    source: Source,
    base: int,
    size: Size = DOCUMENT,
    lang: str = "nl",
    min_n: int = MIN_N,
) -> Figure:
    """Stacked bars: the share of respondents placing each option first, second, ...

    ``table`` has one row per option and place: ``code``, ``label``, ``rank`` (1 = most
    important) and ``n``. ``base`` is the number of people who answered the question. Options
    are sorted by their points (Borda: top N places give N, N-1, ... 1 points), which are
    written at the end of each bar with the share placing it first.
    """
    lexicon = words(lang)
    if table.empty or base == 0:
        return _empty(size, title, source, lang)
    if base < min_n:
        return _empty(size, title, source, lang, _too_few(base, lang))
    places = int(table["rank"].max())
    counts = table.pivot_table(
        index="code", columns="rank", values="n", aggfunc="sum", fill_value=0
    ).reindex(columns=range(1, places + 1), fill_value=0)
    labels = dict(zip(table["code"], table["label"], strict=False))
    points = sum(counts[r] * (places + 1 - r) for r in range(1, places + 1))
    codes = list(points.sort_values(ascending=False, kind="stable").index)[::-1]
    row = 0.38 if size.grows else 0
    fig = _frame(size, title, source, lang, body=0.8 + row * len(codes), legend=True)
    ax = fig.add_subplot()
    ramp = ("#1f4e79", "#5b8fc2", "#a9c8e6", "#d6e5f3", "#eef4fa")
    y = np.arange(len(codes))
    left = np.zeros(len(codes))
    for r in range(1, places + 1):
        widths = np.array([counts.loc[c, r] / base * 100 for c in codes])
        colour = ramp[min(r - 1, len(ramp) - 1)]
        ax.barh(
            y,
            widths,
            left=left,
            color=colour,
            edgecolor="white",
            height=0.68,
            label=f"{r}e plaats" if lang == "nl" else f"place {r}",
        )
        left += widths
    for pos, code in zip(y, codes, strict=True):
        first = counts.loc[code, 1] / base
        ax.text(
            left[pos] + 1,
            pos,
            f"{fmt_int(points[code], lang)} {lexicon['points_word']} \u00b7 "
            f"{fmt_pct(first, lang)} {lexicon['first']}",
            va="center",
            fontsize=size.font("value"),
            family=FONT,
            color=style.TEXT,
        )
    ax.set_xlim(0, min(100.0, np.ceil((left.max() + 30) / 25) * 25))
    ax.set_yticks(y, [wrap(labels[c], _label_width(size, 0.28)) for c in codes])
    style.tidy_axes(ax, size)
    _percent_axis(ax, lang)
    ax.set_xlabel(
        f"{lexicon['share_choosing']} ({_n_label(base, lang)})",
        fontsize=size.font("note"),
        family=FONT,
        color=style.MUTED,
    )
    fig.legend(
        loc="upper left",
        bbox_to_anchor=(0.01, fig.legend_top),
        ncol=places,
        frameon=False,
        prop={"family": FONT, "size": size.font("note")},
    )
    return fig


# -- gemeenten side by side --------------------------------------------------------------------


def gemeenten(
    table: pd.DataFrame,
    title: str,
    source: Source,
    size: Size = DOCUMENT,
    lang: str = "nl",
    min_n: int = MIN_N,
    pct_min: int = PCT_MIN,
) -> Figure:
    """Small multiples: one panel per gemeente with the same bars on the same scale.

    ``table`` has one row per gemeente and option: ``gemeente``, ``code``, ``label``, ``n``
    and optionally ``dont_know`` ("weet ik niet" is left out of the base and named in the
    panel title). Panels come in the table's order of gemeenten.
    """
    names = _order(table["gemeente"]) if not table.empty else []
    if not names:
        return _empty(size, title, source, lang)
    dk_mask = _dont_know(table)
    options = table[~dk_mask]
    codes = _order(options["code"])
    labels = dict(zip(options["code"], options["label"], strict=False))
    columns = min(len(names), 4 if size.width > 10 else 3)
    lines = int(np.ceil(len(names) / columns))
    panel = 0.32 * len(codes) + 0.6
    fig = _frame(size, title, source, lang, body=panel * lines if size.grows else 0)
    axes = fig.subplots(lines, columns, sharex=True, sharey=True, squeeze=False)
    y = np.arange(len(codes))[::-1]
    for index, name in enumerate(names):
        ax = axes[index // columns][index % columns]
        rows = options[options["gemeente"] == name].groupby("code")["n"].sum()
        rows = rows.reindex(codes, fill_value=0)
        n = int(rows.sum())
        dk = int(table[dk_mask & (table["gemeente"] == name)]["n"].sum())
        ax.set_title(
            f"{name} ({_n_label(n + dk, lang)})",
            fontsize=size.font("label"),
            family=FONT,
            color=style.TEXT,
            loc="left",
        )
        style.tidy_axes(ax, size)
        if n < min_n:
            ax.text(
                50,
                y.mean() if len(y) else 0,
                words(lang)["too_few"],
                ha="center",
                va="center",
                fontsize=size.font("note"),
                family=FONT,
                color=style.MUTED,
            )
            continue
        shares = rows / n * 100
        ax.barh(y, shares.values, color=style.MAIN, height=0.68)
        for pos, code in zip(y, codes, strict=True):
            text = fmt_pct(shares[code] / 100, lang) if n >= pct_min else fmt_int(rows[code])
            ax.text(
                shares[code] + 2,
                pos,
                text,
                va="center",
                fontsize=size.font("note"),
                family=FONT,
                color=style.TEXT,
            )
    for index in range(len(names), lines * columns):
        axes[index // columns][index % columns].set_axis_off()
        axes[index // columns - 1][index % columns].xaxis.set_tick_params(labelbottom=True)
    first = axes[0][0]
    first.set_xlim(0, 100)
    first.xaxis.set_major_locator(MultipleLocator(50))
    first.set_yticks(y, [wrap(labels[c], _label_width(size, 0.12), 2) for c in codes])
    _percent_axis(first, lang)
    return fig


# -- change since last year ---------------------------------------------------------------------


def change(
    table: pd.DataFrame,
    title: str,
    source: Source,
    size: Size = DOCUMENT,
    lang: str = "nl",
    min_n: int = MIN_N,
) -> Figure:
    """Last year and this year side by side (a dot for each, with its 95 % interval).

    ``table`` has two rows per item: ``item`` (what was measured, e.g. "eens met ..."),
    ``period`` (e.g. "2026", "2027"; the earlier first), ``share`` (0..1), ``low`` and
    ``high`` (the interval, 0..1) and ``n``; optionally ``significant`` (True where the test
    of the change found it). The change in percentage points is written at the right.
    """
    lexicon = words(lang)
    if table.empty:
        return _empty(size, title, source, lang)
    periods = _order(table["period"].astype(str))
    items = _order(table["item"])[::-1]
    row = 0.5 if size.grows else 0
    fig = _frame(size, title, source, lang, body=0.9 + row * len(items), legend=True)
    ax = fig.add_subplot()
    colours = (style.LAST_YEAR, style.MAIN)
    y = np.arange(len(items))
    for pos, item in zip(y, items, strict=True):
        rows = table[table["item"] == item].assign(period=lambda t: t["period"].astype(str))
        rows = rows.set_index("period").reindex(periods)
        enough = rows["n"].fillna(0) >= min_n
        for j, period in enumerate(periods[-2:]):
            if not enough[period]:
                continue
            share, low, high = (rows.loc[period, c] * 100 for c in ("share", "low", "high"))
            offset = (j - 0.5) * 0.18
            ax.plot(
                [low, high],
                [pos + offset] * 2,
                color=colours[j],
                linewidth=2.2,
                solid_capstyle="round",
            )
            ax.plot(
                [share],
                [pos + offset],
                "o",
                color=colours[j],
                markersize=7 * size.scale,
                label=f"{period} ({_n_label(int(rows.loc[period, 'n']), lang)})"
                if len(items) == 1
                else period
                if pos == y[-1]
                else None,
            )
        if enough.iloc[-2:].all():
            diff = (rows["share"].iloc[-1] - rows["share"].iloc[-2]) * 100
            significant = bool(rows.get("significant", pd.Series(False)).fillna(False).iloc[-1])
            before, now = rows["share"].iloc[-2], rows["share"].iloc[-1]
            ax.text(
                1.01,
                pos,
                f"{fmt_pct(before, lang)} \u2192 {fmt_pct(now, lang)}\n"
                f"{style.fmt_signed(diff, lang)} {lexicon['points_short']}"
                + (" *" if significant else ""),
                transform=ax.get_yaxis_transform(),
                va="center",
                fontsize=size.font("value"),
                family=FONT,
                fontweight="bold" if significant else "normal",
                color=style.TEXT,
            )
        else:
            ax.text(
                50,
                pos,
                lexicon["too_few"],
                ha="center",
                va="center",
                fontsize=size.font("note"),
                family=FONT,
                color=style.MUTED,
            )
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(items) - 0.4)
    ax.set_yticks(y, [wrap(i, _label_width(size, 0.25)) for i in items])
    style.tidy_axes(ax, size)
    _percent_axis(ax, lang)
    note = (
        f"* {lexicon['significant']}"
        if "significant" in table and table["significant"].any()
        else ""
    )
    ax.set_xlabel(note, fontsize=size.font("note"), family=FONT, color=style.MUTED)
    fig.legend(
        loc="upper left",
        bbox_to_anchor=(0.01, fig.legend_top),
        ncol=2,
        frameon=False,
        prop={"family": FONT, "size": size.font("note")},
    )
    return fig


# -- fieldwork ---------------------------------------------------------------------------------


def _channel_name(channel: str, lang: str) -> str:
    return words(lang)["channels"].get(channel, channel)


def response_rate(
    table: pd.DataFrame, title: str, source: Source, size: Size = DOCUMENT, lang: str = "nl"
) -> Figure:
    """Response per gemeente as a share of the invited households, stacked by channel.

    ``table`` has one row per gemeente and channel: ``gemeente``, ``channel`` ("online",
    "keyed", "scanned"), ``n`` (responses sent) and ``invited`` (households with a code in
    that gemeente, the same on each of its rows). The dashed line is the whole selection.
    """
    lexicon = words(lang)
    if table.empty or table.groupby("gemeente")["invited"].max().sum() == 0:
        return _empty(size, title, source, lang)
    invited = table.groupby("gemeente", sort=False)["invited"].max()
    counts = table.pivot_table(
        index="gemeente", columns="channel", values="n", aggfunc="sum", fill_value=0
    )
    channels = [c for c in style.CHANNEL_COLOURS if c in counts.columns]
    counts = counts.reindex(index=invited.index, columns=channels, fill_value=0)
    rate = counts.sum(axis=1) / invited.where(invited > 0, np.nan)
    names = list(rate.sort_values(ascending=True, na_position="first", kind="stable").index)
    row = 0.34 if size.grows else 0
    fig = _frame(size, title, source, lang, body=0.9 + row * len(names), legend=True)
    ax = fig.add_subplot()
    y = np.arange(len(names))
    left = np.zeros(len(names))
    for channel in channels:
        widths = np.array(
            [counts.loc[g, channel] / invited[g] * 100 if invited[g] else 0 for g in names]
        )
        ax.barh(
            y,
            widths,
            left=left,
            color=style.CHANNEL_COLOURS[channel],
            height=0.68,
            label=_channel_name(channel, lang),
            edgecolor="white",
            linewidth=0.5,
        )
        left += widths
    for pos, name in zip(y, names, strict=True):
        sent = int(counts.loc[name].sum())
        text = (
            (
                f"{fmt_pct(sent / invited[name], lang)}  ({fmt_int(sent, lang)} "
                f"{lexicon['of']} {fmt_int(invited[name], lang)})"
            )
            if invited[name]
            else "\u2013"
        )
        ax.text(
            left[pos] + 0.5,
            pos,
            text,
            va="center",
            fontsize=size.font("value"),
            family=FONT,
            color=style.TEXT,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    overall = counts.values.sum() / invited.sum()
    ax.axvline(overall * 100, color=style.MUTED, linestyle="--", linewidth=1, zorder=0.5)
    ax.text(
        overall * 100,
        len(names) - 0.45,
        f" {lexicon['all_together']}: {fmt_pct(overall, lang)}",
        va="bottom",
        fontsize=size.font("note"),
        family=FONT,
        color=style.MUTED,
    )
    ax.set_xlim(0, max(10.0, np.ceil((left.max() * 1.45 + 4) / 5) * 5))
    ax.set_yticks(y, [wrap(n, _label_width(size, 0.2), 2) for n in names])
    style.tidy_axes(ax, size)
    _percent_axis(ax, lang)
    ax.set_ylim(-0.6, len(names) + 0.2)
    ax.set_xlabel(
        lexicon["response_rate"], fontsize=size.font("note"), family=FONT, color=style.MUTED
    )
    fig.legend(
        loc="upper left",
        bbox_to_anchor=(0.01, fig.legend_top),
        ncol=len(channels),
        frameon=False,
        prop={"family": FONT, "size": size.font("note")},
    )
    return fig


def _short_date(value: float, lang: str) -> str:
    day = num2date(value)
    if lang == "nl":
        return f"{day.day} {style.MONTHS_NL[day.month - 1][:3]}"
    return f"{day.day} {day.strftime('%b')}"


def _spread(values: list[float], gap: float) -> list[float]:
    """Label heights near ``values`` but at least ``gap`` apart (end labels of lines)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = list(values)
    for before, after in zip(order, order[1:], strict=False):
        placed[after] = max(placed[after], placed[before] + gap)
    return placed


def fieldwork(
    table: pd.DataFrame, title: str, source: Source, size: Size = DOCUMENT, lang: str = "nl"
) -> Figure:
    """Responses over time during fieldwork, one rising line per channel (running totals).

    ``table`` has one row per day and channel: ``day`` (a date), ``channel`` ("online",
    "keyed", "scanned") and ``n`` (responses sent that day). Each line is named at its end.
    """
    lexicon = words(lang)
    if table.empty or table["n"].sum() == 0:
        return _empty(size, title, source, lang)
    days = pd.to_datetime(table["day"])
    daily = (
        table.assign(day=days)
        .pivot_table(index="day", columns="channel", values="n", aggfunc="sum", fill_value=0)
        .sort_index()
    )
    full = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
    running = daily.reindex(full, fill_value=0).cumsum()
    fig = _frame(size, title, source, lang, body=2.6)
    ax = fig.add_subplot()
    x = date2num(running.index.to_pydatetime())
    top = running.to_numpy().max() * 1.12 + 1
    channels = [c for c in style.CHANNEL_COLOURS if c in running.columns]
    ends = _spread([running[c].iloc[-1] for c in channels], gap=top * 0.07)
    for channel, end in zip(channels, ends, strict=True):
        values = running[channel].to_numpy()
        ax.plot(x, values, color=style.CHANNEL_COLOURS[channel], linewidth=2.2)
        ax.text(
            x[-1],
            end,
            f"  {_channel_name(channel, lang)}: {fmt_int(values[-1], lang)}",
            va="center",
            fontsize=size.font("value"),
            family=FONT,
            color=style.TEXT,
        )
    ax.set_xlim(x[0], x[-1] + max(1.0, (x[-1] - x[0]) * 0.35))
    ax.set_ylim(0, top)
    ax.xaxis.set_major_locator(AutoDateLocator(maxticks=7))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: _short_date(v, lang)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_int(v, lang)))
    style.tidy_axes(ax, size, grid_axis="y")
    ax.set_ylabel(lexicon["responses"], fontsize=size.font("note"), family=FONT, color=style.MUTED)
    return fig


# -- output and cache ----------------------------------------------------------------------------


def to_png(fig: Figure, size: Size | None = None) -> bytes:
    """The chart as PNG bytes at the size's resolution."""
    if size is None or size.dpi == fig.dpi:
        return png_bytes(to_image(fig), fig.dpi)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=size.dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def to_image(fig: Figure) -> Image.Image:
    """The chart drawn once on its own canvas, as an RGB image: the pixels ``savefig`` writes
    at the figure's resolution, without its second (layout-only) drawing pass."""
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height(physical=True)
    pixels = Image.frombuffer(
        "RGBA", (width, height), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    return pixels.convert("RGB")


def png_bytes(image: Image.Image, dpi: float) -> bytes:
    """An image as PNG (a chart is flat colour: fast compression loses little)."""
    buffer = io.BytesIO()
    image.save(buffer, format="png", dpi=(dpi, dpi), compress_level=PNG_LEVEL)
    return buffer.getvalue()


def to_svg(fig: Figure) -> bytes:
    """The chart as SVG bytes (no date inside, so equal charts give equal files)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    return buffer.getvalue()


CHARTS = {
    "likert": likert,
    "choices": choices,
    "ranking": ranking,
    "gemeenten": gemeenten,
    "change": change,
    "response_rate": response_rate,
    "fieldwork": fieldwork,
}


def cache_key(kind: str, table: pd.DataFrame, options: dict, fmt: str, size: Size) -> str:
    """A hash of the chart kind, its options, the output and every cell of its table."""
    payload = json.dumps(
        {
            "version": VERSION,
            "kind": kind,
            "fmt": fmt,
            "size": size.name,
            "options": options,
            "table": table.to_json(orient="split", date_format="iso", default_handler=str),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render_cached(
    kind: str, table: pd.DataFrame, options: dict, fmt: str, size: Size, folder: Path
) -> bytes:
    """The chart's bytes from ``folder`` when the same table was drawn before, else drawn now
    and stored (written to a temporary file and renamed, so readers never see half a file)."""
    if fmt not in ("png", "svg"):
        raise ValueError(fmt)
    path = _cache_path(kind, table, options, fmt, size, folder)
    if path.exists():
        return path.read_bytes()
    fig = CHARTS[kind](table, size=size, **options)
    data = to_png(fig, size) if fmt == "png" else to_svg(fig)
    _store(path, data)
    return data


def _cache_path(kind, table, options, fmt, size, folder) -> Path:
    return Path(folder) / f"{kind}-{cache_key(kind, table, options, fmt, size)}.{fmt}"


def _store(path: Path, data: bytes) -> None:
    """Written to a temporary file and renamed, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)

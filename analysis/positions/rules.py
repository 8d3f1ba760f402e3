"""Draft positions proposed from the results, by four plain rules a board member can read.

1. A clear majority: at least 60 % of at least 30 answers, with the whole 95 % margin above
   half (so the majority is not chance).
2. A large difference from the rest of the koepel: at least 10 percentage points and
   significant (``analysis.comparisons``), both sides with enough answers.
3. A significant change since last year of at least 5 percentage points.
4. A top priority: the option most often ranked first in a ranking question.

Each suggestion says which rule fired and with which figures; the figures come from the same
tables as the results pages, with the small-cell rule applied.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from analysis import comparisons, dashboard
from analysis.positions.evidence import Figures, raw
from analysis.style import fmt_int, fmt_pct, fmt_signed
from surveys.errors import translate
from surveys.themes import Theme

MAJORITY, MAJORITY_CI = 0.6, 0.5
DIFFERENCE_POINTS, CHANGE_POINTS = 10, 5
THEMES = {t.value for t in Theme} - {Theme.ACHTERGROND.value}


@dataclass
class Suggestion:
    """A draft position and why it is proposed."""

    key: str  # stable: which rule, question and option
    rule: str  # the rule in plain words
    figures: list[str]
    theme: str
    title: str
    text: str
    question_id: int
    question: str = ""
    extra: dict = field(default_factory=dict)


def _title(text: str, limit: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(value) -> str:
    return fmt_int(float(value))


def majority(meta, result, place: str, min_n: int) -> list[Suggestion]:
    """Rule 1 on one question's unsuppressed tables."""
    summary, distribution = raw(result.summary), raw(result.distribution)
    if meta.measure == "ordinal" and len(summary):
        row = summary.iloc[0]
        base = float(row["base"] or 0)
        share, low, high = row["agree_share"], row["agree_ci_low"], row["agree_ci_high"]
        if base >= min_n and share >= MAJORITY and float(low) > MAJORITY_CI:
            label, code = translate(_l("agree")), "agree"
        else:
            return []
    elif meta.measure in ("nominal", "multi") and len(distribution):
        rows = distribution[~distribution["dont_know"].astype(bool)]
        rows = rows[rows["base"].fillna(0) >= min_n]
        rows = rows[(rows["share"] >= MAJORITY) & (rows["ci_low"].astype(float) > MAJORITY_CI)]
        if rows.empty:
            return []
        row = rows.sort_values("share", ascending=False).iloc[0]
        base, share, low, high = row["base"], row["share"], row["ci_low"], row["ci_high"]
        label, code = f"“{row['label']}”", str(row["option"])
    else:
        return []
    figures = [
        translate(
            _l(
                "%(share)s %(label)s of %(n)s answers in %(place)s",
                share=fmt_pct(float(share)),
                label=label,
                n=_n(base),
                place=place,
            )
        ),
        translate(
            _l(
                "95 %% margin: %(low)s to %(high)s",
                low=fmt_pct(float(low)),
                high=fmt_pct(float(high)),
            )
        ),
    ]
    rule = translate(
        _l(
            "A clear majority: at least 60 %% of at least %(n)d answers, and even the lowest "
            "value of the margin is above half.",
            n=min_n,
        )
    )
    text = translate(
        _l(
            "%(share)s of the %(n)s tenants who answered in %(place)s chose %(label)s for: "
            "%(question)s",
            share=fmt_pct(float(share)),
            n=_n(base),
            place=place,
            label=label,
            question=meta.text,
        )
    )
    return [_make(f"majority:{meta.question_id}:{code}", rule, figures, meta, text)]


def _largest(frame, points: float):
    if frame is None or frame.empty:
        return None
    rows = frame[frame["significant"].astype(bool)]
    rows = rows[rows["difference"].astype(float).abs() >= points]
    if rows.empty:
        return None
    return rows.loc[rows["difference"].astype(float).abs().idxmax()]


def _item(row) -> str:
    label = f"“{row['label']}”"
    return label if not row["row_label"] else f"{row['row_label']}: {label}"


def difference(meta, compared, place: str) -> list[Suggestion]:
    """Rule 2: the gemeente against the rest of the koepel."""
    row = _largest(compared.rest, DIFFERENCE_POINTS)
    if row is None:
        return []
    figures = [
        translate(
            _l(
                "%(place)s: %(share)s of %(n)s",
                place=place,
                share=fmt_pct(float(row["share"])),
                n=_n(row["base"]),
            )
        ),
        translate(
            _l(
                "rest of the koepel: %(share)s of %(n)s",
                share=fmt_pct(float(row["share_other"])),
                n=_n(row["base_other"]),
            )
        ),
        translate(
            _l(
                "difference: %(points)s percentage points",
                points=fmt_signed(float(row["difference"])),
            )
        ),
    ]
    rule = translate(
        _l(
            "A large difference from the rest of the koepel: at least %(points)d percentage "
            "points, and too large to be chance (significant).",
            points=DIFFERENCE_POINTS,
        )
    )
    text = translate(
        _l(
            "In %(place)s, %(share)s of %(n)s chose %(label)s, against %(other)s of "
            "%(n_other)s in the rest of the koepel, for: %(question)s",
            place=place,
            share=fmt_pct(float(row["share"])),
            n=_n(row["base"]),
            label=_item(row),
            other=fmt_pct(float(row["share_other"])),
            n_other=_n(row["base_other"]),
            question=meta.text,
        )
    )
    return [
        _make(
            f"difference:{meta.question_id}:{row['row']}:{row['option']}", rule, figures, meta, text
        )
    ]


def change(meta, compared, place: str) -> list[Suggestion]:
    """Rule 3: this year against last year."""
    row = _largest(compared.change, CHANGE_POINTS)
    if row is None or compared.previous is None:
        return []
    year = compared.previous["year"]
    figures = [
        translate(
            _l("now: %(share)s of %(n)s", share=fmt_pct(float(row["share"])), n=_n(row["base"]))
        ),
        translate(
            _l(
                "%(year)s: %(share)s of %(n)s",
                year=year,
                share=fmt_pct(float(row["share_other"])),
                n=_n(row["base_other"]),
            )
        ),
        translate(
            _l("change: %(points)s percentage points", points=fmt_signed(float(row["difference"])))
        ),
    ]
    rule = translate(
        _l(
            "A clear change since last year: at least %(points)d percentage points, and too "
            "large to be chance (significant).",
            points=CHANGE_POINTS,
        )
    )
    text = translate(
        _l(
            "In %(place)s, %(share)s of %(n)s now chose %(label)s, against %(other)s of "
            "%(n_other)s in %(year)s, for: %(question)s",
            place=place,
            share=fmt_pct(float(row["share"])),
            n=_n(row["base"]),
            label=_item(row),
            other=fmt_pct(float(row["share_other"])),
            n_other=_n(row["base_other"]),
            year=year,
            question=meta.text,
        )
    )
    return [
        _make(f"change:{meta.question_id}:{row['row']}:{row['option']}", rule, figures, meta, text)
    ]


def priority(meta, result, place: str, min_n: int) -> list[Suggestion]:
    """Rule 4: the option most often ranked first."""
    if meta.measure != "ranking":
        return []
    rows = raw(result.distribution)
    rows = rows[~rows["dont_know"].astype(bool) & (rows["base"].fillna(0) >= min_n)]
    if rows.empty or not rows["first_count"].max():
        return []
    row = rows.sort_values("first_count", ascending=False, kind="stable").iloc[0]
    figures = [
        translate(
            _l(
                "%(share)s ranked “%(label)s” first (%(count)s of %(n)s)",
                share=fmt_pct(float(row["first_share"])),
                label=row["label"],
                count=_n(row["first_count"]),
                n=_n(row["base"]),
            )
        )
    ]
    rule = translate(
        _l(
            "A top priority: the answer most often put in first place, out of at least "
            "%(n)d answers.",
            n=min_n,
        )
    )
    text = translate(
        _l(
            "For the tenants in %(place)s, “%(label)s” matters most: %(share)s of %(n)s put "
            "it first.",
            place=place,
            label=row["label"],
            share=fmt_pct(float(row["first_share"])),
            n=_n(row["base"]),
        )
    )
    return [_make(f"priority:{meta.question_id}:{row['option']}", rule, figures, meta, text)]


def _make(key, rule, figures, meta, text) -> Suggestion:
    theme = meta.theme if meta.theme in THEMES else Theme.PRIORITEITEN.value
    return Suggestion(
        key, rule, figures, theme, _title(text), text, int(meta.question_id), meta.text
    )


def suggestions(survey, gemeente, rule, skip=frozenset(), scope=None) -> list[Suggestion]:
    """Every suggestion for a gemeente (None: the koepel of the gemeenten in ``scope``, the
    user's own; None: all), without those in ``skip``."""
    figures = Figures(survey, rule, scope=scope)
    gemeente_id = getattr(gemeente, "id", None)
    found = figures.frames(gemeente_id)
    place = gemeente.name if gemeente is not None else translate(_l("the whole koepel"))
    min_n = max(30, rule.counts_only_below)
    selection = dashboard.Selection(scope=figures.scope, gemeente_id=gemeente_id)
    out: list[Suggestion] = []
    memo: dict = {}  # respondents and answers read once for every question
    for meta in found.questions.itertuples(index=False):
        if meta.theme == Theme.ACHTERGROND.value or meta.measure == "text":
            continue
        result = figures.result(meta, gemeente_id)
        out += majority(meta, result, place, min_n) + priority(meta, result, place, min_n)
        if meta.measure in comparisons.COMPARED:
            compared = comparisons.for_question(
                survey.id, meta, found, selection, rule, False, memo=memo
            )
            if gemeente_id is not None:
                out += difference(meta, compared, place)
            out += change(meta, compared, place)
    return [s for s in out if s.key not in skip]

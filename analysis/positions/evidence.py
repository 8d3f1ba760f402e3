"""The figures a position rests on, read live from the results with the small-cell rule.

A linked question gives one key figure with its n, in the words the results pages would use:
counts only below the percentage threshold, nothing below the suppression threshold. A
question that was removed, reworded or is suppressed gives a warning instead of a figure that
no longer holds; nothing here is ever stored.
"""

import json
from dataclasses import dataclass

import pandas as pd
from flask_babel import lazy_gettext as _l

from analysis import dashboard, data, suppress
from analysis.style import fmt_dec, fmt_int, fmt_pct
from surveys.errors import translate

REMOVED = _l("This question was removed from the survey: there is no figure.")
CHANGED = _l(
    "The question was changed after it was linked (wording or answer options). Check that "
    "the position still fits the figure."
)
SUPPRESSED = _l("Too few answers (fewer than %(n)d): no figure is shown.")
COUNTS_ONLY = _l("Fewer than %(n)d answers: counts only, no percentage.")
NO_FIGURE = _l("An open question has no key figure; see its codes in the results.")


def wording(question) -> str:
    """What a question says (texts and answer options), to notice later changes."""
    options = [
        (str(o.get("code")), o.get("labels")) for o in question.options or [] if isinstance(o, dict)
    ]
    return json.dumps({"texts": question.texts or {}, "options": options}, sort_keys=True)


@dataclass
class KeyFigure:
    """One question's key figure for a selection, as text."""

    question_id: int | None
    label: str  # the question
    figure: str | None  # "62 % eens (n = 412)"; None when none may be shown
    warning: str | None
    tier: str = suppress.FULL


def _agree(summary: pd.DataFrame) -> pd.Series | None:
    rows = summary[summary["base"].fillna(0) > 0]
    if rows.empty:
        return None
    return rows.sort_values("agree_share", ascending=False, na_position="last").iloc[0]


def _top(distribution: pd.DataFrame, column: str = "count") -> pd.Series | None:
    rows = distribution[~distribution["dont_know"].astype(bool)]
    rows = rows[rows["base"].fillna(0) > 0]
    if rows.empty:
        return None
    return rows.sort_values(column, ascending=False, kind="stable").iloc[0]


def describe(meta, distribution: pd.DataFrame, summary: pd.DataFrame, tier: str) -> str | None:
    """The key figure of unsuppressed tables, shown as the tier allows (None: nothing)."""
    if tier == suppress.SUPPRESSED or summary.empty:
        return None
    full = tier == suppress.FULL
    if meta.measure in ("ordinal", "matrix"):
        if "tier" in summary.columns:  # a matrix: each statement shown as its own n allows
            summary = summary[summary["tier"] != suppress.SUPPRESSED]
        row = _agree(summary)
        if row is None:
            return None
        full = full and row.get("tier", suppress.FULL) == suppress.FULL
        base = int(row["base"])
        agree = round(float(row["agree_share"]) * base)
        what = translate(_l("agree"))
        if isinstance(row["row_label"], str) and row["row_label"]:
            what = f"{what}: {row['row_label']}"
        if full:
            return f"{fmt_pct(float(row['agree_share']))} {what} (n = {fmt_int(base)})"
        return (
            translate(_l("%(count)s of %(n)s", count=fmt_int(agree), n=fmt_int(base))) + f" {what}"
        )
    if meta.measure == "numeric":
        row = summary.iloc[0]
        base = int(row["base"] or 0)
        if not base:
            return None
        if full:
            mean = translate(_l("average %(value)s", value=fmt_dec(float(row["mean"]))))
            return f"{mean} (n = {fmt_int(base)})"
        return f"n = {fmt_int(base)}"
    if meta.measure == "ranking":
        row = _top(distribution, "first_count")
        if row is None:
            return None
        base = int(row["base"])
        if full:
            first = translate(_l("“%(label)s” ranked first", label=row["label"]))
            return f"{fmt_pct(float(row['first_share']))} {first} (n = {fmt_int(base)})"
        first = translate(_l("ranked “%(label)s” first", label=row["label"]))
        counts = translate(
            _l("%(count)s of %(n)s", count=fmt_int(row["first_count"]), n=fmt_int(base))
        )
        return f"{counts} {first}"
    if meta.measure in ("nominal", "multi"):
        row = _top(distribution)
        if row is None:
            return None
        base = int(row["base"])
        if full:
            return f"{fmt_pct(float(row['share']))} “{row['label']}” (n = {fmt_int(base)})"
        counts = translate(_l("%(count)s of %(n)s", count=fmt_int(row["count"]), n=fmt_int(base)))
        return f"{counts} “{row['label']}”"
    return None


class Figures:
    """Key figures of one survey, read once per selection (a gemeente, or the koepel: the
    gemeenten in ``scope``, the user's own; None: all of the survey's)."""

    def __init__(self, survey, rule: suppress.SuppressionRule, scope=None):
        self.survey, self.rule = survey, rule
        self.scope = [g.id for g in survey.gemeenten if scope is None or g.id in scope]
        self._frames: dict = {}

    def frames(self, gemeente_id: int | None) -> dashboard.Frames:
        if gemeente_id not in self._frames:
            selection = dashboard.Selection(scope=self.scope, gemeente_id=gemeente_id)
            self._frames[gemeente_id] = dashboard.frames(self.survey.id, selection)
        return self._frames[gemeente_id]

    def result(self, meta, gemeente_id: int | None):
        """Unsuppressed tables of one question (the tier says what may be shown)."""
        return dashboard.question_result(
            self.survey.id, meta, self.frames(gemeente_id), self.rule, admin=True
        )

    def meta(self, question_id: int, gemeente_id: int | None):
        questions = self.frames(gemeente_id).questions
        rows = questions[questions["question_id"] == question_id]
        return None if rows.empty else next(rows.itertuples(index=False))

    def of(self, evidence, gemeente_id: int | None) -> KeyFigure:
        """The live key figure of one linked question, or a warning why there is none."""
        question = evidence.question
        if question is None or question.survey_id != self.survey.id:
            return KeyFigure(None, evidence.label, None, translate(REMOVED))
        meta = self.meta(question.id, gemeente_id)
        if meta is None:
            return KeyFigure(question.id, evidence.label, None, translate(REMOVED))
        changed = wording(question) != evidence.wording
        if meta.measure == "text":
            return KeyFigure(question.id, meta.text, None, translate(NO_FIGURE))
        result = self.result(meta, gemeente_id)
        tiers = set(result.summary["tier"].dropna()) if len(result.summary) else set()
        tier = (
            suppress.FULL
            if suppress.FULL in tiers
            else suppress.COUNTS_ONLY
            if suppress.COUNTS_ONLY in tiers
            else suppress.SUPPRESSED
        )
        figure = describe(meta, raw(result.distribution), raw(result.summary), tier)
        warnings = []
        if changed:
            warnings.append(translate(CHANGED))
        if tier == suppress.SUPPRESSED:
            warnings.append(_n(SUPPRESSED, self.rule.suppress_below))
        elif tier == suppress.COUNTS_ONLY:
            warnings.append(_n(COUNTS_ONLY, self.rule.counts_only_below))
        return KeyFigure(question.id, meta.text, figure, " ".join(warnings) or None, tier)


def _n(message, n: int) -> str:
    return translate(message) % {"n": n}


NUMBERS = (
    "count",
    "base",
    "share",
    "ci_low",
    "ci_high",
    "first_count",
    "first_share",
    "agree_share",
    "agree_ci_low",
    "agree_ci_high",
    "mean",
)


def raw(frame: pd.DataFrame) -> pd.DataFrame:
    """A template table (None for missing) back into numbers pandas can sort."""
    frame = frame.copy()
    for column in NUMBERS:
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


def questions_of(survey_id: int) -> pd.DataFrame:
    """The survey's questions that can carry evidence (everything but background)."""
    meta = data.questions(survey_id)
    return meta[meta["theme"] != "achtergrond"]

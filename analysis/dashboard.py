"""What the results pages show: a selection of respondents, and per question its tables and
the chart table, with the small-cell rule applied. The views only read a request into a
``Selection`` and render what this module returns.
"""

from dataclasses import dataclass, field

import pandas as pd

from analysis import aggregate, data, suppress, weights
from consult.households.models import AGE_BANDS, HOUSEHOLD_TYPES

CHANNELS = ("online", "keyed", "scanned")
WERKGEBIEDEN = ("kern", "aan", "overig")
FILTERS = ("gemeente", "werkgebied", "channel", "age_band", "household_type")


class SelectionError(ValueError):
    """A filter value that is not one of the choices (the page says which)."""


@dataclass
class Selection:
    """Which respondents a page shows: the user's gemeenten, narrowed by the filters."""

    scope: list[int]  # gemeenten of the survey the user may see
    gemeente_id: int | None = None
    werkgebied: str | None = None
    channel: str | None = None
    age_band: str | None = None
    household_type: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def gemeente_ids(self) -> list[int]:
        """The gemeenten whose respondents are counted."""
        return [self.gemeente_id] if self.gemeente_id is not None else list(self.scope)

    def args(self) -> dict:
        """The filters as URL query arguments (for links and chart images)."""
        values = {
            "gemeente": self.gemeente_id,
            "werkgebied": self.werkgebied,
            "channel": self.channel,
            "age_band": self.age_band,
            "household_type": self.household_type,
        }
        return {key: value for key, value in values.items() if value is not None}


def read_selection(args, scope: list[int]) -> tuple[Selection, int | None]:
    """A Selection from query arguments; also the gemeente id asked for, so that the view
    can refuse one outside the user's scope (403). Unknown values are dropped and named."""
    selection = Selection(scope=scope)
    asked = None
    raw = (args.get("gemeente") or "").strip()
    if raw:
        if raw.isdigit() and len(raw) < 10:
            asked = int(raw)
            selection.gemeente_id = asked
        else:
            selection.problems.append("gemeente")
    for name, choices in (
        ("werkgebied", WERKGEBIEDEN),
        ("channel", CHANNELS),
        ("age_band", AGE_BANDS),
        ("household_type", HOUSEHOLD_TYPES),
    ):
        value = (args.get(name) or "").strip()
        if not value:
            continue
        if value in choices:
            setattr(selection, name, value)
        else:
            selection.problems.append(name)
    return selection, asked


@dataclass
class Frames:
    """The survey's frames for one selection, read once per page."""

    questions: pd.DataFrame
    respondents: pd.DataFrame  # of the selection
    register: pd.DataFrame
    population: int | None  # N for the finite population correction


def frames(survey_id: int, selection: Selection) -> Frames:
    """Questions, the selected respondents and N, in a few queries."""
    everyone = data.respondents(survey_id, selection.scope)
    chosen = aggregate.select_respondents(
        everyone,
        gemeente_ids=selection.gemeente_ids,
        werkgebied=selection.werkgebied,
        channel=selection.channel,
        age_band=selection.age_band,
        household_type=selection.household_type,
    )
    register = data.register(survey_id, selection.scope)
    if selection.werkgebied is not None:
        people = data.population(survey_id, selection.gemeente_ids)
        ids = people.loc[people["werkgebied"] == selection.werkgebied, "gemeente_id"].tolist()
    else:
        ids = selection.gemeente_ids
    size = aggregate.population_size(
        register,
        gemeente_ids=ids,
        age_band=selection.age_band,
        household_type=selection.household_type,
        channel=selection.channel,
    )
    return Frames(data.questions(survey_id), chosen, register, size)


def selection_scope(found: Frames) -> list[int]:
    """The gemeenten whose answers a page reads: those of its selected respondents."""
    return sorted({int(g) for g in found.respondents["gemeente_id"].dropna()})


@dataclass
class QuestionResult:
    """One question for one selection: suppressed tables, and the table its chart draws."""

    meta: object
    distribution: pd.DataFrame
    summary: pd.DataFrame
    chart: pd.DataFrame
    chart_kind: str | None
    chart_base: int | None
    respondents: int
    answered: int  # answers given (any statement), before the small-cell rule
    codes: dict | None = None  # open questions: counts per code per gemeente (a matrix)
    coded: int = 0  # open questions: answers of the selection that are coded
    quotes: list = field(default_factory=list)  # approved quotes: (gemeente, text)
    weighting: dict | None = None  # several gemeenten: the weights' n, n_eff, design effect


def read_answers(survey_id: int, found: Frames) -> pd.DataFrame:
    """Every answer of the selection's gemeenten to every question, in one query (for pages
    that show many questions: pass it to ``question_result``)."""
    return data.answers(survey_id, selection_scope(found), meta=found.questions)


def question_result(
    survey_id: int, meta, found: Frames, rule, admin: bool, answers: pd.DataFrame | None = None
) -> QuestionResult:
    """Tables and chart table of one question (``meta``: a row of ``data.questions``).

    ``answers``: answers read before with ``read_answers`` (any questions; only this one's
    are used); None reads this question's answers now."""
    if answers is None:
        answers = data.answers(
            survey_id, selection_scope(found), question_keys=[meta.key], meta=found.questions
        )
    else:
        answers = answers[answers["question"] == meta.key]
    ids = found.respondents["response_id"]
    answers = answers[answers["response_id"].isin(ids)]
    weighting, series = None, None
    if len(selection_scope(found)) > 1:
        found_weights = weights.poststratify(found.respondents, found.register)
        weighting, series = weights.summarise(found_weights), weights.weight_series(found_weights)
    distribution, summary = aggregate.question_tables(meta, answers, ids, found.population, series)
    kind, table, base = chart_table(meta, distribution, summary, answers)
    return QuestionResult(
        meta=meta,
        distribution=plain(suppress.apply(distribution, rule, admin=admin)),
        summary=plain(suppress.apply(summary, rule, admin=admin)),
        chart=table,
        chart_kind=kind,
        chart_base=base,
        respondents=len(ids),
        answered=int(summary["n_answered"].fillna(0).sum()) if len(summary) else 0,
        weighting=weighting,
    )


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for templates: missing values (NA, NaN) become None."""
    values = frame.to_numpy(dtype=object, copy=True)
    values[frame.isna().to_numpy()] = None
    return pd.DataFrame(values, index=frame.index, columns=frame.columns, dtype=object)


def chart_table(meta, distribution, summary, answers) -> tuple[str | None, pd.DataFrame, int]:
    """The colleague-shaped aggregate tables turned into the simple tables charts take."""
    measure = meta.measure
    if measure in ("ordinal", "matrix"):
        item = distribution["row_label"].where(distribution["row_label"].notna(), "")
        table = pd.DataFrame(
            {
                "item": item.replace("", "Alle reacties"),
                "code": distribution["option"].astype(str),
                "label": distribution["label"],
                "n": distribution["count"].fillna(0).astype(int),
                "dont_know": distribution["dont_know"].astype(bool),
            }
        )
        return "likert", table, 0
    if measure in ("nominal", "multi", "numeric"):
        table = pd.DataFrame(
            {
                "code": distribution["option"].astype(str),
                "label": distribution["label"].astype(str),
                "n": distribution["count"].fillna(0).astype(int),
                "dont_know": distribution["dont_know"].astype(bool),
            }
        )
        base = None
        if measure == "multi" and len(summary):
            base = int(summary["base"].fillna(0).iloc[0])
        return "choices", table, base
    if measure == "ranking":
        return (
            "ranking",
            ranking_table(meta, answers),
            int(summary["base"].fillna(0).iloc[0] if len(summary) else 0),
        )
    return None, pd.DataFrame(), 0


def ranking_table(meta, answers: pd.DataFrame) -> pd.DataFrame:
    """Counts per option and place from ranking answers (lists of codes, first = most)."""
    labels = {o["code"]: o["label"] for o in meta.options if not o["dont_know"]}
    records = []
    for value in answers.loc[~answers["dont_know"], "value"]:
        for place, code in enumerate(value or [], start=1):
            if code in labels:
                records.append((code, labels[code], place))
    frame = pd.DataFrame(records, columns=["code", "label", "rank"])
    if frame.empty:
        return pd.DataFrame(columns=["code", "label", "rank", "n"])
    return (
        frame.groupby(["code", "label", "rank"], as_index=False)
        .size()
        .rename(columns={"size": "n"})
    )


def gemeenten_table(survey_id: int, meta, selection: Selection, found: Frames) -> pd.DataFrame:
    """The distribution per gemeente in scope (for the small multiples), chart-shaped."""
    everyone = data.respondents(survey_id, selection.scope)
    answers = data.answers(
        survey_id, selection.scope, question_keys=[meta.key], meta=found.questions
    )
    records = []
    for _gemeente, group in everyone.groupby("gemeente_id"):
        distribution, _summary = aggregate.question_tables(meta, answers, group["response_id"])
        name = group["gemeente"].iloc[0]
        for row in distribution.itertuples(index=False):
            if row.row is None or pd.isna(row.row):
                records.append((name, str(row.option), row.label, int(row.count), row.dont_know))
    return pd.DataFrame(records, columns=["gemeente", "code", "label", "n", "dont_know"])


def response_table(survey_id: int, scope: list[int]) -> pd.DataFrame:
    """Responses per gemeente and channel against the invited (for the response chart)."""
    people = data.population(survey_id, scope)
    found = data.channel_counts(survey_id, scope)
    counts = found.set_index(["gemeente", "channel"])["n"]
    records = []
    for row in people.itertuples(index=False):
        invited = int(row.invited or row.households)
        for channel in CHANNELS:
            records.append(
                (row.gemeente, channel, int(counts.get((row.gemeente, channel), 0)), invited)
            )
    return pd.DataFrame(records, columns=["gemeente", "channel", "n", "invited"])


def profile_tables(found: Frames, rule, admin: bool) -> dict[str, pd.DataFrame]:
    """Who answered against who lives there, by age band and household type, for the
    selection's gemeenten; respondent counts below the small-cell threshold are hidden (the
    shares stay: they say who is missing, not what anyone answered)."""
    register = found.register[found.register["gemeente_id"].isin(selection_scope(found))]
    tables = {}
    for variable in ("age_band", "household_type"):
        frame = aggregate.profile(found.respondents, register, variable)
        if not admin:
            small = frame["respondents"] < rule.suppress_below
            frame["respondents"] = frame["respondents"].astype("Float64").mask(small)
        tables[variable] = plain(frame)
    return tables


def fieldwork_table(found: Frames) -> pd.DataFrame:
    """Responses per day and channel (the fieldwork chart's table)."""
    people = found.respondents.dropna(subset=["submitted_at"])
    if people.empty:
        return pd.DataFrame(columns=["day", "channel", "n"])
    days = people["submitted_at"].dt.tz_convert("Europe/Amsterdam").dt.date
    return (
        people.assign(day=days)
        .groupby(["day", "channel"], as_index=False)
        .size()
        .rename(columns={"size": "n"})
    )


def fieldwork_weeks(table: pd.DataFrame) -> list[tuple]:
    """The fieldwork table per week (Monday) and channel, for the page: (monday, {channel: n})."""
    if table.empty:
        return []
    days = pd.to_datetime(table["day"])
    monday = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.date
    weeks = table.assign(week=monday).pivot_table(
        index="week", columns="channel", values="n", aggfunc="sum", fill_value=0
    )
    return [(week, {c: int(row.get(c, 0)) for c in CHANNELS}) for week, row in weeks.iterrows()]

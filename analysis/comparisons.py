"""What the results page compares a question with: the selected gemeente against the rest of
the koepel, and this year against last year's survey (questions sharing a bank key), for the
same selection of tenants. Tables come with the small-cell rule applied; the change also as the
table the change chart draws."""

from dataclasses import dataclass

import pandas as pd

from analysis import aggregate, compare, data, intervals
from analysis.dashboard import Frames, Selection, plain

COMPARED = ("nominal", "ordinal", "multi", "matrix")
SIGNIFICANT = 0.05


@dataclass
class Comparisons:
    """The comparisons of one question for one selection (None where there is none)."""

    rest: pd.DataFrame | None = None  # the gemeente against the other gemeenten
    change: pd.DataFrame | None = None  # this year against last year
    change_chart: pd.DataFrame | None = None
    previous: dict | None = None  # last year's survey (id, title, year, status)
    notes: tuple[str, ...] = ()  # wording_changed / options_changed


def _hide_small(frame: pd.DataFrame, rule, admin: bool) -> pd.DataFrame:
    """Both sides of a comparison need enough answers for percentages."""
    if frame.empty:
        return frame
    enough = (frame["base"] >= rule.counts_only_below) & (
        frame["base_other"] >= rule.counts_only_below
    )
    frame = frame[enough] if not admin else frame
    return plain(frame.assign(significant=frame["p_value"] < SIGNIFICANT))


def for_question(
    survey_id: int,
    meta,
    found: Frames,
    selection: Selection,
    rule,
    admin: bool,
    rest=True,
    memo: dict | None = None,
):
    """The comparisons a results page shows for ``meta`` (a row of ``data.questions``);
    ``rest=False`` leaves out the gemeente against the rest (only last year is wanted).

    ``memo``: a dict kept over the questions of one selection (as the suggestions read them),
    so respondents and answers are read once for all questions, not once per question."""
    result = Comparisons()
    if meta.measure not in COMPARED or found.respondents.empty:
        return result

    def read(key, make):
        if memo is None:
            return make()
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def answers_of(survey, gemeente_ids, key, questions):
        if memo is None:
            return data.answers(survey, gemeente_ids, question_keys=[key], meta=questions)
        every = read(
            ("answers", survey, tuple(gemeente_ids or ())),
            lambda: data.answers(survey, gemeente_ids, meta=questions),
        )
        return every[every["question"] == key]

    if rest and selection.gemeente_id is not None:
        koepel = read(
            ("koepel", survey_id),
            lambda: aggregate.select_respondents(data.respondents(survey_id)),
        )
        answers = answers_of(survey_id, None, meta.key, found.questions)
        rest = compare.gemeente_vs_rest(meta, answers, koepel, selection.gemeente_id)
        result.rest = _hide_small(rest, rule, admin)
    previous_id = data.previous_survey(survey_id) if meta.bank_key else None
    if previous_id is None:
        return result
    earlier = read(("questions", previous_id), lambda: data.questions(previous_id))
    match = earlier[earlier["bank_key"] == meta.bank_key]
    if match.empty:
        return result
    before = next(match.itertuples(index=False))
    result.previous = data.survey_info(previous_id)
    then = read(
        ("then", previous_id),
        lambda: aggregate.select_respondents(
            data.respondents(previous_id, selection.gemeente_ids),
            werkgebied=selection.werkgebied,
            channel=selection.channel,
            age_band=selection.age_band,
            household_type=selection.household_type,
        ),
    )
    now_answers = answers_of(survey_id, selection.gemeente_ids, meta.key, found.questions)
    then_answers = answers_of(previous_id, selection.gemeente_ids, before.key, earlier)
    change = compare.year_over_year(
        meta,
        now_answers,
        before,
        then_answers,
        found.respondents["response_id"],
        then["response_id"],
    )
    notes = change["note"].dropna()
    result.notes = tuple(notes.iloc[0].split(";")) if len(notes) else ()
    result.change = _hide_small(change, rule, admin)
    if meta.measure != "matrix":  # a matrix has too many lines for one chart: table only
        result.change_chart = change_table(
            result.change, result.previous["year"], _year(survey_id), found.population
        )
    return result


def _year(survey_id: int) -> int:
    return data.survey_info(survey_id)["year"]


def change_table(change: pd.DataFrame, year_before: int, year_now: int, population) -> pd.DataFrame:
    """The table of ``charts.change``: two rows (last year, this year) per answer option."""
    records = []
    for row in change.itertuples(index=False):
        item = row.label if row.row_label is None else f"{row.row_label}: {row.label}"
        for period, count, base in (
            (year_before, row.count_other, row.base_other),
            (year_now, row.count, row.base),
        ):
            low, high = intervals.wilson_interval(
                count, base, population if period == year_now else None
            )
            records.append((item, str(period), count / base, low, high, int(base), row.significant))
    return pd.DataFrame(
        records, columns=["item", "period", "share", "low", "high", "n", "significant"]
    )

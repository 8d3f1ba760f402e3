"""An open question on the results page: how often each code came up per gemeente, and the
quotes a person approved."""

import pandas as pd

from analysis import data
from analysis.coding import operations as coding
from analysis.coding import tables as coding_tables
from analysis.dashboard import Frames, QuestionResult, selection_scope

QUOTES_SHOWN = 8


def question_result(survey_id: int, meta, found: Frames, rule, admin: bool) -> QuestionResult:
    """An open question: how often each code came up per gemeente, and approved quotes.

    Quotes are shown only when the selection is large enough for figures at all.
    """
    ids = found.respondents["response_id"]
    answers = data.open_answers(survey_id, int(meta.question_id), selection_scope(found))
    answers = answers[answers["response_id"].isin(ids)]
    codings = coding.codings(survey_id, [int(meta.question_id)])
    book = pd.DataFrame(
        [(c.id, c.theme, c.label) for c in coding.codebook(survey_id)],
        columns=["code_id", "theme", "label"],
    )
    counts = coding_tables.code_counts(codings, answers, book, rule, admin=admin)
    coded, given = coding_tables.progress(codings, answers)
    total = counts[counts["gemeente"].isna()]
    chart = pd.DataFrame(
        {
            "code": total["code_id"].astype(str),
            "label": total["label"].astype(str),
            "n": total["count"].fillna(0).astype(int),
            "dont_know": False,
        }
    ).sort_values("n", ascending=False, kind="stable")  # codes have no order: most first
    quotes = []
    if len(answers) >= rule.suppress_below or admin:
        approved = coding.approved_quotes(survey_id, [int(meta.question_id)])
        where = dict(zip(answers["response_id"], answers["gemeente"], strict=True))
        quotes = [
            (where[r], text)
            for r, text in zip(approved["response_id"], approved["text"], strict=True)
            if r in where
        ][:QUOTES_SHOWN]
    return QuestionResult(
        meta=meta,
        distribution=pd.DataFrame(),
        summary=pd.DataFrame(),
        chart=chart,
        chart_kind="choices" if coded and len(book) else None,
        chart_base=coded,
        respondents=len(ids),
        answered=given,
        codes=coding_tables.matrix(counts),
        coded=coded,
        quotes=quotes,
    )

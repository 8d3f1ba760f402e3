"""The one module that reads responses: counted, submitted responses into tidy DataFrames.

Every frame comes from a handful of ``select()`` queries (never one per response) and looks
the same on SQLite and PostgreSQL. Only counted (``Response.counts``), submitted responses are
read: duplicates are left out, the channel is kept, and open-link responses carry the
population ``open_link`` so that statistics can keep them apart. Functions that take
``gemeente_ids`` restrict to those gemeenten (None: all); open-link responses have no
gemeente and are left out whenever ``gemeente_ids`` is given.

What a question measures, its scores and its don't-know options come from the question-type
registry (``surveys.qtypes``), so the statistics modules never need to know type codes.
"""

import json
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Text, and_, cast, func, select

from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from surveys.invitations.models import Invitation
from surveys.models import (
    Answer,
    BankQuestion,
    Population,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
)
from surveys.qtypes import get_type

RESPONDENT_COLUMNS = [
    "response_id",
    "household_id",
    "gemeente_id",
    "gemeente",
    "werkgebied",
    "channel",
    "population",
    "age_band",
    "household_type",
    "language",
    "submitted_at",
]
ANSWER_COLUMNS = ["response_id", "question", "row", "value", "score", "dont_know"]
QUESTION_COLUMNS = [
    "question_id",
    "key",
    "position",
    "section_position",
    "section",
    "theme",
    "measure",
    "text",
    "texts",
    "options",
    "rows",
    "top_n",
    "bank_key",
    "bank_version",
]
POPULATION_COLUMNS = [
    "gemeente_id",
    "gemeente",
    "werkgebied",
    "households",
    "invited",
    "responses",
    "open_link",
]
REGISTER_COLUMNS = ["gemeente_id", "age_band", "household_type", "households"]


def _counted(survey_id: int):
    """The SQL condition for responses that count in the results."""
    return and_(
        Response.survey_id == survey_id,
        Response.counts.is_(True),
        Response.status == ResponseStatus.SUBMITTED,
    )


def _ids(gemeente_ids: Iterable[int] | None) -> list[int] | None:
    return None if gemeente_ids is None else sorted({int(g) for g in gemeente_ids})


def survey_gemeente_ids(survey_id: int) -> list[int]:
    """The ids of the gemeenten a survey covers."""
    survey = db.session.get(Survey, survey_id)
    return [] if survey is None else [g.id for g in survey.gemeenten]


def respondents(survey_id: int, gemeente_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per counted, submitted response of a survey.

    Columns: response_id (int), household_id (Int64, NA for open link), gemeente_id (Int64,
    NA for open link), gemeente (name), werkgebied (kern / aan / overig), channel (online /
    keyed / scanned), population (tenant / open_link), age_band and household_type (from the
    household register; NA when unknown), language, submitted_at (UTC, tz-aware).
    Sorted by response_id.
    """
    stmt = (
        select(
            Response.id,
            Response.household_id,
            Household.gemeente_id,
            Gemeente.name,
            Gemeente.werkgebied,
            Response.channel,
            Response.population,
            Household.age_band,
            Household.household_type,
            Response.language,
            Response.submitted_at,
        )
        .select_from(Response)
        .outerjoin(Household, Household.id == Response.household_id)
        .outerjoin(Gemeente, Gemeente.id == Household.gemeente_id)
        .where(_counted(survey_id))
        .order_by(Response.id)
    )
    ids = _ids(gemeente_ids)
    if ids is not None:
        stmt = stmt.where(Household.gemeente_id.in_(ids))
    rows = db.session.execute(stmt).all()
    frame = pd.DataFrame(rows, columns=RESPONDENT_COLUMNS)
    for column in ("household_id", "gemeente_id"):
        frame[column] = frame[column].astype("Int64")
    frame["response_id"] = frame["response_id"].astype("int64")
    for column in ("werkgebied", "channel", "population"):
        frame[column] = frame[column].map(lambda v: None if v is None else str(v)).astype(object)
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    return frame


def channel_counts(survey_id: int, gemeente_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Counted, submitted responses per gemeente and channel, counted in the database.

    Columns: gemeente_id (int), gemeente (name), channel (online / keyed / scanned), n (int).
    Open-link responses (no gemeente) are left out.
    """
    stmt = (
        select(Household.gemeente_id, Gemeente.name, Response.channel, func.count())
        .select_from(Response)
        .join(Household, Household.id == Response.household_id)
        .join(Gemeente, Gemeente.id == Household.gemeente_id)
        .where(_counted(survey_id))
        .group_by(Household.gemeente_id, Gemeente.name, Response.channel)
    )
    ids = _ids(gemeente_ids)
    if ids is not None:
        stmt = stmt.where(Household.gemeente_id.in_(ids))
    rows = [(g, name, str(channel), int(n)) for g, name, channel, n in db.session.execute(stmt)]
    return pd.DataFrame(rows, columns=["gemeente_id", "gemeente", "channel", "n"])


def questions(survey_id: int) -> pd.DataFrame:
    """Question metadata of a survey, in the order a respondent meets the questions.

    Columns: question_id, key, position (0-based order in the survey), section_position,
    section (Dutch title), theme (code or None), measure (nominal / ordinal / numeric / multi
    / ranking / text / matrix, from the registry), text (Dutch question text), texts (all
    languages, as stored), options (list of dicts: code, label (Dutch), labels, dont_know
    (bool), exclusive (bool), score (float or None)), rows (matrix statements: list of dicts
    code, label, labels; empty otherwise), top_n (ranking depth, or None), bank_key and
    bank_version (None when not from the bank).
    """
    stmt = (
        select(Question, Section.position, Section.title, BankQuestion.key, BankQuestion.version)
        .join(Section, Section.id == Question.section_id)
        .outerjoin(BankQuestion, BankQuestion.id == Question.bank_question_id)
        .where(Question.survey_id == survey_id)
        .order_by(Section.position, Section.id, Question.position, Question.id)
    )
    records = []
    for number, (question, section_position, title, bank_key, bank_version) in enumerate(
        db.session.execute(stmt).all()
    ):
        kind = get_type(question.qtype)
        records.append(
            {
                "question_id": question.id,
                "key": question.key,
                "position": number,
                "section_position": section_position,
                "section": (title or {}).get("nl") or "",
                "theme": None if question.theme is None else str(question.theme),
                "measure": kind.measure,
                "text": question.text("nl"),
                "texts": question.texts or {},
                "options": _options(question, kind),
                "rows": _rows(question, kind),
                "top_n": _top_n(question, kind),
                "bank_key": bank_key,
                "bank_version": bank_version,
            }
        )
    return pd.DataFrame(records, columns=QUESTION_COLUMNS)


def _label(item: dict) -> str:
    labels = item.get("labels") if isinstance(item.get("labels"), dict) else {}
    return str(labels.get("nl") or item.get("code") or "")


def _options(question: Question, kind) -> list[dict]:
    options = []
    for option in question.options or []:
        if not isinstance(option, dict):
            continue
        code = str(option.get("code"))
        options.append(
            {
                "code": code,
                "label": _label(option),
                "labels": option.get("labels") or {},
                "dont_know": bool(option.get("dont_know")),
                "exclusive": bool(option.get("exclusive") or option.get("dont_know")),
                "score": None if option.get("dont_know") else kind.score(code, question),
            }
        )
    return options


def _rows(question: Question, kind) -> list[dict]:
    return [
        {"code": str(row.get("code")), "label": _label(row), "labels": row.get("labels") or {}}
        for row in kind.web_rows(question)
    ]


def _top_n(question: Question, kind) -> int | None:
    if kind.measure != "ranking":
        return None
    value = (question.settings or {}).get("top_n")
    ordinary = sum(
        1
        for o in question.options or []
        if isinstance(o, dict) and not o.get("exclusive") and not o.get("dont_know")
    )
    return value if isinstance(value, int) and not isinstance(value, bool) else min(3, ordinary)


def answers(
    survey_id: int,
    gemeente_ids: Iterable[int] | None = None,
    question_keys: Iterable[str] | None = None,
    meta: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per answer of a counted, submitted response; one row per statement of a matrix.

    Columns: response_id, question (key), row (statement code for a matrix, else missing), value
    (the stored canonical value; for a matrix the option code of that statement; lists for
    multiple choice and ranking), score (float: Likert point, grade, number, or the position
    of a matrix scale point; NaN when none), dont_know (bool: a "weet ik niet" option).
    Questions without any answer have no rows. ``meta`` (from ``questions``) saves a query.
    """
    meta = questions(survey_id) if meta is None else meta
    by_id = {int(r.question_id): r for r in meta.itertuples(index=False)}
    stmt = (
        select(Answer.response_id, Answer.question_id, cast(Answer.value, Text))
        .join(Response, Response.id == Answer.response_id)
        .where(_counted(survey_id), Answer.value.is_not(None))
        .order_by(Answer.response_id, Answer.question_id)
    )
    ids = _ids(gemeente_ids)
    if ids is not None:
        stmt = stmt.join(Household, Household.id == Response.household_id).where(
            Household.gemeente_id.in_(ids)
        )
    if question_keys is not None:
        wanted = set(question_keys)
        qids = [qid for qid, r in by_id.items() if r.key in wanted]
        stmt = stmt.where(Answer.question_id.in_(qids))
    scorers = {qid: _Scorer(row) for qid, row in by_id.items()}
    # Answers repeat ("4", 7, ["tuin"]): the stored JSON text is parsed and scored once per
    # question and text, and the rows share those objects (time and memory at 100 000).
    cache: dict[tuple[int, str], list[tuple]] = {}
    columns: list[list] = [[] for _name in ANSWER_COLUMNS]
    ids_, keys, rows_, values, scores, flags = columns
    for response_id, question_id, raw in db.session.execute(
        stmt.execution_options(yield_per=20_000)
    ):
        parsed = cache.get((question_id, raw))
        if parsed is None:
            scorer = scorers.get(question_id)
            parsed = [] if scorer is None else [r[1:] for r in scorer.rows(0, json.loads(raw))]
            if scorer is not None and scorer.measure != "text":
                cache[(question_id, raw)] = parsed
        for key, row, value, score, flag in parsed:
            ids_.append(response_id)
            keys.append(key)
            rows_.append(row)
            values.append(value)
            scores.append(score)
            flags.append(flag)
    frame = pd.DataFrame(dict(zip(ANSWER_COLUMNS, columns, strict=True)), columns=ANSWER_COLUMNS)
    frame["response_id"] = frame["response_id"].astype("int64")
    frame["score"] = frame["score"].astype("float64")
    frame["dont_know"] = frame["dont_know"].astype(bool)
    return frame


class _Scorer:
    """Turns one stored value into tidy answer rows with score and don't-know flag."""

    def __init__(self, meta):
        self.key = meta.key
        self.measure = meta.measure
        self.dont_know = {o["code"] for o in meta.options if o["dont_know"]}
        self.scores = {o["code"]: o["score"] for o in meta.options}
        points = [o["code"] for o in meta.options if not o["dont_know"]]
        self.positions = {code: float(n) for n, code in enumerate(points, start=1)}

    def rows(self, response_id: int, value) -> list[tuple]:
        nan = float("nan")
        if self.measure == "matrix":
            if not isinstance(value, dict):
                return []
            return [
                (
                    response_id,
                    self.key,
                    str(row),
                    str(code),
                    self.positions.get(str(code), nan),
                    str(code) in self.dont_know,
                )
                for row, code in value.items()
            ]
        if self.measure in ("multi", "ranking"):
            codes = [str(c) for c in value] if isinstance(value, list) else [str(value)]
            dk = bool(codes) and all(c in self.dont_know for c in codes)
            return [(response_id, self.key, None, codes, nan, dk)]
        if self.measure == "numeric":
            if isinstance(value, str):
                return [(response_id, self.key, None, value, nan, value in self.dont_know)]
            number = nan if isinstance(value, bool) else float(value)
            return [(response_id, self.key, None, value, number, False)]
        if self.measure == "text":
            return [(response_id, self.key, None, str(value), nan, False)]
        code = str(value)
        score = self.scores.get(code)
        return [
            (
                response_id,
                self.key,
                None,
                code,
                nan if score is None else score,
                code in self.dont_know,
            )
        ]


def population(survey_id: int, gemeente_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Per gemeente of the survey: the households in scope, the invited and the responses.

    Columns: gemeente_id, gemeente (name), werkgebied, households (active households in the
    register: N for the finite population correction and the weights), invited (invitations
    for this survey), responses (counted, submitted tenant responses), open_link (always 0
    here; open-link responses have no gemeente). Sorted by gemeente name.
    """
    ids = survey_gemeente_ids(survey_id)
    if gemeente_ids is not None:
        ids = sorted(set(ids) & set(_ids(gemeente_ids)))
    gemeenten = db.session.execute(
        select(Gemeente.id, Gemeente.name, Gemeente.werkgebied)
        .where(Gemeente.id.in_(ids))
        .order_by(Gemeente.name)
    ).all()
    households = dict(
        db.session.execute(
            select(Household.gemeente_id, func.count())
            .where(Household.gemeente_id.in_(ids), Household.active.is_(True))
            .group_by(Household.gemeente_id)
        ).all()
    )
    invited = dict(
        db.session.execute(
            select(Household.gemeente_id, func.count())
            .select_from(Invitation)
            .join(Household, Household.id == Invitation.household_id)
            .where(Invitation.survey_id == survey_id, Household.gemeente_id.in_(ids))
            .group_by(Household.gemeente_id)
        ).all()
    )
    responses = dict(
        db.session.execute(
            select(Household.gemeente_id, func.count())
            .select_from(Response)
            .join(Household, Household.id == Response.household_id)
            .where(
                _counted(survey_id),
                Response.population == Population.TENANT,
                Household.gemeente_id.in_(ids),
            )
            .group_by(Household.gemeente_id)
        ).all()
    )
    records = [
        (
            gid,
            name,
            str(werkgebied),
            households.get(gid, 0),
            invited.get(gid, 0),
            responses.get(gid, 0),
            0,
        )
        for gid, name, werkgebied in gemeenten
    ]
    return pd.DataFrame(records, columns=POPULATION_COLUMNS).astype(
        {c: "int64" for c in ("gemeente_id", "households", "invited", "responses", "open_link")}
    )


def register(survey_id: int, gemeente_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """The household register of the survey's gemeenten, counted per cell.

    Columns: gemeente_id, age_band (NA when unknown), household_type (NA when unknown),
    households (active households in that cell). For weights and the respondent profile.
    """
    ids = survey_gemeente_ids(survey_id)
    if gemeente_ids is not None:
        ids = sorted(set(ids) & set(_ids(gemeente_ids)))
    rows = db.session.execute(
        select(Household.gemeente_id, Household.age_band, Household.household_type, func.count())
        .where(Household.gemeente_id.in_(ids), Household.active.is_(True))
        .group_by(Household.gemeente_id, Household.age_band, Household.household_type)
        .order_by(Household.gemeente_id, Household.age_band, Household.household_type)
    ).all()
    frame = pd.DataFrame(rows, columns=REGISTER_COLUMNS)
    return frame.astype({"gemeente_id": "int64", "households": "int64"})


def survey_info(survey_id: int) -> dict | None:
    """A survey's id, Dutch title, year and status, or None when it does not exist."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        return None
    return {
        "id": survey.id,
        "title": survey.display_title,
        "year": survey.year,
        "status": str(survey.status),
    }


def previous_survey(survey_id: int) -> int | None:
    """Last year's survey for comparisons: an earlier, non-draft survey sharing bank keys.

    Among surveys of an earlier year, the one of the latest year that shares the most bank
    keys with this survey (the one it was copied from wins a tie); None when there is none.
    """
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        return None
    keys = (
        select(BankQuestion.key)
        .join(Question, Question.bank_question_id == BankQuestion.id)
        .where(Question.survey_id == survey_id)
    )
    shared = (
        select(Survey.id, Survey.year, func.count(func.distinct(BankQuestion.key)))
        .join(Question, Question.survey_id == Survey.id)
        .join(BankQuestion, BankQuestion.id == Question.bank_question_id)
        .where(Survey.year < survey.year, Survey.status != "draft", BankQuestion.key.in_(keys))
        .group_by(Survey.id, Survey.year)
    )
    candidates = db.session.execute(shared).all()
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[1], c[2], c[0] == survey.copied_from_id, c[0]))
    return int(best[0])


OPEN_COLUMNS = ["response_id", "gemeente_id", "gemeente", "text"]


def open_answers(
    survey_id: int, question_id: int, gemeente_ids: Iterable[int] | None = None
) -> pd.DataFrame:
    """The written answers to one open question of counted, submitted responses.

    Columns: response_id, gemeente_id (Int64, NA for open link), gemeente (name or None),
    text (the answer, stripped; empty answers left out). Sorted by response_id.
    """
    stmt = (
        select(Answer.response_id, Household.gemeente_id, Gemeente.name, cast(Answer.value, Text))
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(Household, Household.id == Response.household_id)
        .outerjoin(Gemeente, Gemeente.id == Household.gemeente_id)
        .where(_counted(survey_id), Answer.question_id == question_id, Answer.value.is_not(None))
        .order_by(Answer.response_id)
    )
    ids = _ids(gemeente_ids)
    if ids is not None:
        stmt = stmt.where(Household.gemeente_id.in_(ids))
    records = []
    for response_id, gemeente_id, name, raw in db.session.execute(stmt):
        value = json.loads(raw)
        text = value.strip() if isinstance(value, str) else ""
        if text:
            records.append((response_id, gemeente_id, name, text))
    frame = pd.DataFrame(records, columns=OPEN_COLUMNS)
    frame["response_id"] = frame["response_id"].astype("int64")
    frame["gemeente_id"] = frame["gemeente_id"].astype("Int64")
    return frame

"""Invitation codes for the open 2027 survey and synthetic online answers from tenants.

About 14 % of the invited households answered online (more among younger tenants), about
3 % started and stopped halfway. Every answer goes through its question type's rules and the
survey's skip logic; the background answers match the household's register data. The open
link is switched on for home seekers. All answers are invented.
"""

import random
from datetime import UTC, datetime, time, timedelta

from flask import current_app
from sqlalchemy import insert, select

from consult.database import utcnow
from consult.extensions import db
from consult.households.models import Household
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.logic import condition_met
from surveys.models import (
    Answer,
    AnswerState,
    Channel,
    Population,
    Question,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from surveys.qtypes import get_type
from surveys.qtypes.base import is_dont_know
from surveys.qtypes.matrix import rows as matrix_rows
from surveys.qtypes.multiple import is_exclusive
from surveys.qtypes.ranking import top_n
from surveys.respond.open_link import open_link_token

# Share answering online, and share stopping halfway, per age band of the main tenant.
ONLINE = {"<35": 0.24, "35-54": 0.19, "55-64": 0.14, "65-74": 0.10, "75+": 0.06}
HALFWAY = 0.03
AGE_CODES = {"<35": "lt35", "35-54": "35-54", "55-64": "55-64", "65-74": "65-74", "75+": "75plus"}
OPEN_TEXTS = [
    "Een lagere huur of een huurbevriezing.",
    "Betere isolatie, dan is de energierekening lager.",
    "Sneller reageren op reparatieverzoeken.",
    "Meer betaalbare huizen voor jongeren in het dorp.",
    "Hulp bij het aanvragen van huurtoeslag.",
    "De servicekosten zijn te hoog en niet duidelijk.",
    "Meer groen en bankjes in de buurt.",
]
BATCH = 5000


def load(seed: int, echo) -> None:
    """Make codes for the open survey and add synthetic online responses."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None:
        echo("demo: no open survey; no codes made")
        return
    survey.open_link_enabled = True
    count = invitations.create_invitations(survey)
    rng = random.Random(seed)
    households = db.session.execute(
        select(Household.id, Household.age_band, Household.household_type)
        .join(Invitation, Invitation.household_id == Household.id)
        .where(Invitation.survey_id == survey.id)
        .order_by(Household.id)
    ).all()
    sent, halfway = _responses(survey, households, rng)
    echo(
        f"demo: {count} invitation codes; {sent} online responses sent and {halfway} "
        f"started (synthetic)"
    )


def _responses(survey: Survey, households, rng: random.Random) -> tuple[int, int]:
    questions = survey.ordered_questions()
    start, end = _period(survey)
    plans = []
    for household_id, band, kind in households:
        draw = rng.random()
        chance = ONLINE.get(band, 0.12)
        if draw < chance:
            plans.append((household_id, band, kind, True))
        elif draw < chance + HALFWAY:
            plans.append((household_id, band, kind, False))
    answers, sent = [], 0
    for offset in range(0, len(plans), BATCH):
        batch = plans[offset : offset + BATCH]
        rows = []
        for _household_id, _band, _kind, complete in batch:
            started = start + (end - start) * rng.random() ** 1.5  # most answer early
            submitted = started + timedelta(minutes=rng.randint(4, 25)) if complete else None
            rows.append(
                {
                    "survey_id": survey.id,
                    "household_id": _household_id,
                    "channel": Channel.ONLINE,
                    "population": Population.TENANT,
                    "status": ResponseStatus.SUBMITTED if complete else ResponseStatus.IN_PROGRESS,
                    "counts": True,
                    "language": "en" if rng.random() < 0.04 else "nl",
                    "started_at": started,
                    "submitted_at": min(submitted, end) if submitted else None,
                    "updated_at": min(submitted or started, end),
                }
            )
        ids = db.session.scalars(
            insert(Response).returning(Response.id, sort_by_parameter_order=True), rows
        ).all()
        for response_id, (_h, band, kind, complete), row in zip(ids, batch, rows, strict=True):
            values = _answers(questions, band, kind, complete, rng)
            for question, value in values:
                answers.append(
                    {
                        "response_id": response_id,
                        "question_id": question.id,
                        "value": value,
                        "state": AnswerState.ANSWERED
                        if value is not None
                        else AnswerState.NO_ANSWER,
                        "updated_at": row["updated_at"],
                    }
                )
            sent += complete
        db.session.execute(insert(Answer), answers)
        answers = []
    return sent, len(plans) - sent


def _period(survey: Survey) -> tuple[datetime, datetime]:
    now = utcnow()
    opens = survey.opens_on or (now - timedelta(days=7)).date()
    start = datetime.combine(opens, time(8), tzinfo=UTC)
    end = now
    if survey.closes_on:
        end = min(end, datetime.combine(survey.closes_on, time(22), tzinfo=UTC))
    return start, max(end, start + timedelta(hours=1))


def _answers(questions: list[Question], band, kind, complete: bool, rng) -> list[tuple]:
    """Answers in the order a tenant meets the questions, following the skip logic."""
    by_key = {q.key: q for q in questions}
    given, result = {}, []
    stop = len(questions) if complete else rng.randint(1, len(questions) - 1)
    for question in questions[:stop]:
        if not condition_met(question.show_if, given, by_key):
            continue
        raw = None if rng.random() < 0.03 else _raw(question, band, kind, rng)
        value = get_type(question.qtype).clean(raw, question)  # the question's own rules
        if value is not None:
            given[question.key] = value
        result.append((question, value))
    return result


def _raw(question: Question, band, kind, rng: random.Random):
    """A plausible raw answer for one question."""
    options = [o for o in question.options or [] if isinstance(o, dict)]
    ordinary = [str(o["code"]) for o in options if not is_exclusive(o)]
    special = [str(o["code"]) for o in options if is_exclusive(o) or is_dont_know(o)]
    qtype = question.qtype
    if question.key == "achtergrond.leeftijd" and band in AGE_CODES:
        return AGE_CODES[band]
    if question.key == "achtergrond.huishouden" and kind:
        return kind
    if qtype == "likert5":
        if special and rng.random() < 0.06:
            return rng.choice(special)
        return rng.choices(["1", "2", "3", "4", "5"], [6, 14, 24, 34, 16])[0]
    if qtype in ("single", "yesno"):
        plain = [c for c in ordinary if c not in special] or ordinary
        return rng.choice(special) if special and rng.random() < 0.07 else rng.choice(plain)
    if qtype == "grade":
        return max(1, min(10, round(rng.gauss(6.8, 1.5))))
    if qtype == "number":
        return rng.randint(1, 48)
    if qtype == "multiple":
        if special and rng.random() < 0.12:
            return [rng.choice(special)]
        limit = (question.settings or {}).get("max_selections") or 3
        return rng.sample(ordinary, k=min(len(ordinary), rng.randint(1, limit)))
    if qtype == "ranking":
        return rng.sample(ordinary, k=min(len(ordinary), top_n(question)))
    if qtype == "matrix":
        points = ["1", "2", "3", "4", "5"]
        return {
            str(r["code"]): rng.choices(points, [8, 22, 40, 22, 8])[0]
            for r in matrix_rows(question)
        }
    if qtype == "open":
        return rng.choice(OPEN_TEXTS) if rng.random() < 0.3 else None
    return None


def print_hints(echo) -> None:
    """A few unused demo codes and where to try them."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None:
        return
    unused = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.survey_id == survey.id,
            ~select(Response.id)
            .where(
                Response.survey_id == survey.id, Response.household_id == Invitation.household_id
            )
            .exists(),
        )
        .order_by(Invitation.id)
        .limit(3)
    ).all()
    if not unused:
        return
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    echo(f"Tenants answer at {base}/ with a code from their letter. Unused demo codes:")
    for invitation in unused:
        code = invitations.clear_code(invitation)
        echo(f"  {code}   (or open {invitations.code_url(code)})")
    if survey.open_link_enabled:
        echo(f"Open link for home seekers: {base}/open/{open_link_token(survey)}")

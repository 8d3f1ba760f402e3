"""Invitation codes for the open 2027 survey and synthetic online answers from tenants, and
last year's answers (online and on paper) to the closed 2026 survey.

About 14 % of the invited households answered online (more among younger tenants, and more
in some gemeenten than in others), about 3 % started and stopped halfway. Answers differ
between gemeenten, age groups and years (``surveys.demo_patterns``) so that the results say
something. Every answer goes through its question type's rules and the survey's skip logic;
the background answers match the household's register data. The open link is switched on
for home seekers. All answers are invented.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import insert, select

from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from surveys import demo_patterns as patterns
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
# Last year: the share of households whose paper form was keyed, per age band.
PAPER_LAST_YEAR = {"<35": 0.01, "35-54": 0.02, "55-64": 0.04, "65-74": 0.07, "75+": 0.12}
AGE_CODES = {"<35": "lt35", "35-54": "35-54", "55-64": "55-64", "65-74": "65-74", "75+": "75plus"}
OPEN_TEXTS = [
    "Een lagere huur of een huurbevriezing.",
    "Betere isolatie, dan is de energierekening lager.",
    "Sneller reageren op reparatieverzoeken.",
    "Meer betaalbare huizen voor jongeren in het dorp.",
    "Hulp bij het aanvragen van huurtoeslag.",
    "De servicekosten zijn te hoog en niet duidelijk.",
    "Meer groen en bankjes in de buurt.",
    "De huur gaat elk jaar omhoog, maar er wordt niets aan het huis gedaan.",
    "Mijn buurvrouw mevrouw Jansen wacht al maanden op een nieuwe keuken.",
    "Bel mij gerust op 06-12345678, ik vertel graag meer over de schimmel.",
    "Het is hier prettig wonen, de buren helpen elkaar.",
    "Er zijn te weinig woningen voor ouderen in het dorp.",
]
BATCH = 5000


def load(seed: int, echo) -> None:
    """Make codes for the open survey and add synthetic online responses; add last year's
    responses to the closed survey of the year before."""
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
        select(Household.id, Household.age_band, Household.household_type, Gemeente.name)
        .join(Invitation, Invitation.household_id == Household.id)
        .join(Gemeente, Gemeente.id == Household.gemeente_id)
        .where(Invitation.survey_id == survey.id)
        .order_by(Household.id)
    ).all()
    plans = []
    for household in households:
        draw = rng.random()
        chance = ONLINE.get(household.age_band, 0.12) * (
            1 + 0.35 * patterns.gemeente_lean(household.name)
        )
        if draw < chance:
            plans.append((household, Channel.ONLINE, True))
        elif draw < chance + HALFWAY:
            plans.append((household, Channel.ONLINE, False))
    sent = _responses(survey, plans, _period(survey), rng)
    echo(
        f"demo: {count} invitation codes; {sent} online responses sent and "
        f"{len(plans) - sent} started (synthetic)"
    )
    earlier = db.session.scalar(
        select(Survey).where(Survey.year == survey.year - 1, Survey.status == SurveyStatus.CLOSED)
    )
    if earlier is not None:
        _last_year(earlier, rng, echo)


def _last_year(survey: Survey, rng: random.Random, echo) -> None:
    """Last year's answers: online, and paper forms keyed (more among older tenants)."""
    households = db.session.execute(
        select(Household.id, Household.age_band, Household.household_type, Gemeente.name)
        .join(Gemeente, Gemeente.id == Household.gemeente_id)
        .where(Household.gemeente_id.in_([g.id for g in survey.gemeenten]))
        .order_by(Household.id)
    ).all()
    plans = []
    for household in households:
        draw = rng.random()
        online = ONLINE.get(household.age_band, 0.12) * 0.9
        paper = PAPER_LAST_YEAR.get(household.age_band, 0.03)
        if draw < online:
            plans.append((household, Channel.ONLINE, True))
        elif draw < online + paper:
            plans.append((household, Channel.KEYED, True))
    start = datetime.combine(survey.opens_on or date(survey.year, 1, 12), time(8), tzinfo=UTC)
    end = datetime.combine(
        survey.closes_on or start.date() + timedelta(days=42), time(20), tzinfo=UTC
    )
    sent = _responses(survey, plans, (start, end), rng)
    echo(f"demo: {sent} responses to the {survey.year} survey (last year; synthetic)")


def _responses(survey: Survey, plans, period, rng: random.Random) -> int:
    """Insert the planned responses (household row, channel, complete) with their answers."""
    questions = survey.ordered_questions()
    start, end = period
    answers, sent = [], 0
    for offset in range(0, len(plans), BATCH):
        batch = plans[offset : offset + BATCH]
        rows = []
        for _household, channel, complete in batch:
            started = start + (end - start) * rng.random() ** 1.5  # most answer early
            submitted = started + timedelta(minutes=rng.randint(4, 25)) if complete else None
            rows.append(
                {
                    "survey_id": survey.id,
                    "household_id": _household.id,
                    "channel": channel,
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
        for response_id, (household, _channel, complete), row in zip(ids, batch, rows, strict=True):
            values = _answers(questions, household, survey.year, complete, rng)
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
    return sent


def _period(survey: Survey) -> tuple[datetime, datetime]:
    now = utcnow()
    opens = survey.opens_on or (now - timedelta(days=7)).date()
    start = datetime.combine(opens, time(8), tzinfo=UTC)
    end = now
    if survey.closes_on:
        end = min(end, datetime.combine(survey.closes_on, time(22), tzinfo=UTC))
    return start, max(end, start + timedelta(hours=1))


def _answers(questions: list[Question], household, year: int, complete: bool, rng) -> list[tuple]:
    """Answers in the order a tenant meets the questions, following the skip logic."""
    band, kind = household.age_band, household.household_type
    by_key = {q.key: q for q in questions}
    given, result = {}, []
    stop = len(questions) if complete else rng.randint(1, len(questions) - 1)
    for question in questions[:stop]:
        if not condition_met(question.show_if, given, by_key):
            continue
        lean = patterns.lean(household.name, band, _theme(question), year)
        raw = None if rng.random() < 0.03 else _raw(question, band, kind, lean, rng)
        value = get_type(question.qtype).clean(raw, question)  # the question's own rules
        if value is not None:
            given[question.key] = value
        result.append((question, value))
    return result


def _theme(question: Question) -> str | None:
    theme = question.theme or question.section.theme
    return None if theme is None else str(theme)


def _raw(question: Question, band, kind, lean: float, rng: random.Random):
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
        return patterns.likert(rng, lean)
    if qtype in ("single", "yesno"):
        plain = [c for c in ordinary if c not in special] or ordinary
        if special and rng.random() < 0.07:
            return rng.choice(special)
        return patterns.ordered(rng, plain, lean)
    if qtype == "grade":
        return patterns.grade(rng, lean)
    if qtype == "number":
        return patterns.number(rng, question.key, question.settings, lean)
    if qtype == "multiple":
        if special and rng.random() < 0.12:
            return [rng.choice(special)]
        limit = (question.settings or {}).get("max_selections") or 3
        return patterns.subset(rng, ordinary, rng.randint(1, limit), lean)
    if qtype == "ranking":
        return patterns.ranking(rng, ordinary, top_n(question), lean)
    if qtype == "matrix":
        points = ["1", "2", "3", "4", "5"]
        return {
            str(r["code"]): patterns.ordered(
                rng, points, lean + 0.3 * ((n % 3) - 1), [8, 22, 40, 22, 8]
            )
            for n, r in enumerate(matrix_rows(question))
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

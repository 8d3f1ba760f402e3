"""Keyed paper forms for the open survey: more among over-75s, some double-entered, a few
differences and duplicates left for the coordinator, and two forms left half keyed.

Forms are keyed through the same services as the keying screen, by three synthetic
volunteers, with dates spread over the past two weeks. All answers are invented.
"""

import random
from datetime import timedelta

from sqlalchemy import select

from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.households.models import Household
from consult.permissions import Role
from consult.users.models import User
from surveys import dedup
from surveys import demo_patterns as patterns
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.keying import entry as reading
from surveys.keying import operations
from surveys.keying.models import KeyedStatus
from surveys.models import Answer, Channel, Response, ResponseStatus, Survey, SurveyStatus
from surveys.paper.models import DoubleEntry
from surveys.paper.operations import settings_for
from surveys.paper.skips import skipped_keys
from surveys.qtypes.widgets import ChoiceList, DigitBoxes, Grid, ScaleRow, WritingBox

PAPER = {"<35": 0.004, "35-54": 0.006, "55-64": 0.012, "65-74": 0.025, "75+": 0.06}
AGE_CODES = {"<35": "lt35", "35-54": "35-54", "55-64": "55-64", "65-74": "65-74", "75+": "75plus"}
VOLUNTEERS = [
    ("vrijwilliger2@kmas.example", "Truus Invoerder", "Vrijwilliger-2027"),
    ("vrijwilliger3@kmas.example", "Mohammed Invoerder", "Vrijwilliger-2027"),
]
OPEN_TEXTS = [
    "De trap is te steil voor mij.",
    "Graag een lagere huur.",
    "Het duurt lang voor er iets gerepareerd wordt.",
    "Meer bankjes in het park.",
    "Ik voel me veilig in mijn buurt.",
]
DIFFERENCES, DUPLICATES, HALF_KEYED = 4, 3, 2


def load(seed: int, echo) -> None:
    """Key synthetic paper forms of the open survey."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None:
        echo("demo: no open survey; no paper forms keyed")
        return
    rng = random.Random(seed + 5)
    invitations.create_invitations(survey)
    people = _volunteers()
    settings = settings_for(survey)
    settings.double_entry, settings.double_entry_percent = DoubleEntry.SAMPLE, 15
    settings.sender_address = "Postbus 1234\n5340 AB  Oss"  # made up, like the whole demo
    rows = reading.question_fields(survey)
    picked = _households(survey, rng)
    keyed, differences = _key_forms(survey, rows, picked, people, rng)
    duplicates = _duplicates(survey, picked[HALF_KEYED:])
    echo(
        f"demo: {keyed} paper forms keyed ({differences} with differences to check), "
        f"{duplicates} households also answered online, {HALF_KEYED} forms half keyed"
    )


def _key_forms(survey: Survey, rows, picked, people, rng: random.Random) -> tuple[int, int]:
    """Key every picked form once (some twice, a few with a slip); leave a few half done."""
    keyed = differences = 0
    names = dict(
        db.session.execute(
            select(Household.id, Gemeente.name)
            .join(Gemeente, Gemeente.id == Household.gemeente_id)
            .where(Household.id.in_([p[0] for p in picked]))
        ).all()
    )
    for index, (household_id, band, code) in enumerate(picked):
        first, second = rng.sample(people, 2)
        typed = _typed(rows, band, rng, contradict=index % 40 == 7, gemeente=names[household_id])
        entry = operations.open_form(survey, code, by=first)
        if index < HALF_KEYED:
            operations.save_entry(entry, dict(list(typed.items())[: len(typed) // 2]), by=first)
            continue
        operations.save_entry(entry, typed, by=first, finish=True)
        if entry.form.status == KeyedStatus.WAITING:
            second_typed = dict(typed)
            if differences < DIFFERENCES:
                second_typed = _mistype(rows, typed, rng)
                differences += 1
            second_entry = operations.open_form(survey, code, by=second)
            operations.save_entry(second_entry, second_typed, by=second, finish=True)
        _backdate(entry.form, rng)
        keyed += 1
    return keyed, differences


def _volunteers() -> list[User]:
    people = list(db.session.scalars(select(User).where(User.role == Role.VRIJWILLIGER.value)))
    for email, name, password in VOLUNTEERS:
        if not any(p.email == email for p in people):
            user = User(email=email, name=name, role=Role.VRIJWILLIGER.value, locale="nl")
            user.set_password(password)
            db.session.add(user)
            people.append(user)
    db.session.flush()
    return people


def _households(survey: Survey, rng: random.Random) -> list[tuple[int, str, str]]:
    """Households that return a paper form (more among the oldest), with their code."""
    rows = db.session.execute(
        select(Invitation, Household.age_band)
        .join(Household, Household.id == Invitation.household_id)
        .where(Invitation.survey_id == survey.id)
        .order_by(Household.id)
    ).all()
    answered_online = set(
        db.session.scalars(
            select(Response.household_id).where(
                Response.survey_id == survey.id, Response.status == ResponseStatus.SUBMITTED
            )
        )
    )
    picked = [
        (invitation.household_id, band or "55-64", invitations.clear_code(invitation))
        for invitation, band in rows
        if invitation.household_id not in answered_online and rng.random() < PAPER.get(band, 0.01)
    ]
    return picked


def _typed(
    rows, band: str, rng: random.Random, contradict: bool = False, gemeente: str | None = None
) -> dict[str, str]:
    """What a volunteer types for one plausible paper form."""
    typed = {}
    for row in rows:
        theme = row.question.theme or row.question.section.theme
        lean = patterns.lean(gemeente, band, None if theme is None else str(theme), 2027)
        for name, value in _field_values(row, band, rng, lean):
            if value:
                typed[name] = value
    values = reading.read_entry(rows, typed).values
    skipped = skipped_keys([r.question for r in rows], reading.answered_values(values))
    for row in rows:
        if row.question.key in skipped and not contradict:
            for name, _field in row.fields:
                typed.pop(name, None)
    return typed


def _field_values(row, band: str, rng: random.Random, lean: float = 0.0):
    widget, fields = row.widget, row.fields
    if rng.random() < 0.04:
        return [(fields[0][0], "-")]
    if isinstance(widget, ChoiceList):
        if row.question.key == "achtergrond.leeftijd":
            match = [c.key for c in widget.choices if c.code == AGE_CODES.get(band)]
            return [(fields[0][0], match[0] if match else "")]
        if widget.multiple:
            ordinary = [c.key for c in widget.choices if not c.exclusive]
            count = min(rng.randint(1, 2), widget.max_selections or 2, len(ordinary))
            return [(fields[0][0], " ".join(sorted(rng.sample(ordinary, count), key=int)))]
        if rng.random() < 0.02:
            return [(fields[0][0], "*")]
        ordinary = [c.key for c in widget.choices if not c.exclusive]
        if not ordinary or rng.random() < 0.05:
            return [(fields[0][0], rng.choice(widget.choices).key)]
        return [(fields[0][0], patterns.ordered(rng, ordinary, lean))]
    if isinstance(widget, ScaleRow):
        return [(fields[0][0], str(patterns.grade(rng, lean)))]
    if isinstance(widget, DigitBoxes):
        question = row.question
        return [(fields[0][0], str(patterns.number(rng, question.key, question.settings, lean)))]
    if isinstance(widget, WritingBox):
        return [(fields[0][0], rng.choice(OPEN_TEXTS) if rng.random() < 0.3 else "")]
    if isinstance(widget, Grid):
        if widget.one_per == "row":
            return [(name, rng.choice(widget.columns).key) for name, _f in fields]
        keys = rng.sample([r.key for r in widget.rows], len(fields))
        return list(zip([name for name, _f in fields], keys, strict=True))
    return []


def _mistype(rows, typed: dict[str, str], rng: random.Random) -> dict[str, str]:
    """The same form keyed with one slip of the finger on a single-choice question."""
    second = dict(typed)
    choices = [
        r
        for r in rows
        if isinstance(r.widget, ChoiceList) and not r.widget.multiple and r.fields[0][0] in typed
    ]
    row = rng.choice(choices)
    name = row.fields[0][0]
    others = [c.key for c in row.widget.choices if c.key != typed[name]]
    second[name] = rng.choice(others)
    return second


def _backdate(form, rng: random.Random) -> None:
    """Spread the keying over the past two weeks (office hours)."""
    shift = timedelta(days=rng.randint(1, 13), hours=rng.randint(0, 6))
    for entry in form.entries:
        for name in ("started_at", "saved_at", "finished_at"):
            value = getattr(entry, name)
            if value is not None:
                setattr(entry, name, value - shift)
    form.created_at -= shift
    if form.accepted_at:
        form.accepted_at -= shift
    if form.response.submitted_at:
        form.response.submitted_at -= shift
    form.response.started_at -= shift


def _duplicates(survey: Survey, picked) -> int:
    """A few households that had also answered online, before their accepted paper form was
    keyed (forms still waiting for a second entry are left alone)."""
    count = 0
    for household_id, _band, _code in picked:
        if count == DUPLICATES:
            break
        paper = db.session.scalar(
            select(Response).where(
                Response.survey_id == survey.id,
                Response.household_id == household_id,
                Response.channel == Channel.KEYED,
                Response.status == ResponseStatus.SUBMITTED,
            )
        )
        if paper is None:
            continue
        earlier = (paper.submitted_at or utcnow()) - timedelta(days=6)
        online = Response(
            survey_id=survey.id,
            household_id=household_id,
            channel=Channel.ONLINE,
            status=ResponseStatus.SUBMITTED,
            counts=False,
            started_at=earlier,
            submitted_at=earlier,
            answers=[
                Answer(question_id=a.question_id, value=a.value, state=a.state)
                for a in paper.answers
            ],
        )
        db.session.add(online)
        db.session.flush()
        dedup.settle_household(survey, household_id)
        count += 1
    return count


def print_hints(echo) -> None:
    """Where to see letters, forms and keying in the demo."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None:
        return
    echo(
        f"Paper: letters and forms at /vragenlijsten/{survey.id}/papier; keying at "
        f"/invoeren/{survey.id} (also vrijwilliger2@ and vrijwilliger3@kmas.example, "
        "password Vrijwilliger-2027)."
    )
    echo(
        f"  flask paper letters --survey {survey.id} --gemeente Bernheze --out brieven.pdf "
        "--csv brieven.csv"
    )
    echo(f"  flask paper layout --survey {survey.id} --out indeling.json")

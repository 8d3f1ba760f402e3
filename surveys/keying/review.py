"""The coordinator's side of double entry: resolve differences, and error rates per volunteer.

For every question that two volunteers read differently, the coordinator looks at the paper
form and picks the entry that is right; the other volunteer is counted as having made the
error. When every difference is resolved the form is accepted.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from consult.users.models import User
from surveys.keying import entry as reading
from surveys.keying import progress
from surveys.keying.errors import KeyingError
from surveys.keying.models import KeyedForm, KeyedStatus, KeyingEntry
from surveys.keying.operations import accept_form, write_answers
from surveys.models import Survey
from surveys.paper.skips import ignored_skips


def forms_with_differences(survey: Survey, scope_ids=None) -> list[KeyedForm]:
    """Forms waiting for a coordinator, oldest first."""
    return list(
        db.session.scalars(
            select(KeyedForm)
            .where(KeyedForm.survey_id == survey.id, KeyedForm.status == KeyedStatus.DIFFERENCES)
            .where(progress.visible(scope_ids))
            .options(selectinload(KeyedForm.differences), selectinload(KeyedForm.entries))
            .order_by(KeyedForm.id)
        )
    )


def resolve_differences(form: KeyedForm, choices: dict[str, str], *, by) -> None:
    """Apply the coordinator's choice ("first" or "second") for every open difference."""
    if form.status != KeyedStatus.DIFFERENCES:
        raise KeyingError(_l("This form has no differences to resolve (anymore)."))
    open_ones = [d for d in form.differences if d.resolved_at is None]
    missing = [d for d in open_ones if choices.get(str(d.id)) not in ("first", "second")]
    if missing:
        raise KeyingError(_l("Choose the right answer for every difference."), field="choices")
    first = form.entry(1)
    values = dict(first.values)
    now = utcnow()
    for difference in open_ones:
        choice = choices[str(difference.id)]
        difference.chosen = difference.first if choice == "first" else difference.second
        difference.blame = "second" if choice == "first" else "first"
        difference.resolved_by_id = by.id
        difference.resolved_at = now
        if difference.chosen is None:
            values.pop(difference.question_key, None)
        else:
            values[difference.question_key] = difference.chosen
    questions = form.survey.ordered_questions()
    write_answers(form.response, questions, values)
    form.flags = ignored_skips(questions, reading.answered_values(values))
    record_event("keying.differences_resolved", actor=by, target=form, differences=len(open_ones))
    accept_form(form, by=by)


@dataclass
class VolunteerRate:
    """How often one volunteer's entries differed from the other entry, and were wrong."""

    name: str
    forms: int = 0
    fields: int = 0
    differences: int = 0
    errors: int = 0

    @property
    def difference_rate(self) -> float:
        """Share of compared questions that differed (0–1)."""
        return self.differences / self.fields if self.fields else 0.0

    @property
    def error_rate(self) -> float:
        """Share of compared questions this volunteer keyed wrongly, as resolved (0–1)."""
        return self.errors / self.fields if self.fields else 0.0


def volunteer_rates(survey: Survey, scope_ids=None) -> list[VolunteerRate]:
    """Per volunteer: double-keyed forms, questions compared, differences and errors."""
    forms = db.session.scalars(
        select(KeyedForm)
        .where(
            KeyedForm.survey_id == survey.id,
            progress.visible(scope_ids),
            KeyedForm.double_entry.is_(True),
            KeyedForm.status.in_([KeyedStatus.ACCEPTED, KeyedStatus.DIFFERENCES]),
        )
        .options(selectinload(KeyedForm.entries), selectinload(KeyedForm.differences))
    )
    questions = len(survey.ordered_questions())
    rates: dict[int, VolunteerRate] = {}
    names = {}
    for form in forms:
        entries: list[KeyingEntry] = [e for e in form.entries if e.finished_at is not None]
        if len(entries) < 2:
            continue
        for entry in entries:
            user_id = entry.entered_by_id or 0
            if user_id not in names:
                user = db.session.get(User, user_id) if user_id else None
                names[user_id] = user.name if user else "?"
            rate = rates.setdefault(user_id, VolunteerRate(names[user_id]))
            rate.forms += 1
            rate.fields += questions
            rate.differences += len(form.differences)
            side = "first" if entry.number == 1 else "second"
            rate.errors += sum(1 for d in form.differences if d.blame in (side, "both"))
    return sorted(rates.values(), key=lambda r: (-r.error_rate, r.name))

"""Keying services: open a returned form, save what a volunteer typed, finish it, key it a
second time, compare the two entries, and accept the form.

The first entry is written straight into the household's keyed response (``Response`` with
``channel = keyed``, ``entered_by`` the volunteer), so a half-keyed form is kept and can be
resumed. A second entry is kept apart and compared when finished: identical entries accept the
form, differences go to a coordinator (``surveys.keying.review``). An accepted form completes
its response, and the duplicate rule (``surveys.dedup``) decides whether it counts.
"""

import logging
import random
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys import dedup, versions
from surveys.keying import entry as reading
from surveys.keying.errors import KeyingError
from surveys.keying.lookup import FormRef, identify
from surveys.keying.models import KeyedForm, KeyedStatus, KeyingDifference, KeyingEntry
from surveys.models import (
    Answer,
    AnswerState,
    Channel,
    Population,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)
from surveys.paper.models import DoubleEntry
from surveys.paper.operations import current_settings
from surveys.paper.skips import ignored_skips

log = logging.getLogger(__name__)

IDLE_BEFORE_TAKEOVER = timedelta(minutes=30)
KEYABLE = (SurveyStatus.OPEN, SurveyStatus.CLOSED)


def _name(user) -> str:
    return getattr(user, "name", None) or "?"


def open_form(survey: Survey, typed: str, *, by, scope_ids=None, another_copy: bool = False):
    """The entry the volunteer keys now for the typed or scanned code (new or resumed).

    KeyingError with a clear message when the form cannot be keyed by this volunteer now;
    nothing already keyed is ever changed by opening a form.
    """
    if survey.status not in KEYABLE:
        raise KeyingError(_l("Forms can be keyed once the survey is open."))
    ref = identify(survey, typed, scope_ids)
    forms = _forms_of(survey, ref)
    if another_copy:
        if ref.household_id is None or not forms:
            raise KeyingError(_l("Only a second form of a household that was keyed can be added."))
        return _new_form(survey, ref, by, copy=max(f.copy for f in forms) + 1)
    if not forms:
        return _new_form(survey, ref, by, copy=1)
    return _continue(forms[0], by)


def _forms_of(survey: Survey, ref: FormRef) -> list[KeyedForm]:
    stmt = select(KeyedForm).where(KeyedForm.survey_id == survey.id).order_by(KeyedForm.copy)
    if ref.serial is not None:
        stmt = stmt.where(KeyedForm.serial == ref.serial)
    else:
        stmt = stmt.where(KeyedForm.household_id == ref.household_id)
    return list(db.session.scalars(stmt))


def _wants_double_entry(survey: Survey, ref: FormRef, copy: int) -> bool:
    settings = current_settings(survey)
    if settings.double_entry == DoubleEntry.ALL:
        return True
    if settings.double_entry == DoubleEntry.SAMPLE:
        ident = f"h{ref.household_id}" if ref.household_id else f"b{ref.serial}"
        draw = random.Random(f"{survey.id}:{ident}:{copy}").random()  # noqa: S311 (a sample)
        return draw * 100 < settings.double_entry_percent
    return False


def _new_form(survey: Survey, ref: FormRef, by, copy: int) -> KeyingEntry:
    language = ref.language if ref.language in (survey.languages or []) else "nl"
    response = Response(
        survey_id=survey.id,
        household_id=ref.household_id,
        channel=Channel.KEYED,
        population=Population.TENANT if ref.household_id else Population.OPEN_LINK,
        status=ResponseStatus.IN_PROGRESS,
        counts=False,  # decided by the duplicate rule once the form is accepted
        language=language,
        entered_by_id=by.id,
    )
    form = KeyedForm(
        survey_id=survey.id,
        household_id=ref.household_id,
        serial=ref.serial,
        copy=copy,
        response=response,
        double_entry=_wants_double_entry(survey, ref, copy),
        language=language,
        flags=[],
    )
    entry = KeyingEntry(form=form, number=1, entered_by_id=by.id, typed={}, values={})
    try:
        with db.session.begin_nested():
            db.session.add_all([response, form, entry])
            db.session.flush()
    except IntegrityError:
        raise KeyingError(
            _l("Someone else has just started keying this form. Take the next form.")
        ) from None
    log.info("keyed form %s opened (survey %s, copy %d)", form.id, survey.id, copy)
    return entry


def _continue(form: KeyedForm, by) -> KeyingEntry:
    first, second = form.entry(1), form.entry(2)
    if form.status == KeyedStatus.KEYING:
        return _own(first, by)
    if form.status == KeyedStatus.WAITING:
        if first.entered_by_id == by.id:
            raise KeyingError(
                _l(
                    "You keyed this form already. For the check, another volunteer must key it "
                    "a second time."
                )
            )
        return _second_entry(form, by)
    if form.status == KeyedStatus.SECOND:
        return _own(second, by)
    if form.status == KeyedStatus.DIFFERENCES:
        raise KeyingError(
            _l("This form was keyed twice with differences; a coordinator is checking it.")
        )
    raise AlreadyKeyedError(form)


class AlreadyKeyedError(KeyingError):
    """The form was keyed and accepted; nothing is changed. A household may send two forms."""

    def __init__(self, form: KeyedForm):
        first = form.entry(1)
        when = first.finished_at if first else form.accepted_at
        super().__init__(
            _l(
                "This form was keyed already on %(date)s by %(name)s. Nothing was changed.",
                date=when.strftime("%d-%m-%Y") if when else "?",
                name=_name(first.entered_by if first else None),
            ),
            field="code",
        )
        self.form = form


class BusyError(KeyingError):
    """Someone else is keying this entry; a coordinator or, after a while, anyone may take over."""

    def __init__(self, entry: KeyingEntry):
        super().__init__(
            _l(
                "%(name)s is keying this form (last saved at %(time)s).",
                name=_name(entry.entered_by),
                time=entry.saved_at.strftime("%d-%m-%Y %H:%M") if entry.saved_at else "?",
            ),
            field="code",
        )
        self.entry = entry
        self.idle = utcnow() - entry.saved_at >= IDLE_BEFORE_TAKEOVER


def _own(entry: KeyingEntry, by) -> KeyingEntry:
    if entry.entered_by_id != by.id:
        raise BusyError(entry)
    return entry


def _second_entry(form: KeyedForm, by) -> KeyingEntry:
    try:
        with db.session.begin_nested():
            form.status = KeyedStatus.SECOND
            entry = KeyingEntry(
                keyed_form_id=form.id, number=2, entered_by_id=by.id, typed={}, values={}
            )
            db.session.add(entry)
            db.session.flush()
    except (IntegrityError, StaleDataError):
        raise KeyingError(
            _l("Someone else has just started the second entry of this form. Take the next form.")
        ) from None
    db.session.expire(form, ["entries"])
    return entry


def take_over(entry: KeyingEntry, *, by, coordinator: bool = False) -> KeyingEntry:
    """Continue someone else's unfinished entry (coordinator, or after 30 minutes idle)."""
    if entry.finished_at is not None:
        raise KeyingError(_l("This entry is finished already."))
    if not coordinator and utcnow() - entry.saved_at < IDLE_BEFORE_TAKEOVER:
        raise BusyError(entry)
    if entry.number == 2 and entry.form.entry(1).entered_by_id == by.id:
        raise KeyingError(_l("The second entry must be done by another volunteer than the first."))
    before = entry.entered_by_id
    entry.entered_by_id = by.id
    entry.saved_at = utcnow()
    if entry.number == 1:
        entry.form.response.entered_by_id = by.id
    _flush()
    record_event(
        "keying.taken_over", actor=by, target=entry.form, entry=entry.number, previous=before
    )
    return entry


def save_entry(
    entry: KeyingEntry, typed: dict[str, str], *, by, expected_version=None, finish: bool = False
) -> reading.ReadEntry:
    """Store what was typed; with ``finish`` (and no errors) complete the entry.

    Typed text is always kept, also next to errors, so nothing is lost; the returned errors
    (by input name) tell the volunteer what to correct.
    """
    if entry.entered_by_id != by.id:
        raise BusyError(entry)
    if entry.finished_at is not None:
        raise KeyingError(_l("This entry was finished already; it can no longer be changed."))
    _check_version(entry, expected_version)
    form = entry.form
    rows = reading.question_fields(form.survey, "nl")
    names = {name for row in rows for name, _f in row.fields}
    clean = {k: str(v)[:10_000] for k, v in typed.items() if k in names and str(v or "").strip()}
    result = reading.read_entry(rows, clean)
    entry.typed = clean
    entry.values = result.values
    entry.saved_at = utcnow()
    if finish and not result.errors:
        entry.values = reading.complete_values(rows, result.values)
        entry.finished_at = utcnow()
    questions = [row.question for row in rows]
    form.flags = ignored_skips(questions, reading.answered_values(entry.values))
    if entry.number == 1:
        write_answers(form.response, questions, entry.values)
    if entry.finished_at is not None:
        _after_finish(form, entry, rows, by)
    _flush()
    return result


def _check_version(entry: KeyingEntry, expected_version) -> None:
    versions.check_version(
        entry,
        expected_version,
        _l(
            "This form was saved in another window in the meantime. Open it again to see "
            "what is stored, then continue."
        ),
    )


def _flush() -> None:
    versions.flush_or_conflict(
        _l("Someone else saved this form at the same moment. Open it again and check it.")
    )


def write_answers(response: Response, questions, values: dict[str, dict]) -> None:
    """The response's answers become what the first entry says (insert, update, delete)."""
    existing = {a.question_id: a for a in response.answers}
    for question in questions:
        keyed = values.get(question.key)
        answer = existing.get(question.id)
        if keyed is None:
            if answer is not None:
                response.answers.remove(answer)
            continue
        state = AnswerState(keyed["state"])
        if answer is None:
            response.answers.append(
                Answer(question_id=question.id, value=keyed["value"], state=state)
            )
        elif answer.value != keyed["value"] or answer.state != state:
            answer.value, answer.state = keyed["value"], state
    response.updated_at = utcnow()


def _after_finish(form: KeyedForm, entry: KeyingEntry, rows, by) -> None:
    if entry.number == 1:
        if form.double_entry:
            form.status = KeyedStatus.WAITING
        else:
            accept_form(form, by=by)
        return
    first = form.entry(1)
    keys = [row.question.key for row in rows]
    differing = [
        k for k in keys if _comparable(first.values.get(k)) != _comparable(entry.values.get(k))
    ]
    if not differing:
        accept_form(form, by=by)
        return
    for key in differing:
        form.differences.append(
            KeyingDifference(
                question_key=key, first=first.values.get(key), second=entry.values.get(key)
            )
        )
    form.status = KeyedStatus.DIFFERENCES
    log.info("keyed form %s: %d differences between the entries", form.id, len(differing))


def _comparable(value: dict | None):
    if value is None:
        return None
    return (value.get("state"), value.get("value"))


def accept_form(form: KeyedForm, *, by) -> None:
    """The form is keyed (and checked): its response is complete; the duplicate rule runs."""
    first = form.entry(1)
    now = utcnow()
    response = form.response
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = first.finished_at if first and first.finished_at else now
    form.status = KeyedStatus.ACCEPTED
    form.accepted_at = now
    db.session.flush()
    dedup.settle_household(form.survey, form.household_id, by=by)


def discard_form(entry: KeyingEntry, *, by) -> None:
    """Undo opening a form by mistake: only a first entry with nothing typed yet."""
    form = entry.form
    if entry.entered_by_id != by.id or entry.number != 1 or entry.typed or entry.finished_at:
        raise KeyingError(_l("Only a form you opened and did not key yet can be put back."))
    response = form.response
    db.session.delete(form)
    db.session.flush()
    db.session.delete(response)
    db.session.flush()


def keyed_count(survey: Survey) -> int:
    """How many paper forms of the survey were opened for keying."""
    return db.session.scalar(
        select(func.count(KeyedForm.id)).where(KeyedForm.survey_id == survey.id)
    )

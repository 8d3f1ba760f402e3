"""From read pages to responses: one scanned form per household, built from all its pages.

A read page is put with its household's ``ScannedForm`` (created with a ``Response`` of
channel ``scanned`` on its first page). A page already read for that form is either the
same page scanned twice (same marks: not used again) or a copy of the form (other marks:
never counted). The form's response is completed only when every page is there and no
page has a box or writing left to check; then the keyed-form reading turns the decided marks
into answers and the duplicate rule of every channel decides whether it counts.
"""

import logging

from sqlalchemy import select

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys import dedup
from surveys.keying import entry as keyed
from surveys.keying.errors import KeyingError
from surveys.keying.lookup import identify
from surveys.keying.operations import write_answers
from surveys.models import Channel, Population, Response, ResponseStatus, Survey, SurveyStatus
from surveys.paper import operations as paper_operations
from surveys.paper.qr import PageIdentity
from surveys.qtypes.widgets import ChoiceList, DigitBoxes, Grid, ScaleRow, WritingBox
from surveys.scans import messages as m
from surveys.scans import statuses as s
from surveys.scans.models import FormStatus, ScannedForm, ScanPage

log = logging.getLogger(__name__)


def place_page(page: ScanPage, identity: PageIdentity | None, *, by=None) -> None:
    """Put a stored page with its form, or give it the status that says why not."""
    batch = page.batch
    survey = batch.survey
    if identity is not None and identity.survey_id != survey.id:
        _other_survey(page, identity.survey_id)
        return
    if page.status != m.READ:
        page.review_open = page.status in s.IDENTIFIABLE and page.original_path is not None
        return
    if survey.status != SurveyStatus.OPEN:
        _refuse(page, s.SURVEY_CLOSED, title=survey.display_title)
        return
    scope_ids = set(batch.gemeente_ids) if batch.gemeente_ids is not None else None
    try:
        ref = identify(survey, identity.payload(), scope_ids)
    except KeyingError as exc:
        page.status, page.message, page.values = s.REFUSED, str(exc), {}
        page.review_open = False
        return
    page.household_id = ref.household_id
    form = _form_for(survey, ref, identity)
    earlier = next((p for p in form.pages if p.counted and p.page_number == page.page_number), None)
    if earlier is not None:
        same = _same_marks(earlier, page)
        label = _form_label(form)
        _refuse(page, s.SCANNED_TWICE if same else s.PHOTOCOPY, page=page.page_number, form=label)
        page.form_id = form.id
        return
    page.form = form
    page.counted = True
    page.review_open = any(mark.final_state is None for mark in page.marks)
    db.session.flush()
    update_form(form, by=by)


def _other_survey(page: ScanPage, survey_id: int) -> None:
    other = db.session.get(Survey, survey_id)
    title = other.display_title if other else f"#{survey_id}"
    if other is not None and other.status == SurveyStatus.CLOSED:
        _refuse(page, s.SURVEY_CLOSED, title=title)
    else:
        _refuse(page, s.OTHER_SURVEY, title=title)


def _refuse(scan_page: ScanPage, status: str, **values) -> None:
    scan_page.status = status
    scan_page.message, scan_page.values = s.message(status, **values)
    scan_page.review_open = False
    scan_page.counted = False


def _same_marks(earlier: ScanPage, page: ScanPage) -> bool:
    """Whether two readings of one form page agree on every box both read with certainty."""
    before = {mark.position: mark.state for mark in earlier.marks}
    for mark in page.marks:
        was = before.get(mark.position)
        if mark.kind in ("choice", "grid") and "uncertain" not in (was, mark.state):
            if was != mark.state:
                return False
    return True


def _form_label(form: ScannedForm) -> str:
    if form.serial is not None:
        return f"B{form.serial}"
    return f"#{form.household_id}"


def _form_for(survey: Survey, ref, identity: PageIdentity) -> ScannedForm:
    stmt = select(ScannedForm).where(ScannedForm.survey_id == survey.id)
    if ref.serial is not None:
        stmt = stmt.where(ScannedForm.serial == ref.serial)
    else:
        stmt = stmt.where(ScannedForm.household_id == ref.household_id)
    form = db.session.scalar(stmt)
    if form is not None:
        return form
    language = identity.language if identity.language in (survey.languages or []) else "nl"
    response = Response(
        survey_id=survey.id,
        household_id=ref.household_id,
        channel=Channel.SCANNED,
        population=Population.TENANT if ref.household_id else Population.OPEN_LINK,
        status=ResponseStatus.IN_PROGRESS,
        counts=False,  # decided by the duplicate rule once the form is complete
        language=language,
    )
    form = ScannedForm(
        survey_id=survey.id,
        household_id=ref.household_id,
        serial=ref.serial,
        response=response,
        page_count=_page_count(identity),
        language=language,
        flags=[],
    )
    db.session.add_all([response, form])
    db.session.flush()
    return form


def _page_count(identity: PageIdentity) -> int:
    found = paper_operations.find_layout(
        identity.survey_id,
        identity.survey_version,
        identity.language,
        identity.large_print,
        identity.revision,
    )
    return (found.page_count if found is not None else 0) or 1


def missing_pages(form: ScannedForm) -> list[int]:
    """The pages of the form that were not scanned (yet)."""
    present = {p.page_number for p in form.pages if p.counted}
    return [n for n in range(1, form.page_count + 1) if n not in present]


def update_form(form: ScannedForm, *, by=None) -> None:
    """The form's status after a page was added or checked; complete it when it can be."""
    if form.status == FormStatus.COMPLETE:
        return
    pages = [p for p in form.pages if p.counted]
    if any(p.review_open for p in pages):
        form.status = FormStatus.REVIEW
    elif missing_pages(form):
        form.status = FormStatus.MISSING
    else:
        complete_form(form, by=by)
    form.flags = [{"missing_pages": missing_pages(form)}] if missing_pages(form) else []


def forms_missing_pages(batch) -> int:
    """At the end of a batch: how many of its forms still miss a page (they stay incomplete)."""
    forms = {p.form for p in batch.pages if p.counted and p.form is not None}
    return sum(1 for form in forms if missing_pages(form))


def complete_form(form: ScannedForm, *, by=None) -> None:
    """Every page read and checked: the marks become the response's answers; it is complete."""
    survey = form.survey
    rows = keyed.question_fields(survey, "nl")
    marks: dict[str, list] = {}
    for page in form.pages:
        if page.counted:
            for mark in page.marks:
                marks.setdefault(mark.question, []).append(mark)
    result = keyed.read_entry(rows, typed_answers(rows, marks))
    values = keyed.complete_values(rows, result.values)
    response = form.response
    write_answers(response, [row.question for row in rows], values)
    now = utcnow()
    response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
    form.status, form.completed_at = FormStatus.COMPLETE, now
    db.session.flush()
    dedup.settle_household(survey, form.household_id, by=by)
    record_event(
        "scans.form_completed",
        actor=by,
        target=survey,
        form=form.id,
        response=response.id,
        unreadable=sorted(result.errors),
    )


def typed_answers(rows, marks: dict[str, list]) -> dict[str, str]:
    """What a volunteer would have typed for the decided marks (read as keyed forms are)."""
    typed: dict[str, str] = {}
    for row in rows:
        found = marks.get(row.question.key)
        if not found:
            continue
        names = {f.name: name for name, f in row.fields}
        checked = [k for k in found if k.final_state == "checked" and k.kind in ("choice", "grid")]
        widget = row.widget
        if isinstance(widget, ChoiceList | ScaleRow):
            multiple = isinstance(widget, ChoiceList) and widget.multiple
            typed[names[""]] = _join([k.meaning.get("key") for k in checked], multiple)
        elif isinstance(widget, DigitBoxes):
            typed[names[""]] = _join([k.meaning.get("key") for k in checked], False) or _number(
                found
            )
        elif isinstance(widget, WritingBox):
            typed[names[""]] = "\n".join(k.text for k in found if k.kind == "text" and k.text)
        elif isinstance(widget, Grid):
            typed.update(_grid(widget, names, checked))
    return {name: text for name, text in typed.items() if text}


def _grid(widget: Grid, names: dict[str, str], checked: list) -> dict[str, str]:
    cells = [k for k in checked if k.kind == "grid"]
    extra = [k.meaning.get("key") for k in checked if k.kind == "choice"]
    typed = {}
    if widget.one_per == "row":
        for line in widget.rows:
            keys = [k.meaning.get("key") for k in cells if k.meaning.get("statement") == line.code]
            typed[names[line.code]] = _join(keys, False)
        return typed
    for index, column in enumerate(widget.columns, start=1):
        keys = [k.meaning.get("key") for k in cells if str(k.meaning.get("rank")) == column.code]
        typed[names[f"r{index}"]] = _join(keys, False)
    if extra and not any(typed.values()):
        typed[names["r1"]] = _join(extra, False)
    return typed


def _join(keys: list, multiple: bool) -> str:
    keys = [str(k) for k in keys if k is not None]
    if not keys:
        return ""
    if multiple:
        return " ".join(keys)
    return keys[0] if len(keys) == 1 else "*"


def _number(marks: list) -> str:
    parts = {k.meaning.get("part"): (k.text or "").strip() for k in marks if k.kind == "digits"}
    whole, decimal = parts.get("whole", ""), parts.get("decimal", "")
    if whole == "-" or decimal == "-":
        return "-"
    return whole + ("," + decimal if decimal else "")

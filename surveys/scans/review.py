"""The review queue: only doubtful boxes, writing to transcribe and pages that failed.

A page waits for review while one of its boxes has no ``final_state``. A volunteer sees each
doubtful question as a crop of the page with what was read, and types the numbers of the
boxes that are ticked (Enter confirms what was read); writing and numbers are typed over.
A page whose code or corner marks failed can be identified by hand and read again, or set
aside when it is not a form page. Every decision is written to the audit log.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from consult import scope
from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from surveys.keying import entry as keyed
from surveys.paper import operations as paper_operations
from surveys.paper.models import PaperLayout
from surveys.paper.qr import PageIdentity
from surveys.scans import crops, results, statuses, storage
from surveys.scans import messages as m
from surveys.scans.models import MarkReading, ScanBatch, ScanPage
from surveys.scans.operations import ScanError, mark_reading, survey_layouts
from surveys.scans.reading import identity_json, read_page

_NUMBERS = re.compile(r"\d+")


@dataclass
class Group:
    """One thing to check on a page: a question's boxes, or one writing area."""

    number: int
    question: str
    kind: str  # marks or writing
    marks: list[MarkReading] = field(default_factory=list)

    @property
    def doubtful(self) -> list[MarkReading]:
        """The boxes the machine was not sure of."""
        return [mark for mark in self.marks if mark.final_state is None]

    @property
    def read_as_ticked(self) -> str:
        """The numbers of the boxes read as ticked (what Enter confirms)."""
        return " ".join(str(i) for i, mark in enumerate(self.marks, 1) if mark.state == "checked")


def open_pages(survey, user=None) -> list[ScanPage]:
    """The survey's pages waiting for review, oldest first; with a user, only the pages the
    check page lets that user open (the same scope rule, so the queue never leads to a 403)."""
    pages = db.session.scalars(
        select(ScanPage)
        .join(ScanBatch)
        .where(ScanBatch.survey_id == survey.id, ScanPage.review_open.is_(True))
        .order_by(ScanPage.id)
    ).all()
    if user is None:
        return list(pages)
    return [p for p in pages if scope.allows(user, p, scope.kinds()["scan_page_id"])]


def still_open(batch_ids: list[int]) -> dict[int, int]:
    """Per batch, how many of its pages still wait for a check (batches with none left out)."""
    if not batch_ids:
        return {}
    rows = db.session.execute(
        select(ScanPage.batch_id, func.count())
        .where(ScanPage.batch_id.in_(batch_ids), ScanPage.review_open.is_(True))
        .group_by(ScanPage.batch_id)
    )
    return {batch_id: count for batch_id, count in rows}


def groups(page: ScanPage) -> list[Group]:
    """What is left to check on a page, in the order of the form."""
    found: list[Group] = []
    by_question: dict[str, list[MarkReading]] = {}
    for mark in page.marks:
        if mark.kind in ("choice", "grid"):
            by_question.setdefault(mark.question, []).append(mark)
    seen = set()
    for mark in page.marks:
        if mark.final_state is not None:
            continue
        if mark.kind in ("digits", "text"):
            found.append(Group(len(found) + 1, mark.question, "writing", [mark]))
        elif mark.question not in seen:
            seen.add(mark.question)
            found.append(Group(len(found) + 1, mark.question, "marks", by_question[mark.question]))
    return found


def group_png(page: ScanPage, number: int) -> bytes | None:
    """The crop of one group of a page (None when the image is gone)."""
    image = storage.load_image(page.registered_path)
    chosen = next((g for g in groups(page) if g.number == number), None)
    if image is None or chosen is None:
        return None
    boxes = _boxes(page, chosen.marks)
    doubtful = _boxes(page, chosen.doubtful) if chosen.kind == "marks" else []
    return crops.question_png(image, boxes, doubtful)


def _boxes(page: ScanPage, marks: list[MarkReading]) -> list[dict]:
    layout = _layout(page)
    boxes = layout["pages"][page.page_number - 1]["boxes"] if layout else []
    return [boxes[mark.position] for mark in marks if mark.position < len(boxes)]


def _layout(page: ScanPage) -> dict | None:
    ident = page.identity or {}
    found = paper_operations.find_layout(
        ident.get("survey"),
        ident.get("version"),
        ident.get("language"),
        bool(ident.get("large_print")),
        ident.get("revision"),
    )
    return found.layout if found is not None else None


def decide_page(page: ScanPage, typed: dict[int, str], *, by) -> None:
    """Store the volunteer's decisions (group number → typed text); ScanError if unclear."""
    todo = groups(page)
    for group in todo:
        text = str(typed.get(group.number, "")).strip()
        if group.kind == "writing":
            _transcribe(page, group.marks[0], text[:2000], by)
        else:
            _tick(page, group, text, by)
    _check_numbers(page, {g.question for g in todo if g.marks[0].kind == "digits"})
    page.review_open = any(mark.final_state is None for mark in page.marks)
    if not page.review_open:
        page.resolved_by_id, page.resolved_at = by.id, utcnow()
        if page.form is not None:
            results.update_form(page.form, by=by)
    db.session.flush()


def _check_numbers(page: ScanPage, keys: set[str]) -> None:
    """ScanError when a number typed over cannot be read as the question's answer (read as
    a keyed form is, so "ca. 700" or a number out of range is said, never lost)."""
    if not keys:
        return
    rows = [r for r in keyed.question_fields(page.batch.survey, "nl") if r.question.key in keys]
    marks = {key: [k for k in page.marks if k.question == key] for key in keys}
    errors = keyed.read_entry(rows, results.typed_answers(rows, marks)).errors
    if errors:
        raise ScanError(next(iter(errors.values())))


def _tick(page: ScanPage, group: Group, text: str, by) -> None:
    chosen = {int(n) for n in _NUMBERS.findall(text)}
    if any(n < 1 or n > len(group.marks) for n in chosen):
        raise ScanError(
            _l("Type numbers from 1 to %(n)d for the boxes that are ticked.", n=len(group.marks))
        )
    for index, mark in enumerate(group.marks, start=1):
        final = "checked" if index in chosen else "empty"
        if mark.final_state != final:
            _audit(page, mark, final, by)
        mark.final_state, mark.reviewed_by_id, mark.reviewed_at = final, by.id, utcnow()


def _transcribe(page: ScanPage, mark: MarkReading, text: str, by) -> None:
    mark.text = text or None
    mark.final_state = "checked" if text else "empty"
    mark.reviewed_by_id, mark.reviewed_at = by.id, utcnow()
    _audit(page, mark, mark.final_state, by, transcribed=bool(text))


def _audit(page: ScanPage, mark: MarkReading, final: str, by, **detail) -> None:
    record_event(
        "scans.mark_reviewed",
        actor=by,
        target=page,
        question=mark.question,
        option=mark.option,
        read=mark.state,
        fill=round(mark.fill, 3),
        final=final,
        **detail,
    )


def variants(survey) -> list[PaperLayout]:
    """The printed variants of the survey's form (language and print size)."""
    return list(
        db.session.scalars(
            select(PaperLayout)
            .where(PaperLayout.survey_id == survey.id)
            .order_by(PaperLayout.language, PaperLayout.large_print, PaperLayout.revision)
        )
    )


def identify_page(page: ScanPage, code: str, number: int, variant: PaperLayout, *, by) -> None:
    """Read a page again as the page of the form a volunteer typed; ScanError if it fails."""
    image = storage.load_image(page.original_path)
    survey = page.batch.survey
    layouts = survey_layouts(survey)
    if image is None or layouts is None:
        raise ScanError(_l("The image of this page is no longer kept; scan it again."))
    clean = re.sub(r"[^0-9A-Z]", "", str(code or "").upper())
    if not 9 <= len(clean) <= 12 or not 1 <= number <= variant.page_count:
        raise ScanError(
            _l(
                "Type the code as printed on the form (for example ABCD-EFGH-J) and a page "
                "number from 1 to %(n)d.",
                n=variant.page_count,
            )
        )
    identity = PageIdentity(
        survey.id, variant.survey_version, variant.language, variant.large_print,
        variant.revision, number, code=clean,
    )  # fmt: skip
    reading = read_page(image, layouts, file=page.file.name, page=page.index, identity=identity)
    if reading.status != m.READ:
        text, values = statuses.message(reading.status, **reading.values)
        raise ScanError(_l(text, **values) if text else _l("This page could not be read."))
    before = page.status
    page.status, page.message, page.values = m.READ, None, {}
    page.identity, page.page_number = identity_json(identity), number
    page.registration = reading.registration.describe()
    page.registered_path = storage.save_image(page.batch_id, page.id, "page", reading.image)
    page.marks = [mark_reading(position, box) for position, box in enumerate(reading.boxes)]
    db.session.flush()
    results.place_page(page, identity, by=by)
    record_event("scans.page_identified", actor=by, target=page, before=before, page=number)


def set_aside(page: ScanPage, *, by) -> None:
    """A page that is not a form page (a letter, a blank sheet) is put aside."""
    before = page.status
    page.status = statuses.SET_ASIDE
    page.message, page.values = statuses.message(statuses.SET_ASIDE)
    page.review_open = False
    page.resolved_by_id, page.resolved_at = by.id, utcnow()
    record_event("scans.page_set_aside", actor=by, target=page, before=before)

"""Demo scans: a scanned stack of a dozen households' forms, read, with pages left to check."""

import io

import numpy as np
from PIL import Image
from sqlalchemy import select

from consult.extensions import db
from consult.households.models import Household
from consult.users.models import User
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.models import Response, Survey, SurveyStatus
from surveys.paper import operations as paper
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.render import FormPrinter
from surveys.scans import degrade, operations, review, synth
from surveys.scans import messages as m
from surveys.scans.models import ScanBatch

HOUSEHOLDS = 12
LEFT_TO_CHECK = 3  # pages with doubtful marks left in the review queue, besides the blank sheet
OPEN_ANSWER = "Meer groen in de wijk en betere verlichting bij de flat."
DPI = 150  # enough to read, and quick to make
VOLUNTEER_EMAIL = "vrijwilliger@kmas.example"


def load(seed: int, echo) -> None:
    """Scan and read a stack of filled-in forms of the open survey (the queue runs it here)."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    codes = _codes(survey) if survey is not None else []
    if not codes:
        echo("demo: no open survey with households left to answer; no scans read")
        return
    rng = np.random.default_rng(seed + 12)
    forms = _scanned_forms(survey, codes, rng)
    forms[len(forms) // 2].append(np.full_like(forms[0][0], 248))  # a blank sheet in between
    files = [(f"scan-{n:03d}.tif", _tiff(images)) for n, images in enumerate(forms, start=1)]
    by = db.session.scalar(select(User).where(User.email == VOLUNTEER_EMAIL)) or db.session.scalar(
        select(User).order_by(User.id)
    )
    batch = operations.create_batch(survey, files, by=by)
    batch_id = batch.id
    db.session.commit()
    operations.process_batch(batch_id)  # commits per page, as the task queue does
    checked = _check_most(survey, by) if by is not None else 0
    batch = db.session.get(ScanBatch, batch_id)
    echo(
        f"demo: a scanned stack of {len(codes)} forms read: {batch.pages_done} pages, "
        f"{checked} checked by a volunteer, {len(review.open_pages(survey))} still to check "
        f"at /scannen/{survey.id}/controle"
    )


def _check_most(survey: Survey, by) -> int:
    """A volunteer has checked all doubtful pages but a few (confirming what was read)."""
    waiting = review.open_pages(survey)
    keep = {p.id for p in waiting if p.status != m.READ}  # the blank sheet stays
    keep |= {p.id for p in [p for p in waiting if p.status == m.READ][:LEFT_TO_CHECK]}
    checked = 0
    for page in waiting:
        if page.id in keep:
            continue
        typed = {
            group.number: (OPEN_ANSWER if group.marks[0].kind == "text" else "")
            if group.kind == "writing"
            else group.read_as_ticked
            for group in review.groups(page)
        }
        review.decide_page(page, typed, by=by)
        checked += 1
    db.session.commit()
    return checked


def _codes(survey: Survey) -> list[str]:
    """Codes of households that have not answered in any way yet (the first dozen)."""
    answered = select(Response.household_id).where(
        Response.survey_id == survey.id, Response.household_id.is_not(None)
    )
    rows = db.session.scalars(
        select(Invitation)
        .join(Household, Household.id == Invitation.household_id)
        .where(Invitation.survey_id == survey.id, Invitation.household_id.not_in(answered))
        .order_by(Household.id)
        .limit(HOUSEHOLDS)
    )
    return [invitations.clear_code(invitation) for invitation in rows]


def _scanned_forms(survey: Survey, codes: list[str], rng) -> list[list[np.ndarray]]:
    """The forms printed for these households, filled in and scanned at the office (every
    third page turned, skewed and noised; the rest straight, which keeps the step quick)."""
    layout, stored = paper.saved_layout(survey, "nl", False)
    fonts = paper.fonts()
    buffer = io.BytesIO()
    canvas = StreamingCanvas(buffer, initial_font=fonts.regular)
    printer = FormPrinter(layout, fonts, stored.revision)
    for code in codes:
        printer.print_copy(canvas, code=code)
    canvas.save()
    pages = synth.form_pages(buffer.getvalue(), dpi=DPI)
    forms: list[list[np.ndarray]] = [[] for _ in codes]
    for index, page in enumerate(pages):
        number = index % stored.page_count + 1
        synth.fill_in(page, stored.layout, number, rng, "office", dpi=DPI)
        if index % 3 == 0:
            page, _turned, _hidden = degrade.scan(page, rng, "office", dpi=DPI)
        forms[index // stored.page_count].append(page)
    return forms


def _tiff(images: list[np.ndarray]) -> bytes:
    """One multi-page TIFF per form, as the office scanner makes it."""
    frames = [Image.fromarray(np.asarray(image)) for image in images]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "TIFF", dpi=(DPI, DPI), compression="tiff_deflate", save_all=True,
        append_images=frames[1:],
    )  # fmt: skip
    return buffer.getvalue()

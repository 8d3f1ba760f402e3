"""Letter batches: one PDF in household order (letter, then the household's own form) and a
CSV for the mailing house, written page by page so memory stays flat for any batch size.

The selection is the survey's active households with an address, optionally one gemeente,
optionally only those who have not answered yet (a reminder). Households without a code get
one first. The CSV holds what a mailing house needs and no more: no codes, no answers.
Addresses are never logged; only counts are.
"""

import logging
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO, TextIO
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select, update

from consult.database import utcnow
from consult.extensions import db
from consult.households.models import Household, MailingAddress
from consult.spreadsheet import csv_writer
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.keying.models import KeyedForm
from surveys.models import Channel, Response, ResponseStatus, Survey, SurveyStatus
from surveys.paper import letter_texts, operations
from surveys.paper.errors import PaperError
from surveys.paper.fonts import describe_characters, missing_characters
from surveys.paper.letters import LetterContext, LetterPrinter, Recipient, logo_file
from surveys.paper.pdfstream import StreamingCanvas
from surveys.paper.phrases import long_date, phrase
from surveys.paper.render import FormPrinter

log = logging.getLogger(__name__)

CSV_COLUMNS = (
    "volgnummer",
    "kenmerk",
    "eerste_pagina",
    "aantal_paginas",
    "naam",
    "adres",
    "postcode",
    "plaats",
)


@dataclass(frozen=True)
class Selection:
    """Which households of a survey get a letter."""

    survey: Survey
    gemeente_id: int | None = None
    reminder: bool = False
    scope_ids: frozenset[int] | None = None  # the user's gemeenten (None: all)


@dataclass
class BatchResult:
    """What a batch run produced."""

    households: int = 0
    pages: int = 0
    seconds: float = 0.0
    missing_characters: set[str] = field(default_factory=set)
    unprintable_addresses: int = 0  # letters whose address holds characters the font lacks
    unprintable_examples: list[tuple[str, str]] = field(default_factory=list)  # (ref, named)

    def check_address(self, ref: str, lines: tuple[str, ...], font_name: str) -> None:
        """Note a letter whose address the font cannot print whole (full-width, emoji)."""
        missing = missing_characters("".join(lines), font_name)
        if missing:
            self.unprintable_addresses += 1
            if len(self.unprintable_examples) < MAX_ADDRESS_EXAMPLES:
                self.unprintable_examples.append((ref, describe_characters(missing)))


MAX_ADDRESS_EXAMPLES = 20


@dataclass(frozen=True)
class HouseholdPages:
    """What one household receives: printed pages and sheets of paper."""

    letter: int
    form: int
    sheets: int

    @property
    def pages(self) -> int:
        """Printed pages (letter and form; blank backs not counted)."""
        return self.letter + self.form


def household_pages(letter_pages: int, form_pages: int, duplex: bool = True) -> HouseholdPages:
    """Pages and sheets per household: with double-sided printing letter and form each
    start on a new sheet, so each takes half its pages rounded up."""
    per_sheet = 2 if duplex else 1
    sheets = -(-letter_pages // per_sheet) + -(-form_pages // per_sheet)
    return HouseholdPages(letter_pages, form_pages, sheets)


def _answered(survey_id: int):
    """Households that sent a response, or whose paper form came back (any channel)."""
    return or_(
        exists().where(
            Response.survey_id == survey_id,
            Response.household_id == Household.id,
            or_(
                Response.status == ResponseStatus.SUBMITTED,
                Response.channel.in_([Channel.KEYED, Channel.SCANNED]),
            ),
        ),
        exists().where(KeyedForm.survey_id == survey_id, KeyedForm.household_id == Household.id),
    )


def _filtered(stmt, selection: Selection):
    survey = selection.survey
    stmt = stmt.where(Household.active.is_(True))
    stmt = stmt.where(Household.gemeente_id.in_([g.id for g in survey.gemeenten]))
    if selection.gemeente_id is not None:
        stmt = stmt.where(Household.gemeente_id == selection.gemeente_id)
    if selection.scope_ids is not None:
        stmt = stmt.where(Household.gemeente_id.in_(sorted(selection.scope_ids)))
    if selection.reminder:
        stmt = stmt.where(~_answered(survey.id))
    return stmt


def count_selection(selection: Selection) -> tuple[int, int]:
    """(households that get a letter, households left out because they have no address)."""
    base = select(func.count(Household.id)).select_from(Household)
    with_address = _filtered(
        base.join(MailingAddress, MailingAddress.household_id == Household.id), selection
    )
    without = _filtered(
        base.where(~exists().where(MailingAddress.household_id == Household.id)), selection
    )
    return db.session.scalar(with_address) or 0, db.session.scalar(without) or 0


def _rows(selection: Selection):
    stmt = (
        select(Invitation, MailingAddress)
        .join(Household, Household.id == Invitation.household_id)
        .join(MailingAddress, MailingAddress.household_id == Household.id)
        .where(Invitation.survey_id == selection.survey.id)
        .order_by(Household.gemeente_id, Household.id)
        .execution_options(yield_per=500)
    )
    return db.session.execute(_filtered(stmt, selection))


def ensure_public_address() -> None:
    """PaperError in production while PUBLIC_URL is not an http(s) address: letters would
    send tenants to a local or empty address (a workstation keeps its local one)."""
    config = current_app.config
    if config.get("CONSULT_ENV") != "production":
        return
    url = urlsplit(str(config.get("PUBLIC_URL") or "").strip())
    if url.scheme not in ("http", "https") or not url.hostname:
        raise PaperError(
            _l(
                "Letters cannot be made yet: the web address that tenants type is not set. "
                "Ask the administrator to set PUBLIC_URL (for example "
                "https://raadpleging.example.org) and restart the site."
            )
        )


def check_batch(selection: Selection, lang: str) -> int:
    """How many letters the batch will have; PaperError when it cannot be made."""
    survey = selection.survey
    ensure_public_address()
    if survey.status not in (SurveyStatus.DRAFT, SurveyStatus.OPEN):
        raise PaperError(_l("Letters can only be made for a survey that is a draft or open."))
    operations.ensure_letter_language(survey, lang)
    households, without_address = count_selection(selection)
    if households == 0:
        if without_address:
            raise PaperError(
                _l(
                    "No letters to make: the %(n)d households in this selection have no "
                    "address (anymore).",
                    n=without_address,
                )
            )
        if selection.reminder:
            raise PaperError(
                _l("No letters to make: every household in this selection has answered already.")
            )
        raise PaperError(_l("No letters to make: there are no households in this selection."))
    return households


def letter_context(
    survey: Survey, lang: str, *, reminder: bool, large_print: bool
) -> LetterContext:
    """The parts of the letter that are the same for the whole batch."""
    settings = operations.current_settings(survey)
    config = current_app.config
    organisation = settings.sender_name or config.get("ORGANISATION_NAME", "")
    phone = settings.help_phone or config.get("HELP_PHONE", "")
    public = str(config.get("PUBLIC_URL") or "")
    website = (urlsplit(public).netloc + urlsplit(public).path).rstrip("/") or public
    values = {
        "organisatie": organisation,
        "website": website,
        "sluitdatum": long_date(survey.closes_on, lang) if survey.closes_on else "",
        "telefoon": phone,
    }
    texts = {
        name: letter_texts.fill(text, values)
        for name, text in letter_texts.letter_texts(settings.texts, lang).items()
    }
    postal = tuple(
        line.strip() for line in (settings.sender_address or "").splitlines() if line.strip()
    )
    lines = list(postal)
    if phone:
        lines.append(f"{phrase(lang, 'phone')} {phone}")
    if website:
        lines.append(website)
    return LetterContext(
        lang=lang,
        texts=texts,
        sender_name=organisation,
        sender_lines=tuple(lines[:6]),
        website=website,
        date_text=long_date(date.today(), lang),
        reminder=reminder,
        large_print=large_print,
        logo_path=logo_file(operations.paper_config("PAPER_LOGO")),
        return_address=postal,
    )


def address_lines(address: MailingAddress, lang: str) -> tuple[str, ...]:
    """The address block: name (or "De bewoner(s) van"), street, postcode and town."""
    name = (address.addressee or "").strip() or phrase(lang, "residents")
    postcode = address.postcode.replace(" ", "")
    postcode = f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else address.postcode
    return (name, address.address_line, f"{postcode}  {address.city.upper()}")


def write_letter_batch(
    selection: Selection,
    pdf: BinaryIO,
    csv_file: TextIO | None = None,
    *,
    lang: str = "nl",
    with_forms: bool = True,
    large_print: bool = False,
    duplex: bool = True,
    reference: str = "1",
    limit: int | None = None,
    by=None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 500,
    checkpoint: Callable[[], None] | None = None,
) -> BatchResult:
    """Write the batch's PDF (and CSV); marks the letters as printed. PaperError if empty.

    ``limit`` stops after that many households (a proof print of the first letters).
    ``checkpoint`` (the caller's commit) runs once the codes and the layout are stored and
    again after the long read: writing a big batch takes a while, and SQLite has one writer
    at a time, so the batch holds no write lock while it reads and draws (tenants answering
    online meanwhile are not held up), and its closing write starts a fresh transaction.
    """
    started = time.perf_counter()
    check_batch(selection, lang)
    survey = selection.survey
    invitations.create_invitations(
        survey,
        gemeente_ids=[selection.gemeente_id] if selection.gemeente_id is not None else None,
        by=by,
    )
    fonts = operations.fonts()
    context = letter_context(survey, lang, reminder=selection.reminder, large_print=large_print)
    letters = LetterPrinter(context, fonts, operations.font_dir())
    form = None
    result = BatchResult()
    if with_forms:
        layout, stored = operations.saved_layout(survey, lang, large_print)
        form = FormPrinter(layout, fonts, stored.revision)
        result.missing_characters = set(layout.missing)
    writer = csv_writer(csv_file, delimiter=";") if csv_file is not None else None
    if writer:
        writer.writerow(CSV_COLUMNS)
    if checkpoint is not None:
        checkpoint()
    canvas = StreamingCanvas(pdf, initial_font=fonts.regular)
    canvas.setTitle(survey.text("title", lang))
    printed: list[int] = []
    # Closed also when a letter fails halfway: PostgreSQL reads the rows with a server cursor.
    with closing(_rows(selection)) as rows:
        for invitation, address in rows:
            if limit is not None and result.households >= limit:
                break
            result.households += 1
            first_page = canvas.pages_written + 1
            code = invitations.clear_code(invitation)
            ref = f"{reference}-{result.households:06d}"
            lines = address_lines(address, lang)
            result.check_address(ref, lines, fonts.regular)
            letters.print_letter(canvas, Recipient(lines, code, invitations.code_url(code), ref))
            _pad(canvas, duplex)
            if form is not None:
                form.print_copy(canvas, code=code)
                _pad(canvas, duplex)
            if writer:
                writer.writerow(_csv_row(result.households, ref, first_page, canvas, address, lang))
            printed.append(invitation.id)
            if progress and result.households % progress_every == 0:
                progress(result.households)
    canvas.save()
    if checkpoint is not None:
        checkpoint()
    _mark_printed(printed)
    result.pages = canvas.pages_written
    result.seconds = time.perf_counter() - started
    log.info(
        "survey %s: letter batch of %d households, %d pages in %.1f s",
        survey.id,
        result.households,
        result.pages,
        result.seconds,
    )
    return result


def _pad(canvas, duplex: bool) -> None:
    """With double-sided printing, start each letter and form on a new sheet."""
    if duplex and canvas.pages_written % 2:
        canvas.setPageCompression(1)
        canvas.showPage()


def _csv_row(number, ref, first_page, canvas, address, lang) -> list:
    name, street, _place = address_lines(address, lang)
    postcode = address.postcode
    return [
        number,
        ref,
        first_page,
        canvas.pages_written - first_page + 1,
        name,
        street,
        postcode,
        address.city,
    ]


def _mark_printed(invitation_ids: list[int]) -> None:
    now = utcnow()
    for start in range(0, len(invitation_ids), 1000):
        db.session.execute(
            update(Invitation)
            .where(Invitation.id.in_(invitation_ids[start : start + 1000]))
            .values(letter_printed_at=now)
            .execution_options(synchronize_session=False)
        )

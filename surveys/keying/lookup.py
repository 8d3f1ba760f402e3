"""Which returned form a volunteer means: a typed code, a scanned QR code, a letter's QR
address, or the number of a blank form.

A USB scanner types a QR code's text like a keyboard and presses Enter; that text is a form
page's identity (``CF1.S12.V7.NL.R1.P2.H...``) or, for the QR code on a letter, the address
``.../c/ABCD-EFGH-K``. Typed codes may have spaces, dashes and lower case.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.extensions import db
from surveys.invitations import operations as invitations
from surveys.invitations.models import Invitation
from surveys.keying.errors import KeyingError
from surveys.models import Survey
from surveys.paper import operations as paper
from surveys.paper.qr import parse_payload

_SERIAL = re.compile(r"^B?\s*(\d{1,9})\s*[-\s/]\s*(\d{1,9})$", re.IGNORECASE)
_URL_CODE = re.compile(r"/c/([0-9A-Za-z-]{9,14})/?$")

MESSAGES = {
    "empty": _l("Type or scan the code on the form."),
    "length": _l("A code has 9 letters and digits, for example ABCD-EFGH-J. Check what you typed."),
    "characters": _l("A code has only letters and digits, for example ABCD-EFGH-J."),
    "check": _l("This code has a typing error: check it against the form."),
    "unknown": _l("This code does not exist. Check it against the form."),
}


@dataclass(frozen=True)
class FormRef:
    """A returned form: a household's (by its invitation) or a blank form's serial."""

    household_id: int | None = None
    gemeente_id: int | None = None
    serial: int | None = None
    language: str | None = None  # from a scanned form page


def identify(survey: Survey, typed: str | None, scope_ids=None) -> FormRef:
    """The form of this survey that the typed or scanned text names; KeyingError if none."""
    text = str(typed or "").strip()
    if not text:
        raise KeyingError(MESSAGES["empty"], field="code")
    page = parse_payload(text)
    if page is not None:
        _same_survey(survey, page.survey_id)
        if page.serial is not None:
            return _serial(survey, page.serial, page.language)
        return _household(survey, page.code, scope_ids, page.language)
    match = _SERIAL.match(text)
    if match and text.upper().startswith("B"):
        _same_survey(survey, int(match.group(1)))
        return _serial(survey, int(match.group(2)))
    url = _URL_CODE.search(text)
    return _household(survey, url.group(1) if url else text, scope_ids)


def _same_survey(survey: Survey, survey_id: int) -> None:
    if survey_id != survey.id:
        other = db.session.get(Survey, survey_id)
        raise KeyingError(
            _l(
                "This form belongs to another survey (%(title)s). Choose that survey to key it.",
                title=other.display_title if other else f"#{survey_id}",
            ),
            field="code",
        )


def _serial(survey: Survey, serial: int, language: str | None = None) -> FormRef:
    batch = paper.blank_form_batch(survey.id, serial)
    if batch is None:
        raise KeyingError(
            _l("No blank form with number %(number)s was printed for this survey.", number=serial),
            field="code",
        )
    return FormRef(serial=serial, language=language or batch.language)


def _household(survey: Survey, code: str, scope_ids, language: str | None = None) -> FormRef:
    try:
        invitation = invitations.find_invitation(code)
    except invitations.CodeError as exc:
        raise KeyingError(MESSAGES[exc.reason], field="code") from None
    if invitation.survey_id != survey.id:
        _same_survey(survey, invitation.survey_id)
    household = invitation.household
    if scope_ids is not None and household.gemeente_id not in scope_ids:
        raise KeyingError(
            _l(
                "This form is from a household in %(gemeente)s. You can only key forms of "
                "your own gemeenten.",
                gemeente=household.gemeente.name,
            ),
            field="code",
        )
    return FormRef(household_id=household.id, gemeente_id=household.gemeente_id, language=language)


def invitation_of(survey: Survey, household_id: int) -> Invitation | None:
    """The household's invitation (for printing its code again)."""
    return db.session.scalar(
        select(Invitation).where(
            Invitation.survey_id == survey.id, Invitation.household_id == household_id
        )
    )

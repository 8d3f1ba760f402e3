"""Invitation services: create codes in bulk, find an invitation by a typed code, print or
reissue the clear code of one invitation.

Codes are 40-bit random values derived from ``CODE_SECRET`` and a per-invitation nonce (see
``surveys.invitations.codes``). ``CODE_SECRET`` must stay the same for the whole fieldwork:
changing it makes every code that was sent out invalid.
"""

import hashlib
import hmac
import logging
from collections.abc import Iterator

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from consult.audit.operations import record_event
from consult.config import ConfigError
from consult.database import utcnow
from consult.extensions import db
from consult.households.models import Household
from surveys.errors import SurveyError
from surveys.invitations import codes
from surveys.invitations.models import Invitation
from surveys.models import Survey, SurveyStatus, survey_gemeente

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
INVITABLE = (SurveyStatus.DRAFT, SurveyStatus.OPEN)

CODE_MESSAGES = {
    "empty": _l("Enter the code from your letter."),
    "length": _l(
        "A code has 9 letters and digits, for example ABCD-EFGH-J. Check the code in your letter."
    ),
    "characters": _l(
        "A code has only letters and digits, for example ABCD-EFGH-J. "
        "Check the code in your letter."
    ),
    "check": _l(
        "This code is not right. Perhaps a letter or digit was typed wrongly. "
        "Check the code in your letter."
    ),
    "unknown": _l(
        "We do not know this code. Check the code in your letter. Did you get a new letter? "
        "Then use the code from the new letter."
    ),
}


class InvitationError(SurveyError):
    """Invitations cannot be made or changed; the message says why."""


class CodeError(SurveyError):
    """A typed code is empty, malformed, has a typo or is not known; the message says which."""

    def __init__(self, reason: str):
        super().__init__(CODE_MESSAGES[reason], field="code")
        self.reason = reason


def code_secret() -> bytes:
    """The secret of the codes: CODE_SECRET, or (outside production) one derived from SECRET_KEY."""
    configured = (current_app.config.get("CODE_SECRET") or "").strip()
    if configured:
        return configured.encode()
    if current_app.config.get("CONSULT_ENV") == "production":
        raise ConfigError("CODE_SECRET is not set; invitation codes cannot be made or checked.")
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"invitation codes", hashlib.sha256).digest()


def check_code_secret(app: Flask) -> None:
    """Refuse to start in production without CODE_SECRET (codes must survive restarts)."""
    if app.config.get("CONSULT_ENV") == "production" and not app.config.get("CODE_SECRET"):
        raise ConfigError(
            "CODE_SECRET is not set. Set it to a long random value, different from SECRET_KEY, "
            "and keep it unchanged for as long as invitation letters are in use."
        )


def clear_code(invitation: Invitation) -> str:
    """The invitation's code as printed on the letter: ABCD-EFGH-K."""
    return codes.format_code(codes.derive_code(code_secret(), invitation.nonce))


def code_url(code: str, base_url: str | None = None) -> str:
    """The short web address with the code, for the QR code on the letter."""
    base = (base_url or current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return f"{base}/c/{code}"


def _new_secret_pair(secret: bytes) -> tuple[str, str]:
    nonce = codes.new_nonce()
    data = codes.derive_code(secret, nonce)[: codes.DATA_LENGTH]
    return nonce, codes.lookup_hash(secret, data)


def ensure_invitable(survey: Survey) -> None:
    """InvitationError unless codes may be made for this survey (draft or open)."""
    if survey.status not in INVITABLE:
        raise InvitationError(
            _l("Codes can only be made for a survey that is a draft or open, not for a closed one.")
        )


def households_to_invite(survey: Survey, gemeente_ids=None):
    """A select of the ids of active households in scope that have no invitation yet."""
    in_survey = select(survey_gemeente.c.gemeente_id).where(
        survey_gemeente.c.survey_id == survey.id
    )
    stmt = (
        select(Household.id)
        .where(Household.active, Household.gemeente_id.in_(in_survey))
        .where(
            ~exists().where(
                Invitation.survey_id == survey.id, Invitation.household_id == Household.id
            )
        )
        .order_by(Household.id)
    )
    if gemeente_ids is not None:
        stmt = stmt.where(Household.gemeente_id.in_([int(i) for i in gemeente_ids]))
    return stmt


def create_invitations(survey: Survey, *, gemeente_ids=None, by=None) -> int:
    """Make one code for every active household in scope that has none yet; returns how many.

    ``gemeente_ids`` limits the households to those gemeenten (None: all of the survey's).
    Safe to run again: households that already have a code keep it.
    """
    ensure_invitable(survey)
    secret = code_secret()
    household_ids = list(db.session.scalars(households_to_invite(survey, gemeente_ids)))
    now = utcnow()
    try:
        with db.session.begin_nested():
            for start in range(0, len(household_ids), BATCH_SIZE):
                batch = household_ids[start : start + BATCH_SIZE]
                rows = _invitation_rows(secret, survey.id, batch)
                for row in rows:
                    row["created_at"] = now
                db.session.execute(insert(Invitation), rows)
    except IntegrityError:
        raise InvitationError(
            _l("Someone else is making codes for this survey at the same moment. Try again.")
        ) from None
    if household_ids:
        record_event(
            "invitations.created",
            actor=by,
            target=survey,
            count=len(household_ids),
            gemeenten=sorted(int(i) for i in gemeente_ids) if gemeente_ids is not None else "all",
        )
    log.info("survey %s: %d invitations created", survey.id, len(household_ids))
    return len(household_ids)


def _invitation_rows(secret: bytes, survey_id: int, household_ids: list[int]) -> list[dict]:
    """Rows with fresh nonces whose code hashes are unique in the batch and in the database."""
    rows = []
    for household_id in household_ids:
        nonce, code_hash = _new_secret_pair(secret)
        rows.append(
            {
                "survey_id": survey_id,
                "household_id": household_id,
                "nonce": nonce,
                "code_hash": code_hash,
            }
        )
    while True:
        hashes = [row["code_hash"] for row in rows]
        taken = set(
            db.session.scalars(select(Invitation.code_hash).where(Invitation.code_hash.in_(hashes)))
        )
        seen: set[str] = set()
        clashes = 0
        for row in rows:
            if row["code_hash"] in taken or row["code_hash"] in seen:
                row["nonce"], row["code_hash"] = _new_secret_pair(secret)
                clashes += 1
            seen.add(row["code_hash"])
        if not clashes:
            return rows


def find_invitation(typed: str | None) -> Invitation:
    """The invitation whose code was typed (lenient about spaces, dashes and case); CodeError."""
    try:
        parsed = codes.parse_code(typed)
    except codes.CodeFormatError as exc:
        raise CodeError(exc.reason) from None
    code_hash = codes.lookup_hash(code_secret(), parsed.data)
    invitation = db.session.scalar(select(Invitation).where(Invitation.code_hash == code_hash))
    if invitation is None:
        raise CodeError("unknown")
    return invitation


def reissue_code(invitation: Invitation, *, by=None) -> str:
    """Give the household a new code (the old one stops working); returns the new clear code."""
    ensure_invitable(invitation.survey)
    secret = code_secret()
    (row,) = _invitation_rows(secret, invitation.survey_id, [invitation.household_id])
    invitation.nonce, invitation.code_hash = row["nonce"], row["code_hash"]
    invitation.reissued_at = utcnow()
    invitation.reissue_count = (invitation.reissue_count or 0) + 1
    invitation.letter_printed_at = None
    db.session.flush()
    record_event(
        "invitation.reissued",
        actor=by,
        target=invitation.survey,
        household_id=invitation.household_id,
    )
    return codes.format_code(codes.derive_code(secret, invitation.nonce))


def invitation_for_household(survey: Survey, household_id: int) -> Invitation | None:
    """The household's invitation to the survey, if it has one."""
    return db.session.scalar(
        select(Invitation).where(
            Invitation.survey_id == survey.id, Invitation.household_id == household_id
        )
    )


def iter_clear_codes(
    survey: Survey, *, gemeente_id: int | None = None, batch_size: int = 1000
) -> Iterator[tuple[Invitation, str]]:
    """Every invitation of the survey with its clear code, in household order (for letters)."""
    secret = code_secret()
    stmt = (
        select(Invitation)
        .join(Household, Household.id == Invitation.household_id)
        .where(Invitation.survey_id == survey.id)
        .options(contains_eager(Invitation.household))
        .order_by(Household.gemeente_id, Household.id)
        .execution_options(yield_per=batch_size)
    )
    if gemeente_id is not None:
        stmt = stmt.where(Household.gemeente_id == gemeente_id)
    for invitation in db.session.scalars(stmt):
        yield invitation, codes.format_code(codes.derive_code(secret, invitation.nonce))


def count_invitations(survey: Survey) -> int:
    """How many invitations the survey has."""
    return db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.survey_id == survey.id)
    )

"""Keeping a survey's codebook and the codes of its open answers.

The views and the demo call these; each raises ``CodingError`` with a message for the user
and leaves the session for the caller to commit (or roll back). Coded answers carry a version:
two people coding the same answer at once never silently overwrite each other.
"""

import pandas as pd
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from analysis.coding import privacy
from analysis.coding.models import (
    LABEL_MAX,
    AnswerCode,
    CodedAnswer,
    QuoteState,
    coded_answer_codes,
)
from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from consult.text import is_storable
from surveys.errors import ConflictError
from surveys.themes import Theme
from surveys.versions import check_version, flush_or_conflict

QUOTE_MAX = 600  # characters of an approved quote
CHANGED = _l("Someone else coded this answer in the meantime. Look at their codes and try again.")


class CodingError(ValueError):
    """A code or coding that cannot be stored; the message says why."""


def codebook(survey_id: int) -> list[AnswerCode]:
    """A survey's codes, by theme and then in their order."""
    return list(
        db.session.scalars(
            select(AnswerCode)
            .where(AnswerCode.survey_id == survey_id)
            .order_by(
                AnswerCode.theme.is_(None), AnswerCode.theme, AnswerCode.position, AnswerCode.id
            )
        )
    )


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise CodingError(_l("Give the code a name."))
    if len(label) > LABEL_MAX:
        raise CodingError(_l("A code name has at most %(n)d characters.", n=LABEL_MAX))
    if not is_storable(label):
        raise CodingError(_l("The name contains an invisible character. Remove it."))
    return label


def _clean_theme(theme: str | None) -> str | None:
    if theme in (None, ""):
        return None
    if theme not in {t.value for t in Theme}:
        raise CodingError(_l("Choose one of the themes."))
    return theme


def _taken(survey_id: int, label: str, other: int | None = None) -> bool:
    stmt = select(AnswerCode.id).where(
        AnswerCode.survey_id == survey_id, func.lower(AnswerCode.label) == label.lower()
    )
    if other is not None:
        stmt = stmt.where(AnswerCode.id != other)
    return db.session.scalar(stmt) is not None


def add_code(survey, label: str, theme: str | None = None, actor=None) -> AnswerCode:
    """A new code at the end of the codebook."""
    label, theme = _clean_label(label), _clean_theme(theme)
    if _taken(survey.id, label):
        raise CodingError(_l("The codebook already has a code with this name."))
    last = db.session.scalar(
        select(func.max(AnswerCode.position)).where(AnswerCode.survey_id == survey.id)
    )
    code = AnswerCode(survey=survey, label=label, theme=theme, position=(last or 0) + 1)
    db.session.add(code)
    db.session.flush()
    record_event("coding.code_added", actor=actor, target=survey, code=label)
    return code


def change_code(code: AnswerCode, label: str, theme: str | None, actor=None) -> None:
    """Rename a code or move it to another theme; answers keep it."""
    label, theme = _clean_label(label), _clean_theme(theme)
    if _taken(code.survey_id, label, other=code.id):
        raise CodingError(_l("The codebook already has a code with this name."))
    old = code.label
    code.label, code.theme = label, theme
    db.session.flush()
    record_event("coding.code_changed", actor=actor, target=code.survey, code=label, was=old)


def uses(code: AnswerCode) -> int:
    """How many answers have this code."""
    return db.session.scalar(
        select(func.count())
        .select_from(coded_answer_codes)
        .where(coded_answer_codes.c.code_id == code.id)
    )


def remove_code(code: AnswerCode, actor=None) -> None:
    """Remove a code; answers that had it lose it (they stay coded with their other codes)."""
    survey, label, used = code.survey, code.label, uses(code)
    db.session.delete(code)
    db.session.flush()
    record_event("coding.code_removed", actor=actor, target=survey, code=label, answers=used)


def coded_answers(survey_id: int, question_id: int) -> dict[int, CodedAnswer]:
    """The coded answers of one question, by response id."""
    found = db.session.scalars(
        select(CodedAnswer).where(
            CodedAnswer.survey_id == survey_id, CodedAnswer.question_id == question_id
        )
    )
    return {c.response_id: c for c in found}


def code_answer(
    survey_id: int,
    question_id: int,
    response_id: int,
    code_ids: list[int],
    *,
    quote: bool = False,
    actor=None,
    version=None,
) -> CodedAnswer:
    """Give an answer its codes (none: read, nothing applies) and say whether it is proposed
    as a quote. A quote already approved stays approved while it stays proposed."""
    codes = {c.id: c for c in codebook(survey_id)}
    unknown = [i for i in code_ids if i not in codes]
    if unknown:
        raise CodingError(_l("A code you chose is no longer in the codebook. Choose again."))
    coded = db.session.scalar(
        select(CodedAnswer).where(
            CodedAnswer.response_id == response_id, CodedAnswer.question_id == question_id
        )
    )
    if coded is None:
        coded = CodedAnswer(
            survey_id=survey_id,
            response_id=response_id,
            question_id=question_id,
            quote=QuoteState.NONE,
        )
        db.session.add(coded)
    else:
        check_version(coded, version, CHANGED)
    coded.codes = [codes[i] for i in dict.fromkeys(code_ids)]
    coded.coded_by_id = getattr(actor, "id", None)
    coded.coded_at = utcnow()
    if quote and coded.quote in (QuoteState.NONE, QuoteState.REJECTED):
        coded.quote, coded.quote_text = QuoteState.PROPOSED, None
    elif not quote:
        coded.quote, coded.quote_text = QuoteState.NONE, None
    flush_or_conflict(CHANGED)
    return coded


def review_quote(
    coded: CodedAnswer,
    text: str,
    *,
    approve: bool,
    checked: bool,
    known=(),
    actor=None,
    version=None,
) -> None:
    """Approve a proposed quote in the form it will be shown, or reject it.

    Approving needs ``checked`` (the reviewer confirms there is nothing in it that identifies
    anyone); a text in which names, addresses, phone numbers or e-mail are still found is
    refused until the reviewer replaces them.
    """
    check_version(coded, version, CHANGED)
    if not approve:
        coded.quote, coded.quote_text = QuoteState.REJECTED, None
    else:
        text = " ".join((text or "").split())
        if not text:
            raise CodingError(_l("The quote is empty. Write the text to show, or reject it."))
        if len(text) > QUOTE_MAX:
            raise CodingError(_l("A quote has at most %(n)d characters. Shorten it.", n=QUOTE_MAX))
        if not is_storable(text):
            raise CodingError(_l("The quote contains an invisible character. Remove it."))
        if privacy.findings(text, known):
            raise CodingError(
                _l(
                    "The quote still contains what looks like a name, address, phone number or "
                    "e-mail address (marked). Replace it, for example with [naam]."
                )
            )
        if not checked:
            raise CodingError(
                _l("Confirm that you checked the quote for names, addresses and phone numbers.")
            )
        coded.quote, coded.quote_text = QuoteState.APPROVED, text
    coded.quote_checked_by_id = getattr(actor, "id", None)
    coded.quote_checked_at = utcnow()
    flush_or_conflict(CHANGED)
    record_event(
        "coding.quote_approved" if approve else "coding.quote_rejected",
        actor=actor,
        target=coded,
        response=coded.response_id,
        question=coded.question_id,
    )


CODING_COLUMNS = ["response_id", "question_id", "code_id"]
QUOTE_COLUMNS = ["response_id", "question_id", "text"]


def codings(survey_id: int, question_ids=None) -> pd.DataFrame:
    """Codes given, one row per (answer, code); answers coded with no code have code_id NA."""
    stmt = (
        select(CodedAnswer.response_id, CodedAnswer.question_id, coded_answer_codes.c.code_id)
        .outerjoin(coded_answer_codes, coded_answer_codes.c.coded_answer_id == CodedAnswer.id)
        .where(CodedAnswer.survey_id == survey_id)
        .order_by(CodedAnswer.response_id, coded_answer_codes.c.code_id)
    )
    if question_ids is not None:
        stmt = stmt.where(CodedAnswer.question_id.in_(list(question_ids)))
    frame = pd.DataFrame(db.session.execute(stmt).all(), columns=CODING_COLUMNS)
    return frame.astype({"response_id": "int64", "question_id": "int64", "code_id": "Int64"})


def approved_quotes(survey_id: int, question_ids=None) -> pd.DataFrame:
    """Quotes a person approved, in the form they approved."""
    stmt = select(CodedAnswer.response_id, CodedAnswer.question_id, CodedAnswer.quote_text).where(
        CodedAnswer.survey_id == survey_id, CodedAnswer.quote == QuoteState.APPROVED
    )
    if question_ids is not None:
        stmt = stmt.where(CodedAnswer.question_id.in_(list(question_ids)))
    frame = pd.DataFrame(
        db.session.execute(stmt.order_by(CodedAnswer.id)).all(), columns=QUOTE_COLUMNS
    )
    return frame.astype({"response_id": "int64", "question_id": "int64"})


def proposed_quotes(survey_id: int) -> list[CodedAnswer]:
    """Quotes waiting for a person's check, oldest first."""
    return list(
        db.session.scalars(
            select(CodedAnswer)
            .where(CodedAnswer.survey_id == survey_id, CodedAnswer.quote == QuoteState.PROPOSED)
            .order_by(CodedAnswer.coded_at, CodedAnswer.id)
        )
    )


__all__ = ["ConflictError", "CodingError"]

"""Writing and moving positions through their cycle, and recording the bod with reactions.

The views, the demo and the tests call these; each raises ``PositionError`` with a message
for the user, or ``ConflictError`` when someone else saved the same row first (the view then
shows their version next to the user's, so that nothing is lost), and leaves the session for
the caller to commit. Every change of state is written to the audit log.
"""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from analysis.positions import labels
from analysis.positions.evidence import wording
from analysis.positions.models import (
    FIELD_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Bod,
    BodItem,
    DismissedSuggestion,
    Outcome,
    Position,
    PositionEvidence,
    PositionStatus,
    PositionType,
    Reaction,
    Realisation,
)
from consult.audit.operations import record_event
from consult.extensions import db
from consult.text import UNSTORABLE_MESSAGE, is_storable
from surveys.errors import ConflictError, SurveyError, translate
from surveys.models import Question
from surveys.themes import Theme
from surveys.versions import check_version, flush_or_conflict

CHANGED = _l(
    "Someone else saved this position while you were editing it. Your text is still in the "
    "form; their version is shown below it. Combine the two and save again."
)
ITEM_CHANGED = _l("Someone else saved a reaction to this item in the meantime. Look and try again.")
EDITABLE = (PositionStatus.CONCEPT, PositionStatus.PROPOSED)
TEXT_FIELDS = ("text", "what", "who", "how_much", "by_when", "indicator", "monitoring", "offer")
STEPS = {
    # action: (from, to)
    "propose": (PositionStatus.CONCEPT, PositionStatus.PROPOSED),
    "reopen": (PositionStatus.PROPOSED, PositionStatus.CONCEPT),
    "adopt": (PositionStatus.PROPOSED, PositionStatus.ADOPTED),
    "bring_in": (PositionStatus.ADOPTED, PositionStatus.BROUGHT_IN),
    "outcome": (PositionStatus.BROUGHT_IN, PositionStatus.OUTCOME),
    "realisation": (PositionStatus.OUTCOME, PositionStatus.EVALUATED),
}


class PositionError(SurveyError):
    """A position or bod that cannot be stored; the message says why."""


def _text(value, limit: int, field: str, required=None) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if required is not None and not value:
        raise PositionError(required, field=field)
    if len(value) > limit:
        raise PositionError(
            _l(
                "This text is too long: at most %(n)s characters.", n=f"{limit:,}".replace(",", ".")
            ),
            field=field,
        )
    if not is_storable(value):
        raise PositionError(UNSTORABLE_MESSAGE, field=field)
    return value


def _theme(theme) -> str:
    if theme not in {t.value for t in Theme}:
        raise PositionError(_l("Choose one of the themes."), field="theme")
    return theme


def missing(position) -> list[str]:
    """Which SMART fields are still empty, as labels (a concrete, quantitative position also
    needs a number in "how much")."""
    found = [
        translate(text)
        for name, text in labels.SMART_FIELDS.items()
        if not (getattr(position, name) or "").strip()
    ]
    quantitative = position.kind == PositionType.QUANTITATIVE
    if (
        quantitative
        and (position.how_much or "").strip()
        and not re.search(r"\d", position.how_much)
    ):
        found.append(translate(_l("a number in “how much”")))
    return found


__all__ = ["ConflictError", "PositionError"]


def snapshot(position) -> dict:
    """What a position says, to show someone whose save came second."""
    return {
        "title": position.title,
        **{name: getattr(position, name) for name in TEXT_FIELDS},
        "version": position.version,
    }


def create_position(survey, gemeente, *, theme, title, actor=None, **fields) -> Position:
    """A new concept position for a gemeente (None: koepel-wide)."""
    position = Position(
        survey=survey,
        gemeente=gemeente,
        theme=_theme(theme),
        title=_text(title, TITLE_MAX, "title", _l("Give the position a title.")),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(position)
    _apply(position, fields)
    db.session.flush()
    record_event("positions.created", actor=actor, target=position, survey=survey.id)
    return position


def _apply(position, fields: dict) -> None:
    for name in TEXT_FIELDS:
        if name in fields:
            limit = TEXT_MAX if name == "text" else FIELD_MAX
            setattr(position, name, _text(fields[name], limit, name))
    if "kind" in fields:
        try:
            position.kind = PositionType(fields["kind"])
        except ValueError:
            raise PositionError(_l("Choose one of the types."), field="kind") from None
    if "negotiable" in fields:
        position.negotiable = bool(fields["negotiable"])


def _editable(position) -> None:
    if position.status not in EDITABLE:
        raise PositionError(_l("An adopted position is no longer edited. Make a new one."))


def update_position(position, *, actor=None, version=None, **fields) -> None:
    """Save the text and SMART fields of a concept or proposed position."""
    _editable(position)
    check_version(position, version, CHANGED)
    if "title" in fields:
        position.title = _text(
            fields["title"], TITLE_MAX, "title", _l("Give the position a title.")
        )
    if "theme" in fields:
        position.theme = _theme(fields["theme"])
    _apply(position, fields)
    _flush(position)
    record_event("positions.changed", actor=actor, target=position)


def _flush(position) -> None:
    """Flush; ConflictError when someone else saved it at the same moment (the view rolls
    back, reads their version with ``snapshot`` and shows it next to the user's text)."""
    flush_or_conflict(CHANGED)


def allowed_steps(position) -> list[str]:
    """The workflow steps that may follow from the position's status."""
    return [action for action, (start, _end) in STEPS.items() if start == position.status]


def step(position, action: str, *, actor=None, version=None, **detail) -> None:
    """Move a position one step: propose, reopen, adopt (with date, decision and who),
    bring in, record the outcome (with the agreement) or the realisation (with the reason)."""
    if action not in allowed_steps(position):
        raise PositionError(_l("This step is not possible for a position in this state."))
    check_version(position, version, CHANGED)
    record = {}
    if action == "adopt":
        day = detail.get("adopted_on")
        if not isinstance(day, date):
            raise PositionError(_l("Give the date of the board's decision."), field="adopted_on")
        position.adopted_on = day
        position.decision_reference = _text(
            detail.get("reference"), TITLE_MAX, "reference", _l("Give the decision's reference.")
        )
        position.adopted_by = _text(
            detail.get("by"), TITLE_MAX, "by", _l("Say who adopted it, such as “het bestuur”.")
        )
        record = {"on": day.isoformat(), "reference": position.decision_reference}
    elif action == "outcome":
        try:
            position.outcome = Outcome(detail.get("outcome"))
        except ValueError:
            raise PositionError(
                _l("Choose what became of the position."), field="outcome"
            ) from None
        position.agreement = _text(detail.get("agreement"), TEXT_MAX, "agreement")
        record = {"outcome": position.outcome.value}
    elif action == "realisation":
        try:
            position.realisation = Realisation(detail.get("realisation"))
        except ValueError:
            raise PositionError(
                _l("Choose how far the agreement was carried out."), field="realisation"
            ) from None
        required = None if position.realisation == Realisation.REALISED else _l("Give the reason.")
        position.realisation_reason = _text(detail.get("reason"), FIELD_MAX, "reason", required)
        record = {"realisation": position.realisation.value}
    was = position.status
    position.status = STEPS[action][1]
    _flush(position)
    record_event(f"positions.{action}", actor=actor, target=position, was=was.value, **record)


def add_evidence(position, question, actor=None) -> PositionEvidence:
    """Link a question of the position's survey; its figure is read live, never stored."""
    _editable(position)
    if question is None or question.survey_id != position.survey_id:
        raise PositionError(_l("Choose a question of this survey."), field="question")
    if any(e.question_id == question.id for e in position.evidence):
        raise PositionError(_l("This question is already linked."), field="question")
    evidence = PositionEvidence(
        position=position, question=question, label=question.text("nl"), wording=wording(question)
    )
    db.session.add(evidence)
    db.session.flush()
    record_event("positions.evidence_added", actor=actor, target=position, question=question.id)
    return evidence


def remove_evidence(evidence, actor=None) -> None:
    """Unlink a question from its position (not once adopted: a paper may cite it)."""
    position = evidence.position
    _editable(position)
    question = evidence.question_id
    position.evidence.remove(evidence)
    db.session.flush()
    record_event("positions.evidence_removed", actor=actor, target=position, question=question)


def dismissed(survey_id: int, gemeente_id: int | None) -> set[str]:
    """Keys of the suggestions the board set aside for this gemeente (None: koepel)."""
    stmt = select(DismissedSuggestion.key).where(DismissedSuggestion.survey_id == survey_id)
    stmt = stmt.where(
        DismissedSuggestion.gemeente_id.is_(None)
        if gemeente_id is None
        else DismissedSuggestion.gemeente_id == gemeente_id
    )
    return set(db.session.scalars(stmt))


def dismiss_suggestion(survey, gemeente, key: str, actor=None) -> None:
    """Set a suggestion aside so that it is not offered again."""
    gemeente_id = getattr(gemeente, "id", None)
    if key in dismissed(survey.id, gemeente_id):
        return
    db.session.add(
        DismissedSuggestion(
            survey_id=survey.id,
            gemeente_id=gemeente_id,
            key=key[:120],
            dismissed_by_id=getattr(actor, "id", None),
        )
    )
    db.session.flush()
    record_event("positions.suggestion_dismissed", actor=actor, target=survey, key=key[:120])


def accept_suggestion(survey, gemeente, suggestion, actor=None) -> Position:
    """Turn a suggestion into a concept position with its question linked as evidence."""
    position = create_position(
        survey,
        gemeente,
        theme=suggestion.theme,
        title=suggestion.title,
        text=suggestion.text,
        actor=actor,
    )
    add_evidence(position, db.session.get(Question, suggestion.question_id), actor=actor)
    record_event("positions.suggestion_accepted", actor=actor, target=position, key=suggestion.key)
    return position


def positions_of(survey_id: int, gemeente_id: int | None) -> list[Position]:
    """The positions of a gemeente and the koepel-wide ones (None: only those), by theme."""
    stmt = select(Position).where(Position.survey_id == survey_id)
    if gemeente_id is None:
        stmt = stmt.where(Position.gemeente_id.is_(None))
    else:
        stmt = stmt.where((Position.gemeente_id == gemeente_id) | Position.gemeente_id.is_(None))
    order = [t.value for t in Theme]
    found = list(db.session.scalars(stmt.order_by(Position.id)))
    return sorted(found, key=lambda p: (order.index(p.theme) if p.theme in order else 99, p.id))


# -- the bod -----------------------------------------------------------------------------
def record_bod(
    gemeente, year: int, corporation=None, *, received_on=None, reaction_due=None, actor=None
) -> Bod:
    """Record that a corporation's bod for a gemeente and year arrived."""
    corporation_id = getattr(corporation, "id", None)
    taken = db.session.scalar(
        select(Bod.id).where(
            Bod.gemeente_id == gemeente.id,
            Bod.year == year,
            Bod.corporation_id.is_(None)
            if corporation_id is None
            else Bod.corporation_id == corporation_id,
        )
    )
    if taken is not None:
        raise PositionError(_l("This bod is already recorded."), field="corporation")
    if received_on and reaction_due and reaction_due < received_on:
        raise PositionError(
            _l("The reaction cannot be due before the bod arrived."), field="reaction_due"
        )
    bod = Bod(
        gemeente=gemeente,
        year=year,
        corporation=corporation,
        received_on=received_on,
        reaction_due=reaction_due,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(bod)
    db.session.flush()
    record_event("positions.bod_recorded", actor=actor, target=bod, year=year)
    return bod


def attach_letter(bod, token: str, name: str, size: int, actor=None) -> None:
    """Note the stored letter of a bod (the file itself is written by ``letters``)."""
    bod.file_token, bod.file_name, bod.file_size = token, name[:TITLE_MAX], size
    db.session.flush()
    record_event("positions.bod_letter", actor=actor, target=bod, size=size)


def add_bod_item(bod, *, theme, offer, numbers="", actor=None) -> BodItem:
    """What the corporation offers on one theme (with its numbers where the bod gives them)."""
    item = BodItem(
        bod=bod,
        theme=_theme(theme),
        offer=_text(offer, TEXT_MAX, "offer", _l("Write what the corporation offers.")),
        numbers=_text(numbers, FIELD_MAX, "numbers"),
    )
    db.session.add(item)
    db.session.flush()
    record_event("positions.bod_item_added", actor=actor, target=bod, item=item.id)
    return item


def react_to_item(item, reaction, text, positions=(), *, actor=None, version=None) -> None:
    """The board's reaction to one item, linked to the positions it rests on."""
    check_version(item, version, ITEM_CHANGED)
    try:
        item.reaction = Reaction(reaction)
    except ValueError:
        raise PositionError(_l("Choose a reaction."), field="reaction") from None
    item.reaction_text = _text(text, TEXT_MAX, "reaction_text")
    wrong = [p for p in positions if p.gemeente_id not in (None, item.bod.gemeente_id)]
    if wrong:
        raise PositionError(_l("Link only positions of this gemeente."), field="positions")
    item.positions = list(positions)
    flush_or_conflict(ITEM_CHANGED)
    record_event(
        "positions.bod_reaction",
        actor=actor,
        target=item.bod,
        item=item.id,
        reaction=item.reaction.value,
    )

"""What a position paper needs of positions, the bod and last year, as plain data.

``paper_positions`` is the one entry point for the papers: the document model reads this
dict and never the position tables. Figures are read live with the small-cell rule (never
the administrator's view), labels are in Dutch outside a request.
"""

from flask import current_app
from sqlalchemy import select

from analysis import data, suppress
from analysis.positions import labels
from analysis.positions.evidence import Figures
from analysis.positions.models import Bod, PositionStatus
from analysis.positions.operations import missing, positions_of
from consult.extensions import db
from surveys.errors import translate
from surveys.models import Survey
from surveys.themes import THEME_LABELS, Theme

ADOPTED_OR_LATER = (
    PositionStatus.ADOPTED,
    PositionStatus.BROUGHT_IN,
    PositionStatus.OUTCOME,
    PositionStatus.EVALUATED,
)


def theme_name(theme: str) -> str:
    """A theme's label in the current language (Dutch outside a request)."""
    try:
        return translate(THEME_LABELS[Theme(theme)])
    except ValueError:
        return theme


def _smart(position) -> dict:
    return {name: getattr(position, name) or "" for name in labels.SMART_FIELDS}


def _evidence(figures: Figures, position, gemeente_id) -> list[dict]:
    found = []
    for evidence in position.evidence:
        figure = figures.of(evidence, gemeente_id)
        found.append(
            {
                "question_id": figure.question_id if figure.question_id is not None else 0,
                "label": figure.label,
                "figure": figure.figure,
                "warning": figure.warning,
            }
        )
    return found


def position_dict(position, figures: Figures, gemeente_id) -> dict:
    """One position as the paper shows it."""
    return {
        "id": position.id,
        "theme": position.theme,  # the code; papers show its label
        "title": position.title,
        "text": position.text,
        "type": labels.label(labels.TYPES, position.kind),
        "smart": _smart(position),
        "missing": missing(position),
        "negotiable": bool(position.negotiable),
        "offer": position.offer or "",
        "status": labels.label(labels.STATUSES, position.status),
        "evidence": _evidence(figures, position, gemeente_id),
    }


def _decision(adopted: list) -> dict | None:
    dated = [p for p in adopted if p.adopted_on is not None]
    if not dated:
        return None
    last = max(dated, key=lambda p: (p.adopted_on, p.id))
    return {"date": last.adopted_on, "reference": last.decision_reference, "by": last.adopted_by}


def _bod(survey, gemeente_id) -> list[dict]:
    if gemeente_id is None:
        return []
    bods = db.session.scalars(
        select(Bod).where(Bod.gemeente_id == gemeente_id, Bod.year == survey.year).order_by(Bod.id)
    )
    return [
        {
            "theme": item.theme,
            "item": item.offer,
            "numbers": item.numbers or "",
            "reaction": labels.label(labels.REACTIONS, item.reaction),
            "text": item.reaction_text or "",
            "position_ids": sorted(p.id for p in item.positions),
        }
        for bod in bods
        for item in bod.items
    ]


def previous_survey(survey) -> Survey | None:
    """The survey of the year before (the one compared with, else any of that year)."""
    previous_id = data.previous_survey(survey.id)
    if previous_id is None:
        previous_id = db.session.scalar(
            select(Survey.id).where(Survey.year == survey.year - 1).order_by(Survey.id.desc())
        )
    return None if previous_id is None else db.session.get(Survey, previous_id)


def looked_back(survey, gemeente_id) -> tuple[Survey | None, list]:
    """Last year's survey and the positions of it that the board adopted (or took further),
    for this gemeente (None: koepel-wide)."""
    previous = previous_survey(survey)
    if previous is None:
        return None, []
    positions = positions_of(previous.id, gemeente_id)
    return previous, [p for p in positions if p.status in ADOPTED_OR_LATER]


def _lookback(survey, gemeente_id) -> list[dict]:
    _previous, positions = looked_back(survey, gemeente_id)
    return [
        {
            "theme": p.theme,
            "text": p.title
            if not p.text
            else f"{p.title}. {p.text}"
            if p.title not in p.text
            else p.text,
            "outcome": labels.label(labels.OUTCOMES, p.outcome),
            "agreement": p.agreement or "",
            "realisation": labels.label(labels.REALISATIONS, p.realisation),
            "light": labels.light(p.realisation),
            "reason": p.realisation_reason or "",
        }
        for p in positions
    ]


def paper_positions(survey_id: int, gemeente_id: int | None, scope=None) -> dict:
    """The positions part of a paper for a gemeente (None: koepel-wide, the figures of the
    gemeenten in ``scope``; None: all): the board decision, adopted positions with live
    evidence, the bod items with our reaction, and last year's positions with their outcome
    and stoplight."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    figures = Figures(survey, suppress.rule_from_config(current_app.config), scope=scope)
    adopted = [p for p in positions_of(survey_id, gemeente_id) if p.status in ADOPTED_OR_LATER]
    return {
        "decision": _decision(adopted),
        "positions": [position_dict(p, figures, gemeente_id) for p in adopted],
        "bod": _bod(survey, gemeente_id),
        "lookback": _lookback(survey, gemeente_id),
    }

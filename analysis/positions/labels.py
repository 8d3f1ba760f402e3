"""Words for the choices of positions and bods, in the user's language (Dutch by default,
also outside a request: papers and commands get Dutch)."""

from flask_babel import lazy_gettext as _l

from analysis.positions.models import (
    Outcome,
    PositionStatus,
    PositionType,
    Reaction,
    Realisation,
)
from surveys.errors import translate

TYPES = {
    PositionType.INTENTION: _l("Intention"),
    PositionType.PROCESS: _l("Process agreement"),
    PositionType.QUALITATIVE: _l("Concrete, qualitative"),
    PositionType.QUANTITATIVE: _l("Concrete, quantitative"),
}
STATUSES = {
    PositionStatus.CONCEPT: _l("Draft"),
    PositionStatus.PROPOSED: _l("Proposed to the board"),
    PositionStatus.ADOPTED: _l("Adopted by the board"),
    PositionStatus.BROUGHT_IN: _l("Brought into the talks"),
    PositionStatus.OUTCOME: _l("Outcome known"),
    PositionStatus.EVALUATED: _l("Realisation judged"),
}
OUTCOMES = {
    Outcome.AGREED: _l("In the agreements"),
    Outcome.PARTLY: _l("Partly in the agreements"),
    Outcome.NOT: _l("Not in the agreements"),
    Outcome.DIFFERENTLY: _l("Agreed differently"),
}
REALISATIONS = {
    Realisation.REALISED: _l("Realised"),
    Realisation.PARTLY: _l("Partly realised"),
    Realisation.NOT: _l("Not realised"),
    Realisation.ONGOING: _l("Still ongoing"),
}
REACTIONS = {
    Reaction.AGREE: _l("We agree"),
    Reaction.ASK_MORE: _l("We ask for more"),
    Reaction.DISAGREE: _l("We disagree"),
    Reaction.MISSING: _l("Missing from the bod"),
}
LIGHTS = {
    Realisation.REALISED: "green",
    Realisation.PARTLY: "orange",
    Realisation.ONGOING: "orange",
    Realisation.NOT: "red",
}
LIGHT_WORDS = {
    "green": _l("green"),
    "orange": _l("orange"),
    "red": _l("red"),
    "grey": _l("grey: not judged yet"),
}
SMART_FIELDS = {
    "what": _l("What"),
    "who": _l("Who does it"),
    "how_much": _l("How much or how many"),
    "by_when": _l("By when"),
    "indicator": _l("Indicator"),
    "monitoring": _l("How and when it is checked"),
}


def label(choices: dict, value) -> str:
    """The word for a value ('' for none), as plain text in the current language."""
    return "" if value is None else translate(choices[value])


def light(realisation) -> str:
    """The stoplight of a realisation: green, orange, red, or grey when not judged yet."""
    return LIGHTS.get(realisation, "grey")

"""Texts for the note codes and tiers that the statistics put in their tables.

The statistics modules are pure and hold codes (``dont_know_excluded``, ``counts_only``...);
pages, exports and the command line turn them into words here.
"""

from flask_babel import lazy_gettext as _l

from analysis.suppress import COUNTS_ONLY, SUPPRESSED, SuppressionRule

NOTES = {
    "dont_know_excluded": _l(
        "\u201cWeet ik niet\u201d is shown separately and not counted in the percentages."
    ),
    "several_answers_per_respondent": _l(
        "People could give more than one answer, so the percentages add up to more than 100."
    ),
    "wording_changed": _l("The question was worded differently last year."),
    "options_changed": _l(
        "The answer options changed since last year: only the options asked in both years "
        "are compared."
    ),
}


def note_texts(note: str | None) -> list[str]:
    """The texts of a ";"-separated note column value (unknown codes are left out)."""
    return [str(NOTES[code]) for code in (note or "").split(";") if code in NOTES]


def tier_text(tier: str, rule: SuppressionRule | None = None) -> str:
    """Why a figure is hidden or shown without a percentage; empty for a full figure."""
    rule = rule or SuppressionRule()
    if tier == SUPPRESSED:
        return str(
            _l(
                "Fewer than %(n)d answers: not shown, to protect the privacy of the tenants.",
                n=rule.suppress_below,
            )
        )
    if tier == COUNTS_ONLY:
        return str(
            _l(
                "Fewer than %(n)d answers: numbers only, too few for a reliable percentage.",
                n=rule.counts_only_below,
            )
        )
    return ""

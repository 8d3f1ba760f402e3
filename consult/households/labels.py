"""How age bands and household types are shown to users."""

from flask_babel import gettext as _


def age_band_label(band: str | None) -> str:
    """'75+' → '75 and older'; None → 'unknown'."""
    labels = {
        "<35": _("under 35"),
        "35-54": _("35 to 54"),
        "55-64": _("55 to 64"),
        "65-74": _("65 to 74"),
        "75+": _("75 and older"),
    }
    return labels.get(band or "", _("unknown"))


def household_type_label(kind: str | None) -> str:
    """'eenoudergezin' → 'single parent with children'; None → 'unknown'."""
    labels = {
        "alleenstaand": _("single person"),
        "paar": _("couple without children"),
        "gezin": _("couple with children"),
        "eenoudergezin": _("single parent with children"),
        "overig": _("other household"),
    }
    return labels.get(kind or "", _("unknown"))

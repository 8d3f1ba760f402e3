"""The recurring themes of prestatieafspraken and the Rijksprioriteiten questions map to."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Theme(StrEnum):
    """A theme of the consultation (domain brief §2.1); background is for representativeness."""

    BETAALBAARHEID = "betaalbaarheid"
    BESCHIKBAARHEID = "beschikbaarheid"
    VERKOOP = "verkoop"
    NIEUWBOUW = "nieuwbouw"
    DUURZAAMHEID = "duurzaamheid"
    KWALITEIT = "kwaliteit"
    DOELGROEPEN = "doelgroepen"
    ZORG = "zorg"
    LEEFBAARHEID = "leefbaarheid"
    PRIORITEITEN = "prioriteiten"
    PARTICIPATIE = "participatie"
    ACHTERGROND = "achtergrond"


THEME_LABELS = {
    Theme.BETAALBAARHEID: _l("Affordability"),
    Theme.BESCHIKBAARHEID: _l("Availability and allocation"),
    Theme.VERKOOP: _l("Sale and liberalisation"),
    Theme.NIEUWBOUW: _l("New construction"),
    Theme.DUURZAAMHEID: _l("Sustainability"),
    Theme.KWALITEIT: _l("Quality and maintenance"),
    Theme.DOELGROEPEN: _l("Target groups"),
    Theme.ZORG: _l("Housing and care"),
    Theme.LEEFBAARHEID: _l("Liveability and safety"),
    Theme.PRIORITEITEN: _l("Priorities"),
    Theme.PARTICIPATIE: _l("Participation"),
    Theme.ACHTERGROND: _l("Background"),
}

# Default section titles: survey content in the survey's own languages, not interface text.
THEME_TITLES = {
    Theme.BETAALBAARHEID: {"nl": "Betaalbaarheid", "en": "Affordability"},
    Theme.BESCHIKBAARHEID: {
        "nl": "Een huis vinden",
        "en": "Finding a home",
    },
    Theme.VERKOOP: {"nl": "Verkoop van huurhuizen", "en": "Sale of rented homes"},
    Theme.NIEUWBOUW: {"nl": "Nieuwe huizen bouwen", "en": "Building new homes"},
    Theme.DUURZAAMHEID: {"nl": "Energie en duurzaamheid", "en": "Energy and sustainability"},
    Theme.KWALITEIT: {"nl": "Uw huis en onderhoud", "en": "Your home and maintenance"},
    Theme.DOELGROEPEN: {"nl": "Wonen voor iedereen", "en": "Homes for everyone"},
    Theme.ZORG: {"nl": "Wonen en zorg", "en": "Housing and care"},
    Theme.LEEFBAARHEID: {"nl": "Uw buurt", "en": "Your neighbourhood"},
    Theme.PRIORITEITEN: {"nl": "Wat vindt u het belangrijkst?", "en": "What matters most to you?"},
    Theme.PARTICIPATIE: {"nl": "Meedoen en meepraten", "en": "Taking part"},
    Theme.ACHTERGROND: {"nl": "Over u", "en": "About you"},
}

RIJKSPRIORITEITEN = {
    1: _l("1. Build more social rental homes, faster"),
    2: _l("2. Affordability through local tailoring"),
    3: _l("3. A sustainable social stock: quality, insulation, energy transition"),
    4: _l("4. Housing with care"),
    5: _l("5. Housing urgent seekers with temporary and unconventional solutions"),
    6: _l("6. Liveability: mixed neighbourhoods, meeting, social management"),
}


def theme_label(value) -> str:
    """The theme as shown in the interface; unknown values are shown as they are."""
    try:
        return str(THEME_LABELS[Theme(value)])
    except ValueError:
        return str(value or "")


def theme_choices() -> list[tuple[str, str]]:
    """(code, label) pairs for select fields, in the order of the domain brief."""
    return [(t.value, str(THEME_LABELS[t])) for t in Theme]

"""Small builders that keep the question bank data readable."""

from surveys.builder.plain_language import SCALES
from surveys.qtypes import get_type


def opt(code: str, nl: str, en: str, **flags) -> dict:
    """One coded answer option with its Dutch and English label."""
    return {"code": code, "labels": {"nl": nl, "en": en}, **flags}


def dk(nl: str = "Weet ik niet", en: str = "Don't know", code: str = "dk") -> dict:
    """The coded "weet ik niet" option."""
    return opt(code, nl, en, dont_know=True)


def rather_not_say() -> dict:
    """The coded "zeg ik liever niet" option (counted as no opinion, never as missing)."""
    return opt("nz", "Zeg ik liever niet", "I'd rather not say", dont_know=True)


def none_of_these(nl: str = "Geen van deze", en: str = "None of these", code="geen") -> dict:
    """An option that cannot be combined with the others."""
    return opt(code, nl, en, exclusive=True)


def scale_options(scale: str) -> list[dict]:
    """The five points of a balanced scale (see surveys/plain_language.py) and "weet ik niet"."""
    points = [opt(str(n), nl, en) for n, (nl, en) in enumerate(SCALES[scale].points(), start=1)]
    return [*points, dk()]


def not_applicable(nl: str, en: str, code: str = "nvt") -> dict:
    """A "niet van toepassing" answer: it counts as no opinion, never as missing."""
    return opt(code, nl, en, dont_know=True)


def something_else(nl: str = "Iets anders", en: str = "Something else") -> dict:
    """The "anders" option; the survey can ask "Wat anders?" in an open question after it."""
    return opt("anders", nl, en)


def row(code: str, nl: str, en: str) -> dict:
    """One statement of a matrix question."""
    return {"code": code, "labels": {"nl": nl, "en": en}}


def q(
    key: str,
    qtype: str,
    nl: str,
    en: str,
    *,
    help_nl: str = "",
    help_en: str = "",
    options: list | None = None,
    settings: dict | None = None,
    rp: int | None = None,
    scale: str | None = None,
    options_extra: list | None = None,
) -> dict:
    """One bank question; the theme is the first part of the key."""
    kind = get_type(qtype)
    merged = {**kind.default_settings(), **(settings or {})}
    if scale:
        merged["scale"] = scale
        options = scale_options(scale) if options is None else options
    if options_extra:
        options = [*(options or kind.default_options()), *options_extra]
    return {
        "key": key,
        "theme": key.split(".", 1)[0],
        "rijksprioriteit": rp,
        "qtype": qtype,
        "texts": {"nl": {"text": nl, "help": help_nl}, "en": {"text": en, "help": help_en}},
        "options": options if options is not None else kind.default_options(),
        "settings": merged,
    }

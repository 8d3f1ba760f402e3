"""Languages a survey can be offered in (survey texts are data, translated by the board)."""

DEFAULT_LANGUAGE = "nl"

# Each language's own name, as respondents recognise it.
SURVEY_LANGUAGES = {
    "nl": "Nederlands",
    "en": "English",
    "de": "Deutsch",
    "pl": "Polski",
    "tr": "Türkçe",
    "uk": "Українська",
}


def language_name(code: str) -> str:
    """A language's own name, or its code when unknown."""
    return SURVEY_LANGUAGES.get(code, code)


def normalise_languages(codes) -> list[str]:
    """Known, distinct language codes with Dutch always first."""
    result = [DEFAULT_LANGUAGE]
    for code in codes or []:
        code = str(code).strip().lower()
        if code in SURVEY_LANGUAGES and code not in result:
            result.append(code)
    return result


def ordinal(lang: str, n: int) -> str:
    """A rank as written in the language: 1e in Dutch, 1st in English, 1. elsewhere."""
    if lang == "en":
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n if n < 20 else n % 10, "th")
        return f"{n}{suffix}"
    return f"{n}e" if lang == DEFAULT_LANGUAGE else f"{n}."

"""The editable text of invitation letters: fields, Dutch and English defaults, placeholders.

The board edits every field per survey and language. Placeholders in curly brackets are
filled in per batch: {organisatie}, {website}, {sluitdatum} and {telefoon}. A text with an
unknown placeholder is refused with a message that lists the ones that can be used.
"""

import re

from flask_babel import lazy_gettext as _l

from surveys.errors import translate
from surveys.paper.errors import PaperError

FIELDS = ("subject", "salutation", "body", "reminder", "closing", "signature", "privacy", "return")
PLACEHOLDERS = ("organisatie", "website", "sluitdatum", "telefoon")
MAX_LENGTHS = {
    "subject": 200,
    "salutation": 200,
    "body": 3000,
    "reminder": 1500,
    "closing": 200,
    "signature": 300,
    "privacy": 1500,
    "return": 500,
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

DEFAULTS = {
    "nl": {
        "subject": "Uw mening telt: vul de vragenlijst in",
        "salutation": "Beste huurder,",
        "body": "Elk jaar maakt {organisatie} afspraken met de gemeente en de "
        "woningcorporatie. Bijvoorbeeld over de huur, het onderhoud van uw huis en uw buurt. "
        "Wij willen weten wat u belangrijk vindt. Daarom vragen wij u om een vragenlijst in "
        "te vullen. Dat duurt ongeveer 10 minuten.\n\n"
        "U kunt kiezen hoe u meedoet:\n"
        "• Op internet, met de code hieronder.\n"
        "• Op papier, met het formulier bij deze brief. Stuur het formulier terug in de "
        "antwoordenvelop. Een postzegel is niet nodig.\n\n"
        "Doe uiterlijk {sluitdatum} mee. Heeft u vragen, of wilt u hulp bij het invullen? Bel ons: "
        "{telefoon}.",
        "reminder": "Een paar weken geleden stuurden wij u een brief met een vragenlijst. Wij "
        "hebben uw antwoorden nog niet gekregen. Heeft u de vragenlijst net opgestuurd? Dan "
        "hoeft u niets meer te doen. Dank u wel!",
        "closing": "Met vriendelijke groet,",
        "signature": "Het bestuur van {organisatie}",
        "privacy": "Uw privacy: wij gebruiken uw antwoorden alleen voor dit onderzoek. "
        "Niemand ziet wat u persoonlijk heeft geantwoord. Uw adres gebruiken wij alleen voor "
        "deze brief. Na het onderzoek wissen wij het.",
        "return": "Stuur het formulier in de antwoordenvelop terug. Een postzegel is niet nodig.",
    },
    "en": {
        "subject": "Your opinion matters: please fill in the questionnaire",
        "salutation": "Dear tenant,",
        "body": "Every year {organisatie} makes agreements with the municipality and the "
        "housing corporation, for example about the rent, the upkeep of your home and your "
        "neighbourhood. We want to know what matters to you. Please fill in the "
        "questionnaire. It takes about 10 minutes.\n\n"
        "You can choose how to take part:\n"
        "• Online, with the code below.\n"
        "• On paper, with the form in this letter. Send the form back in the reply envelope. "
        "You do not need a stamp.\n\n"
        "Please take part by {sluitdatum} at the latest. Do you have questions, or would you "
        "like help filling in the form? Call us: {telefoon}.",
        "reminder": "A few weeks ago we sent you a letter with a questionnaire. We have not "
        "received your answers yet. Did you just send the questionnaire back? Then you do "
        "not need to do anything. Thank you!",
        "closing": "Kind regards,",
        "signature": "The board of {organisatie}",
        "privacy": "Your privacy: we only use your answers for this survey. Nobody sees what "
        "you answered personally. We only use your address for this letter and delete it "
        "after the survey.",
        "return": "Send the form back in the reply envelope. You do not need a stamp.",
    },
}


def default_texts(lang: str) -> dict[str, str]:
    """The standard letter text in a language, or empty fields when there is none."""
    return dict(DEFAULTS.get(lang) or dict.fromkeys(FIELDS, ""))


def letter_texts(stored: dict | None, lang: str) -> dict[str, str]:
    """The texts to print: what the board wrote, else the default of the language."""
    texts = default_texts(lang)
    for name, value in ((stored or {}).get(lang) or {}).items():
        if name in FIELDS and str(value or "").strip():
            texts[name] = str(value)
    return texts


def has_letter_text(stored: dict | None, lang: str) -> bool:
    """Whether a letter can be printed in a language (a default or a written body)."""
    return bool(letter_texts(stored, lang)["body"].strip())


def check_texts(values: dict[str, str]) -> dict[str, str]:
    """Field name → problem, for over-long texts and unknown placeholders."""
    problems = {}
    for name in FIELDS:
        value = str(values.get(name) or "")
        if len(value) > MAX_LENGTHS[name]:
            problems[name] = translate(
                _l("At most %(n)d characters fit here.", n=MAX_LENGTHS[name])
            )
            continue
        unknown = [p for p in _PLACEHOLDER.findall(value) if p not in PLACEHOLDERS]
        if unknown:
            problems[name] = translate(
                _l(
                    "{%(name)s} cannot be filled in. You can use: %(known)s.",
                    name=unknown[0][:30],
                    known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
                )
            )
    return problems


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the placeholders in a letter text."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


def ensure_letter_text(stored: dict | None, lang: str, language_name: str) -> None:
    """PaperError when there is no letter text in the language yet."""
    if not has_letter_text(stored, lang):
        raise PaperError(
            _l(
                "There is no letter text in %(language)s yet. Write it on the letter page first.",
                language=language_name,
            )
        )

"""Plain-language rules for tenant-facing Dutch (B1) that a machine can check.

Used three ways: the test suite holds the question bank and the tenant pages to them, the
bank builds its answer scales with :func:`balanced_scale`, and the builder's check page warns
(never refuses) when a board member's own question breaks one of them.
"""

import re
from dataclasses import dataclass

from surveys.qtypes import get_type
from surveys.qtypes.likert5 import SCALES as PRESET_SCALES

MAX_SENTENCE_WORDS = 15
MAX_QUESTION_WORDS = 40

# Words a tenant stumbles over, with the plain word to use instead. Patterns match whole
# words (case-insensitive); a compound like "achterbanraadpleging" counts as well.
BANNED = {
    r"\w*raadpleging\w*": "vragenlijst, uw mening vragen",
    r"tekens?": "letters en cijfers",
    r"rangorde": "volgorde",
    r"(heel|hele) getal(len)?": "getal zonder komma",
    r"hoogstens": "niet meer dan",
    r"stelling(en)?": "uitspraak",
    r"appara+t(en)?": "computer of telefoon",
    r"\w*verzoek(en)?": "vraag",
    r"verwerk\w*": "gebruiken, opslaan",
    r"webadres(sen)?": "adres van de website",
    r"kenmerk(en)?": "ons nummer",
    r"retour": "terugsturen naar",
    r"woonlasten": "huur en energierekening",
    r"statushouders?": "vluchtelingen die hier mogen blijven",
    r"vergunninghouders?": "vluchtelingen die hier mogen blijven",
    r"servicekosten": "de rekening voor schoonmaak van de trap of de lift",
    r"complex(en)?": "flat of groep huizen",
    r"aardgasvrij\w*": "zonder gas koken en verwarmen",
    r"liberalis\w*": "duurder maken",
    r"vrije[- ]sector\w*": "huis met een hoge huur",
    r"middeninkomens?": "inkomen van ... tot en met ... euro",
    r"investering(en)?": "geld voor ...",
    r"prestatieafspraken": "afspraken",
    r"huursom": "de huur van alle huizen samen",
    r"doorstrom\w*": "verhuizen naar een ander huis",
    r"leefbaarheid": "prettig wonen in de buurt",
    r"participatie": "meedoen",
    r"scheefwon\w*": "",
    r"respondent(en)?": "u",
    r"indienen": "sturen",
    r"middels": "met",
    r"inzake": "over",
    r"alsmede": "en",
    r"ten behoeve van": "voor",
    r"wist u dat": "(zeg het in de inleiding)",
    r"niet ontevreden": "gaat wel",
    r"niet onduidelijk": "gaat wel",
    r"niet moeilijk, niet makkelijk": "gaat wel",
}
_BANNED = [(re.compile(rf"\b{p}\b", re.IGNORECASE), hint) for p, hint in BANNED.items()]
_SENTENCE_END = re.compile(r"(?<=[.?!…])\s+|\n+")
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ][0-9A-Za-zÀ-ÿ'’.,/-]*")


def words(text: str) -> list[str]:
    """The words of a text; numbers count as words, signs like € and % do not."""
    return _WORD.findall(text or "")


def sentences(text: str) -> list[str]:
    """The sentences of a text (a line break ends one too)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def long_sentences(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    """Sentences with more than ``limit`` words."""
    return [s for s in sentences(text) if len(words(s)) > limit]


def banned_words(text: str) -> list[tuple[str, str]]:
    """(word as written, plain alternative) for every banned word in a text."""
    found = []
    for pattern, hint in _BANNED:
        found.extend((m.group(0), hint) for m in pattern.finditer(text or ""))
    return found


# -- Scales ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """A balanced five-point scale: two points below a true middle, two mirrored above."""

    low: tuple[tuple[str, str], tuple[str, str]]  # (strong, mild), Dutch and English
    middle: tuple[str, str]
    high: tuple[tuple[str, str], tuple[str, str]]  # (mild, strong)

    def points(self) -> list[tuple[str, str]]:
        """The five labels, (Dutch, English), from the low end to the high end."""
        return [*self.low, self.middle, *self.high]


def balanced_scale(low: tuple, middle: tuple, high: tuple) -> Scale:
    """A scale with as many points below as above the middle, or ValueError."""
    if len(low) != 2 or len(high) != 2 or not middle:
        raise ValueError("A balanced scale has two points on each side of one middle.")
    return Scale(tuple(low), tuple(middle), tuple(high))


# The registry's preset scales (surveys/qtypes/likert5.py), checked for balance.
SCALES = {
    name: balanced_scale(tuple(points[:2]), points[2], tuple(points[3:]))
    for name, points in PRESET_SCALES.items()
}
_BALANCED = {tuple(nl.lower() for nl, _en in s.points()) for s in SCALES.values()}
_INTENSIFIERS = re.compile(
    r"^(helemaal|heel erg|heel|erg|zeer|een beetje|best|wel|veel|redelijk)\s+", re.IGNORECASE
)
_DOUBLE_NEGATIVE = re.compile(r"^niet\s+\w+,?\s+(en\s+)?niet\s+\w+$", re.IGNORECASE)


def _pole(label: str) -> str:
    text = label.strip().lower()
    while (stripped := _INTENSIFIERS.sub("", text)) != text:
        text = stripped
    return text


def scale_problem(labels: list[str]) -> str | None:
    """Why five scale labels are not balanced around a true middle, or None.

    Only what can be told for certain is reported: a middle written as a double negative,
    or the high end's word on the low side or in the middle ("Een beetje bezorgd").
    """
    labels = [str(label or "").strip() for label in labels]
    if len(labels) != 5 or not all(labels):
        return None
    if tuple(label.lower() for label in labels) in _BALANCED:
        return None
    if _DOUBLE_NEGATIVE.match(labels[2]):
        return "double_negative"
    high, low = _pole(labels[4]), _pole(labels[0])
    if high == low:
        return "unbalanced"
    if _pole(labels[3]) != high or any(_pole(label) == high for label in labels[:3]):
        return "unbalanced"
    return None


# -- Numeric bands ---------------------------------------------------------------------

_NUMBER = r"€?\s?(\d[\d.]*)"
_BAND_PATTERNS = [
    (re.compile(rf"^(?:jonger|minder|korter|lager) dan {_NUMBER}", re.I), "below"),
    (re.compile(rf"^(?:tot en met|niet meer dan) {_NUMBER}", re.I), "upto"),
    (re.compile(rf"^{_NUMBER}\s*(?:\w+\s)?tot en met {_NUMBER}", re.I), "range"),
    (re.compile(rf"^{_NUMBER}\s*(?:\w+\s)?tot {_NUMBER}", re.I), "vague"),
    (re.compile(rf"^(?:meer|ouder|langer|hoger) dan {_NUMBER}", re.I), "above"),
    (re.compile(rf"^{_NUMBER}\s*(?:\w+\s)?(?:of|en) (?:ouder|meer|langer|hoger)", re.I), "from"),
]


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def band(label: str) -> tuple[float, float] | str | None:
    """(lowest, highest) whole number an answer label covers; "vague" for "25 tot 30"."""
    label = label.strip()
    for pattern, kind in _BAND_PATTERNS:
        match = pattern.match(label)
        if not match:
            continue
        if kind == "vague":
            return "vague"
        values = [_number(g) for g in match.groups()]
        return {
            "below": (float("-inf"), values[0] - 1),
            "upto": (float("-inf"), values[0]),
            "range": (values[0], values[-1]),
            "above": (values[0] + 1, float("inf")),
            "from": (values[0], float("inf")),
        }[kind]
    return None


def band_problems(labels: list[str]) -> list[str]:
    """Gaps, overlaps and vague ends ("tot" without "en met") in a list of number bands."""
    bands = [(label, band(label)) for label in labels]
    bands = [(label, b) for label, b in bands if b is not None]
    problems = [f"vague: {label}" for label, b in bands if b == "vague"]
    ranges = [(label, b) for label, b in bands if b != "vague"]
    if len(ranges) < 2:
        return problems
    for (label_a, (_low_a, high_a)), (label_b, (low_b, _high_b)) in zip(
        ranges, ranges[1:], strict=False
    ):
        if low_b <= high_a:
            problems.append(f"overlap: {label_a} / {label_b}")
        elif low_b > high_a + 1:
            problems.append(f"gap: {label_a} / {label_b}")
    if ranges[0][1][0] != float("-inf"):
        problems.append(f"no lowest band: {ranges[0][0]}")
    if ranges[-1][1][1] != float("inf"):
        problems.append(f"no highest band: {ranges[-1][0]}")
    return problems


# -- Warnings on the builder's check page ---------------------------------------------


def question_warnings(question) -> list[str]:
    """Plain-language advice on one survey question's Dutch texts (never a refusal)."""
    from flask_babel import lazy_gettext as _l

    from surveys.builder.bank import newer_version
    from surveys.errors import translate

    texts = (question.texts or {}).get("nl") or {}
    labels = [
        (o.get("labels") or {}).get("nl", "")
        for o in question.options or []
        if isinstance(o, dict) and not o.get("dont_know")
    ]
    warnings = []
    text = texts.get("text", "")
    if len(words(text)) > MAX_QUESTION_WORDS:
        warnings.append(
            _l(
                "The question has %(n)d words. Keep it short: one idea per question.",
                n=len(words(text)),
            )
        )
    for sentence in long_sentences(text) + long_sentences(texts.get("help", "")):
        warnings.append(
            _l(
                "A sentence has more than %(max)d words: \u201c%(sentence)s\u201d",
                max=MAX_SENTENCE_WORDS,
                sentence=sentence,
            )
        )
    seen = set()
    for word, hint in banned_words(" \n".join([text, texts.get("help", ""), *labels])):
        if word.lower() not in seen:
            seen.add(word.lower())
            warnings.append(
                _l(
                    "\u201c%(word)s\u201d is hard for many tenants; try: %(hint)s.",
                    word=word,
                    hint=hint,
                )
            )
    if get_type(question.qtype).measure == "ordinal" and scale_problem(labels):
        warnings.append(
            _l(
                "The scale is not balanced: give it as many negative as positive answers "
                "around a true middle (for example \u201cGaat wel\u201d)."
            )
        )
    for problem in band_problems(labels):
        warnings.append(
            _l(
                "The answers with numbers leave a gap, overlap or are vague (%(problem)s). "
                "Write bands like \u201c35 tot en met 54 jaar\u201d.",
                problem=problem.split(": ", 1)[-1],
            )
        )
    newest = newer_version(question) if getattr(question, "bank_question", None) else None
    if newest is not None:
        warnings.append(
            _l(
                "The question bank has newer wording for this question (version %(version)d). "
                "Results will show that the wording changed.",
                version=newest.version,
            )
        )
    return [translate(w) for w in warnings]


def survey_warnings(survey) -> list:
    """Plain-language advice for every question of a survey, for the check page."""
    from surveys.builder.validation import Problem

    return [
        Problem(message, question_id=question.id, question_key=question.key)
        for question in survey.ordered_questions()
        for message in question_warnings(question)
    ]

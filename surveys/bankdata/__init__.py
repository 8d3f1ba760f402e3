"""The seed of the question bank: the example questions of the domain brief (§2.2), written in
plain Dutch (B1) with English translations, each with its theme and Rijksprioriteit.

The 2026 edition rewrote the bank to the plain-language rules of ``surveys/plain_language.py``.
``flask surveys seed-bank --update`` brings an existing bank up to date: a key that a survey
uses gets a new version (the survey keeps the version it took), a key no survey uses is
changed in place, and the keys in RETIRED_KEYS are hidden from the bank. The previous edition,
as every bank seeded before 2026 holds it, is kept in ``edition_2025.json`` (the demo builds
last year's survey from it, so the year-over-year comparison shows the wording change).
"""

import json
from pathlib import Path

from surveys.bankdata import huis_en_buurt, mening, wonen

SEED_QUESTIONS: list[dict] = wonen.QUESTIONS + huis_en_buurt.QUESTIONS + mening.QUESTIONS

# Keys whose measure changed so much that a new key replaces them: "what share of your income
# goes to rent" (a sum few tenants can do) became two amounts in euros, rent and income.
RETIRED_KEYS: tuple[str, ...] = ("betaalbaarheid.huurquote",)


def previous_edition() -> list[dict]:
    """The bank as seeded before the 2026 rewrite (version 1 of every key)."""
    path = Path(__file__).with_name("edition_2025.json")
    return json.loads(path.read_text(encoding="utf-8"))

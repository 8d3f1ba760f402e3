"""The seed of the question bank: the example questions of the domain brief (§2.2), written in
plain Dutch (B1) with English translations, each with its theme and Rijksprioriteit."""

from surveys.bankdata import huis_en_buurt, mening, wonen

SEED_QUESTIONS: list[dict] = wonen.QUESTIONS + huis_en_buurt.QUESTIONS + mening.QUESTIONS

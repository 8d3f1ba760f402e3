"""How synthetic demo answers differ, so that every demo chart says something: gemeenten
differ from each other, older and younger tenants differ on some themes, and last year's
answers differ from this year's on affordability and sustainability.

A *lean* between -1 and 1 moves answers towards the first options (negative) or the last
(positive) of an ordered list: "helemaal oneens" ... "helemaal eens", grades, and the order
of options of a choice. All of it is invented; nothing here describes real tenants.
"""

import hashlib
import math
import random

# How strongly a gemeente's own lean shows, per theme (others: half of it).
THEME_SPREAD = {"betaalbaarheid": 1.0, "leefbaarheid": 0.9, "kwaliteit": 0.8}
# Older (65+) tenants lean this way on a theme; younger (<35) the opposite, half as strong.
AGE_LEAN = {"kwaliteit": 0.35, "leefbaarheid": 0.3, "beschikbaarheid": -0.4, "zorg": 0.3}
# Last year's answers, against this year's: rents worried fewer people, insulation more.
YEAR_SHIFT = {2026: {"betaalbaarheid": -0.55, "duurzaamheid": 0.45, "kwaliteit": -0.25}}
OLDER, YOUNGER = {"65-74", "75+"}, {"<35"}


def gemeente_lean(name: str) -> float:
    """A fixed lean per gemeente name, between -1 and 1 (the same in every demo load)."""
    digest = hashlib.sha256(f"demo-lean:{name}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 * 2 - 1


def lean(gemeente: str | None, band: str | None, theme: str | None, year: int) -> float:
    """The lean of one answer of a household (gemeente name, age band) on a theme."""
    value = gemeente_lean(gemeente or "") * THEME_SPREAD.get(theme or "", 0.5)
    if band in OLDER:
        value += AGE_LEAN.get(theme or "", 0.0)
    elif band in YOUNGER:
        value -= AGE_LEAN.get(theme or "", 0.0) / 2
    value += YEAR_SHIFT.get(year, {}).get(theme or "", 0.0)
    return max(-1.0, min(1.0, value))


def weights(count: int, lean_: float, base=None, spread: float = 0.7) -> list[float]:
    """Weights of ``count`` ordered options, tilted by the lean."""
    base = base or [1.0] * count
    middle = (count - 1) / 2
    return [b * math.exp(lean_ * spread * (i - middle)) for i, b in enumerate(base)]


def ordered(rng: random.Random, codes: list[str], lean_: float, base=None) -> str:
    """One of ordered codes, tilted by the lean."""
    return rng.choices(codes, weights(len(codes), lean_, base))[0]


def likert(rng: random.Random, lean_: float) -> str:
    """A point of a five-point scale (1 = fully disagree ... 5 = fully agree)."""
    return ordered(rng, ["1", "2", "3", "4", "5"], lean_, [6, 14, 24, 34, 16])


def grade(rng: random.Random, lean_: float) -> int:
    """A report mark 1-10 around 6.8, higher with a positive lean."""
    return max(1, min(10, round(rng.gauss(6.8 + 0.8 * lean_, 1.4))))


def subset(rng: random.Random, codes: list[str], count: int, lean_: float) -> list[str]:
    """``count`` different codes, later ones more likely with a positive lean."""
    pool, chosen = list(codes), []
    for _ in range(min(count, len(pool))):
        pick = ordered(rng, pool, lean_)
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def ranking(rng: random.Random, codes: list[str], count: int, lean_: float) -> list[str]:
    """A ranking of ``count`` codes: first the most important (earlier codes lead with a
    negative lean, later ones with a positive)."""
    middle = (len(codes) - 1) / 2
    utility = {
        code: lean_ * 0.9 * (i - middle) - math.log(-math.log(rng.random() or 1e-12))
        for i, code in enumerate(codes)
    }
    return sorted(codes, key=utility.get, reverse=True)[:count]


def number(rng: random.Random, key: str, settings: dict | None, lean_: float) -> int:
    """A believable number for a number question of the bank (rent in euros, months of
    searching, people in the home); other questions: a small number within their limits."""
    name = key.rsplit(".", 1)[-1]
    if name == "huur_per_maand":  # social rent, a little higher where tenants are less content
        value = round(rng.gauss(690 - 40 * lean_, 115) / 5) * 5
        low, high = 350, 1150
    elif name == "zoekduur":  # months: most search a year or two, some much longer
        value = round(rng.lognormvariate(2.9, 0.7))
        low, high = 1, 150
    elif name == "personen":
        value = rng.choices([1, 2, 3, 4, 5, 6], weights=[42, 31, 11, 10, 4, 2])[0]
        low, high = 1, 10
    else:
        value = rng.randint(1, 12)
        low, high = 0, 99
    limits = settings or {}
    low = max(low, int(limits.get("min", low)))
    high = min(high, int(limits.get("max", high)))
    return min(high, max(low, value))

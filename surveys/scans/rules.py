"""Question rules over the boxes read on a page: one cross where one is asked, corrections.

The printed instruction says: put a cross in the box; made a mistake? colour the box in
completely and cross the right one. So a blackened box is a correction (not chosen) when the
question has another cross; a blackened box alone is sent for review, since the tenant may
have coloured it in to choose it. Two crosses where one is asked are sent for review too.
"""

from collections import defaultdict

from surveys.scans.marks import BoxReading


def _groups(readings: list[BoxReading], question: dict) -> list[tuple[list[BoxReading], int]]:
    """The groups of boxes of one question with the most crosses each may hold."""
    boxes = [r for r in readings if r.box["kind"] in ("choice", "grid")]
    choice = [r for r in boxes if r.box["kind"] == "choice"]
    grid = [r for r in boxes if r.box["kind"] == "grid"]
    groups: list[tuple[list[BoxReading], int]] = []
    if grid:
        by: dict = defaultdict(list)
        if question.get("one_per") == "column":  # a ranking: one option per rank, one rank each
            for r in grid:
                by["rank", r.box.get("rank")].append(r)
                by["option", r.box.get("option")].append(r)
        else:
            for r in grid:
                by[r.box.get("statement")].append(r)
        groups += [(group, 1) for group in by.values()]
    if choice:
        limit = 1
        if question.get("multiple"):
            limit = question.get("max_selections") or len(choice)
        groups.append((choice, limit))
    return groups


def apply_rules(readings: list[BoxReading], questions: list[dict]) -> None:
    """Change box states in place where a question's rule makes a reading doubtful."""
    by_question: dict[str, list[BoxReading]] = defaultdict(list)
    for reading in readings:
        by_question[reading.box["question"]].append(reading)
    known = {q["key"]: q for q in questions}
    for key, group in by_question.items():
        for boxes, limit in _groups(group, known.get(key, {})):
            _apply(boxes, limit)


def _apply(boxes: list[BoxReading], limit: int) -> None:
    crosses = [r for r in boxes if r.mark == "cross"]
    blackened = [r for r in boxes if r.mark == "blackened"]
    doubtful = [r for r in boxes if r.state == "uncertain"]
    if blackened and not crosses and not doubtful:
        _doubt(blackened, "blackened_without_cross")
    if len(crosses) > limit:
        _doubt(crosses, "too_many_marks" if limit > 1 else "two_marks")


def _doubt(readings: list[BoxReading], reason: str) -> None:
    for reading in readings:
        reading.state, reading.confidence = "uncertain", min(reading.confidence, 0.5)
        reading.reason = reading.reason or reason

"""The pages a respondent goes through: one step per question, one per matrix statement.

Which steps are shown follows the skip logic of ``surveys.logic`` applied to the answers
stored so far; answers to questions that became hidden are kept but ignored. A step is *done*
when it was sent (with an answer or left empty on purpose); a respondent who comes back
resumes at the first step that is not done.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from surveys.logic import visible_keys
from surveys.qtypes import get_type

SECONDS_PER_STEP = 15


@dataclass(frozen=True)
class Step:
    """One page: a question, or one statement (row) of a matrix question."""

    question: Any  # a Question or a structure.QuestionView
    row: dict | None = None

    @property
    def row_code(self) -> str | None:
        """The statement's code on a matrix page, else None."""
        return str(self.row.get("code")) if self.row else None

    @property
    def id(self) -> str:
        """A stable identifier: the question id, plus the statement code on a matrix page."""
        return f"{self.question.id}.{self.row_code}" if self.row else str(self.question.id)


@dataclass(frozen=True)
class Progress:
    """Where a respondent is: the steps shown, which are done, and the planned total."""

    steps: list[Step]
    done: set[str]
    total: int
    # Every page the survey can have, numbered once: "Vraag 7 van 42" keeps its number and
    # total whatever skip logic hides, as on the paper form.
    fixed: dict[str, int] = field(default_factory=dict)

    def number(self, step: Step) -> int:
        """The step's place among the shown steps."""
        return next(i for i, s in enumerate(self.steps, start=1) if s.id == step.id)

    def fixed_number(self, step: Step) -> int:
        """The step's number as shown: "Vraag 7 van 42", fixed whatever is skipped."""
        return self.fixed.get(step.id) or self.number(step)

    @property
    def fixed_total(self) -> int:
        """The number of pages the survey can have (the "42" of "Vraag 7 van 42")."""
        return max(len(self.fixed), self.total, len(self.steps))

    def skipped_before(self, step: Step) -> bool:
        """Whether skip logic left out a page just before this one (so its number jumps)."""
        previous = self.previous(step)
        before = self.fixed_number(previous) if previous is not None else 0
        return self.fixed_number(step) > before + 1

    def find(self, question_id: int, row: str | None = None) -> Step | None:
        """The shown step for a question (and statement), or None when it is hidden."""
        return next(
            (s for s in self.steps if s.question.id == question_id and s.row_code == row), None
        )

    def previous(self, step: Step) -> Step | None:
        """The step before this one, or None on the first."""
        index = self.number(step) - 1
        return self.steps[index - 1] if index > 0 else None

    def next_open(self, after: Step | None = None) -> Step | None:
        """The first step that is not done (after a given step first, then from the start)."""
        start = self.number(after) if after is not None else 0
        for step in self.steps[start:] + self.steps[:start]:
            if step.id not in self.done:
                return step
        return None

    @property
    def complete(self) -> bool:
        """Whether every shown step is done."""
        return all(step.id in self.done for step in self.steps)


def steps_of(question) -> list[Step]:
    """The pages of one question."""
    rows = get_type(question.qtype).web_rows(question)
    return [Step(question, row) for row in rows] if rows else [Step(question)]


def answer_values(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Answers by question key that count for skip logic (empty ones left out)."""
    return {key: value for key, value in stored.items() if value is not None}


def progress(questions: list, stored: Mapping[str, Any]) -> Progress:
    """The steps shown for the answers stored so far (key -> value, None for left empty).

    ``questions`` are the survey's questions in order (see ``surveys.respond.structure``).
    """
    answers = answer_values(stored)
    shown = set(visible_keys(questions, answers))
    steps, done, pending, fixed = [], set(), 0, {}
    for question in questions:
        for step in steps_of(question):
            fixed[step.id] = len(fixed) + 1
        if question.key in shown:
            question_steps = steps_of(question)
            steps += question_steps
            done |= _done(question, question_steps, stored)
        elif _undecided(question, stored, shown, questions):
            pending += len(steps_of(question))
    return Progress(steps=steps, done=done, total=len(steps) + pending, fixed=fixed)


def _done(question, steps: list[Step], stored: Mapping[str, Any]) -> set[str]:
    if question.key not in stored:
        return set()
    value = stored[question.key]
    if len(steps) == 1 and steps[0].row is None:
        return {steps[0].id}
    # A matrix: a statement is done when it was answered or a later one was.
    answered = [i for i, s in enumerate(steps) if isinstance(value, dict) and s.row_code in value]
    last = max(answered, default=-1)
    return {s.id for i, s in enumerate(steps) if i <= last}


def _undecided(question, stored, shown: set[str], questions: list) -> bool:
    """A hidden question whose condition rests on a question not yet reached: it may come."""
    source = (question.show_if or {}).get("question")
    if source is None:
        return False
    if source in shown and source not in stored:
        return True
    by_key = {q.key: q for q in questions}
    parent = by_key.get(source)
    return (
        parent is not None and source not in shown and _undecided(parent, stored, shown, questions)
    )


def minutes_needed(questions: list) -> int:
    """About how many minutes the survey takes, for the start page."""
    pages = sum(len(steps_of(q)) for q in questions)
    return max(2, round(pages * SECONDS_PER_STEP / 60))

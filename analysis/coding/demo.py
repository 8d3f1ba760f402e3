"""A codebook for the open survey, a few hundred coded open answers, and quotes: some
approved in a checked form, some still waiting for the board's check. All of it is invented,
like the answers it codes."""

import random

from sqlalchemy import select

from analysis import data
from analysis.coding import operations, privacy
from analysis.coding.views import known_words
from consult.extensions import db
from consult.users.models import User
from surveys.models import Survey, SurveyStatus

# Codes by theme, and which codes fit which demo answer (by a word in it).
CODEBOOK = [
    ("betaalbaarheid", "Huur te hoog of stijgt te snel"),
    ("betaalbaarheid", "Servicekosten onduidelijk of te hoog"),
    ("betaalbaarheid", "Hulp bij huurtoeslag en geldzaken"),
    ("duurzaamheid", "Isolatie en energierekening"),
    ("kwaliteit", "Reparaties duren te lang"),
    ("kwaliteit", "Vocht en schimmel"),
    ("kwaliteit", "Woning niet geschikt bij ouder worden"),
    ("beschikbaarheid", "Te weinig woningen voor jongeren of ouderen"),
    ("leefbaarheid", "Groen, bankjes en buitenruimte"),
    ("leefbaarheid", "Prettig wonen en goede buren"),
]
FITS = {
    "huur": [0],
    "servicekosten": [1],
    "huurtoeslag": [2],
    "isolatie": [3],
    "reparatie": [4],
    "gerepareerd": [4],
    "keuken": [4],
    "schimmel": [5],
    "trap": [6],
    "jongeren": [7],
    "ouderen": [7],
    "bankjes": [8],
    "groen": [8],
    "prettig": [9],
    "veilig": [9],
}
CODED_SHARE = 0.75  # the rest is left for volunteers to try
APPROVED = 6  # distinct quotes approved; the rest waits for the board's check


def load(seed: int, echo) -> None:
    """Code most open answers of the open survey and propose quotes."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None:
        return
    board = db.session.scalar(select(User).where(User.email == "bestuur@kmas.example"))
    codes = [operations.add_code(survey, label, theme, actor=board) for theme, label in CODEBOOK]
    rng = random.Random(seed + 11)
    meta = data.questions(survey.id)
    coded = approved = waiting = 0
    known = known_words(survey)
    proposed: set[str] = set()
    for question_id in meta.loc[meta["measure"] == "text", "question_id"]:
        answers = data.open_answers(survey.id, int(question_id))
        pairs = list(zip(answers["response_id"], answers["text"], strict=True))
        rng.shuffle(pairs)  # coded in no particular order, like a stack of forms
        for response_id, text in pairs:
            if rng.random() > CODED_SHARE:
                continue
            fitting = sorted({i for word, ids in FITS.items() if word in text.lower() for i in ids})
            quote = text not in proposed and rng.random() < 0.2
            if quote:
                proposed.add(text)
            answer = operations.code_answer(
                survey.id,
                int(question_id),
                int(response_id),
                [codes[i].id for i in fitting],
                quote=quote,
                actor=board,
            )
            coded += 1
            if quote and approved < APPROVED and not privacy.findings(text, known):
                operations.review_quote(
                    answer, text, approve=True, checked=True, known=known, actor=board
                )
                approved += 1
            elif quote:
                waiting += 1
    echo(
        f"demo: {len(codes)} codes, {coded} open answers coded, {approved} quotes approved, "
        f"{waiting} waiting for a check (synthetic)"
    )

"""Positions for a few demo gemeenten: adopted positions on the open survey with their
evidence, a recorded bod of Mooiland with reactions, and last year's positions (2026 survey)
with their outcome and realisation. All of it is invented."""

from datetime import date

from sqlalchemy import select

from analysis.positions import operations
from consult.extensions import db
from consult.users.models import User
from surveys.models import Survey, SurveyStatus

GEMEENTEN = 4  # the first demo gemeenten of the open survey get positions

# theme, title, type, what, who, how much, by when, indicator, monitoring, question theme
POSITIONS = [
    (
        "betaalbaarheid",
        "Geen huurverhoging boven de inflatie",
        "kwantitatief",
        "De jaarlijkse huurverhoging blijft op of onder de inflatie.",
        "Mooiland",
        "hoogstens inflatie (CPI), 0 % voor huishoudens met huurtoeslag",
        "bij de huurverhoging van 1 juli",
        "gemiddelde huurverhoging in %",
        "jaarlijks in de monitor van de prestatieafspraken",
    ),
    (
        "kwaliteit",
        "Reparaties binnen tien werkdagen",
        "kwantitatief",
        "Gewone reparaties zijn binnen tien werkdagen klaar.",
        "Mooiland",
        "90 % van de reparaties",
        "eind volgend jaar",
        "doorlooptijd van reparatieverzoeken",
        "halfjaarlijks in het bestuurlijk overleg",
    ),
    (
        "duurzaamheid",
        "Isolatie zonder huurverhoging voor de slechtste labels",
        "kwalitatief",
        "Woningen met label E, F of G worden geïsoleerd zonder huurverhoging.",
        "Mooiland, met de gemeente",
        "",
        "",
        "",
        "",
    ),
]
LAST_YEAR = [
    ("agreed", "realised", "", "Huurverhoging 2026 gelijk aan de inflatie."),
    (
        "partly",
        "partly",
        "Te weinig aannemers; de helft van de reparaties was op tijd.",
        "Reparaties binnen 15 werkdagen.",
    ),
    ("not", "not", "Niet opgenomen in de afspraken; de gemeente had geen budget.", ""),
]


def _questions(survey, theme: str) -> list:
    return [q for q in survey.ordered_questions() if str(q.theme) == theme and q.qtype != "open"][
        :2
    ]


def _position(survey, gemeente, row, board, adopt_on):
    theme, title, kind, what, who, how_much, by_when, indicator, monitoring = row
    position = operations.create_position(
        survey,
        gemeente,
        theme=theme,
        title=title,
        text=f"Huurders in {gemeente.name} vragen dit in de raadpleging van {survey.year}.",
        kind=kind,
        what=what,
        who=who,
        how_much=how_much,
        by_when=by_when,
        indicator=indicator,
        monitoring=monitoring,
        offer="Wij informeren huurders over huurtoeslag en energiebesparing.",
        negotiable=theme != "betaalbaarheid",
        actor=board,
    )
    for question in _questions(survey, theme):
        operations.add_evidence(position, question, actor=board)
    operations.step(position, "propose", actor=board)
    operations.step(
        position,
        "adopt",
        adopted_on=adopt_on,
        reference=f"BB-{survey.year}-07",
        by="het bestuur",
        actor=board,
    )
    return position


def load(seed: int, echo) -> None:
    """Adopted positions and a bod with reactions this year; outcomes and realisation last year."""
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None:
        return
    board = db.session.scalar(select(User).where(User.email == "bestuur@kmas.example"))
    last = db.session.scalar(select(Survey).where(Survey.year == survey.year - 1))
    gemeenten = sorted(survey.gemeenten, key=lambda g: g.name)[:GEMEENTEN]
    made = bods = 0
    for gemeente in gemeenten:
        positions = [
            _position(survey, gemeente, row, board, date(survey.year, 5, 12)) for row in POSITIONS
        ]
        made += len(positions)
        corporation = gemeente.corporations[0] if gemeente.corporations else None
        bod = operations.record_bod(
            gemeente,
            survey.year,
            corporation,
            received_on=date(survey.year, 6, 1),
            reaction_due=date(survey.year, 7, 1),
            actor=board,
        )
        bods += 1
        items = [
            (
                "betaalbaarheid",
                "Huurverhoging gelijk aan de inflatie plus 1 %.",
                "inflatie + 1 %",
                "disagree",
                "Wij vragen hoogstens de inflatie.",
                [positions[0]],
            ),
            (
                "kwaliteit",
                "Reparaties binnen vijftien werkdagen.",
                "15 werkdagen",
                "ask_more",
                "Huurders vragen tien werkdagen.",
                [positions[1]],
            ),
            (
                "duurzaamheid",
                "Isolatie van 40 woningen met label E–G.",
                "40 woningen",
                "agree",
                "Goed; graag zonder huurverhoging.",
                [positions[2]],
            ),
        ]
        for theme, offer, numbers, reaction, text, linked in items:
            item = operations.add_bod_item(
                bod, theme=theme, offer=offer, numbers=numbers, actor=board
            )
            operations.react_to_item(item, reaction, text, linked, actor=board)
        if last is not None:
            for row, (outcome, realisation, reason, agreement) in zip(
                POSITIONS, LAST_YEAR, strict=True
            ):
                old = _position(last, gemeente, row, board, date(last.year, 5, 10))
                operations.step(old, "bring_in", actor=board)
                operations.step(old, "outcome", outcome=outcome, agreement=agreement, actor=board)
                operations.step(
                    old, "realisation", realisation=realisation, reason=reason, actor=board
                )
    echo(
        f"demo: {made} adopted positions in {len(gemeenten)} gemeenten, {bods} bods with "
        "reactions (synthetic)"
    )

"""The demo step for positions: adopted positions, a bod with reactions, and last year's
positions with outcome and stoplight, as the paper reads them."""

from sqlalchemy import select

from analysis.positions import demo
from analysis.positions.models import Position
from analysis.positions.paper import paper_positions
from consult.extensions import db
from surveys.models import Survey, SurveyStatus
from tests.surveys.demo_data import load_small_demo


def test_demo_gives_papers_positions_a_bod_and_a_look_back(ctx):
    load_small_demo(1500)
    messages = []
    demo.load(seed=3, echo=messages.append)
    assert "adopted positions" in messages[0]
    survey = db.session.scalar(select(Survey).where(Survey.status == SurveyStatus.OPEN))
    gemeente_id = db.session.scalar(
        select(Position.gemeente_id).where(Position.survey_id == survey.id)
    )
    paper = paper_positions(survey.id, gemeente_id)
    assert len(paper["positions"]) == len(demo.POSITIONS)
    assert paper["decision"]["reference"].startswith("BB-")
    assert {b["reaction"] for b in paper["bod"]} >= {"Wij zijn het er niet mee eens"}
    assert sorted(row["light"] for row in paper["lookback"]) == ["green", "orange", "red"]
    figures = [e["figure"] for p in paper["positions"] for e in p["evidence"] if e["figure"]]
    assert figures and all("n = " in f for f in figures)

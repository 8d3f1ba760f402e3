"""The demo step for open answers: a codebook, coded answers, checked and waiting quotes."""

from analysis.coding import demo, operations, privacy
from analysis.coding.models import CodedAnswer, QuoteState
from consult.extensions import db
from tests.surveys.demo_data import load_small_demo


def test_demo_codes_open_answers_and_approves_only_clean_quotes(ctx):
    load_small_demo(1500)  # with online answers (75+: few online, so many households)
    messages = []
    demo.load(seed=3, echo=messages.append)
    assert "open answers coded" in messages[0]
    coded = db.session.query(CodedAnswer).all()
    assert len(coded) > 40 and any(c.codes for c in coded)
    survey_id = coded[0].survey_id
    assert len(operations.codebook(survey_id)) == len(demo.CODEBOOK)
    approved = [c for c in coded if c.quote == QuoteState.APPROVED]
    assert approved and all(not privacy.findings(c.quote_text) for c in approved)
    assert len({c.quote_text for c in approved}) == len(approved)  # no quote twice

"""Note codes and tiers in words, Dutch by default."""

from analysis import notes
from analysis.suppress import SuppressionRule


def test_note_codes_and_tiers_in_dutch(app):
    with app.test_request_context():
        texts = notes.note_texts("dont_know_excluded;several_answers_per_respondent;x")
        assert len(texts) == 2 and "niet meegeteld" in texts[0]
        assert "privacy" in notes.tier_text("suppressed", SuppressionRule(5, 20))
        assert "5" in notes.tier_text("suppressed", SuppressionRule(5, 20))
        assert notes.tier_text("full") == ""

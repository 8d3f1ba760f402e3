"""Every action a service records has a name in words in the audit log."""

import re
from pathlib import Path

from consult.audit.labels import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[3]
RECORDED = re.compile(r'record_event\(\s*"([a-z_]+\.[a-z_.]+)"')


def _recorded_actions() -> set[str]:
    found = set()
    for package in ("consult", "surveys", "analysis"):
        for path in (ROOT / package).rglob("*.py"):
            found |= set(RECORDED.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_action_has_a_label():
    actions = _recorded_actions()
    assert "positions.created" in actions and "coding.code_added" in actions
    assert sorted(a for a in actions if a not in ACTION_LABELS) == []


def test_every_step_of_a_position_has_a_label():
    from analysis.positions.operations import STEPS

    assert sorted(f"positions.{s}" for s in STEPS if f"positions.{s}" not in ACTION_LABELS) == []


def test_a_purge_says_how_much_it_removed_of_each_kind(app):
    from consult.audit.views import describe_detail

    with app.test_request_context():
        text = describe_detail({"addresses": 12, "expired": {"letter_files": 1, "scan_images": 2}})
    assert "12" in text and "1" in text and "2" in text
    assert "scan_images" not in text and "letter_files" not in text  # named in words

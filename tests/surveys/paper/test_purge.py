"""Letter files (names and addresses) older than PAPER_BATCH_DAYS are removed by the daily
privacy purge, also when nobody opens the paper page; the record of the batch stays."""

from datetime import timedelta

from consult.database import utcnow
from consult.extensions import db
from surveys.paper import storage
from surveys.paper.models import LetterBatch
from tests.surveys.conftest import build_survey


def _batch(survey, token: str, days_old: int) -> LetterBatch:
    batch = LetterBatch(survey=survey, gemeente=survey.gemeenten[0], file_token=token)
    db.session.add(batch)
    db.session.flush()
    batch.created_at = utcnow() - timedelta(days=days_old)
    folder = storage.batch_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for path in storage.batch_files(batch):
        path.write_bytes(b"Mevrouw A. de Vries, Dorpsstraat 1")
    return batch


def test_the_daily_purge_removes_old_letter_files_and_keeps_recent_ones(app, board):
    survey = build_survey(board)
    old = _batch(survey, "purge-old", days_old=15)
    recent = _batch(survey, "purge-recent", days_old=2)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["households", "purge-expired"])
    assert result.exit_code == 0 and "letter_files: 1" in result.output, result.output
    db.session.expire_all()
    assert not any(path.exists() for path in storage.batch_files(old))
    assert all(path.exists() for path in storage.batch_files(recent))
    assert old.files_deleted_at is not None and recent.files_deleted_at is None
    assert db.session.get(LetterBatch, old.id) is not None  # who, when, how many stays

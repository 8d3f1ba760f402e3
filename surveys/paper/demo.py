"""Demo letters: reminder letters with forms for the smallest gemeente, ready to download."""

from sqlalchemy import func, select

from consult.extensions import db
from consult.households.models import Household, MailingAddress
from consult.users.models import User
from surveys.models import Survey, SurveyStatus
from surveys.paper import storage
from surveys.paper.batch import Selection, ensure_public_address
from surveys.paper.errors import PaperError
from surveys.paper.models import BatchStatus, LetterBatch

BOARD_EMAIL = "bestuur@kmas.example"


def check() -> str | None:
    """Why the demo cannot make its letters here (production without PUBLIC_URL), or None."""
    try:
        ensure_public_address()
    except PaperError as exc:
        return str(exc)
    return None


def load(seed: int, echo) -> None:
    """Make one reminder batch through the real background writer (run here, at once)."""
    del seed  # nothing random here
    survey = db.session.scalar(
        select(Survey).where(Survey.status == SurveyStatus.OPEN).order_by(Survey.year.desc())
    )
    if survey is None or not survey.gemeenten:
        echo("demo: no open survey; no letters made")
        return
    sizes = dict(
        db.session.execute(
            select(Household.gemeente_id, func.count(Household.id))
            .join(MailingAddress, MailingAddress.household_id == Household.id)
            .group_by(Household.gemeente_id)
        ).all()
    )
    gemeente = min(survey.gemeenten, key=lambda g: (sizes.get(g.id, 0) or 10**9, g.name))
    board = db.session.scalar(select(User).where(User.email == BOARD_EMAIL))
    batch = storage.queue_letter_batch(
        Selection(survey, gemeente_id=gemeente.id, reminder=True), with_forms=True, by=board
    )
    batch_id = batch.id
    storage.write_queued_batch(batch_id)  # commits: the demo so far is stored first
    batch = db.session.get(LetterBatch, batch_id)
    if batch.status != BatchStatus.READY:
        echo(f"demo: reminder letters for {gemeente.name} could not be made: {batch.error}")
        return
    echo(
        f"demo: reminder letters with forms for {gemeente.name}: {batch.household_count} "
        f"letters, {batch.page_count} pages"
    )

"""Paper work for the task queue: letter batches too big to make while the board waits."""

from consult.tasks import task
from surveys.paper import storage


@task()
def write_letters(batch_id: int) -> None:
    """Write a queued letter batch."""
    storage.write_queued_batch(batch_id)

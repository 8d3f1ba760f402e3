"""Scan work for the task queue: reading an uploaded batch in the background."""

from consult.tasks import task
from surveys.scans import operations


@task()
def read_batch(batch_id: int) -> None:
    """Read a queued (or interrupted) scan batch."""
    operations.process_batch(batch_id)

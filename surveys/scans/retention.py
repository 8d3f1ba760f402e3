"""Removing the stored images of scanned pages after SCAN_RETENTION_DAYS (privacy).

Registered with the privacy purge of the shell (``consult.privacy``): whenever the purge
runs, the images of pages older than the retention period are deleted from disk and the page
is marked. What was read from the page (its marks and their decisions) stays, so responses
and the batch pages still show where each answer came from. A page still waiting for a
volunteer keeps its images until it is checked: without them it could not be checked.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from consult import privacy
from consult.extensions import db
from surveys.scans import storage
from surveys.scans.models import ScanPage, page_gemeenten

log = logging.getLogger(__name__)


def purge_old_images(gemeente_id: int | None, now: datetime) -> int:
    """Delete the images of pages read more than the retention period ago; returns how many."""
    before = now - timedelta(days=storage.retention_days())
    pages = db.session.scalars(
        select(ScanPage).where(
            ScanPage.created_at < before,
            ScanPage.images_removed_at.is_(None),
            ScanPage.review_open.is_(False),
            or_(ScanPage.original_path.is_not(None), ScanPage.registered_path.is_not(None)),
        )
    ).all()
    removed = 0
    for page in pages:
        if gemeente_id is not None and gemeente_id not in page_gemeenten(page):
            continue
        storage.remove_image(page.original_path)
        storage.remove_image(page.registered_path)
        page.original_path = page.registered_path = None
        page.images_removed_at = now
        removed += 1
    db.session.flush()
    log.info("scan page images removed after retention: %d", removed)
    return removed


privacy.register_purge("scan_images", purge_old_images)

"""Privacy purges that features add to the shell's own (mailing addresses after fieldwork).

The shell knows no feature, so a feature that keeps personal data for a limited time (the
images of scanned forms, for one) registers a hook here. ``run_purges`` calls every hook
with the gemeente being purged (None: all) and the time of the purge; each hook removes what
it keeps beyond its own retention period and returns how many things it removed.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from consult.database import utcnow

log = logging.getLogger(__name__)

PurgeHook = Callable[[int | None, datetime], int]
_HOOKS: dict[str, PurgeHook] = {}


def register_purge(name: str, hook: PurgeHook) -> None:
    """Add a hook, under a name that says what it removes (registering again replaces it)."""
    _HOOKS[name] = hook


def run_purges(gemeente_id: int | None = None, now: datetime | None = None) -> dict[str, int]:
    """Run every hook (the caller commits); returns how much each removed."""
    now = now or utcnow()
    removed = {name: hook(gemeente_id, now) for name, hook in sorted(_HOOKS.items())}
    log.info("privacy purge hooks run: %s", removed)
    return removed

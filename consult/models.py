"""Import point for every model, so Alembic and the shell see the whole schema."""

import analysis.coding.models  # noqa: F401  (codebooks, coded open answers, quotes)
import analysis.positions.models  # noqa: F401  (positions, evidence, bods and reactions)
import surveys.invitations.models  # noqa: F401  (invitation codes)
import surveys.keying.models  # noqa: F401  (keyed paper forms, double entry, duplicates)
import surveys.models  # noqa: F401  (the survey tables)
import surveys.paper.models  # noqa: F401  (letters, form layouts, blank forms)
import surveys.scans.models  # noqa: F401  (scanned forms, pages, marks read)
from consult.audit.models import AuditEvent
from consult.gemeenten.models import Corporation, Gemeente, Werkgebied
from consult.households.models import Household, ImportMapping, MailingAddress
from consult.users.models import User

__all__ = [
    "AuditEvent",
    "Corporation",
    "Gemeente",
    "Household",
    "ImportMapping",
    "MailingAddress",
    "User",
    "Werkgebied",
]

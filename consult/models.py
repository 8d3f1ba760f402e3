"""Import point for every model, so Alembic and the shell see the whole schema."""

import surveys.invitations.models  # noqa: F401  (invitation codes)
import surveys.models  # noqa: F401  (the survey tables)
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

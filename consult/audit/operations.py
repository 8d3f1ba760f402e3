"""Recording audit events from services, views and CLI commands."""

import logging

from flask import has_request_context, request

from consult.audit.models import AuditEvent
from consult.extensions import db

log = logging.getLogger(__name__)


def record_event(action: str, *, actor=None, target=None, **detail) -> AuditEvent:
    """Add an audit event to the session (the caller commits) and log its action."""
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        ip=request.remote_addr if has_request_context() else None,
        detail=detail,
    )
    db.session.add(event)
    log.info(
        "audit %s actor=%s target=%s:%s", action, event.actor_id, event.target_type, event.target_id
    )
    return event

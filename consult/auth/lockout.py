"""Sign-in lockout per account and client address, read from the audit log.

Five wrong passwords for one account from one address within 15 minutes refuse further
attempts for that account from that address only. An attacker elsewhere therefore cannot
lock the real user out, while guessing from one address stays as slow as before. The
failures are the `login.failure` events the audit log records anyway (with the address),
so every worker and host sees the same count without a table of its own. A successful
sign-in from that address, a new password or an administrator's unlock starts counting anew.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from consult.audit.models import AuditEvent
from consult.extensions import db

FAILURE = "login.failure"
# Events that wipe the slate for every address (an administrator acted on the account).
ACCOUNT_RESETS = ("user.unlock", "user.password_reset", "user.reactivate")


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])


def locked_addresses(now: datetime, user_id: int | None = None) -> dict[int, set[str]]:
    """Per user id, the client addresses that may not try to sign in right now."""
    actions = (FAILURE, "login.success", *ACCOUNT_RESETS)
    stmt = (
        select(AuditEvent.target_id, AuditEvent.action, AuditEvent.ip)
        .where(AuditEvent.at > now - _window(), AuditEvent.action.in_(actions))
        .where(AuditEvent.target_type == "User")
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    if user_id is not None:
        stmt = stmt.where(AuditEvent.target_id == user_id)
    failures: dict[int, dict[str | None, int]] = {}
    for target_id, action, ip in db.session.execute(stmt):
        counts = failures.setdefault(target_id, {})
        if action == FAILURE:
            counts[ip] = counts.get(ip, 0) + 1
        elif action == "login.success":
            counts.pop(ip, None)
        else:
            counts.clear()
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    locked = {
        uid: {ip or "" for ip, n in counts.items() if n >= limit}
        for uid, counts in failures.items()
    }
    return {uid: ips for uid, ips in locked.items() if ips}


def is_locked(user_id: int, address: str | None, now: datetime) -> bool:
    """Whether sign-in for this account from this address is refused at the moment."""
    return (address or "") in locked_addresses(now, user_id).get(user_id, set())

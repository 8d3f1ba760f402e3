"""Signing in with a lockout per account and address, signing out, and changing passwords."""

import logging

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from consult.audit.operations import record_event
from consult.auth.lockout import is_locked
from consult.database import utcnow
from consult.extensions import db
from consult.users.models import User

log = logging.getLogger(__name__)

# Checked when no user matches, so a wrong e-mail address costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AuthError(Exception):
    """Sign-in failed; the message never says whether the account exists."""


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail address, compared case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str, address: str | None = None) -> User:
    """Return the user for these credentials or raise AuthError.

    Failures are recorded with the client address (the audit event does that); too many from
    one address lock this account for that address only (see consult.auth.lockout).
    """
    user = find_user_by_email(email)
    now = utcnow()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        record_event("login.failure", reason="unknown")
        raise AuthError()
    if is_locked(user.id, address, now):
        check_password_hash(_DUMMY_HASH, password)
        record_event("login.refused_locked", target=user)
        raise AuthError()
    if not user.check_password(password) or not user.active:
        reason = "inactive" if user.active is False else "password"
        record_event("login.failure", target=user, reason=reason)
        db.session.flush()
        if is_locked(user.id, address, now):
            record_event("login.locked", target=user)
        raise AuthError()
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record_event("login.success", actor=user, target=user)
    return user


def sign_out(user: User) -> None:
    """End every session of this user, also copies of the cookie that are still valid."""
    user.session_version = (user.session_version or 0) + 1
    record_event("logout", actor=user, target=user)


def change_password(user: User, current: str, new: str) -> None:
    """Change a user's own password after checking the current one."""
    if not user.check_password(current):
        raise AuthError()
    user.set_password(new)
    user.must_change_password = False
    record_event("password.change", actor=user, target=user)

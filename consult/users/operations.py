"""Creating and changing staff users: role, gemeente scope, password and deactivation."""

import logging
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from consult.audit.operations import record_event
from consult.auth.forms import MIN_PASSWORD_LENGTH
from consult.extensions import db
from consult.gemeenten.models import Gemeente
from consult.permissions import Role
from consult.users.models import User

log = logging.getLogger(__name__)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 120
MAX_PASSWORD_LENGTH = 200
# Letters and digits that cannot be mistaken for each other when read aloud or typed over.
TYPEABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


class UserError(Exception):
    """A change to a user that is not allowed; the message is fit for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(raw: str | None) -> str:
    """The e-mail address in lower case without spaces around it, or UserError."""
    email = (raw or "").strip().lower()
    if not email:
        raise UserError(_("Enter an e-mail address."), "email")
    if len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email):
        raise UserError(_("Enter an e-mail address like name@example.nl."), "email")
    return email


def check_password_rules(password: str) -> None:
    """Refuse a password that is too short or too long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            _("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH),
            "password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(
            _("The password may be at most %(n)d characters long.", n=MAX_PASSWORD_LENGTH),
            "password",
        )


def generate_password() -> str:
    """A random password that is easy to type over: four groups of four, about 79 bits."""
    groups = ("".join(secrets.choice(TYPEABLE_CHARACTERS) for _i in range(4)) for _g in range(4))
    return "-".join(groups)


def list_users() -> list[User]:
    """Every user with their gemeente scope: active users first, then by name."""
    stmt = (
        select(User)
        .options(selectinload(User.gemeenten))
        .order_by(User.active.desc(), func.lower(User.name), User.id)
    )
    return list(db.session.scalars(stmt))


def create_user(
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    gemeenten: Iterable[Gemeente] = (),
    by: User | None = None,
    temporary: bool = True,
) -> User:
    """Add a user; a temporary password must be replaced at the first sign-in."""
    email = normalise_email(email)
    name = _clean_name(name)
    role = _known_role(role)
    check_password_rules(password)
    _ensure_email_free(email)
    user = User(email=email, name=name, role=role, must_change_password=temporary)
    user.set_password(password)
    user.gemeenten = _scope_for(role, gemeenten)
    with _email_must_be_free():
        db.session.add(user)
    record_event(
        "user.create",
        actor=by,
        target=user,
        role=role,
        gemeenten=[g.name for g in user.gemeenten],
    )
    log.info("user %s created with role %s", user.id, role)
    return user


def update_user(
    user: User,
    *,
    email: str,
    name: str,
    role: str,
    gemeenten: Iterable[Gemeente] = (),
    by: User | None = None,
) -> list[str]:
    """Change name, e-mail address, role and scope; returns the names of changed fields."""
    email = normalise_email(email)
    name = _clean_name(name)
    role = _known_role(role)
    if role != user.role:
        _guard_admin_change(user, by, losing_admin=user.role == Role.ADMIN)
    if email != user.email:
        _ensure_email_free(email, except_id=user.id)
    scope = _scope_for(role, gemeenten)
    detail: dict = {}
    changed = [
        field for field, new in (("name", name), ("email", email)) if getattr(user, field) != new
    ]
    if role != user.role:
        changed.append("role")
        detail["role"] = [user.role, role]
    if {g.id for g in scope} != {g.id for g in user.gemeenten}:
        changed.append("gemeenten")
        detail["gemeenten"] = [g.name for g in scope]
    if not changed:
        return []
    with _email_must_be_free():
        user.name, user.email, user.role = name, email, role
        user.gemeenten = scope
    record_event("user.update", actor=by, target=user, fields=changed, **detail)
    return changed


def deactivate_user(user: User, *, by: User | None = None) -> None:
    """Stop a user from signing in; their open sessions end at once."""
    if not user.active:
        return
    _guard_admin_change(user, by, losing_admin=user.role == Role.ADMIN, deactivating=True)
    user.active = False
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()
    record_event("user.deactivate", actor=by, target=user)


def reactivate_user(user: User, *, by: User | None = None) -> None:
    """Let a deactivated user sign in again."""
    if user.active:
        return
    user.active = True
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    record_event("user.reactivate", actor=by, target=user)


def unlock_user(user: User, *, by: User | None = None) -> None:
    """Lift the sign-in lock of this account for every address (the event resets the count)."""
    user.failed_logins = 0
    user.locked_until = None
    record_event("user.unlock", actor=by, target=user)


def reset_password(
    user: User, password: str, *, by: User | None = None, temporary: bool = True
) -> None:
    """Give a user a new password (temporary by default); ends their sessions and the lockout."""
    check_password_rules(password)
    user.set_password(password)
    user.must_change_password = temporary
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()
    record_event("user.password_reset", actor=by, target=user, temporary=temporary)


def _clean_name(raw: str | None) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise UserError(_("Enter the name of the person."), "name")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(
            _("The name may be at most %(n)d characters long.", n=MAX_NAME_LENGTH), "name"
        )
    return name


def _known_role(raw: str | None) -> str:
    try:
        return Role(raw).value
    except ValueError:
        raise UserError(_("Choose one of the roles."), "role") from None


def _scope_for(role: str, gemeenten: Iterable[Gemeente]) -> list[Gemeente]:
    """Administrators always see every gemeente, so they carry no scope."""
    if role == Role.ADMIN:
        return []
    unique = {g.id: g for g in gemeenten}
    return sorted(unique.values(), key=lambda g: g.name)


def _ensure_email_free(email: str, except_id: int | None = None) -> None:
    stmt = select(User.id).where(func.lower(User.email) == email)
    if except_id is not None:
        stmt = stmt.where(User.id != except_id)
    if db.session.scalar(stmt) is not None:
        raise UserError(_("There is already a user with this e-mail address."), "email")


@contextmanager
def _email_must_be_free() -> Iterator[None]:
    """Write in a savepoint, so a parallel insert of the same address gives a clear message."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise UserError(_("There is already a user with this e-mail address."), "email") from None


def _guard_admin_change(
    user: User, by: User | None, *, losing_admin: bool, deactivating: bool = False
) -> None:
    """Keep at least one active administrator, and stop administrators locking themselves out."""
    if by is not None and by.id == user.id:
        if deactivating:
            raise UserError(_("You cannot deactivate your own account."), "role")
        if losing_admin:
            raise UserError(_("You cannot take away your own administrator role."), "role")
    if not (losing_admin and user.active):
        return
    others = select(User.id).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id
    )
    if not db.session.scalars(others.with_for_update()).first():
        raise UserError(
            _("This is the last active administrator. Make another user administrator first."),
            "role",
        )

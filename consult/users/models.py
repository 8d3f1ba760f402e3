"""Staff users with a role and an optional gemeente scope."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from consult import scope
from consult.database import Base, UTCDateTime, utcnow
from consult.gemeenten.models import Gemeente
from consult.permissions import Permission, Role, role_allows

user_gemeente = Table(
    "user_gemeente",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("gemeente_id", ForeignKey("gemeenten.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    """A person who signs in: administrator, board member, volunteer or reader."""

    __tablename__ = "users"
    # Addresses are stored in lower case, so the unique constraint is case-insensitive.
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint(
            "role IN (" + ", ".join(f"'{role.value}'" for role in Role) + ")", name="role_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.LEZER.value)
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    session_version: Mapped[int] = mapped_column(default=0)
    must_change_password: Mapped[bool] = mapped_column(default=False)

    gemeenten: Mapped[list[Gemeente]] = relationship(
        secondary=user_gemeente, order_by="Gemeente.name"
    )

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower() if value else value

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash; sessions signed with the old password end."""
        self.password_hash = generate_password_hash(password)
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """Session identifier; changes when the password changes, ending other sessions."""
        return f"{self.id}:{self.session_version or 0}"

    def can(self, permission: Permission) -> bool:
        """Whether this user's role carries the permission."""
        return role_allows(self.role, permission)

    @property
    def scope_ids(self) -> set[int] | None:
        """Gemeente ids this user is limited to, or None for all gemeenten."""
        if self.role == Role.ADMIN or not self.gemeenten:
            return None
        return {g.id for g in self.gemeenten}

    def in_scope(self, gemeente_id: int) -> bool:
        """Whether this user may see data of the given gemeente."""
        ids = self.scope_ids
        return ids is None or gemeente_id in ids

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


scope.register(
    "user_id", User, lambda user: (g.id for g in user.gemeenten), owner=lambda user: user.id
)

"""The invitation table: one code per household per survey, stored only as a keyed hash."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import Base, UTCDateTime, utcnow
from consult.households.models import Household
from surveys.models import Survey


class Invitation(Base):
    """A household's invitation to a survey; the clear code is derived, never stored."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("survey_id", "household_id"),
        CheckConstraint("length(code_hash) = 64", name="code_hash_length"),
        CheckConstraint("length(nonce) = 32", name="nonce_length"),
        CheckConstraint("reissue_count >= 0", name="reissue_count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reissued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reissue_count: Mapped[int] = mapped_column(default=0)
    letter_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    survey: Mapped[Survey] = relationship()
    household: Mapped[Household] = relationship()

    def __repr__(self) -> str:
        return f"<Invitation {self.id} survey={self.survey_id} household={self.household_id}>"

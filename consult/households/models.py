"""The household register: one household per rental contract, addresses kept apart."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.database import Base, UTCDateTime, utcnow
from consult.gemeenten.models import Corporation, Gemeente

AGE_BANDS = ("<35", "35-54", "55-64", "65-74", "75+")
HOUSEHOLD_TYPES = ("alleenstaand", "paar", "gezin", "eenoudergezin", "overig")


def _in_list(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({quoted})"


class Household(Base):
    """A rental contract of the corporation: the unit that is invited and answers."""

    __tablename__ = "households"
    __table_args__ = (
        UniqueConstraint("corporation_id", "external_ref"),
        Index("ix_households_gemeente_kern", "gemeente_id", "kern"),
        CheckConstraint(_in_list("age_band", AGE_BANDS), name="age_band_known"),
        CheckConstraint(_in_list("household_type", HOUSEHOLD_TYPES), name="household_type_known"),
        CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1880 AND 2100", name="birth_year_plausible"
        ),
        CheckConstraint("length(external_ref) > 0", name="external_ref_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    corporation_id: Mapped[int] = mapped_column(ForeignKey("corporations.id"))
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), index=True)
    external_ref: Mapped[str] = mapped_column(String(64))
    kern: Mapped[str | None] = mapped_column(String(120))
    wijk: Mapped[str | None] = mapped_column(String(120))
    complex_code: Mapped[str | None] = mapped_column(String(40))
    birth_year: Mapped[int | None]
    age_band: Mapped[str | None] = mapped_column(String(10))
    household_type: Mapped[str | None] = mapped_column(String(20))
    synthetic: Mapped[bool] = mapped_column(default=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)

    gemeente: Mapped[Gemeente] = relationship()
    corporation: Mapped[Corporation] = relationship()
    mailing_address: Mapped["MailingAddress | None"] = relationship(
        back_populates="household", cascade="all, delete-orphan", passive_deletes=True
    )


class MailingAddress(Base):
    """Where a household's letter goes; purged after fieldwork (privacy)."""

    __tablename__ = "mailing_addresses"
    __table_args__ = (
        CheckConstraint("house_number > 0", name="house_number_positive"),
        CheckConstraint("length(postcode) = 7", name="postcode_format"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), unique=True
    )
    addressee: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    house_number: Mapped[int]
    house_number_suffix: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(7))
    city: Mapped[str] = mapped_column(String(120))

    household: Mapped[Household] = relationship(back_populates="mailing_address")

    @property
    def address_line(self) -> str:
        """Street, number and suffix as printed on an envelope."""
        suffix = f" {self.house_number_suffix}" if self.house_number_suffix else ""
        return f"{self.street} {self.house_number}{suffix}"


class ImportMapping(Base):
    """A saved column mapping for a corporation's household export."""

    __tablename__ = "import_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    corporation_id: Mapped[int | None] = mapped_column(ForeignKey("corporations.id"))
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    corporation: Mapped[Corporation | None] = relationship()


def households_in(household_id, scope_ids, *, blank_allowed: bool = False):
    """A SQL condition: the household column lies in the user's gemeenten (None: all).

    ``blank_allowed`` also lets rows without a household through (blank forms, open link).
    """
    if scope_ids is None:
        return true()
    inside = household_id.in_(
        select(Household.id).where(Household.gemeente_id.in_(sorted(scope_ids)))
    )
    return or_(household_id.is_(None), inside) if blank_allowed else inside

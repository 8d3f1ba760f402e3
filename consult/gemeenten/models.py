"""Gemeenten (municipalities) and housing corporations, linked many-to-many."""

from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Enum, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import scope
from consult.database import Base


class Werkgebied(StrEnum):
    """How a gemeente falls in the corporation's work area."""

    KERN = "kern"
    AAN = "aan"
    OVERIG = "overig"


corporation_gemeente = Table(
    "corporation_gemeente",
    Base.metadata,
    Column("corporation_id", ForeignKey("corporations.id", ondelete="CASCADE"), primary_key=True),
    Column("gemeente_id", ForeignKey("gemeenten.id", ondelete="CASCADE"), primary_key=True),
)


class Gemeente(Base):
    """A municipality where the koepel's tenants live."""

    __tablename__ = "gemeenten"
    __table_args__ = (
        CheckConstraint(
            "length(cbs_code) = 6 AND substr(cbs_code, 1, 2) = 'GM'", name="cbs_code_format"
        ),
        CheckConstraint("rental_homes IS NULL OR rental_homes >= 0", name="rental_homes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    cbs_code: Mapped[str] = mapped_column(String(6), unique=True)
    werkgebied: Mapped[Werkgebied] = mapped_column(
        Enum(
            Werkgebied, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]
        ),
        default=Werkgebied.KERN,
    )
    huurdersorganisatie: Mapped[str | None] = mapped_column(String(200))
    rental_homes: Mapped[int | None]
    former_names: Mapped[str | None] = mapped_column(Text)

    corporations: Mapped[list["Corporation"]] = relationship(
        secondary=corporation_gemeente, back_populates="gemeenten", order_by="Corporation.name"
    )

    @property
    def has_local_ho(self) -> bool:
        """Whether a local huurdersorganisatie represents the tenants here."""
        return bool(self.huurdersorganisatie)

    @property
    def former_name_list(self) -> list[str]:
        """Earlier names (e.g. before a merger) that imports still recognise."""
        return [n.strip() for n in (self.former_names or "").split(";") if n.strip()]

    def __repr__(self) -> str:
        return f"<Gemeente {self.cbs_code} {self.name}>"


class Corporation(Base):
    """A woningcorporatie that lets homes in one or more gemeenten."""

    __tablename__ = "corporations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    gemeenten: Mapped[list[Gemeente]] = relationship(
        secondary=corporation_gemeente, back_populates="corporations", order_by="Gemeente.name"
    )

    def __repr__(self) -> str:
        return f"<Corporation {self.name}>"


def werkgebied_label(value: str | Werkgebied | None) -> str:
    """The work area as shown to users."""
    from flask_babel import gettext as _

    labels = {
        Werkgebied.KERN: _("core area"),
        Werkgebied.AAN: _("AAN area"),
        Werkgebied.OVERIG: _("other area"),
    }
    try:
        return labels[Werkgebied(value)]
    except ValueError:
        return ""


scope.register("gemeente_id", Gemeente, lambda gemeente: (gemeente.id,))
scope.register(
    "corporation_id",
    Corporation,
    lambda corporation: (g.id for g in corporation.gemeenten),
    shared=True,
)

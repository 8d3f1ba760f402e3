"""Household register services: saved column mappings, purging addresses, overviews."""

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from consult import privacy
from consult.audit.operations import record_event
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente
from consult.households.importer import check_mapping
from consult.households.mapping import clean_mapping, mapping_fits
from consult.households.models import (
    AGE_BANDS,
    HOUSEHOLD_TYPES,
    Household,
    ImportMapping,
    MailingAddress,
)
from consult.households.report import HouseholdImportError, MappingError

log = logging.getLogger(__name__)


def corporation_for_import(corporation_id: int, new_name: str | None, actor=None) -> Corporation:
    """The chosen corporation, or the one with the typed name (created when it is new)."""
    name = " ".join((new_name or "").split())
    if not name:
        corporation = db.session.get(Corporation, corporation_id)
        if corporation is None:
            raise HouseholdImportError(_l("Choose the housing corporation."))
        return corporation
    corporation = db.session.scalar(
        select(Corporation).where(func.lower(Corporation.name) == name.lower())
    )
    if corporation is None:
        corporation = Corporation(name=name[:120])
        db.session.add(corporation)
        db.session.flush()
        record_event("corporation.created", actor=actor, target=corporation, name=corporation.name)
    return corporation


def save_import_mapping(
    name: str, columns: dict[str, str], corporation: Corporation | None, actor=None
) -> ImportMapping:
    """Save a column mapping under a name (replacing one with the same name) for next time."""
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise HouseholdImportError(_l("Give the mapping a name of at most 120 characters."))
    mapping = db.session.scalar(select(ImportMapping).where(ImportMapping.name == name))
    if mapping is None:
        mapping = ImportMapping(name=name)
        db.session.add(mapping)
    mapping.columns = clean_mapping(columns)
    mapping.corporation = corporation
    db.session.flush()
    record_event("households.mapping_saved", actor=actor, target=mapping, name=name)
    return mapping


def find_import_mapping(name: str) -> ImportMapping | None:
    """A saved mapping by its name (case-insensitive)."""
    return db.session.scalar(
        select(ImportMapping).where(func.lower(ImportMapping.name) == name.strip().lower())
    )


def saved_mappings() -> list[ImportMapping]:
    """Every saved mapping, by name."""
    return list(db.session.scalars(select(ImportMapping).order_by(ImportMapping.name)))


def best_mapping(headers: list[str], corporation_id: int | None) -> ImportMapping | None:
    """The saved mapping that is complete for this file; the corporation's own and fullest first."""
    best, best_score = None, (0, False)
    for mapping in saved_mappings():
        fits = mapping_fits(mapping.columns, headers)
        if not fits or not _complete(mapping.columns, headers):
            continue
        score = (mapping.corporation_id == corporation_id, fits)
        if score > best_score:
            best, best_score = mapping, score
    return best


def _complete(columns: dict[str, str], headers: list[str]) -> bool:
    try:
        check_mapping(clean_mapping(columns), headers)
    except MappingError:
        return False
    return True


def count_addresses(gemeente_id: int | None = None) -> int:
    """Mailing addresses stored, in one gemeente or in all."""
    stmt = select(func.count(MailingAddress.id))
    if gemeente_id is not None:
        stmt = stmt.join(Household).where(Household.gemeente_id == gemeente_id)
    return db.session.scalar(stmt) or 0


def purge_addresses(gemeente: Gemeente | None = None, actor=None, source: str = "web") -> int:
    """Delete the mailing addresses (of one gemeente, or all); the households stay.

    The purges that features registered (``consult.privacy``) run along: each removes what
    it keeps beyond its retention period.
    """
    stmt = delete(MailingAddress)
    if gemeente is not None:
        in_gemeente = select(Household.id).where(Household.gemeente_id == gemeente.id)
        stmt = stmt.where(MailingAddress.household_id.in_(in_gemeente))
    count = db.session.execute(stmt.execution_options(synchronize_session=False)).rowcount or 0
    expired = privacy.run_purges(gemeente.id if gemeente else None)
    record_event(
        "households.addresses_purged",
        actor=actor,
        target=gemeente,
        gemeente=gemeente.name if gemeente else None,
        addresses=count,
        expired=expired,
        source=source,
    )
    log.info("mailing addresses purged: %d", count)
    return count


def register_overview(scope_ids: set[int] | None) -> list[dict]:
    """Per gemeente in scope: active and inactive households, addresses, last import."""
    stmt = (
        select(
            Gemeente,
            func.count(Household.id).filter(Household.active.is_(True)),
            func.count(Household.id).filter(Household.active.is_(False)),
            func.count(MailingAddress.id),
            func.max(Household.imported_at),
        )
        .outerjoin(Household, Household.gemeente_id == Gemeente.id)
        .outerjoin(MailingAddress, MailingAddress.household_id == Household.id)
        .group_by(Gemeente.id)
        .order_by(Gemeente.name)
    )
    if scope_ids is not None:
        stmt = stmt.where(Gemeente.id.in_(scope_ids))
    return [
        {"gemeente": g, "active": a, "inactive": i, "addresses": n, "imported_at": at}
        for g, a, i, n, at in db.session.execute(stmt)
    ]


def _counts(column, gemeente_id: int) -> list[tuple[str | None, int]]:
    stmt = (
        select(column, func.count(Household.id))
        .where(Household.gemeente_id == gemeente_id, Household.active.is_(True))
        .group_by(column)
    )
    return list(db.session.execute(stmt))


def _in_order(counts: list[tuple[str | None, int]], order: tuple[str, ...]) -> list[tuple]:
    by_value = dict(counts)
    rows = [(value, by_value.get(value, 0)) for value in order]
    return rows + [(None, by_value[None])] if by_value.get(None) else rows


def _name_order(row: tuple) -> tuple:
    return (row[0] is None, (row[0] or "").casefold())


def gemeente_breakdown(gemeente_id: int) -> dict:
    """Active households of one gemeente per kern (and wijk), age band and household type."""
    kern_stmt = (
        select(
            Household.kern,
            func.count(Household.id),
            func.count(MailingAddress.id),
        )
        .outerjoin(MailingAddress)
        .where(Household.gemeente_id == gemeente_id, Household.active.is_(True))
        .group_by(Household.kern)
    )
    kernen = sorted(db.session.execute(kern_stmt), key=_name_order)
    wijken = sorted(_counts(Household.wijk, gemeente_id), key=_name_order)
    return {
        "kernen": kernen,
        "total": sum(row[1] for row in kernen),
        "age_bands": _in_order(_counts(Household.age_band, gemeente_id), AGE_BANDS),
        "household_types": _in_order(
            _counts(Household.household_type, gemeente_id), HOUSEHOLD_TYPES
        ),
        "wijken": wijken if any(name for name, _n in wijken) else [],
        "inactive": db.session.scalar(
            select(func.count(Household.id)).where(
                Household.gemeente_id == gemeente_id, Household.active.is_(False)
            )
        ),
    }

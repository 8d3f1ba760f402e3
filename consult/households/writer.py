"""Writing checked household records: upsert in batches, addresses, links, moved-out households.

Everything runs in the caller's transaction with SQLAlchemy core statements (flush, never
commit); records come from the spool the first pass of the import filled.
"""

import marshal
import tempfile

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from consult.extensions import db
from consult.gemeenten.models import Corporation, corporation_gemeente
from consult.households.checker import Address, Record, RowChecker
from consult.households.models import Household, MailingAddress
from consult.households.report import HouseholdImportError, ImportReport

BATCH_SIZE = 2000
_HOUSEHOLDS = Household.__table__
_ADDRESSES = MailingAddress.__table__


class Spool:
    """Checked records kept in a temporary file between the passes, a batch at a time."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # closed in __exit__
        self.pending: list[tuple] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.file.close()

    def add(self, record: Record) -> None:
        """Keep one checked record."""
        address = tuple(record.address) if record.address else None
        self.pending.append((*record[:-1], address))
        if len(self.pending) >= BATCH_SIZE:
            self._dump()

    def _dump(self) -> None:
        data = marshal.dumps(self.pending)
        self.file.write(len(data).to_bytes(8, "big") + data)
        self.pending = []

    def batches(self):
        """The kept records again, BATCH_SIZE at a time."""
        if self.pending:
            self._dump()
        self.file.seek(0)
        while size := int.from_bytes(self.file.read(8), "big"):
            rows = marshal.loads(self.file.read(size))  # noqa: S302  (our own temporary file)
            yield [Record(*r[:-1], Address(*r[-1]) if r[-1] else None) for r in rows]


def existing_refs(corporation_id: int) -> dict[str, int]:
    """Reference → id of the corporation's households before this import, in one query.

    One query up front (rather than one per batch) keeps PostgreSQL on its statistics of the
    committed table instead of planning scans of a table that grows during the import.
    """
    stmt = select(_HOUSEHOLDS.c.external_ref, _HOUSEHOLDS.c.id).where(
        _HOUSEHOLDS.c.corporation_id == corporation_id
    )
    return dict(db.session.execute(stmt.execution_options(yield_per=5000)).all())


def _reserve_ids(count: int) -> list[int] | None:
    """On PostgreSQL, ids from the households sequence; elsewhere None (RETURNING is used).

    Inserting rows with their ids is several times faster there than INSERT ... RETURNING.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    sql = text(
        "SELECT nextval(pg_get_serial_sequence('households', 'id')) FROM generate_series(1, :n)"
    )
    return list(db.session.scalars(sql, {"n": count}))


def write_records(spool: Spool, corporation, now, report) -> None:
    """Second pass: upsert the checked households and their addresses in batches."""
    existing = existing_refs(corporation.id)
    try:
        for batch in spool.batches():
            _write_batch(batch, existing, corporation.id, now, report)
        db.session.flush()
    except IntegrityError as exc:
        raise HouseholdImportError(
            _l(
                "Someone else changed the register at the same moment. Nothing was imported; "
                "try again in a minute."
            )
        ) from exc


def _write_batch(batch: list[Record], existing: dict, corporation_id: int, now, report) -> None:
    new = [r for r in batch if r.external_ref not in existing]
    old = [r for r in batch if r.external_ref in existing]
    ids = _insert_households(new, corporation_id, now) if new else []
    if old:
        rows = [
            {"b_id": existing[r.external_ref], **_household_values(r, corporation_id, now)}
            for r in old
        ]
        db.session.execute(update(_HOUSEHOLDS).where(_HOUSEHOLDS.c.id == bindparam("b_id")), rows)
    report.created += len(new)
    report.updated += len(old)
    if batch[0].address is None:
        return
    old_ids = [existing[r.external_ref] for r in old]
    if old_ids:
        db.session.execute(delete(_ADDRESSES).where(_ADDRESSES.c.household_id.in_(old_ids)))
    pairs = list(zip(ids, new, strict=True)) + list(zip(old_ids, old, strict=True))
    fields = Address._fields
    db.session.execute(
        insert(_ADDRESSES),
        [{"household_id": hid, **dict(zip(fields, r.address, strict=True))} for hid, r in pairs],
    )
    report.addresses += len(pairs)


def _insert_households(records: list[Record], corporation_id: int, now) -> list[int]:
    """Insert new households; returns their ids in the order of the records."""
    rows = [_household_values(r, corporation_id, now) for r in records]
    ids = _reserve_ids(len(rows))
    if ids is not None:
        for row, household_id in zip(rows, ids, strict=True):
            row["id"] = household_id
        db.session.execute(insert(_HOUSEHOLDS), rows)
        return ids
    # RETURNING the reference too, so the database need not keep the order of the rows
    stmt = insert(_HOUSEHOLDS).returning(_HOUSEHOLDS.c.external_ref, _HOUSEHOLDS.c.id)
    created = dict(db.session.execute(stmt, rows).all())
    return [created[r.external_ref] for r in records]


def _household_values(record: Record, corporation_id: int, now) -> dict:
    return {
        "corporation_id": corporation_id,
        "gemeente_id": record.gemeente_id,
        "external_ref": record.external_ref,
        "kern": record.kern,
        "wijk": record.wijk,
        "complex_code": record.complex_code,
        "birth_year": record.birth_year,
        "age_band": record.age_band,
        "household_type": record.household_type,
        "synthetic": False,
        "imported_at": now,
        "active": True,
    }


def _gemeente_ids(checker: RowChecker, report: ImportReport) -> set[int]:
    by_name = {name: gid for gid, name in checker.lookup.names.items()}
    return {by_name[name] for name in report.per_gemeente}


def deactivate_missing(corporation_id, checker, report, now) -> int:
    """Households of this corporation in the file's gemeenten that the file no longer has."""
    stmt = (
        update(_HOUSEHOLDS)
        .where(
            _HOUSEHOLDS.c.corporation_id == corporation_id,
            _HOUSEHOLDS.c.gemeente_id.in_(_gemeente_ids(checker, report)),
            _HOUSEHOLDS.c.imported_at < now,
            _HOUSEHOLDS.c.active.is_(True),
        )
        .values(active=False)
    )
    return db.session.execute(stmt).rowcount or 0


def link_gemeenten(corporation: Corporation, checker, report) -> list[str]:
    """Link the corporation to the gemeenten where the file shows it has homes."""
    linked = set(
        db.session.scalars(
            select(corporation_gemeente.c.gemeente_id).where(
                corporation_gemeente.c.corporation_id == corporation.id
            )
        )
    )
    missing = sorted(_gemeente_ids(checker, report) - linked)
    if missing:
        db.session.execute(
            insert(corporation_gemeente),
            [{"corporation_id": corporation.id, "gemeente_id": gid} for gid in missing],
        )
        db.session.expire(corporation, ["gemeenten"])
    return sorted(checker.lookup.names[gid] for gid in missing)

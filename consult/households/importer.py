"""Importing a corporation's household file: check every row first, then write in batches.

The first pass reads the whole file, collects every problem and keeps the checked records in
a temporary file; only when no row is rejected does the second pass read those records back
and upsert the households (by corporation and contract) with SQLAlchemy core statements in
batches, inside the caller's transaction (flush, never commit). Memory stays bounded: rows
are streamed, and only each row's reference is kept to find duplicates.
"""

import logging
import marshal
import tempfile
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente, corporation_gemeente
from consult.households.checker import Address, Record, RowChecker
from consult.households.mapping import ADDRESS_FIELDS, FIELD_KEYS, LABELS_BY_KEY
from consult.households.models import Household, MailingAddress
from consult.households.normalise import GemeenteLookup
from consult.households.reader import Table, open_table
from consult.households.report import HouseholdImportError, ImportReport, MappingError

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
_MASK64 = (1 << 64) - 1
_HOUSEHOLDS = Household.__table__
_ADDRESSES = MailingAddress.__table__


def check_mapping(mapping: dict[str, str], headers: list[str]) -> None:
    """Raise MappingError when the chosen columns are missing, repeated or not enough."""
    problems: dict[str, object] = {}
    present = set(headers)
    seen: dict[str, str] = {}
    for key, header in mapping.items():
        if key not in FIELD_KEYS:
            continue
        if header not in present:
            problems[key] = _l("Column '%(column)s' is not in this file.", column=header)
        elif header in seen:
            problems[key] = _l(
                "Column '%(column)s' is already chosen for %(field)s.",
                column=header,
                field=LABELS_BY_KEY[seen[header]],
            )
        seen.setdefault(header, key)
    if "gemeente" not in mapping and "cbs_code" not in mapping:
        problems["gemeente"] = _l("Choose the column with the gemeente (name or CBS code).")
    if "contract" not in mapping and not ("postcode" in mapping and "house_number" in mapping):
        problems["contract"] = _l(
            "Choose the column with the contract number, or the columns with postcode "
            "and house number."
        )
    if any(k in mapping for k in ("street", "city", "addressee")):
        for key in ADDRESS_FIELDS:
            if key not in mapping:
                problems.setdefault(key, _l("Choose this column too, to store mailing addresses."))
    if problems:
        raise MappingError(problems)


def gemeente_lookup() -> GemeenteLookup:
    """Every gemeente by name, earlier names and CBS code."""
    rows = db.session.execute(
        select(Gemeente.id, Gemeente.name, Gemeente.cbs_code, Gemeente.former_names)
    ).all()
    return GemeenteLookup(
        (gid, name, code, [n.strip() for n in (former or "").split(";") if n.strip()])
        for gid, name, code, former in rows
    )


def import_households(
    path: str | Path,
    *,
    corporation: Corporation,
    mapping: dict[str, str],
    actor=None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    source: str = "web",
) -> ImportReport:
    """Check a household file and, when every row is good, upsert it into the register."""
    table = open_table(path)
    check_mapping(mapping, table.headers)
    now = utcnow()
    checker = RowChecker(mapping, gemeente_lookup(), now.year)
    report = ImportReport(
        corporation=corporation.name,
        file_kind=table.kind,
        encoding=table.encoding,
        delimiter=table.delimiter,
        dry_run=dry_run,
        stores_addresses=checker.stores_addresses,
    )
    with _Spool() as spool:
        seen = _check_file(table, checker, report, spool)
        _finish(report, spool, seen, corporation, checker, actor, now, source, deactivate_missing)
    return report


def _finish(report, spool, seen, corporation, checker, actor, now, source, deactivate) -> None:
    """After the first pass: refuse, count (dry run) or write, and audit."""
    if report.rows == 0:
        raise HouseholdImportError(
            _l("The file has column names but no households below them. Nothing was imported.")
        )
    _count_per_gemeente(report, checker)
    if not report.ok:
        if not report.dry_run:
            record_event(
                "households.import_rejected",
                actor=actor,
                target=corporation,
                **report.audit_detail(source),
            )
        log.info("household import rejected: %d of %d rows", report.error_count, report.rows)
        return
    if report.dry_run:
        existing = _existing_refs(corporation.id)
        report.updated = sum(1 for ref in seen if ref in existing)
        report.created = len(seen) - report.updated
        return
    _write_records(spool, corporation, now, report)
    if deactivate:
        report.deactivated = _deactivate_missing(corporation.id, checker, report, now)
    report.new_links = _link_gemeenten(corporation, checker, report)
    record_event(
        "households.import", actor=actor, target=corporation, **report.audit_detail(source)
    )
    log.info("household import: %d new, %d updated", report.created, report.updated)


class _Spool:
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


def _check_file(table: Table, checker: RowChecker, report: ImportReport, spool: _Spool):
    """First pass: check every row, find duplicates, spool good records; returns refs seen."""
    # reference → line number and a 64-bit fingerprint of the record, packed in one int
    seen: dict[str, int] = {}
    per_gemeente = report.per_gemeente
    for line_no, row in table.rows():
        report.rows += 1
        record = checker.check(line_no, row, report)
        if record is None:
            continue
        fingerprint = hash(record) & _MASK64
        earlier = seen.get(record.external_ref)
        if earlier is None:
            seen[record.external_ref] = line_no << 64 | fingerprint
            per_gemeente[record.gemeente_id] += 1
            if report.ok and not report.dry_run:
                spool.add(record)
        elif earlier & _MASK64 == fingerprint:
            report.add_duplicate(line_no, earlier >> 64)
        else:
            report.add_error(
                line_no,
                _l(
                    "Contract or address %(ref)s is also on line %(other)d, with different data.",
                    ref=record.external_ref,
                    other=earlier >> 64,
                ),
            )
    report.blank_rows = table.blank_rows
    return seen


def _count_per_gemeente(report: ImportReport, checker: RowChecker) -> None:
    names = checker.lookup.names
    counts = {names[gid]: n for gid, n in report.per_gemeente.items()}
    report.per_gemeente.clear()
    report.per_gemeente.update(counts)


def _existing_refs(corporation_id: int) -> dict[str, int]:
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


def _write_records(spool: _Spool, corporation, now, report) -> None:
    """Second pass: upsert the checked households and their addresses in batches."""
    existing = _existing_refs(corporation.id)
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


def _deactivate_missing(corporation_id, checker, report, now) -> int:
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


def _link_gemeenten(corporation: Corporation, checker, report) -> list[str]:
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

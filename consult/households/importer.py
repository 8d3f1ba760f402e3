"""Importing a corporation's household file: check every row first, then write in batches.

The first pass reads the whole file and collects every problem; only when no row is rejected
does the second pass read it again and upsert the households (by corporation and contract)
with SQLAlchemy core statements in batches, inside the caller's transaction (flush, never
commit). Memory stays bounded: rows are streamed, and only each row's reference is kept to
find duplicates.
"""

import logging
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente, corporation_gemeente
from consult.households.checker import Record, RowChecker
from consult.households.mapping import ADDRESS_FIELDS, FIELD_KEYS, LABELS_BY_KEY
from consult.households.models import Household, MailingAddress
from consult.households.normalise import GemeenteLookup
from consult.households.reader import Table, open_table
from consult.households.report import HouseholdImportError, ImportReport, MappingError

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
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
    seen, skip = _check_file(table, checker, report)
    if report.rows == 0:
        raise HouseholdImportError(
            _l("The file has column names but no households below them. Nothing was imported.")
        )
    _count_per_gemeente(report, checker)
    if not report.ok:
        if not dry_run:
            record_event(
                "households.import_rejected",
                actor=actor,
                target=corporation,
                **report.audit_detail(source),
            )
        log.info("household import rejected: %d of %d rows", report.error_count, report.rows)
        return report
    if dry_run:
        existing = _count_existing(corporation.id, list(seen))
        report.updated, report.created = existing, len(seen) - existing
        return report
    _write_file(table, checker, skip, corporation, now, report)
    if deactivate_missing:
        report.deactivated = _deactivate_missing(corporation.id, checker, report, now)
    report.new_links = _link_gemeenten(corporation, checker, report)
    record_event(
        "households.import", actor=actor, target=corporation, **report.audit_detail(source)
    )
    log.info("household import: %d new, %d updated", report.created, report.updated)
    return report


def _check_file(table: Table, checker: RowChecker, report: ImportReport):
    """First pass: every row checked, duplicates found; returns (refs seen, lines to skip)."""
    seen: dict[str, tuple[int, int]] = {}
    skip: set[int] = set()
    per_gemeente = report.per_gemeente
    for line_no, row in table.rows():
        report.rows += 1
        checker.note_formulas(line_no, row, report)
        record = checker.check(line_no, row, report)
        if record is None:
            continue
        fingerprint = hash(record)
        earlier = seen.get(record.external_ref)
        if earlier is None:
            seen[record.external_ref] = (line_no, fingerprint)
            per_gemeente[record.gemeente_id] += 1
        elif earlier[1] == fingerprint:
            report.add_duplicate(line_no, earlier[0])
            skip.add(line_no)
        else:
            report.add_error(
                line_no,
                _l(
                    "Contract or address %(ref)s is also on line %(other)d, with different data.",
                    ref=record.external_ref,
                    other=earlier[0],
                ),
            )
    report.blank_rows = table.blank_rows
    return seen, skip


def _count_per_gemeente(report: ImportReport, checker: RowChecker) -> None:
    names = checker.lookup.names
    counts = {names[gid]: n for gid, n in report.per_gemeente.items()}
    report.per_gemeente.clear()
    report.per_gemeente.update(counts)


def _count_existing(corporation_id: int, refs: list[str]) -> int:
    total = 0
    for start in range(0, len(refs), BATCH_SIZE):
        chunk = refs[start : start + BATCH_SIZE]
        total += len(_existing_ids(corporation_id, chunk))
    return total


def _existing_ids(corporation_id: int, refs: list[str]) -> dict[str, int]:
    stmt = select(_HOUSEHOLDS.c.external_ref, _HOUSEHOLDS.c.id).where(
        _HOUSEHOLDS.c.corporation_id == corporation_id, _HOUSEHOLDS.c.external_ref.in_(refs)
    )
    return dict(db.session.execute(stmt).all())


def _write_file(table, checker, skip, corporation, now, report) -> None:
    """Second pass: upsert the households and their addresses in batches."""
    batch: list[Record] = []
    scratch = ImportReport(corporation=report.corporation)  # notices were counted in pass one
    try:
        for line_no, row in table.rows():
            if line_no in skip:
                continue
            record = checker.check(line_no, row, scratch)
            if record is None:  # the file changed between the passes
                raise HouseholdImportError(_l("The file changed during the import. Try again."))
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                _write_batch(batch, corporation.id, now, report)
                batch = []
        if batch:
            _write_batch(batch, corporation.id, now, report)
        db.session.flush()
    except IntegrityError as exc:
        raise HouseholdImportError(
            _l(
                "Someone else changed the register at the same moment. Nothing was imported; "
                "try again in a minute."
            )
        ) from exc


def _write_batch(batch: list[Record], corporation_id: int, now, report: ImportReport) -> None:
    existing = _existing_ids(corporation_id, [r.external_ref for r in batch])
    new = [r for r in batch if r.external_ref not in existing]
    old = [r for r in batch if r.external_ref in existing]
    ids: list[int] = []
    if new:
        rows = [_household_values(r, corporation_id, now) for r in new]
        stmt = insert(_HOUSEHOLDS).returning(_HOUSEHOLDS.c.id, sort_by_parameter_order=True)
        ids = list(db.session.execute(stmt, rows).scalars())
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
    db.session.execute(
        insert(_ADDRESSES), [{"household_id": hid, **r.address._asdict()} for hid, r in pairs]
    )
    report.addresses += len(pairs)


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

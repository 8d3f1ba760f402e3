"""Importing a corporation's household file: check every row first, then write in batches.

The first pass reads the whole file, collects every problem and keeps the checked records in
a temporary file; only when no row is rejected does the second pass read those records back
and upsert the households (by corporation and contract) with SQLAlchemy core statements in
batches, inside the caller's transaction (flush, never commit). Memory stays bounded: rows
are streamed, and only each row's reference is kept to find duplicates.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from consult.audit.operations import record_event
from consult.database import utcnow
from consult.extensions import db
from consult.gemeenten.models import Corporation, Gemeente
from consult.households.checker import RowChecker
from consult.households.mapping import ADDRESS_FIELDS, FIELD_KEYS, LABELS_BY_KEY
from consult.households.normalise import GemeenteLookup
from consult.households.reader import Table, open_table
from consult.households.report import HouseholdImportError, ImportReport, MappingError
from consult.households.writer import (
    Spool,
    deactivate_missing,
    existing_refs,
    link_gemeenten,
    write_records,
)

log = logging.getLogger(__name__)

_MASK64 = (1 << 64) - 1


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
                problems.setdefault(
                    key,
                    _l(
                        "No column is chosen for %(field)s. Street, house number, postcode and "
                        "place of residence are all needed to store mailing addresses; or set "
                        "every address column to '(do not use)'.",
                        field=LABELS_BY_KEY[key],
                    ),
                )
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
    run = _Run(corporation, checker, report, actor, source, now)
    with Spool() as spool:
        seen = _check_file(table, checker, report, spool)
        _finish(run, spool, seen, deactivate_missing)
    return report


@dataclass
class _Run:
    """What the steps after the first pass need to know."""

    corporation: Corporation
    checker: RowChecker
    report: ImportReport
    actor: object
    source: str
    now: datetime


def _finish(run: _Run, spool: Spool, seen: dict[str, int], deactivate: bool) -> None:
    """After the first pass: refuse, count (dry run) or write, and audit."""
    report, corporation = run.report, run.corporation
    if report.rows == 0:
        raise HouseholdImportError(
            _l("The file has column names but no households below them. Nothing was imported.")
        )
    _count_per_gemeente(report, run.checker)
    detail = report.audit_detail(run.source)
    if not report.ok:
        if not report.dry_run:
            record_event(
                "households.import_rejected", actor=run.actor, target=corporation, **detail
            )
        log.info("household import rejected: %d of %d rows", report.error_count, report.rows)
        return
    if report.dry_run:
        existing = existing_refs(corporation.id)
        report.updated = sum(1 for ref in seen if ref in existing)
        report.created = len(seen) - report.updated
        return
    write_records(spool, corporation, run.now, report)
    if deactivate:
        report.deactivated = deactivate_missing(corporation.id, run.checker, report, run.now)
    report.new_links = link_gemeenten(corporation, run.checker, report)
    detail = report.audit_detail(run.source)
    record_event("households.import", actor=run.actor, target=corporation, **detail)
    log.info("household import: %d new, %d updated", report.created, report.updated)


def _check_file(table: Table, checker: RowChecker, report: ImportReport, spool: Spool):
    """First pass: check every row, find duplicates, spool good records; returns refs seen."""
    # reference → line number and a 64-bit fingerprint of the record, packed in one int
    seen: dict[str, int] = {}
    per_gemeente = report.per_gemeente
    for line_no, row in table.rows():
        report.rows += 1
        misread = table.misread(row)
        if misread:
            report.add_error(line_no, misread)
            continue
        report.add_text_examples(line_no, row)
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

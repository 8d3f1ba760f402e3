"""What an import found and did: counts, rejected lines with reasons, notices."""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

MAX_REPORTED = 100  # rejected lines shown; the total is always counted
MAX_EXAMPLES = 10
MAX_TEXT_EXAMPLES = 8


def add_text_examples(found: list, seen: set, line_no: int, row: dict, limit: int) -> None:
    """Add the row's values with letters outside A-Z to ``found`` until it holds ``limit``.

    Shown before an import is final, so a wrong guess of the encoding is seen at once.
    """
    for column, value in row.items():
        if len(found) >= limit:
            return
        if not value.isascii() and value not in seen:
            seen.add(value)
            found.append((line_no, column, value[:80]))


class HouseholdImportError(Exception):
    """The import cannot start or finish; the message is fit for the user."""


class MappingError(HouseholdImportError):
    """The chosen columns are not enough or not in the file; problems per register field."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(str(p) for p in problems.values()))
        self.problems = problems


def file_description(kind: str, encoding: str | None, delimiter: str | None) -> str:
    """How a file was read: 'XLSX', or 'CSV, Windows-1252, semicolon'."""
    if kind != "csv":
        return kind.upper()
    names = {";": _l("semicolon"), ",": _l("comma"), "\t": _l("tab"), "|": _l("vertical bar")}
    encodings = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16"}
    return ", ".join(
        ["CSV", encodings.get(encoding or "", "Windows-1252"), str(names.get(delimiter or ";"))]
    )


@dataclass
class FilePreview:
    """How a CSV file was read, before the import: values with accents, unreadable lines."""

    examples: list[tuple[int, str, str]] = field(default_factory=list)
    misread_lines: list[int] = field(default_factory=list)
    misread_count: int = 0


def file_preview(table) -> FilePreview | None:
    """Read a CSV table once for its preview; None for a workbook (it has no encoding)."""
    if table.kind != "csv":
        return None
    preview = FilePreview()
    seen: set[str] = set()
    for line_no, row in table.rows():
        if table.misread(row):
            preview.misread_count += 1
            if len(preview.misread_lines) < MAX_REPORTED:
                preview.misread_lines.append(line_no)
        elif len(preview.examples) < MAX_TEXT_EXAMPLES:
            add_text_examples(preview.examples, seen, line_no, row, MAX_TEXT_EXAMPLES)
    return preview


class RejectedLine(NamedTuple):
    """A line of the file that cannot be used, with every reason."""

    line: int
    problems: list

    @property
    def text(self) -> str:
        """The reasons as one sentence each, in the current language."""
        return " ".join(str(p) for p in self.problems)


@dataclass
class ImportReport:
    """The outcome of checking (and, when clean, storing) one household file."""

    corporation: str
    file_kind: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    dry_run: bool = False
    stores_addresses: bool = False
    rows: int = 0
    blank_rows: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    addresses: int = 0
    error_count: int = 0  # rejected lines
    errors: list[RejectedLine] = field(default_factory=list)
    duplicate_count: int = 0
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    formula_count: int = 0
    formulas: list[tuple[int, str, str]] = field(default_factory=list)
    unknown_household_types: Counter = field(default_factory=Counter)
    text_examples: list[tuple[int, str, str]] = field(default_factory=list)
    _text_seen: set[str] = field(default_factory=set, repr=False)
    per_gemeente: Counter = field(default_factory=Counter)
    new_links: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every row could be used (only then is anything stored)."""
        return self.error_count == 0

    @property
    def stored(self) -> bool:
        """Whether households were written to the register."""
        return self.ok and not self.dry_run

    def add_error(self, line_no: int, *problems) -> None:
        """Count a rejected line; keep the first MAX_REPORTED with their reasons."""
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(RejectedLine(line_no, list(problems)))

    def add_duplicate(self, line_no: int, earlier: int) -> None:
        """Count a row that repeats an earlier row exactly (it is skipped)."""
        self.duplicate_count += 1
        if len(self.duplicates) < MAX_REPORTED:
            self.duplicates.append((line_no, earlier))

    def add_formula(self, line_no: int, column: str, value: str) -> None:
        """Count a cell that looks like a spreadsheet formula (kept as plain text)."""
        self.formula_count += 1
        if len(self.formulas) < MAX_EXAMPLES:
            self.formulas.append((line_no, column, value[:80]))

    def add_text_examples(self, line_no: int, row: dict[str, str]) -> None:
        """Keep the first values with letters outside A-Z, to show how the file was read."""
        if len(self.text_examples) < MAX_TEXT_EXAMPLES:
            add_text_examples(self.text_examples, self._text_seen, line_no, row, MAX_TEXT_EXAMPLES)

    def file_description(self) -> str:
        """'XLSX', or 'CSV, Windows-1252, semicolon' for the report header."""
        return file_description(self.file_kind, self.encoding, self.delimiter)

    def audit_detail(self, source: str) -> dict:
        """Counts for the audit log: never addresses, names or cell values."""
        return {
            "source": source,
            "corporation": self.corporation,
            "file_kind": self.file_kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "deactivated": self.deactivated,
            "addresses": self.addresses,
            "duplicates_skipped": self.duplicate_count,
            "errors": self.error_count,
            "formula_cells": self.formula_count,
            "unknown_household_types": sum(self.unknown_household_types.values()),
            "per_gemeente": dict(sorted(self.per_gemeente.items())),
            "new_links": self.new_links,
        }

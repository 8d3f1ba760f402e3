"""The gemeenten as CSV in the same format the import reads, so a file can round-trip."""

import io

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.gemeenten.importing import COLUMNS
from consult.gemeenten.models import Gemeente
from consult.spreadsheet import csv_writer


def gemeenten_csv() -> str:
    """Every gemeente, semicolon separated, with a BOM so Excel reads the accents right.

    Text that a spreadsheet would run as a formula gets a quote in front.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    stmt = select(Gemeente).options(selectinload(Gemeente.corporations)).order_by(Gemeente.name)
    for gemeente in db.session.scalars(stmt):
        writer.writerow(
            [
                gemeente.name,
                gemeente.cbs_code,
                gemeente.werkgebied.value,
                gemeente.huurdersorganisatie or "",
                "" if gemeente.rental_homes is None else gemeente.rental_homes,
                _joined(c.name for c in gemeente.corporations),
                _joined(gemeente.former_name_list),
            ]
        )
    return out.getvalue()


def _joined(names) -> str:
    """Names separated by commas, or by '|' when a name itself holds a comma."""
    names = list(names)
    return (" | " if any("," in n for n in names) else ", ").join(names)

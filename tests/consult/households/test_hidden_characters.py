"""Household files with invisible control characters: a clear message, nothing stored."""

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.households.models import Household
from consult.households.reader import ReaderError
from tests.consult.households.conftest import household_row, write_csv
from tests.consult.households.test_importer import run_import


def test_nul_in_a_household_file_gets_a_message(nl, gemeenten, corporation_id, tmp_path):
    rows = [household_row(1), household_row(2, Woonkern="Hee\x00sch")]
    with pytest.raises(ReaderError, match="geen tekstbestand"):
        run_import(write_csv(tmp_path / "h.csv", rows), corporation_id)
    assert db.session.scalar(select(func.count(Household.id))) == 0


@pytest.mark.parametrize("change", [{"Woonkern": "Hee\x7fsch"}, {"Tenaamstelling": "Dhr.\x1bJ"}])
def test_control_character_in_a_household_file_names_the_line(
    nl, gemeenten, corporation_id, tmp_path, change
):
    rows = [household_row(1), household_row(2, **change)]
    report = run_import(write_csv(tmp_path / "h.csv", rows), corporation_id)
    assert not report.ok and [line for line, _m in report.errors] == [3]
    assert db.session.scalar(select(func.count(Household.id))) == 0

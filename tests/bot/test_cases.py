"""Every rule case table of one insats in tests/cases/ (OpenFisca style: situation in, result out;
the format is in tests/cases/README.md, read and checked by harness.cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue import load
from harness.cases import Case, read_table, wrong

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
TABLES = [read_table(path) for path in sorted(CASES_DIR.glob("*.yml"))]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=f"{table.name}[{index}] {case.situation}")
        for table in TABLES
        for index, case in enumerate(table.cases)
    ],
)
def test_case(case: Case) -> None:
    assert not (found := wrong(case)), found


def test_every_matchable_insats_has_a_case_table() -> None:
    tables = {table.name for table in TABLES}
    missing = [insats.id for insats in load().matchable if insats.id not in tables]
    assert not missing, f"insatser without a case table: {missing}"


def test_case_tables_name_real_insatser() -> None:
    ids = {insats.id for insats in load().insatser}
    for table in TABLES:
        assert table.insats == table.name and table.insats in ids, table.name

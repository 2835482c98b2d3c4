"""Run every rule case table in tests/cases/ (OpenFisca style: situation in, result out)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue import load
from bot.engine import assess

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(table["cases"]):
            params.append(pytest.param(table["insats"], case, id=f"{path.stem}[{index}] {case['situation']}"))
    return params


@pytest.mark.parametrize(("insats_id", "case"), _cases())
def test_case(insats_id: str, case: dict[str, Any]) -> None:
    assessment = assess(case["facts"])
    assert not assessment.problems, assessment.problems
    result = assessment.result_for(insats_id)
    assert result.status.value == case["result"], result.as_dict()
    if "missing" in case:
        assert sorted(result.missing) == sorted(case["missing"]), result.as_dict()
    if "confirm" in case:
        assert len(result.confirm) == case["confirm"], result.as_dict()


def test_every_matchable_insats_has_a_case_table() -> None:
    tables = {path.stem for path in CASES_DIR.glob("*.yml")}
    missing = [insats.id for insats in load().matchable if insats.id not in tables]
    assert not missing, f"insatser without a case table: {missing}"


def test_case_tables_name_real_insatser() -> None:
    ids = {insats.id for insats in load().insatser}
    for path in CASES_DIR.glob("*.yml"):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert table["insats"] == path.stem and table["insats"] in ids, path.name

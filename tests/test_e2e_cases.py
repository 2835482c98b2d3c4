"""End-to-end engine cases (tests/data/e2e_cases.yml): a situation's facts in, eligible insatser out.

Written from the seeds across teens, relatives, parents, older people, adults in trouble and
people outside Stockholms stad. `make bench` reports the same cases as a rate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalogue import load
from bot.engine import Status, assess

CASES_FILE = Path(__file__).parent / "data" / "e2e_cases.yml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def test_there_are_at_least_60_cases_across_every_group() -> None:
    assert len(CASES) >= 60
    assert {case["group"] for case in CASES} >= {
        "tonåring", "anhörig", "förälder", "äldre", "vuxen", "utanför Stockholm"
    }


def test_cases_name_real_matchable_insatser() -> None:
    ids = {insats.id for insats in load().matchable}
    for case in CASES:
        named = set(case.get("expect_eligible", [])) | set(case.get("expect_not", []))
        assert named, case["situation"]
        assert named <= ids, (case["situation"], sorted(named - ids))


@pytest.mark.parametrize("case", CASES, ids=[case["situation"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    assessment = assess(case["facts"])
    assert not assessment.problems, assessment.problems
    eligible = {result.insats.id for result in assessment.with_status(Status.ELIGIBLE)}
    missing = sorted(set(case.get("expect_eligible", [])) - eligible)
    wrongly = sorted(set(case.get("expect_not", [])) & eligible)
    details = {i: assessment.result_for(i).as_dict() for i in missing + wrongly}
    assert not missing and not wrongly, f"should be eligible: {missing}; should not: {wrongly}; {details}"

"""End-to-end engine cases (tests/data/e2e_cases.yml): a situation's facts in, the insatser that must
and must not come out eligible.

Written from the seeds across teens, relatives, parents, older people, adults in trouble and
people outside Stockholms stad. The format is every case table's (tests/cases/README.md, read and
checked by harness.cases); `make bench` reports the same cases as a rate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.catalogue import load
from harness.cases import Case, read_table, wrong

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "e2e_cases.yml"
CASES = read_table(CASES_FILE).cases


def test_there_are_at_least_60_cases_across_every_group() -> None:
    assert len(CASES) >= 60
    assert {case.group for case in CASES} >= {"tonåring", "anhörig", "förälder", "äldre", "vuxen", "utanför Stockholm"}


def test_cases_name_real_matchable_insatser() -> None:
    ids = {insats.id for insats in load().matchable}
    for case in CASES:
        named = set(case.results)
        assert named, case.situation
        assert named <= ids, (case.situation, sorted(named - ids))


@pytest.mark.parametrize("case", CASES, ids=[case.situation for case in CASES])
def test_case(case: Case) -> None:
    assert not (found := wrong(case)), found

"""Rule case tables: a situation's facts in, the result for each insats out (OpenFisca style).

One format (tests/cases/README.md) for the tables of one insats each (tests/cases/<id>.yml) and
the end-to-end situations across insatser (tests/data/e2e_cases.yml). The tests
(tests/bot/test_cases.py, test_e2e_cases.py) and `make bench` (bench/quality.py) read them here
and check them the same way: `wrong(case)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.engine import Status, assess

STATUSES = tuple(status.value for status in Status)
_TABLE_KEYS = frozenset({"insats", "cases"})
_CASE_KEYS = frozenset({"situation", "group", "facts", "result", "missing", "confirm"})


class CaseTableError(ValueError):
    """A table that does not follow the format; the message says where."""


@dataclass(frozen=True)
class Case:
    """One row of a table: a situation, its facts and the statuses each insats named may get."""

    situation: str
    facts: Mapping[str, Any]
    results: Mapping[str, tuple[str, ...]]  # insats id -> the statuses accepted (any one of them)
    group: str | None = None
    missing: tuple[str, ...] | None = None  # exactly these facts missing (a table of one insats)
    confirm: int | None = None  # this many conditions left to confirm (a table of one insats)


@dataclass(frozen=True)
class Table:
    """One file: its name (without .yml), the insats a table of one insats is about, its cases."""

    name: str
    insats: str | None
    cases: tuple[Case, ...]


def _statuses(value: Any, where: str) -> tuple[str, ...]:
    """A status or a list of statuses (any one of them), each one of the engine's."""
    statuses = tuple(value) if isinstance(value, list) else (value,)
    if not statuses or any(status not in STATUSES for status in statuses):
        raise CaseTableError(f"{where}: a result is one of {', '.join(STATUSES)} or a list of them, not {value!r}")
    return statuses


def parse_case(raw: Any, insats: str | None = None, where: str = "case") -> Case:
    """One case as written; `insats` is the table's, which a bare `result` is about."""
    if not isinstance(raw, Mapping) or not _CASE_KEYS >= set(raw) >= {"situation", "facts", "result"}:
        allowed = ", ".join(sorted(_CASE_KEYS))
        raise CaseTableError(f"{where}: a case has situation, facts and result, and no key but {allowed}")
    where = f"{where} ({raw['situation']})"
    if not isinstance(raw["facts"], Mapping):
        raise CaseTableError(f"{where}: facts are a mapping of fact names to values")
    result = raw["result"]
    if isinstance(result, Mapping):
        results = {str(key): _statuses(value, where) for key, value in result.items()}
    elif insats is not None:
        results = {insats: _statuses(result, where)}
    else:
        raise CaseTableError(f"{where}: a table without `insats` names the insatser in each result")
    if ("missing" in raw or "confirm" in raw) and (insats is None or list(results) != [insats]):
        raise CaseTableError(f"{where}: missing and confirm are about the table's insats and need a bare result")
    missing = raw.get("missing")
    return Case(
        situation=str(raw["situation"]),
        facts=raw["facts"],
        results=results,
        group=raw.get("group"),
        missing=None if missing is None else tuple(missing),
        confirm=raw.get("confirm"),
    )


def read_table(path: Path) -> Table:
    """A case table file, checked against the format."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, Mapping) or "cases" not in raw or not _TABLE_KEYS >= set(raw):
        raise CaseTableError(f"{path.name}: a case table has `cases` (and `insats` when it is about one insats)")
    insats = raw.get("insats")
    cases = tuple(
        parse_case(case, insats, f"{path.name}, case {index}") for index, case in enumerate(raw["cases"] or [])
    )
    return Table(path.stem, insats, cases)


def wrong(case: Case) -> dict[str, str]:
    """What the engine gets wrong in this case, per insats id (empty when the case holds); facts the
    engine rejects are reported under ""."""
    assessment = assess(case.facts)
    if assessment.problems:
        return {"": f"facts rejected: {dict(assessment.problems)}"}
    found = {}
    for insats_id, accepted in case.results.items():
        try:
            result = assessment.result_for(insats_id)
        except KeyError:
            found[insats_id] = "not a matchable insats"
            continue
        if result.status.value not in accepted:
            found[insats_id] = f"{result.status.value}, expected {' or '.join(accepted)}: {result.as_dict()}"
        elif case.missing is not None and sorted(result.missing) != sorted(case.missing):
            found[insats_id] = f"missing {sorted(result.missing)}, expected {sorted(case.missing)}: {result.as_dict()}"
        elif case.confirm is not None and len(result.confirm) != case.confirm:
            found[insats_id] = f"{len(result.confirm)} to confirm, expected {case.confirm}: {result.as_dict()}"
    return found

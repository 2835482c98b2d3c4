"""`python -m bot`: city staff check rules without the chat."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_match_prints_swedish_results_with_where_to_turn() -> None:
    out = run_cli("match", "--facts", '{"age": 14, "kommun": "Stockholm", "stadsdel": "Hökarängen"}')
    assert out.returncode == 0, out.stderr
    assert "Kan få" in out.stdout and "Stödsamtal för barn från 12 år" in out.stdout
    assert "Farsta stadsdelsförvaltning" in out.stdout


def test_match_json() -> None:
    out = run_cli("match", "--json", "--facts", '{"age": 11, "kommun": "Stockholm"}')
    payload = json.loads(out.stdout)
    by_id = {result["id"]: result for result in payload["results"]}
    assert by_id["stodsamtal-barn-12"]["status"] == "not_eligible"
    assert by_id["stodsamtal-barn-12"]["reasons"]
    assert payload["facts"]["bor_i_stockholm"] is True


def test_match_with_bad_facts_explains_instead_of_crashing() -> None:
    out = run_cli("match", "--facts", '{"age": "abc", "kommun": "Atlantis"}')
    assert out.returncode == 0 and "age" in out.stdout
    bad = run_cli("match", "--facts", "{not json")
    assert bad.returncode == 2 and "JSON" in bad.stderr


def test_catalogue_lists_every_insats_with_rules() -> None:
    out = run_cli("catalogue")
    assert out.returncode == 0
    assert "Humlan" in out.stdout and "Villkor:" in out.stdout and "Källa: 003_a244ec672395ad01.txt" in out.stdout

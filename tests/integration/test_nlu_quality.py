"""NLU quality on the held-out test set (tests/nlu/test_nlu.yml, never trained on).

`make test` runs `rasa test nlu` first; this reads its report. Figures go to docs/benchmarks.md
through `make bench`; here only the floor is enforced.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[2] / "results"
pytestmark = pytest.mark.model


# test_nlu.yml was written apart from the training data; test_nlu_blind.yml was also written
# without seeing the extractor, and is never used to tune anything.
@pytest.mark.parametrize("folder", ["nlu", "nlu_blind"])
def test_intent_macro_f1_is_at_least_090(folder: str) -> None:
    report_path = RESULTS / folder / "intent_report.json"
    if not report_path.exists():
        pytest.fail(f"{report_path} is missing: run `make test-model` (it runs rasa test nlu first)")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    macro = report["macro avg"]["f1-score"]
    worst = sorted(
        (v["f1-score"], k)
        for k, v in report.items()
        if isinstance(v, dict) and "support" in v and k not in ("macro avg", "weighted avg", "micro avg")
    )[:5]
    assert macro >= 0.90, f"intent macro F1 {macro:.3f} < 0.90; weakest: {worst}"

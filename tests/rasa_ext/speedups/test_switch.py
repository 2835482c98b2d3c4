"""The switch: STODGUIDEN_SPEEDUPS=0 leaves Rasa unpatched, and config.stock.yml is config.yml with
Rasa's own components and the same settings (`make test-stock` runs the bot on it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import rasa.__main__
import rasa.core.processor
import yaml
from rasa.core.actions.action import RemoteAction
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.core.events import Event
from sklearn.linear_model import LogisticRegression

from rasa_ext import speedups
from rasa_ext.speedups import server
from rasa_ext.speedups.intent import NgramIntentClassifier

ROOT = Path(__file__).resolve().parents[3]  # the repository


@pytest.mark.parametrize(
    ("value", "on"),
    [(None, True), ("1", True), ("", True), ("0", False), ("false", False), (" OFF ", False), ("no", False)],
)
def test_the_switch_is_on_unless_stodguiden_speedups_says_0(value: str | None, on: bool) -> None:
    assert speedups.enabled({} if value is None else {speedups.SWITCH: value}) is on


@pytest.mark.parametrize("value", ["1", "0"])
def test_the_server_patches_rasa_only_with_the_speedups_on(
    value: str, rasas_own: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = []
    monkeypatch.setattr(rasa.__main__, "main", lambda: started.append(sys.argv[:]))
    monkeypatch.setattr(sys, "argv", ["rasa_ext/speedups/server.py", "run", "--port", "5105"])
    monkeypatch.setenv(speedups.SWITCH, value)
    assert RemoteAction._validate_action_result is server._RASA_CHECK  # Rasa's own to begin with
    server.main()
    assert started == [["rasa", "run", "--port", "5105"]]  # Rasa's CLI, every argument passed on
    patched = (
        RemoteAction._validate_action_result is server.validate_action_result,
        Event.resolve_by_type is server.resolve_by_type,
        rasa.core.processor.DaskGraphRunner is not DaskGraphRunner,
    )
    assert patched == ((value == "1"),) * 3


STOCK_PIPELINE = ["WhitespaceTokenizer", "CountVectorsFeaturizer", "CountVectorsFeaturizer",
                  "LogisticRegressionClassifier", "FallbackClassifier", "rasa_ext.nlu.StodguidenTolkare"]  # fmt: skip


def test_the_stock_config_is_config_yml_with_rasas_own_components_and_the_same_settings() -> None:
    ours, stock = (yaml.safe_load((ROOT / f).read_text(encoding="utf-8")) for f in ("config.yml", "config.stock.yml"))
    assert {k: v for k, v in ours.items() if k not in ("pipeline", "policies")} == {
        k: v for k, v in stock.items() if k not in ("pipeline", "policies")
    }
    assert [entry["name"] for entry in stock["pipeline"]] == STOCK_PIPELINE
    # What is not a speed-up is the same, entry for entry.
    assert [e for e in ours["pipeline"] if not e["name"].startswith("rasa_ext.speedups.")] == [
        e for e in stock["pipeline"] if e["name"] not in STOCK_PIPELINE[1:4]
    ]
    [ngram] = [e for e in ours["pipeline"] if e["name"] == "rasa_ext.speedups.intent.NgramIntentClassifier"]
    ngram = {**NgramIntentClassifier.get_default_config(), **ngram}
    words, characters, regression = (
        {**component.get_default_config(), **entry}
        for component, entry in zip(
            (CountVectorsFeaturizer, CountVectorsFeaturizer, LogisticRegressionClassifier), stock["pipeline"][1:4],
            strict=True,
        )
    )
    assert (words["analyzer"], words["min_ngram"], words["max_ngram"]) == ("word", 1, ngram["max_word_ngram"])
    assert (characters["analyzer"], characters["min_ngram"], characters["max_ngram"]) == (
        "char_wb", ngram["min_char_ngram"], ngram["max_char_ngram"],
    )  # fmt: skip
    assert words["lowercase"] and characters["lowercase"]
    # Rasa's classifier: lbfgs, class_weight balanced, C left at scikit-learn's 1.0, random_state 42.
    assert (regression["solver"], regression["max_iter"], regression["random_state"]) == (
        "lbfgs", ngram["max_iter"], 42,
    )  # fmt: skip
    assert ngram["C"] == LogisticRegression().C and regression["ranking_length"] == ngram["ranking_length"]
    [policy] = ours["policies"]
    [rule_policy] = stock["policies"]
    names = (policy.pop("name"), rule_policy.pop("name"))
    assert names == ("rasa_ext.speedups.policy.IntentActionPolicy", "RulePolicy")
    assert policy == rule_policy

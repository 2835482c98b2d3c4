"""The measured speed-ups (rasa_ext/speedups/) must not change behaviour (bench/choices.md).

- rasa_ext.speedups.intent.NgramIntentClassifier: trained and loaded through Rasa's own model storage,
  it gives the probabilities of scikit-learn's LogisticRegression on the same counts, stores no
  pickle, and ranks intents the way the FallbackClassifier expects.
- rasa_ext.speedups.server: action responses Rasa accepts are accepted, those it rejects are rejected
  with Rasa's own error; stored events come back as the classes Rasa's own lookup gives; the
  model's graph, run by rasa_ext.speedups.runner without dask, parses and predicts as with dask.
- the switch: STODGUIDEN_SPEEDUPS=0 leaves Rasa unpatched; config.stock.yml is config.yml with
  Rasa's own components and the same settings (`make test-stock` runs the bot on it).
(rasa_ext.speedups.policy against RulePolicy: tests/test_policy.py; docs/rasa-upgrade.md.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rasa.__main__
import rasa.core.processor
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from rasa_ext import speedups
from rasa_ext.speedups import server
from rasa_ext.speedups.intent import NgramIntentClassifier, classifier_text

EXAMPLES = {
    "greet": ["hej", "hallå", "tjena", "god morgon", "hej hej", "tja"],
    "ask_support": ["vilket stöd kan jag få", "finns det hjälp för mig", "vad kan jag få för stöd",
                    "finns det nåt stöd", "kan ni hjälpa mig", "vilken hjälp finns"],
    "inform": ["jag är 14", "jag bor i farsta", "jag är 73 år", "bor i solna", "ja e 16", "jag är 15 år"],
}  # fmt: skip


def tokenized(text: str, intent: str | None = None) -> Message:
    message = Message({TEXT: text, **({INTENT: intent} if intent else {})})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    return message


@pytest.fixture
def trained(tmp_path: Path) -> tuple[NgramIntentClassifier, LocalModelStorage, Resource, ExecutionContext]:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("intent")
    context = ExecutionContext(GraphSchema({}), node_name="intent")
    classifier = NgramIntentClassifier.create({}, storage, resource, context)
    data = TrainingData([tokenized(text, intent) for intent, texts in EXAMPLES.items() for text in texts])
    classifier.train(data)
    return classifier, storage, resource, context


def test_numbers_are_one_word_as_in_rasas_count_vectors() -> None:
    assert classifier_text(tokenized("Jag är 14, bor i Farsta!")) == "Jag är __NUMBER__ bor i Farsta"
    assert classifier_text(Message({TEXT: "ja e 73"})) == "ja e __NUMBER__"  # no tokens: the text


def test_probabilities_are_scikit_learns(trained: tuple) -> None:
    classifier, *_ = trained
    texts = [classifier_text(tokenized(t)) for t in ("hej där", "jag är 12", "vad finns det för stöd", "")]
    reference = LogisticRegression(max_iter=200, solver="lbfgs", class_weight="balanced", random_state=42)
    training = [classifier_text(tokenized(t)) for texts in EXAMPLES.values() for t in texts]
    reference.fit(classifier.features(training), [i for i, texts in EXAMPLES.items() for _ in texts])
    assert list(reference.classes_) == classifier.classes
    expected = reference.predict_proba(classifier.features(texts))
    assert np.allclose(classifier.probabilities(texts), expected, atol=1e-9)


def test_loaded_from_storage_it_predicts_the_same_and_stores_no_pickle(trained: tuple) -> None:
    classifier, storage, resource, context = trained
    loaded = NgramIntentClassifier.load({}, storage, resource, context)
    texts = ["hej", "jag är 15 och bor i Bagarmossen", "vilket stöd finns för mig?", "🙂", "x" * 3000]
    assert np.allclose(loaded.probabilities(texts), classifier.probabilities(texts))
    with storage.read_from(resource) as folder:
        assert sorted(path.name for path in Path(folder).iterdir()) == ["intercepts.npy", "model.json", "weights.npy"]


def test_process_sets_the_intent_and_a_ranking_for_the_fallback(trained: tuple) -> None:
    classifier, *_ = trained
    messages = [tokenized("hej hej"), tokenized("jag är 14 år"), tokenized("finns det stöd för mig")]
    classifier.process(messages)
    assert [m.get(INTENT)["name"] for m in messages] == ["greet", "inform", "ask_support"]
    for message in messages:
        ranking = message.get(INTENT_RANKING_KEY)
        assert ranking[0] == message.get(INTENT) and len(ranking) == 3
        assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
        assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_two_intents_give_scikit_learns_binary_probabilities(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("intent")
    classifier = NgramIntentClassifier.create({}, storage, resource, ExecutionContext(GraphSchema({}), "intent"))
    two = {name: EXAMPLES[name] for name in ("greet", "inform")}
    classifier.train(TrainingData([tokenized(t, i) for i, texts in two.items() for t in texts]))
    texts = [classifier_text(tokenized(t)) for t in ("hej", "jag är 40", "hmm")]
    reference = LogisticRegression(max_iter=200, solver="lbfgs", class_weight="balanced", random_state=42)
    training = [classifier_text(tokenized(t)) for texts in two.values() for t in texts]
    reference.fit(classifier.features(training), [i for i, texts in two.items() for _ in texts])
    assert np.allclose(classifier.probabilities(texts), reference.predict_proba(classifier.features(texts)))


def test_an_untrained_classifier_leaves_messages_alone(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("intent")
    context = ExecutionContext(GraphSchema({}), "intent")
    classifier = NgramIntentClassifier.load({}, storage, resource, context)
    message = tokenized("hej")
    classifier.process([message])
    assert message.get(INTENT) is None and message.get(INTENT_RANKING_KEY) is None


VALID_RESPONSES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 14}], "responses": [{"text": "Hej"}]},
    {"events": [{"event": "restart"}, {"event": "followup", "name": "action_listen"}]},
]
INVALID_RESPONSES = [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},  # a slot event needs a name
    {"responses": "text"},
]


@pytest.fixture
def rasas_own() -> object:
    """Rasa as it is; whatever a test patches is put back afterwards."""
    original, resolve = RemoteAction._validate_action_result, Event.__dict__["resolve_by_type"]
    yield
    RemoteAction._validate_action_result = original  # type: ignore[method-assign]
    Event.resolve_by_type = resolve  # type: ignore[method-assign]
    rasa.core.processor.DaskGraphRunner = DaskGraphRunner  # type: ignore[misc]


@pytest.fixture
def fast_validation(rasas_own: object) -> object:
    server.install()
    yield


def rasas_schema_check(response: object) -> bool:
    schema = RemoteAction.action_response_format_spec()
    return validators.validator_for(schema)(schema).is_valid(response)


EVENT_NAMES = sorted(server.event_classes()) + ["no_such_event", ""]
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
EVENT = st.one_of(
    st.fixed_dictionaries(
        {"event": st.one_of(st.sampled_from(EVENT_NAMES), ANY_VALUE)},
        optional={
            "name": st.one_of(st.text(max_size=8), ANY_VALUE),
            "value": ANY_VALUE,
            "timestamp": ANY_VALUE,
            "metadata": ANY_VALUE,
            "text": ANY_VALUE,
            "parse_data": ANY_VALUE,
            "policy": ANY_VALUE,
            "confidence": ANY_VALUE,
            "hide_rule_turn": ANY_VALUE,
            "entities": ANY_VALUE,
        },
    ),
    ANY_VALUE,
)
RESPONSE = st.one_of(
    st.fixed_dictionaries({}, optional={"events": st.one_of(st.lists(EVENT, max_size=4), ANY_VALUE),
                                        "responses": st.one_of(st.lists(ANY_VALUE, max_size=2), ANY_VALUE)}),
    ANY_VALUE,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(RESPONSE)
def test_the_event_by_event_check_gives_the_schemas_verdict(response: object) -> None:
    assert server.response_check()(response) is rasas_schema_check(response)


def test_the_event_by_event_check_is_used_and_sees_every_branch() -> None:
    schema = RemoteAction.action_response_format_spec()
    assert server._event_dispatch(schema) is not None  # Rasa's schema still has the expected shape
    for name in server.event_classes():
        response = {"events": [{"event": name, "timestamp": None}]}
        assert server.response_check()(response) is rasas_schema_check(response)


@pytest.mark.parametrize("name", [*sorted(server.event_classes()), "topic"])
def test_event_classes_are_the_ones_rasa_resolves(name: str, fast_validation: object) -> None:
    assert Event.resolve_by_type(name) is server._RASA_RESOLVE(name)


def test_unknown_event_names_go_to_rasas_own_lookup(fast_validation: object) -> None:
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    stored = [{"event": "user", "text": "hej", "parse_data": {}}, {"event": "slot", "name": "age", "value": 14}]
    assert [type(Event.from_parameters(event)) for event in stored] == [UserUttered, SlotSet]


@pytest.mark.parametrize("response", VALID_RESPONSES)
def test_valid_responses_pass_as_with_rasa(response: dict, fast_validation: object) -> None:
    action = RemoteAction("action_samla_fakta", None)
    assert server._RASA_CHECK(action, response) is True
    assert action._validate_action_result(response) is True


@pytest.mark.parametrize("response", INVALID_RESPONSES)
def test_invalid_responses_fail_with_rasas_error(response: dict, fast_validation: object) -> None:
    action = RemoteAction("action_samla_fakta", None)
    with pytest.raises(ValidationError) as rasa_error:
        server._RASA_CHECK(action, response)
    with pytest.raises(ValidationError) as our_error:
        action._validate_action_result(response)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_install_is_idempotent(fast_validation: object) -> None:
    server.install()
    assert RemoteAction._validate_action_result is server.validate_action_result
    assert Event.resolve_by_type is server.resolve_by_type
    assert server.response_check() is server.response_check()  # built once


def test_importing_changes_nothing() -> None:
    check = (
        "from rasa.core.actions.action import RemoteAction as R; from rasa.shared.core.events import Event as E; "
        "before, resolve = R._validate_action_result, E.resolve_by_type; import rasa_ext.speedups.server; "
        "assert R._validate_action_result is before and E.resolve_by_type is resolve"
    )
    subprocess.run([sys.executable, "-c", check], check=True, timeout=120, cwd=Path(__file__).resolve().parents[1])


# STODGUIDEN_MODEL may name another trained model with the speed-ups (config.yml).
MODEL = Path(os.environ.get("STODGUIDEN_MODEL") or Path(__file__).resolve().parents[1] / "models" / "stodguiden.tar.gz")
CONVERSATION = ["hej", "vilket stöd kan jag få?", "ja e 15", "bor i farsta", "mina föräldrar har skilt sig",
                "/inform{\"age\": 14}", "varför?", "jag vill dö", "börja om", "🙂", "<b>x</b>", ""]  # fmt: skip


@pytest.mark.model
def test_the_ordered_runner_parses_and_predicts_as_dask_does(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from rasa.core.agent import Agent
    from rasa.shared.core.events import ActionExecuted
    from rasa.shared.core.trackers import DialogueStateTracker

    from rasa_ext.speedups.runner import OrderedGraphRunner

    with_dask = Agent.load(str(MODEL))
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", OrderedGraphRunner)
    ordered = Agent.load(str(MODEL))
    assert type(ordered.processor.graph_runner) is OrderedGraphRunner  # the server's loader picks it up
    assert type(with_dask.processor.graph_runner) is not OrderedGraphRunner

    events: list = [ActionExecuted("action_listen")]
    for text in CONVERSATION:
        parsed = asyncio.run(ordered.parse_message(text))
        assert parsed == asyncio.run(with_dask.parse_message(text)), text
        events += [UserUttered(text, parsed["intent"], parsed["entities"], parsed), ActionExecuted("action_listen")]
        tracker = DialogueStateTracker.from_events("test", events[:-1], slots=ordered.domain.slots)
        ours = ordered.processor._predict_next_with_tracker(tracker)
        theirs = with_dask.processor._predict_next_with_tracker(tracker)
        assert (ours.policy_name, ours.probabilities) == (theirs.policy_name, theirs.probabilities), text
    assert ordered.processor.graph_runner._plan.cache_info().currsize == 2  # parse and predict, planned once each


def test_installing_makes_the_server_load_models_with_the_ordered_runner(fast_validation: object) -> None:
    from rasa_ext.speedups.runner import OrderedGraphRunner

    assert rasa.core.processor.DaskGraphRunner is OrderedGraphRunner


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


ROOT = Path(__file__).resolve().parents[1]
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

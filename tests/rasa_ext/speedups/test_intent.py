"""rasa_ext.speedups.intent.NgramIntentClassifier: trained and loaded through Rasa's own model storage,
it gives the probabilities of scikit-learn's LogisticRegression on the same counts, stores no pickle,
and ranks intents the way the FallbackClassifier expects (bench/choices.md, docs/rasa-upgrade.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

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

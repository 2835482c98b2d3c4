"""Stödguiden's intent classifier: word and character n-gram counts and a logistic regression.

The same model as Rasa's `CountVectorsFeaturizer` (words) + `CountVectorsFeaturizer` (char_wb
2-5) + `LogisticRegressionClassifier`, in one graph component. Why not Rasa's three: measured
with `make bench` (docs/benchmarks.md, "Choices"), they spent most of the NLU time building
per-token sparse matrices that a sentence classifier never uses and stacking them per message,
and Rasa's classifier loads through skops, whose import alone took ~10 s of the start-up.

Here scikit-learn counts the n-grams of the whole message and numpy scores them. The model is
stored as data, not pickled: the vocabularies and classes as JSON, the weights as .npy files
read with allow_pickle=False.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

# Words of one letter count ("e", "å", "ja"): teens write "ja e 14".
WORD_PATTERN = r"(?u)\b\w+\b"
# As in Rasa's CountVectorsFeaturizer: every number is the same word, so "jag är 14" and
# "jag är 73" look alike to the classifier (the age itself is read by rasa_ext.nlu).
NUMBER = re.compile(r"\b[0-9]+\b")


def classifier_text(message: Message) -> str:
    """What the classifier reads: the tokenizer's tokens joined by spaces, numbers as __NUMBER__."""
    tokens = message.get(TOKENS_NAMES[TEXT])
    text = " ".join(token.text for token in tokens) if tokens else str(message.get(TEXT) or "")
    return NUMBER.sub("__NUMBER__", text)


def vectorizers(config: dict[str, Any], vocabularies: list[dict[str, int]] | None = None) -> list[CountVectorizer]:
    """The word and character n-gram counters, with fixed vocabularies when given (a trained model)."""
    words = CountVectorizer(
        analyzer="word",
        token_pattern=WORD_PATTERN,
        ngram_range=(1, config["max_word_ngram"]),
        lowercase=True,
        vocabulary=vocabularies[0] if vocabularies else None,
        dtype=np.float64,
    )
    characters = CountVectorizer(
        analyzer="char_wb",
        ngram_range=(config["min_char_ngram"], config["max_char_ngram"]),
        lowercase=True,
        vocabulary=vocabularies[1] if vocabularies else None,
        dtype=np.float64,
    )
    return [words, characters]


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax: the probabilities of a multinomial logistic regression."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NgramIntentClassifier(IntentClassifier, GraphComponent):
    """Word + char_wb n-gram counts and a multinomial logistic regression, stored as data."""

    @classmethod
    def required_components(cls) -> list[type]:
        """A tokenizer first: the classifier reads its tokens."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The settings of the model measured in docs/benchmarks.md."""
        return {
            "max_word_ngram": 1,
            "min_char_ngram": 2,
            "max_char_ngram": 5,
            "C": 1.0,
            "max_iter": 200,
            "ranking_length": 10,
        }

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NgramIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers: list[CountVectorizer] = []
        self.classes: list[str] = []
        self.weights = np.zeros((0, 0))
        self.intercepts = np.zeros(0)
        # For probabilities(), set by _prepare(): (analyzer, vocabulary, column offset), weights.T.
        self._analyzers: list[tuple[Any, dict[str, int], int]] = []
        self._rows = np.zeros((0, 0))

    def _prepare(self, vocabularies: list[dict[str, int]]) -> None:
        """What scoring needs, worked out once when the model is trained or loaded."""
        self._analyzers, offset = [], 0
        for vectorizer, vocabulary in zip(self.vectorizers, vocabularies, strict=True):
            self._analyzers.append((vectorizer.build_analyzer(), vocabulary, offset))
            offset += len(vocabulary)
        self._rows = np.ascontiguousarray(self.weights.T)

    def features(self, texts: list[str]) -> scipy.sparse.csr_matrix:
        """The n-gram counts of each text, words then characters."""
        return scipy.sparse.hstack([v.transform(texts) for v in self.vectorizers], format="csr")

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the counters and the regression on the intent examples, then store them."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            return self._resource
        texts = [classifier_text(e) for e in examples]
        self.vectorizers = vectorizers(self.config)
        for vectorizer in self.vectorizers:
            vectorizer.fit(texts)
        regression = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            solver="lbfgs",
            class_weight="balanced",
            random_state=42,
        )
        regression.fit(self.features(texts), [e.get(INTENT) for e in examples])
        self.classes = [str(name) for name in regression.classes_]
        self.weights, self.intercepts = regression.coef_, regression.intercept_
        if len(self.classes) == 2:  # sklearn keeps one score s for two classes: softmax(-s/2, s/2) = sigmoid(s)
            self.weights = np.vstack([-self.weights / 2, self.weights / 2])
            self.intercepts = np.concatenate([-self.intercepts / 2, self.intercepts / 2])
        self._prepare([v.vocabulary_ for v in self.vectorizers])
        self.persist()
        return self._resource

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """P(intent | text) for each text, columns in the order of self.classes.

        The same numbers as `softmax(features(texts) @ weights.T + intercepts)`, without building
        sparse matrices for one short message: the vectorizers' own analyzers give the n-grams,
        and the weight rows of the n-grams found are summed (a count of 2 adds a row twice).
        """
        scores = np.tile(self.intercepts, (len(texts), 1))
        for row, text in enumerate(texts):
            found = [offset + vocabulary[gram] for analyze, vocabulary, offset in self._analyzers
                     for gram in analyze(text) if gram in vocabulary]  # fmt: skip
            if found:
                scores[row] += self._rows[found].sum(axis=0)
        return softmax(scores)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the most likely intent and the ranking on each message."""
        if not self.classes:
            return messages
        probabilities = self.probabilities([classifier_text(m) for m in messages])
        for message, row in zip(messages, probabilities, strict=True):
            order = np.argsort(-row)[: self.config["ranking_length"]]
            ranking = [{"name": self.classes[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        """Vocabularies and classes as JSON, weights as .npy: nothing executable."""
        with self._model_storage.write_to(self._resource) as folder:
            model = {
                "classes": self.classes,
                "vocabularies": [{term: int(i) for term, i in v.vocabulary_.items()} for v in self.vectorizers],
            }
            (Path(folder) / "model.json").write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
            np.save(Path(folder) / "weights.npy", self.weights, allow_pickle=False)
            np.save(Path(folder) / "intercepts.npy", self.intercepts, allow_pickle=False)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NgramIntentClassifier:
        """The trained classifier; untrained (no intent set) when nothing was stored."""
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as folder:
                model = json.loads((Path(folder) / "model.json").read_text(encoding="utf-8"))
                component.weights = np.load(Path(folder) / "weights.npy", allow_pickle=False)
                component.intercepts = np.load(Path(folder) / "intercepts.npy", allow_pickle=False)
        except (ValueError, FileNotFoundError):
            return component
        component.classes = list(model["classes"])
        component.vectorizers = vectorizers(component.config, model["vocabularies"])
        component._prepare(model["vocabularies"])
        return component

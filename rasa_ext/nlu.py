"""A Rasa NLU component that runs Stödguiden's own understanding on every message.

It adds the facts found by bot.understanding as entities (age, kommun, stadsdel, relation, the
situations, insats, ...) and, when bot.kris recognises a crisis, sets the intent to `crisis`
whatever the classifier said: safety must not depend on a statistical guess.

A conversation-control intent (start over, goodbye, privacy, a human, ...) guessed with low
confidence does not win over what the message tells: "allt e så tungt" must never erase the
conversation. Below `control_confidence`, such an intent becomes `describe_situation` when the
message holds facts, and `nlu_fallback` otherwise (which reads the message as an answer to the
question pending, or asks to rephrase). Real requests ("börja om", "hej då") are far above it.
Place it last in the pipeline, after the intent classifier and the FallbackClassifier.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import kris
from bot.understanding import understand_safely

CRISIS_INTENT = "crisis"
SITUATION_INTENT = "describe_situation"
FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER],
    is_trainable=False,
)
class StodguidenTolkare(GraphComponent, EntityExtractorMixin):
    """Facts as entities from bot.understanding, and the crisis override from bot.kris."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StodguidenTolkare:
        """Nothing to train or load: the knowledge is in bot/data."""
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The control intents that need confidence, and how much (config.yml may change both)."""
        return {
            "control_intents": [
                "start_over", "goodbye", "greet", "thank", "ask_privacy", "ask_human", "bot_challenge", "out_of_scope",
            ],
            "control_confidence": 0.7,
        }  # fmt: skip

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through unchanged."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add entities and apply the crisis override to each message."""
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {"entity": f.entity, "value": f.value, "start": f.start, "end": f.end, "confidence_entity": 1.0}
                for f in understand_safely(text)
            ]
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
            if kris.detect(text) is not None:
                self._override(message, CRISIS_INTENT, 1.0)
            elif self._weak_control(message.get(INTENT) or {}):
                confidence = float((message.get(INTENT) or {}).get("confidence") or 0.0)
                tells = any(item["entity"] != "insats" for item in found)
                self._override(message, SITUATION_INTENT if tells else FALLBACK_INTENT, confidence)
        return messages

    def _weak_control(self, intent: dict[str, Any]) -> bool:
        """A conversation-control intent guessed with less than `control_confidence`."""
        config = {**self.get_default_config(), **self.component_config}
        return intent.get("name") in config["control_intents"] and float(intent.get("confidence") or 0.0) < float(
            config["control_confidence"]
        )

    @staticmethod
    def _override(message: Message, name: str, confidence: float) -> None:
        """Set the intent to `name`, first in the ranking."""
        ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") != name]
        chosen = {"name": name, "confidence": confidence}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)

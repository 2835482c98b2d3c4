"""A Rasa NLU component that runs Stödguiden's own understanding on every message.

It adds the facts found by bot.understanding as entities (age, kommun, stadsdel, relation, the
situations, insats, ...) and, when bot.kris recognises a crisis, sets the intent to `crisis`
whatever the classifier said: safety must not depend on a statistical guess.
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
        """No settings."""
        return {}

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
                ranking = [item for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") != CRISIS_INTENT]
                crisis = {"name": CRISIS_INTENT, "confidence": 1.0}
                message.set(INTENT, crisis, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        return messages

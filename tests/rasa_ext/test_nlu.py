"""rasa_ext.nlu.StodguidenTolkare on real Rasa Message objects: facts as entities, the crisis
override, and weak conversation-control intents that never win over what the message tells."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_ext.nlu import StodguidenTolkare


def parsed(text: str, intent: str, confidence: float) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    (message,) = StodguidenTolkare({}).process([message])
    return message


def test_facts_become_entities() -> None:
    message = parsed("jag är 14 och bor i Farsta", "describe_situation", 0.9)
    assert {(e["entity"], e["value"]) for e in message.get(ENTITIES)} >= {("age", 14), ("stadsdel", "Farsta")}


def test_a_crisis_wins_over_any_intent() -> None:
    message = parsed("jag vill inte leva längre", "greet", 0.99)
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY)[0]["name"] == "crisis"


@pytest.mark.parametrize(
    ("text", "guess", "confidence", "expected"),
    [
        ("allt e så tungt", "start_over", 0.38, "describe_situation"),  # tells psykisk ohälsa
        ("måste farsan säga ja då?", "goodbye", 0.46, "nlu_fallback"),  # tells nothing the bot reads
        ("börja om", "start_over", 0.98, "start_over"),  # a real request stays
        ("hej då", "goodbye", 0.69, "nlu_fallback"),  # just under the line
        ("hej då", "goodbye", 0.70, "goodbye"),  # at the line
        ("hur jag ska hantera det", "ask_where", 0.33, "ask_where"),  # not a control intent
    ],
)
def test_a_weak_control_intent_never_wins_over_the_message(
    text: str, guess: str, confidence: float, expected: str
) -> None:
    assert parsed(text, guess, confidence).get(INTENT)["name"] == expected

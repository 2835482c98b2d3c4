"""rasa_ext.speedups.policy.IntentActionPolicy predicts what Rasa's RulePolicy predicts for this bot's rules.

Both are trained on data/rules with config.yml's settings and asked about the same conversations:
every intent at the start and in the middle of a conversation, after our answers, after Rasa's
default actions, and random sequences of intents and actions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.training import load_data
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.speedups.policy import IntentActionPolicy, UnsupportedRule, learn

ROOT = Path(__file__).resolve().parents[3]  # the repository
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
RULES = load_data(str(ROOT / "data" / "rules"), DOMAIN, augmentation_factor=0)
SETTINGS = {
    key: value
    for policy in yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["policies"]
    for key, value in policy.items()
    if key != "name"
}


def trained(policy_class: type, folder: Path) -> Any:
    folder.mkdir(parents=True)
    storage, resource = LocalModelStorage(folder), Resource(policy_class.__name__)
    context = ExecutionContext(GraphSchema({}), node_name=policy_class.__name__)
    policy = policy_class.create({**policy_class.get_default_config(), **SETTINGS}, storage, resource, context)
    policy.train(RULES, DOMAIN)
    return policy


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, IntentActionPolicy]:
    folder = tmp_path_factory.mktemp("policies")
    ours = trained(IntentActionPolicy, folder / "ours")
    loaded = IntentActionPolicy.load(
        ours.config, ours._model_storage, ours._resource, ExecutionContext(GraphSchema({}))
    )
    return trained(RulePolicy, folder / "rasa"), loaded


def user(intent: str) -> UserUttered:
    return UserUttered(f"text for {intent}", {"name": intent, "confidence": 0.9})


def prediction(policy: Any, events: list[Event]) -> tuple[str, float, bool, bool, list[Event]]:
    tracker = DialogueStateTracker.from_events("test", events, slots=DOMAIN.slots)
    result = policy.predict_action_probabilities(tracker, DOMAIN)
    best = result.max_confidence_index
    action = DOMAIN.action_names_or_texts[best] if result.max_confidence > 0 else "(none)"
    return action, result.max_confidence, result.is_end_to_end_prediction, result.is_no_user_prediction, result.events


START = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
INTENTS = sorted(DOMAIN.intents) + ["no_such_intent"]


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_gets_rasas_action(intent: str, policies: tuple) -> None:
    rasa, ours = policies
    for events in (
        [*START, user(intent)],  # first message
        [*START, user("greet"), ActionExecuted("utter_greet"), ActionExecuted("action_listen"), user(intent)],
        [*START, user("inform"), ActionExecuted("action_samla_fakta"), SlotSet("age", 14),
         ActionExecuted("action_listen"), user(intent)],
    ):  # fmt: skip
        assert prediction(ours, events) == prediction(rasa, events), events


@pytest.mark.parametrize("action", sorted(set(DOMAIN.action_names_or_texts) - {"action_listen"}))
def test_after_any_action_both_agree(action: str, policies: tuple) -> None:
    """Listening after the rule's action; the fallback after any other (no rule ends there)."""
    rasa, ours = policies
    for intent in ("greet", "inform", "thank", "nlu_fallback"):
        events = [*START, user(intent), ActionExecuted(action)]
        assert prediction(ours, events) == prediction(rasa, events), (intent, action)


STEP = st.one_of(
    st.sampled_from(INTENTS).map(user),
    st.sampled_from(sorted(DOMAIN.action_names_or_texts)).map(ActionExecuted),
    st.sampled_from([SlotSet("age", 14), SlotSet("fragat", "age"), SessionStarted(), Restarted(),
                     UserUtteranceReverted(), ActionReverted(), UserUttered("bara text")]),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(steps=st.lists(STEP, max_size=10))
def test_random_conversations_get_rasas_prediction(steps: list[Event], policies: tuple) -> None:
    rasa, ours = policies
    events = [*START, *steps]
    assert prediction(ours, events) == prediction(rasa, events)


def test_the_table_is_the_rules(policies: tuple) -> None:
    _, ours = policies
    assert ours.table["crisis"] == "action_krisstod" and ours.table["start_over"] == "action_borja_om"
    assert len(ours.table) == len(RULES)


def rule_tracker(name: str, events: list[Event]) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events(name, [ActionExecuted("..."), ActionExecuted("action_listen"), *events])
    tracker.is_rule_tracker = True
    return tracker


@pytest.mark.parametrize(
    "events",
    [
        [user("greet"), ActionExecuted("utter_greet"), ActionExecuted("action_samla_fakta")],  # two actions
        [user("greet"), SlotSet("age", 14), ActionExecuted("utter_greet")],  # a slot condition
        [ActionExecuted("utter_greet")],  # no intent
    ],
)
def test_rules_of_another_shape_are_refused_at_training(events: list[Event]) -> None:
    with pytest.raises(UnsupportedRule, match="use RulePolicy"):
        learn([rule_tracker("another shape", events)])


def test_two_rules_for_one_intent_are_refused() -> None:
    rules = [rule_tracker("a", [user("greet"), ActionExecuted("utter_greet")]),
             rule_tracker("b", [user("greet"), ActionExecuted("utter_thank")])]  # fmt: skip
    with pytest.raises(UnsupportedRule, match="two rules"):
        learn(rules)

"""Stödguiden's dialogue policy: each intent's one action, learnt from the rules in data/rules.

Every rule of this bot is one intent and one action (tests/actions/test_common.py checks it), and every
custom action ends by listening. For rules of that shape Rasa's RulePolicy is a lookup table,
but it gets there by rebuilding the state of every earlier turn of the conversation and
comparing it with every rule, twice per prediction (once with the text, once with the intent),
a cost that grows with the conversation (measured: bench/choices.md). Here the table is learnt
from the same rules and read directly.

It predicts what RulePolicy predicts for such rules: after a user message, Rasa's default action
for its intent (restart, back, session_start) or the action of the rule for its intent, else the
fallback action (`core_fallback_action_name`) at `core_fallback_threshold`; after any other
action, action_listen (the end of every rule). Training fails, saying so, on a rule of any other
shape (slots, loops, text, several actions) or two rules giving one intent different actions:
for such rules, put Rasa's RulePolicy back in config.yml (config.stock.yml has it with the same
settings).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.core.policies.rule_policy import DEFAULT_ACTION_MAPPINGS
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME, RULE_SNIPPET_ACTION_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

TABLE_FILE = "intent_actions.json"
State = tuple["str | None", "str | None"]  # (action, intent of the latest user message then)
_UNSEEN = object()


class UnsupportedRule(RasaException):
    """A rule this policy cannot follow: use Rasa's RulePolicy for it."""


def rule_steps(tracker: DialogueStateTracker) -> list[tuple[str, str | None]]:
    """A rule's steps as (kind, name), without the '...' and the listening that open it and the
    listening that closes it; any other event is a step of its own kind, so that it is refused."""
    steps: list[tuple[str, str | None]] = []
    for event in tracker.applied_events():
        if isinstance(event, ActionExecuted):
            if event.action_name != RULE_SNIPPET_ACTION_NAME:
                steps.append(("action", event.action_name or event.action_text))
        elif isinstance(event, UserUttered):
            steps.append(("intent", event.intent_name))
        else:
            steps.append((event.type_name, None))
    listening = ("action", ACTION_LISTEN_NAME)
    if steps and steps[0] == listening:
        steps.pop(0)
    if steps and steps[-1] == listening:
        steps.pop()
    return steps


def learn(trackers: list[TrackerWithCachedStates]) -> dict[str, str]:
    """Intent → action from rule trackers of the shape [intent, action]."""
    table: dict[str, str] = {}
    for tracker in trackers:
        if not tracker.is_rule_tracker:
            continue
        steps = rule_steps(tracker)
        if len(steps) != 2 or steps[0][0] != "intent" or steps[1][0] != "action" or not steps[0][1]:
            raise UnsupportedRule(
                f"Rule '{tracker.sender_id}' is not one intent and one action ({steps}). "
                f"rasa_ext.speedups.policy.IntentActionPolicy follows only such rules: use RulePolicy in config.yml "
                f"(as config.stock.yml has it)."
            )
        (_, intent), (_, action) = steps
        if table.setdefault(intent, action) != action:  # type: ignore[arg-type]
            raise UnsupportedRule(f"Intent '{intent}' has two rules: '{table[intent]}' and '{action}'.")
    return table


def _latest_states(newest_first: Iterable[Event]) -> tuple[State | None, State | None] | None:
    """IntentActionPolicy._states from the events, newest first; None if an undo is met."""
    actions: list[str | None] = []
    latest: object = _UNSEEN
    before: object = _UNSEEN
    for event in newest_first:
        if isinstance(event, (UserUtteranceReverted, ActionReverted)):
            return None
        if isinstance(event, (Restarted, SessionStarted)):
            break  # nothing before a restart or a new session counts
        if isinstance(event, UserUttered):
            latest = event.intent_name if latest is _UNSEEN else latest
            before = event.intent_name if actions and before is _UNSEEN else before
        elif isinstance(event, ActionExecuted) and len(actions) < 2:
            actions.append(event.action_name or event.action_text)
        if len(actions) == 2 and before is not _UNSEEN:
            break
    intents = [intent if isinstance(intent, str) else None for intent in (latest, before)]
    states: list[State] = [(action, intents[number]) for number, action in enumerate(actions)]
    return (states[0] if states else None), (states[1] if len(states) > 1 else None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IntentActionPolicy(Policy):
    """Each intent's one action (from the rules), Rasa's default actions, listening after an action."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """As RulePolicy's: its priority, its fallback settings."""
        return {
            "priority": 6,
            "core_fallback_threshold": 0.3,
            "core_fallback_action_name": "action_default_fallback",
            "enable_fallback_prediction": True,
        }

    @staticmethod
    def supported_data() -> SupportedData:
        """Rules only: stories do not decide anything here."""
        return SupportedData.RULE_DATA

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        table: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        """A policy with its intent → action table (empty until trained)."""
        super().__init__(config, model_storage, resource, execution_context)
        self.table = dict(table or {})

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        """Learn the table from the rules and store it."""
        self.table = learn(training_trackers)
        unknown = sorted(set(self.table.values()) - set(domain.action_names_or_texts))
        if unknown:
            raise UnsupportedRule(f"Rules name actions the domain does not have: {unknown}")
        with self._model_storage.write_to(self._resource) as folder:
            (Path(folder) / TABLE_FILE).write_text(json.dumps(self.table, ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> IntentActionPolicy:
        """The trained table, or an empty one (an untrained policy predicts only defaults)."""
        try:
            with model_storage.read_from(resource) as folder:
                table = json.loads((Path(folder) / TABLE_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            table = {}
        return cls(config, model_storage, resource, execution_context, table=table)

    def next_action(self, tracker: DialogueStateTracker) -> str | None:
        """The action the rules give for this point of the conversation, or None.

        As RulePolicy sees it, the conversation is a state per action: that action and the
        intent of the latest user message at the time. A rule [intent, action] fires its action
        in the state (action_listen, intent), and listening in the state (action, intent) that
        follows (action_listen, intent).
        """
        latest, earlier = self._states(tracker)
        if latest is None or latest[1] is None:
            return None
        action, intent = latest
        if action == ACTION_LISTEN_NAME:
            return DEFAULT_ACTION_MAPPINGS.get(intent) or self.table.get(intent)
        if self.table.get(intent) == action and earlier == (ACTION_LISTEN_NAME, intent):
            return ACTION_LISTEN_NAME  # (Rasa's default actions have no such ending)
        return None

    @staticmethod
    def _states(tracker: DialogueStateTracker) -> tuple[State | None, State | None]:
        """The latest two states, newest first (None where there is none): the latest action
        with the intent of the latest user message, and the action before it with the intent
        of the latest user message before the latest action. Read from the end, so the
        conversation's length does not matter; where something was undone, Rasa's
        applied_events() says what still counts."""
        states = _latest_states(reversed(tracker.events))
        if states is None:
            states = _latest_states(reversed(tracker.applied_events()))
        latest, earlier = states or (None, None)
        return latest, earlier

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """Certainty for the rule's action; else the fallback action at the fallback threshold."""
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        elif self.config["enable_fallback_prediction"]:
            fallback = domain.index_for_action(self.config["core_fallback_action_name"])
            probabilities[fallback] = self.config["core_fallback_threshold"]
        # As RulePolicy marks turns its rules decided (rules not in stories), for story export.
        decided = action is not None
        return PolicyPrediction(probabilities, self.__class__.__name__, self.priority, hide_rule_turn=decided)

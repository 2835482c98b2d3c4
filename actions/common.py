"""Glue shared by the actions: slots <-> facts, message facts, sending a bot.render.Svar."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.dialog import open_questions, read_answer
from bot.facts import vocabulary
from bot.render import Svar


def fact_slots() -> list[str]:
    """The fact slots: every fact in bot/data/fakta.yml except the derived ones."""
    return [name for name, fact in vocabulary().items() if fact.kind != "derived"]


def facts_from(tracker: Tracker) -> dict[str, Any]:
    """The facts the conversation holds so far."""
    facts = {}
    for name in fact_slots():
        value = tracker.get_slot(name)
        if value is not None:
            facts[name] = value
    return facts


def intent_of(tracker: Tracker) -> str | None:
    """The intent of the latest user message."""
    return (tracker.latest_message.get("intent") or {}).get("name")


def message_facts(tracker: Tracker, expecting: str | None) -> list[tuple[str, Any]]:
    """(fact, value) pairs in the latest message.

    Typed text is read again with the question the bot just asked as context (a bare "14"
    answers "Hur gammal är du?"); a button payload such as /inform{"age": 14} brings its own.
    """
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") or expecting is None:
        # Payloads bring their own entities; without a question pending, the NLU component
        # (rasa_ext.nlu) has already read the text with bot.understanding.
        return [(str(e.get("entity")), e.get("value")) for e in tracker.latest_message.get("entities") or []]
    facts = facts_from(tracker)
    relation = facts.get("relation")
    return read_answer(
        text, expecting, open_questions(facts, tracker.get_slot("hoppade_over") or []),
        together_with=relation if isinstance(relation, str) else None,
    )  # fmt: skip


def send(dispatcher: CollectingDispatcher, svar: Svar) -> None:
    """Send one reply with its quick-reply buttons."""
    buttons = [{"title": title, "payload": payload} for title, payload in svar.buttons]
    dispatcher.utter_message(text=svar.text, buttons=buttons or None)


def slot_events(facts: dict[str, Any], names: list[str]) -> list[EventType]:
    """SlotSet events for the facts that changed."""
    return [SlotSet(name, facts.get(name)) for name in names]


def without_unchanged_slots(events: list[EventType], slots: dict[str, Any]) -> list[EventType]:
    """The events less each SlotSet that sets a slot to the value it already has at that point.

    Rasa stores every event and reads the whole conversation back on each message (and its
    policy replays it), so events that change nothing only cost time. Read in order, so a slot
    set and then set back keeps both settings.
    """
    values, kept = dict(slots), []
    for event in events:
        if event.get("event") == "slot":
            name, value = event.get("name"), event.get("value")
            if name in values and values[name] == value and type(values[name]) is type(value):
                continue
            values[name] = value
        kept.append(event)
    return kept


class AnswerThenListen(Action, ABC):
    """Every Stödguiden action: answer (`answer`), then wait for the user.

    Every rule in data/rules is one intent and one action, so what follows any of our actions is
    always action_listen. Saying so with FollowupAction("action_listen") lets Rasa skip one policy
    prediction per message (docs/benchmarks.md, "Choices"); tests/actions/test_common.py checks that the
    rules keep that shape.
    """

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """The answer's events, without slot settings that change nothing, then listen."""
        events = without_unchanged_slots(await self.answer(dispatcher, tracker, domain), tracker.current_slot_values())
        return [*events, FollowupAction("action_listen")]

    @abstractmethod
    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Send the answer; the events it sets."""

"""Running the actions in tests: real rasa_sdk Trackers and CollectingDispatcher against the real
domain, with every slot an action sets checked against domain.yml."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.forklara
import actions.samtal
import actions.stod
from bot.understanding import understand

ROOT = Path(__file__).resolve().parents[2]  # the repository
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ACTIONS: dict[str, Action] = {
    cls().name(): cls()
    for module in (actions.stod, actions.forklara, actions.samtal)
    for cls in vars(module).values()
    if isinstance(cls, type) and issubclass(cls, Action) and not inspect.isabstract(cls) and cls is not Action
}  # as rasa_sdk's executor registers them


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None, entities: list | None = None) -> Tracker:
    """A tracker whose latest message is `text` with `intent`; its entities are what the bot reads
    in the text unless given."""
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    if entities is None:  # what the NLU component (rasa_ext.nlu) puts on a typed message
        entities = [{"entity": f.entity, "value": f.value, "start": f.start, "end": f.end} for f in understand(text)]
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    return Tracker("test-user", all_slots, message, [], False, None, {}, "action_listen")


def run(name: str, track: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run one action as rasa_sdk's executor does: (messages sent, events returned)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ACTIONS[name].run(dispatcher, track, DOMAIN))
    for event in events:
        if event.get("event") == "slot":
            assert event["name"] in DOMAIN["slots"], f"{name} sets unknown slot {event['name']}"
    return dispatcher.messages, events


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots the events set, by name."""
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}

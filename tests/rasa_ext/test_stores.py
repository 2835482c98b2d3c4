"""rasa_ext.stores: "börja om" deletes the conversation from Rasa's tracker store.

The stores are loaded the way Rasa loads them (TrackerStore.create from the real endpoints
files), because Rasa falls back to a plain in-memory store, with only a warning, when a custom
store's module cannot be imported. The Redis store against a real redis-server is tested in
tests/integration/test_scale_redis.py.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    AllSlotsReset,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_ext.stores import GlomskInMemoryTrackerStore, GlomskRedisTrackerStore, forget_before_restart

ROOT = Path(__file__).resolve().parents[2]  # the repository
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
SECRET = "jag är 14 och bor i Farsta"


def conversation(*events: Event, sender: str = "s1") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, list(events), slots=DOMAIN.slots)


def before_restart() -> list[Event]:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered(SECRET, {"name": "inform", "confidence": 1.0}),
        SlotSet("age", 14),
        SlotSet("stadsdel", "Farsta"),
        ActionExecuted("action_samla_fakta"),
        ActionExecuted("action_listen"),
    ]


def restart() -> list[Event]:
    return [
        UserUttered("radera allt", {"name": "start_over", "confidence": 1.0}),
        ActionExecuted("action_borja_om"),
        AllSlotsReset(),
        Restarted(),
        FollowupAction("action_listen"),
        ActionExecuted("action_listen"),
    ]


def stored_text(store: TrackerStore, sender: str) -> str:
    """The record as the in-memory store holds it (serialised JSON), with å/ä/ö readable."""
    return json.dumps(json.loads(store.store[sender]), ensure_ascii=False)


def embedded_store() -> TrackerStore:
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    return TrackerStore.create(endpoints.tracker_store, DOMAIN)


def test_rasa_loads_our_store_from_endpoints_yml() -> None:
    assert type(embedded_store()) is GlomskInMemoryTrackerStore


def test_rasa_loads_our_redis_store_from_the_production_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ACTION_ENDPOINT_URL", "REDIS_HOST", "REDIS_PASSWORD", "REDIS_DB", "REDIS_LOCK_DB"):
        monkeypatch.setenv(name, "0" if name.endswith("DB") else "x")
    monkeypatch.setenv("REDIS_PORT", "6379")
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.production.yml"))
    store = TrackerStore.create(endpoints.tracker_store, DOMAIN)  # redis-py connects lazily
    assert type(store) is GlomskRedisTrackerStore
    assert store.record_exp == 1800 and store.key_prefix == "stodguiden:tracker:"


def test_the_words_before_a_restart_are_gone_from_the_store() -> None:
    store = embedded_store()
    asyncio.run(store.save(conversation(*before_restart())))
    assert SECRET in stored_text(store, "s1")  # (what a plain Rasa store keeps)

    asyncio.run(store.save(conversation(*before_restart(), *restart())))
    stored = stored_text(store, "s1")
    assert SECRET not in stored and "radera allt" not in stored and "Farsta" not in stored
    tracker = asyncio.run(store.retrieve("s1"))
    assert tracker is not None
    assert tracker.get_slot("age") is None and tracker.get_slot("stadsdel") is None
    assert not [event for event in tracker.events if isinstance(event, UserUttered)]


def test_the_conversation_goes_on_after_the_restart() -> None:
    store = embedded_store()
    after = [UserUttered("jag är 16", {"name": "inform", "confidence": 1.0}), SlotSet("age", 16)]
    asyncio.run(store.save(conversation(*before_restart(), *restart(), *after)))
    tracker = asyncio.run(store.retrieve("s1"))
    assert tracker is not None and tracker.get_slot("age") == 16
    assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == ["jag är 16"]


def test_a_second_restart_keeps_only_what_follows_it() -> None:
    tracker = conversation(*before_restart(), *restart(), UserUttered("hej"), *restart(), UserUttered("sist"))
    kept = [event.text for event in forget_before_restart(tracker).events if isinstance(event, UserUttered)]
    assert kept == ["sist"]


def test_a_conversation_without_restart_is_saved_unchanged() -> None:
    tracker = conversation(*before_restart())
    assert forget_before_restart(tracker) is tracker
    store = embedded_store()
    asyncio.run(store.save(tracker))
    stored = asyncio.run(store.retrieve("s1"))
    assert stored is not None and len(stored.events) == len(tracker.events)
    assert stored.get_slot("age") == 14 and stored.get_slot("stadsdel") == "Farsta"


def test_other_conversations_are_untouched() -> None:
    store = embedded_store()
    asyncio.run(store.save(conversation(*before_restart(), sender="other")))
    asyncio.run(store.save(conversation(*before_restart(), *restart(), sender="s1")))
    other = asyncio.run(store.retrieve("other"))
    assert other is not None and other.get_slot("age") == 14


def test_the_embedded_store_forgets_a_conversation_record_exp_after_its_last_message() -> None:
    store = embedded_store()
    assert store.record_exp == 1800  # endpoints.yml, as Redis's record_exp in production
    now = [1000.0]
    store.clock = lambda: now[0]
    asyncio.run(store.save(conversation(*before_restart(), sender="old")))
    now[0] += 1000
    asyncio.run(store.save(conversation(*before_restart(), sender="newer")))
    now[0] += 799
    assert asyncio.run(store.retrieve("old")) is not None  # 1799 s after its last message
    now[0] += 1
    assert asyncio.run(store.retrieve("old")) is None and "old" not in store.store
    assert asyncio.run(store.retrieve_full_tracker("newer")) is not None
    asyncio.run(store.save(conversation(*before_restart(), sender="newer")))  # a message renews it
    now[0] += 1799
    assert list(asyncio.run(store.keys())) == ["newer"]
    now[0] += 1
    assert not list(asyncio.run(store.keys())) and not store.store


def test_the_embedded_store_keeps_conversations_compressed() -> None:
    store = embedded_store()
    tracker = conversation(*before_restart(), *before_restart()[3:], *before_restart()[3:])
    asyncio.run(store.save(tracker))
    text = store.store["s1"]
    assert json.loads(text)["events"] and SECRET in stored_text(store, "s1")  # Rasa reads plain JSON
    assert store.store.stored_bytes("s1") * 3 < len(text.encode())
    assert asyncio.run(store.retrieve("s1")).events == tracker.events
    del store.store["s1"]
    assert "s1" not in store.store and len(store.store) == 0 and list(store.store) == []

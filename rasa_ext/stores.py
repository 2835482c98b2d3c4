"""Rasa's own tracker stores, changed in one way: "börja om" / "radera" deletes the conversation.

Rasa 3.6 keeps every event of a conversation in the tracker store, also those before a
`Restarted` event, and has no API to delete a conversation (RasaHQ/rasa#10719). When a teen
writes "radera allt", the words must be gone from the store, not only forgotten by the bot.

So the two stores below are Rasa's `InMemoryTrackerStore` and `RedisTrackerStore` with `save`
extended: a tracker that contains a `Restarted` event (action_borja_om returns one) is saved
without everything up to and including the last restart. The Redis record is deleted first,
because Rasa's Redis store merges the stored events back in on save. Everything else —
retrieval, expiry (`record_exp`), key names, locking — is Rasa's unchanged code.

Configured in endpoints.yml and endpoints.production.yml (`type: rasa_ext.stores.…`).
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker


def forget_before_restart(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The tracker as it is after its last restart: earlier events are dropped, not kept."""
    events = list(tracker.events)
    restarts = [index for index, event in enumerate(events) if isinstance(event, Restarted)]
    if not restarts:
        return tracker
    forgotten = tracker.init_copy()
    for event in events[restarts[-1] + 1 :]:
        forgotten.update(event)
    return forgotten


def has_restart(tracker: DialogueStateTracker) -> bool:
    """Whether the tracker holds a restart whose earlier events must be deleted."""
    return any(isinstance(event, Restarted) for event in tracker.events)


class GlomskInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory store (the embedded default) that deletes what came before a restart."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save the conversation, without anything said before "börja om"."""
        await super().save(forget_before_restart(tracker))


class GlomskRedisTrackerStore(RedisTrackerStore):
    """Redis store (production) that deletes the stored record at a restart."""

    async def save(self, tracker: DialogueStateTracker, timeout: Any = None) -> None:
        """Save the conversation; at "börja om" delete the record and keep only what follows."""
        if has_restart(tracker):
            self.red.delete(self.key_prefix + tracker.sender_id)
            tracker = forget_before_restart(tracker)
        await super().save(tracker, timeout)

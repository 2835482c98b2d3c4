"""Rasa's own tracker stores, changed in one way: "börja om" / "radera" deletes the conversation.

Rasa 3.6 keeps every event of a conversation in the tracker store, also those before a
`Restarted` event, and has no API to delete a conversation (RasaHQ/rasa#10719). When a teen
writes "radera allt", the words must be gone from the store, not only forgotten by the bot.

So the two stores below are Rasa's `InMemoryTrackerStore` and `RedisTrackerStore` with `save`
extended: a tracker that contains a `Restarted` event (action_borja_om returns one) is saved
without everything up to and including the last restart. The Redis record is deleted first,
because Rasa's Redis store merges the stored events back in on save. Everything else —
retrieval, expiry (`record_exp`), key names, locking — is Rasa's unchanged code.

The in-memory store also takes Redis's `record_exp`: a conversation is deleted that many seconds
after its last message, and it keeps each conversation's JSON zlib-compressed (sizes and cost
measured in bench/choices.md), so half an hour of conversations fits in the Rasa server's memory
budget. Configured in endpoints.yml and
endpoints.production.yml (`type: rasa_ext.stores.…`).
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker


def forget_before_restart(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The tracker as it is after its last restart: earlier events are dropped, not kept.
    Without a restart, the same tracker object."""
    events = list(tracker.events)
    restarts = [index for index, event in enumerate(events) if isinstance(event, Restarted)]
    if not restarts:
        return tracker
    forgotten = tracker.init_copy()
    for event in events[restarts[-1] + 1 :]:
        forgotten.update(event)
    return forgotten


class CompressedTexts(MutableMapping[str, str]):
    """A dict of texts kept zlib-compressed: what Rasa's in-memory store holds per conversation."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> str:
        return zlib.decompress(self._data[key]).decode("utf-8")

    def __setitem__(self, key: str, text: str) -> None:
        self._data[key] = zlib.compress(text.encode("utf-8"), 1)

    def __delitem__(self, key: str) -> None:
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def stored_bytes(self, key: str) -> int:
        """The size kept for one text."""
        return len(self._data[key])


class GlomskInMemoryTrackerStore(InMemoryTrackerStore):
    """In-memory store (the embedded default) that deletes what came before a restart, and
    forgets a conversation `record_exp` seconds after its last save, as Rasa's Redis store does
    (Rasa's in-memory store keeps every conversation until the process stops)."""

    def __init__(self, domain: Any, event_broker: Any = None, record_exp: float | None = None, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.store: MutableMapping[str, str] = CompressedTexts()  # type: ignore[assignment]
        self.record_exp = float(record_exp) if record_exp else None
        self.clock = time.monotonic
        self._saved_at: dict[str, float] = {}  # oldest save first

    def forget_expired(self) -> None:
        """Delete every conversation not saved for record_exp seconds."""
        if self.record_exp is None:
            return
        now = self.clock()
        while self._saved_at:  # oldest first: stop at the first one still fresh
            sender_id, saved_at = next(iter(self._saved_at.items()))
            if now - saved_at < self.record_exp:
                break
            del self._saved_at[sender_id]
            self.store.pop(sender_id, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save the conversation, without anything said before "börja om"."""
        await super().save(forget_before_restart(tracker))
        self._saved_at.pop(tracker.sender_id, None)
        self._saved_at[tracker.sender_id] = self.clock()
        self.forget_expired()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation, unless it has expired."""
        self.forget_expired()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation with every session, unless it has expired."""
        self.forget_expired()
        return await super().retrieve_full_tracker(sender_id)

    async def keys(self) -> Iterable[str]:
        """The conversations still kept."""
        self.forget_expired()
        return await super().keys()


class GlomskRedisTrackerStore(RedisTrackerStore):
    """Redis store (production) that deletes the stored record at a restart."""

    async def save(self, tracker: DialogueStateTracker, timeout: Any = None) -> None:
        """Save the conversation; at "börja om" delete the record and keep only what follows."""
        forgotten = forget_before_restart(tracker)
        if forgotten is not tracker:
            self.red.delete(self.key_prefix + tracker.sender_id)
        await super().save(forgotten, timeout)

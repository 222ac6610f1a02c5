"""What the webhook worker has sent: per object, a fingerprint of the last message and how long that
matters. The change feed re-reads every row changed within its look-back window; a row whose message
equals what was sent for it is not sent again.

Bounded: at most `max_entries` objects are remembered (least recently seen evicted first, counted);
entries expire when their object stops mattering (a mon at its despawn, a raid at its end, …). An
evicted or expired object that is read again is sent again — a duplicate, never a loss."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

log = logging.getLogger(__name__)

# Keys that change on every re-scan of an unchanged object: not part of "what changed".
VOLATILE_KEYS = {"pokemon": ("rarity",), "pokestop": ("updated",), "weather": ("time_changed",),
                 "quest": ("timestamp", "updated")}


@dataclass(frozen=True)
class Change:
    """One object's current webhook message."""

    type: str
    key: Hashable  # identifies the object within its type
    message: dict[str, Any]
    keep_until: float  # unix s: until then, an unchanged re-read of the object is not sent again
    latitude: float | None = None  # where it is, for excluded areas (None: never excluded)
    longitude: float | None = None
    seen_type: str | None = None

    @property
    def entry(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message}


def fingerprint(change: Change) -> int:
    message = change.message
    volatile = VOLATILE_KEYS.get(change.type)
    if volatile:
        message = {k: v for k, v in message.items() if k not in volatile}
    return hash(orjson.dumps(message, option=orjson.OPT_SORT_KEYS))


@dataclass
class SentLog:
    max_entries: int = 250_000
    evicted: int = 0
    _entries: OrderedDict[tuple[str, Hashable], tuple[int, float]] = field(default_factory=OrderedDict)

    def __len__(self) -> int:
        return len(self._entries)

    def fresh(self, changes: Iterable[Change], now: float) -> list[Change]:
        """The changes not sent before (new objects, or a message different from the last one sent); all
        of them are remembered as sent."""
        out = []
        entries = self._entries
        for change in changes:
            key = (change.type, change.key)
            digest = fingerprint(change)
            old = entries.get(key)
            if old is not None and old[0] == digest and old[1] >= now:
                entries[key] = (digest, max(old[1], change.keep_until))
                entries.move_to_end(key)
                continue
            entries[key] = (digest, change.keep_until)
            entries.move_to_end(key)
            out.append(change)
        overflow = len(entries) - self.max_entries
        if overflow > 0:
            for _ in range(overflow):
                entries.popitem(last=False)
            self.evicted += overflow
            log.warning("webhook memory full (%d objects): forgot the %d least recently seen; they may be "
                        "sent again", self.max_entries, overflow)
        return out

    def expire(self, now: float) -> int:
        stale = [key for key, (_, until) in self._entries.items() if until < now]
        for key in stale:
            del self._entries[key]
        return len(stale)

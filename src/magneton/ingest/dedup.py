"""Dedup of unchanged game objects: a key per object state (MAD's key names, so MAD and Magneton
processes can share one Redis) that is claimed for a while after it was written once.

Claims are batched: one round trip per payload, and atomic (SET NX), so several receivers sharing Redis
never both write the same unchanged object."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from magneton.ingest.state import IngestState


class Dedup(Protocol):
    async def claim(self, keys: Sequence[tuple[str, int]]) -> list[bool]:
        """For each (key, ttl seconds): True if the key was free and is now held (write the object)."""

    async def exists_any(self, groups: Sequence[Sequence[str]]) -> list[bool]:
        """For each group of keys: True if any of them is held."""


class MemoryDedup:
    """Dedup within one process."""

    def __init__(self, purge_every: float = 60.0) -> None:
        self._expiry: dict[str, float] = {}
        self._purge_every, self._next_purge = purge_every, time.monotonic() + purge_every

    async def claim(self, keys: Sequence[tuple[str, int]]) -> list[bool]:
        now = time.monotonic()
        if now >= self._next_purge:
            self._expiry = {k: t for k, t in self._expiry.items() if t > now}
            self._next_purge = now + self._purge_every
        result = []
        for key, ttl in keys:
            held = self._expiry.get(key, 0.0) > now
            if not held:
                self._expiry[key] = now + ttl
            result.append(not held)
        return result

    async def exists_any(self, groups: Sequence[Sequence[str]]) -> list[bool]:
        now = time.monotonic()
        return [any(self._expiry.get(key, 0.0) > now for key in group) for group in groups]


class RedisDedup:
    """Dedup shared by every process on one Redis (`-ec/--enable_cache`)."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def claim(self, keys: Sequence[tuple[str, int]]) -> list[bool]:
        if not keys:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for key, ttl in keys:
                pipe.set(key, 1, ex=max(1, ttl), nx=True)
            return [bool(ok) for ok in await pipe.execute()]

    async def exists_any(self, groups: Sequence[Sequence[str]]) -> list[bool]:
        if not groups:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for group in groups:
                pipe.exists(*group)
            return [count > 0 for count in await pipe.execute()]


class Batch:
    """Rows of one payload grouped by their dedup key; `emit` claims all keys in one round trip and
    hands the rows of new or changed objects to the writer."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int, tuple]] = []

    def add(self, key: str, ttl: int, *rows) -> None:
        self.items.append((key, ttl, rows))

    async def emit(self, state: IngestState) -> None:
        fresh = await state.dedup.claim([(key, ttl) for key, ttl, _ in self.items])
        for (_, _, rows), is_new in zip(self.items, fresh):
            if is_new:
                for kind, row in rows:
                    state.writer.put(kind, row)



"""Connect/disconnect notifications for workers and MADmin."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceEvent:
    origin: str
    kind: Literal["connected", "disconnected"]
    at: float  # unix time
    connection: int  # 1 for the first connection of this origin since start, 2 after the first reconnect …


class EventSubscription:
    """An async iterator over device events from the moment of subscribing. Bounded: a subscriber that
    stops reading loses the oldest events (logged) rather than growing memory."""

    def __init__(self, hub_subscribers: set[EventSubscription], maxsize: int) -> None:
        self._subscribers = hub_subscribers
        self._queue: asyncio.Queue[DeviceEvent] = asyncio.Queue(maxsize)
        hub_subscribers.add(self)

    def put(self, event: DeviceEvent) -> None:
        if self._queue.full():
            dropped = self._queue.get_nowait()
            log.warning("[%s] a slow event subscriber lost a %s event", dropped.origin, dropped.kind)
        self._queue.put_nowait(event)

    async def get(self) -> DeviceEvent:
        return await self._queue.get()

    def close(self) -> None:
        self._subscribers.discard(self)

    def __aiter__(self) -> EventSubscription:
        return self

    async def __anext__(self) -> DeviceEvent:
        return await self.get()

    def __enter__(self) -> EventSubscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

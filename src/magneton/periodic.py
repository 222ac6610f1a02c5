"""A job repeated every N seconds in the background: the loop several components share (rarity refresh,
DB cleanup, device-list reload). A failing run is logged and the next one runs on schedule."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Periodic:
    def __init__(self, name: str, interval: float, job: Callable[[], Awaitable[object]], *,
                 run_first: bool = True) -> None:
        self.name, self.interval, self.job, self.run_first = name, interval, job, run_first
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _loop(self) -> None:
        if not self.run_first:
            await asyncio.sleep(self.interval)
        while True:
            try:
                await self.job()
            except Exception:
                log.exception("%s failed; next run in %.0f s", self.name, self.interval)
            await asyncio.sleep(self.interval)

"""The workers of this process: one per connected device, started when it connects, kept across
reconnects (the Worker waits for its device), restarted when its configuration changes."""

from __future__ import annotations

import asyncio
import logging

from magneton.config import Config
from magneton.workers.metrics import StepMetrics
from magneton.workers.worker import Timing, Worker

log = logging.getLogger(__name__)

STOP_TIMEOUT = 10.0


class Workers:
    name = "workers"

    def __init__(self, cfg: Config, hub, mapping, routes, mitm, stats, timing: Timing = Timing()) -> None:  # noqa: ANN001
        self.cfg, self.hub, self.mapping, self.routes = cfg, hub, mapping, routes
        self.mitm, self.stats, self.timing = mitm, stats, timing
        self.metrics = StepMetrics()  # all workers of the process, served by MADmin's /metrics
        self.workers: dict[str, Worker] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._follow_task: asyncio.Task | None = None

    async def start(self) -> None:
        self._follow_task = asyncio.create_task(self._follow(), name="workers-follow")

    async def stop(self) -> None:
        if self._follow_task is not None:
            self._follow_task.cancel()
            await asyncio.gather(self._follow_task, return_exceptions=True)
        await self._stop_workers(list(self._tasks))

    async def apply_settings(self):  # noqa: ANN201 - a mapping ReloadResult
        """MADmin's "apply settings": reload the configuration, rebuild the changed route managers, and
        restart only the workers whose device, walker, areas, fences or monlists changed."""
        result = await self.mapping.reload()
        await self.routes.reload()
        await self.restart(list(result.restart))
        log.info("settings applied: added %s, removed %s, restarted %s", list(result.added), list(result.removed),
                 list(result.restart))
        return result

    async def restart(self, origins: list[str]) -> None:
        """Apply changed configuration: these devices' workers start over with fresh state."""
        await self._stop_workers([o for o in origins if o in self._tasks])
        for origin in origins:
            self.workers.pop(origin, None)
            if self.hub.is_connected(origin) and await self.mapping.is_known(origin):
                self._ensure(origin)

    async def _follow(self) -> None:
        with self.hub.subscribe() as events:
            for origin in self.hub.connected_origins():
                self._ensure(origin)
            async for event in events:
                if event.kind == "connected":
                    self._ensure(event.origin)

    def _ensure(self, origin: str) -> None:
        task = self._tasks.get(origin)
        if task is not None and not task.done():
            return
        worker = self.workers.get(origin)
        if worker is None:
            worker = self.workers[origin] = Worker(origin, self.cfg, self.hub, self.mapping, self.routes,
                                                   self.mitm, self.stats, self.timing, self.metrics)
        self._tasks[origin] = asyncio.create_task(self._guard(worker), name=f"worker-{origin}")

    async def _guard(self, worker: Worker) -> None:
        try:
            await worker.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("[%s] worker failed; it restarts when the device reconnects", worker.origin)

    async def _stop_workers(self, origins: list[str]) -> None:
        tasks = []
        for origin in origins:
            self.workers[origin].stop()
            tasks.append(self._tasks.pop(origin))
        if not tasks:
            return
        done, pending = await asyncio.wait(tasks, timeout=STOP_TIMEOUT)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

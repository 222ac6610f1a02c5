"""The receiver's queue and its processing workers (`mitmreceiver_data_workers`).

The queue is bounded. A body is accepted only if all its entries fit, so the receiver can answer 503
for the whole body instead of dropping data it already confirmed (MAD silently dropped the oldest items
above 200). On stop, everything accepted is processed and written before the writer stops.

`submit` hands back a future that resolves once the body's entries are processed and their rows
committed, so the receiver answers 200 only for data that is in the database: a receiver killed with
SIGKILL loses nothing it confirmed (the device resends what got no answer)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter

from magneton.ingest.processor import Accepted, process
from magneton.ingest.state import IngestState

log = logging.getLogger(__name__)


class _Ticket:
    """The entries of one body still to be processed, and the future that says when they are stored."""

    def __init__(self, remaining: int, future: asyncio.Future[bool]) -> None:
        self.remaining, self.future, self.ok = remaining, future, True


class Pipeline:
    name = "ingest pipeline"

    def __init__(self, state: IngestState, workers: int, capacity: int) -> None:
        self.state, self.workers, self.capacity = state, workers, capacity
        self._queue: asyncio.Queue[tuple[Accepted, _Ticket] | None] = asyncio.Queue()
        self._tasks: list[asyncio.Task] = []
        self.counters: Counter[str] = Counter()

    @property
    def queued(self) -> int:
        return self._queue.qsize()

    def submit(self, items: list[Accepted]) -> asyncio.Future[bool] | None:
        """Queue all of `items`, or none of them when the queue has no room (None: the caller answers 503).

        The future resolves when they are processed and their rows committed: True, or False when an entry
        failed or rows were lost (the caller answers 500, so the device resends)."""
        if self._queue.qsize() + len(items) > self.capacity:
            self.counters["rejected_entries"] += len(items)
            return None
        future = asyncio.get_running_loop().create_future()
        if not items:
            future.set_result(True)
            return future
        ticket = _Ticket(len(items), future)
        for item in items:
            self._queue.put_nowait((item, ticket))
        self.counters["accepted_entries"] += len(items)
        return future

    async def start(self) -> None:
        await self.state.writer.start()
        self._tasks = [asyncio.create_task(self._work(), name=f"ingest-worker-{i}") for i in range(self.workers)]

    async def stop(self) -> None:
        """Process everything queued, then flush the writer."""
        for _ in self._tasks:
            self._queue.put_nowait(None)
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.state.writer.stop()
        log.info("ingest drained: %s; rows written %d, lost %d", dict(self.counters),
                 sum(self.state.writer.written.values()), sum(self.state.writer.lost.values()))

    async def drain(self) -> None:
        """Wait until everything queued so far is processed and written."""
        await self._queue.join()
        await self.state.writer.flush()

    async def _work(self) -> None:
        while True:
            queued = await self._queue.get()
            try:
                if queued is None:
                    return
                item, ticket = queued
                ticket.ok = await self._process(item) and ticket.ok
                ticket.remaining -= 1
                if ticket.remaining == 0:
                    self._settle(ticket, self.state.writer.committed())
            finally:
                self._queue.task_done()

    @staticmethod
    def _settle(ticket: _Ticket, committed: asyncio.Future[bool]) -> None:
        def done(f: asyncio.Future[bool]) -> None:
            if not ticket.future.done():
                ticket.future.set_result(ticket.ok and f.result())
        committed.add_done_callback(done)

    async def _process(self, item: Accepted) -> bool:
        threshold = self.state.cfg.mitm_ignore_proc_time_thresh
        if threshold and item.timestamp < time.time() - threshold:
            self.counters["outdated_entries"] += 1  # mitm_ignore_proc_time_thresh asks for this
            return True
        try:
            await self.state.writer.room()
            await process(item, self.state)
            self.counters["processed_entries"] += 1
            return True
        except Exception:
            self.counters["failed_entries"] += 1
            log.exception("%s: processing type %d failed; entry skipped", item.origin, item.type)
            return False

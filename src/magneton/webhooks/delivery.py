"""Delivery to one webhook URL: a bounded queue and one sender task per URL.

- Each URL has its own queue, task and HTTP session, so a URL that hangs or is down delays nobody else.
- Messages are POSTed as MAD does (a JSON array of `{"type", "message"}`), at most `max_batch` per POST.
- 5xx, 408, 429, timeouts and connection errors are retried with exponential backoff; other 4xx answers
  mean the receiver refuses that body, so it is dropped (counted, logged) instead of retried forever.
- Bounded memory: above `max_queue` waiting messages the oldest are dropped; a message older than
  `max_age` is dropped instead of being retried (a webhook about a mon that has despawned helps nobody).
  Every drop is counted and logged (at most every `log_every` seconds per URL), never silent.
- `stop()` sends what is queued for at most `drain_timeout` seconds, then gives up on the rest (counted).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import aiohttp

log = logging.getLogger(__name__)

JSON = {"Content-Type": "application/json"}
RETRY_STATUSES = {408, 429}


@dataclass
class DeliveryStats:
    sent: int = 0  # messages a 2xx answer acknowledged
    posts: int = 0  # successful POSTs
    retries: int = 0  # failed attempts that were retried
    dropped_overflow: int = 0  # oldest messages dropped because the queue was full
    dropped_expired: int = 0  # messages older than max_age, dropped while the URL failed
    rejected: int = 0  # messages in bodies the URL answered with a non-retryable 4xx
    dropped_at_stop: int = 0  # still queued when stop() gave up

    @property
    def dropped(self) -> int:
        return self.dropped_overflow + self.dropped_expired + self.rejected + self.dropped_at_stop


class Endpoint:
    """Sends pre-encoded JSON entries (bytes of one `{"type", "message"}` object each) to `url`."""

    def __init__(self, url: str, *, max_batch: int = 1000, max_queue: int = 20_000, timeout: float = 5.0,
                 max_age: float = 300.0, backoff: float = 0.5, max_backoff: float = 30.0,
                 drain_timeout: float = 5.0, log_every: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url, self.max_batch, self.max_queue = url, max(1, max_batch), max(1, max_queue)
        self.timeout, self.max_age, self.backoff, self.max_backoff = timeout, max_age, backoff, max_backoff
        self.drain_timeout, self.log_every, self.clock = drain_timeout, log_every, clock
        self.stats = DeliveryStats()
        self._queue: deque[tuple[float, bytes]] = deque()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False
        self._task: asyncio.Task | None = None
        self._session: aiohttp.ClientSession | None = None
        self._failing_since: float | None = None
        self._last_drop_log = 0.0

    @property
    def queued(self) -> int:
        return len(self._queue)

    def put(self, entries: Iterable[bytes]) -> None:
        """Queue entries; never blocks. Drops the oldest queued ones beyond `max_queue`."""
        now = self.clock()
        for entry in entries:
            self._queue.append((now, entry))
        overflow = len(self._queue) - self.max_queue
        if overflow > 0:
            for _ in range(overflow):
                self._queue.popleft()
            self.stats.dropped_overflow += overflow
            self._log_drops()
        if self._queue:
            self._idle.clear()
            self._wake.set()

    async def idle(self) -> None:
        """Wait until everything queued so far was delivered or dropped."""
        await self._idle.wait()

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout),
                                              connector=aiohttp.TCPConnector(limit=2))
        self._task = asyncio.create_task(self._run(), name=f"webhook {self.url}")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), self.drain_timeout)
            except TimeoutError:
                self._task.cancel()
                await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._queue:
            self.stats.dropped_at_stop += len(self._queue)
            log.warning("webhook %s: %d message(s) not delivered at stop", self.url, len(self._queue))
            self._queue.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None
        log.info("webhook %s: %s", self.url, self.stats)

    # --- sending ---------------------------------------------------------------------------------------
    async def _run(self) -> None:
        while True:
            if not self._queue:
                self._idle.set()
                if self._stopping:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = [self._queue.popleft() for _ in range(min(self.max_batch, len(self._queue)))]
            await self._deliver(batch)
            if not self._queue:
                self._idle.set()

    async def _deliver(self, batch: list[tuple[float, bytes]]) -> None:
        attempt = 0
        while batch:
            cutoff = self.clock() - self.max_age
            fresh = [item for item in batch if item[0] >= cutoff]
            if len(fresh) < len(batch):
                self.stats.dropped_expired += len(batch) - len(fresh)
                self._log_drops()
                batch = fresh
                if not batch:
                    return
            outcome = await self._post(b"[" + b",".join(entry for _, entry in batch) + b"]", len(batch))
            if outcome == "ok":
                self.stats.sent += len(batch)
                self.stats.posts += 1
                if self._failing_since is not None:
                    log.info("webhook %s: delivering again after %.0f s of failures", self.url,
                             self.clock() - self._failing_since)
                    self._failing_since = None
                return
            if outcome == "rejected":
                self.stats.rejected += len(batch)
                return
            self.stats.retries += 1
            if self._failing_since is None:
                self._failing_since = self.clock()
            if self._stopping:
                return  # stop() counts what remains; a retry would only wait out the drain timeout
            await asyncio.sleep(min(self.max_backoff, self.backoff * 2 ** attempt))
            attempt += 1

    async def _post(self, body: bytes, count: int) -> str:
        assert self._session is not None
        try:
            async with self._session.post(self.url, data=body, headers=JSON) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            if self._failing_since is None:
                log.warning("webhook %s: %s; retrying with backoff", self.url, type(exc).__name__)
            return "retry"
        if 200 <= status < 300:
            return "ok"
        if status >= 500 or status in RETRY_STATUSES:
            if self._failing_since is None:
                log.warning("webhook %s answered %d; retrying with backoff", self.url, status)
            return "retry"
        log.error("webhook %s answered %d: %d message(s) dropped (the receiver refuses them)", self.url,
                  status, count)
        return "rejected"

    def _log_drops(self) -> None:
        now = time.monotonic()
        if now - self._last_drop_log >= self.log_every:
            dropped = self.stats.dropped_overflow + self.stats.dropped_expired
            log.warning("webhook %s: %d message(s) dropped so far (%d queue full, %d too old); %d queued",
                        self.url, dropped, self.stats.dropped_overflow, self.stats.dropped_expired,
                        len(self._queue))
            self._last_drop_log = now

"""The webhook worker: every `webhook_worker_interval` seconds, read what changed from the database, drop
what was already sent and what lies in excluded areas, and hand each URL the messages it asked for.

Timing: a round reads rows stamped at or after `since`, where `since` is the previous successful round's
start minus the look-back (6 × interval, at least 60 s, like MAD's look-back) — ingest stamps rows with
the device's data time, which can lag the commit. A failed round (database down) does not move `since`,
so the next one catches up. The first round starts at `webhook_start_time` if set, else one look-back
before start; catch-up is capped at `MAX_CATCH_UP_S`. After a restart, changes within the look-back may be
sent again: what was sent is remembered in memory only."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config, ConfigError
from magneton.lifecycle import StartupError
from magneton.webhooks.delivery import Endpoint
from magneton.webhooks.exclusion import ExcludedAreas
from magneton.webhooks.feed import ChangeFeed
from magneton.webhooks.routing import Target, parse_targets, wanted_types
from magneton.webhooks.sent import Change, SentLog

log = logging.getLogger(__name__)

MIN_LOOKBACK_S = 60.0
MAX_CATCH_UP_S = 3600.0
MAX_BATCH = 1000  # messages per POST when webhook_max_payload_size is 0 (MAD: the whole round in one POST)
EXPIRE_EVERY_S = 60.0


class WebhookWorker:
    name = "webhook worker"

    def __init__(self, cfg: Config, engine: AsyncEngine, mapping: Any = None, rarity: Any = None, *,
                 clock: Callable[[], float] = time.time, endpoint_options: dict[str, Any] | None = None,
                 sent: SentLog | None = None) -> None:
        self.cfg, self.engine, self.clock = cfg, engine, clock
        self.interval = max(0.1, float(cfg.webhook_worker_interval))
        self.lookback = max(MIN_LOOKBACK_S, 6 * self.interval)
        self.rarity = rarity
        self.excluded = ExcludedAreas(mapping, cfg.webhook_excluded_areas)
        self.sent = sent or SentLog()
        self.endpoint_options = endpoint_options or {}
        self.targets: list[Target] = []
        self.endpoints: list[Endpoint] = []
        self.feed: ChangeFeed | None = None
        self.rounds = self.failed_rounds = 0
        self._since = 0.0
        self._round_lock = asyncio.Lock()
        self._task: asyncio.Task | None = None
        self._last_expiry = 0.0

    async def start(self) -> None:
        try:
            self.targets = parse_targets(self.cfg.webhook_url)
        except ConfigError as exc:
            raise StartupError(exc.message) from None
        if not self.targets:
            raise StartupError("webhook is set but webhook_url names no URL")
        types, seen_types = wanted_types(self.targets)
        self.feed = ChangeFeed(self.engine, types=types, seen_types=seen_types,
                               quest_flavour=self.cfg.quest_webhook_flavor,
                               submit_exraids=self.cfg.webhook_submit_exraids,
                               rarity=self.rarity.of if self.rarity is not None else (lambda pokemon_id: 0))
        max_batch = self.cfg.webhook_max_payload_size or MAX_BATCH
        self.endpoints = [Endpoint(t.url, max_batch=max_batch, **self.endpoint_options) for t in self.targets]
        for endpoint in self.endpoints:
            await endpoint.start()
        start = self.clock()
        self._since = float(self.cfg.webhook_start_time) if self.cfg.webhook_start_time else start - self.lookback
        for target in self.targets:
            log.info("webhook %s receives %s", target.url,
                     " ".join(sorted(target.types | {f"pokemon:{s}" for s in target.seen_types})) or "nothing")
        self._task = asyncio.create_task(self._run(), name="webhook worker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await asyncio.gather(*(endpoint.stop() for endpoint in self.endpoints))

    async def _run(self) -> None:
        while True:
            await self.run_once()
            await asyncio.sleep(self.interval)

    async def run_once(self) -> int:
        """One round; returns how many changes were queued. Never raises: a failed round is logged and
        retried by the next one from the same `since`."""
        async with self._round_lock:
            assert self.feed is not None, "start() first"
            now = self.clock()
            since = max(self._since, now - MAX_CATCH_UP_S)
            try:
                changes = await self.feed.read(since, now)
                kept = await self.excluded.keep(changes)
            except Exception:
                self.failed_rounds += 1
                log.exception("webhook round failed; the next round reads from the same point")
                return 0
            fresh = self.sent.fresh(kept, now)
            self._dispatch(fresh)
            self._since = now - self.lookback
            self.rounds += 1
            if now - self._last_expiry >= EXPIRE_EVERY_S:
                self.sent.expire(now)
                self._last_expiry = now
            if fresh:
                log.debug("webhook round: %d read, %d outside excluded areas, %d new or changed", len(changes),
                          len(kept), len(fresh))
            return len(fresh)

    def _dispatch(self, changes: list[Change]) -> None:
        if not changes:
            return
        encoded = [(c, orjson.dumps(c.entry)) for c in changes]
        for target, endpoint in zip(self.targets, self.endpoints):
            wanted = [body for change, body in encoded if target.wants(change.type, change.seen_type)]
            if wanted:
                endpoint.put(wanted)

    async def idle(self) -> None:
        """Wait until every URL has delivered (or dropped) what was queued."""
        await asyncio.gather(*(endpoint.idle() for endpoint in self.endpoints))

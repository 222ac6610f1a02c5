"""In-process StatsHandler: counts in memory, one flush every `game_stats_save_time` seconds (values of
15 or less mean 300, as in MAD), and a final flush on stop (MAD lost what it held)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, func, insert, or_
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.db.models import (
    TrsStatsDetect,
    TrsStatsDetectSeenType,
    TrsStatsDetectWildMonRaw,
    TrsStatsLocation,
    TrsStatsLocationRaw,
)
from magneton.db.upsert import excluded, greatest, least, upsert
from magneton.ingest.values import utc
from magneton.stats.interface import SEEN_TYPES, LocationRecord

log = logging.getLogger(__name__)

KEEP_SECONDS = 7 * 86400


@dataclass
class _Detect:
    mon: int = 0
    raid: int = 0
    mon_iv: int = 0
    quest: int = 0


@dataclass
class _Holders:
    detect: dict[str, _Detect] = field(default_factory=lambda: defaultdict(_Detect))
    location: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    location_last: dict[str, int] = field(default_factory=dict)
    location_raw: list[LocationRecord] = field(default_factory=list)
    wild_raw: dict[tuple[str, int], list] = field(default_factory=dict)  # [count, shiny, first, last]
    seen: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def empty(self) -> bool:
        return not (self.detect or self.location or self.location_raw or self.wild_raw or self.seen)


class StatsHandler:
    name = "statshandler"

    def __init__(self, cfg: Config, engine: AsyncEngine) -> None:
        self.cfg, self.engine = cfg, engine
        self.interval = cfg.game_stats_save_time if cfg.game_stats_save_time > 15 else 300
        self._holders = _Holders()
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()
        self._lock = asyncio.Lock()

    # --- collection ------------------------------------------------------------------------------------
    async def stats_collect_wild_mon(self, worker: str, encounter_ids: list[int], time: int) -> None:
        h = self._holders
        h.detect[worker].mon += len(encounter_ids)
        if self.cfg.game_stats_raw:
            for eid in encounter_ids:
                self._raw(worker, eid, time, False)
        self._seen(encounter_ids, "wild", time)

    async def stats_collect_mon_iv(self, worker: str, encounter_id: int, time: int, is_shiny: bool) -> None:
        self._holders.detect[worker].mon_iv += 1
        if self.cfg.game_stats_raw:
            self._raw(worker, encounter_id, time, is_shiny)
        self._seen([encounter_id], "encounter", time)

    async def stats_collect_quest(self, worker: str, time: int) -> None:
        self._holders.detect[worker].quest += 1

    async def stats_collect_raid(self, worker: str, time: int, amount: int) -> None:
        self._holders.detect[worker].raid += amount

    async def stats_collect_location_data(self, record: LocationRecord) -> None:
        h = self._holders
        h.location[record.worker]["ok" if record.success else "nok"] += 1
        h.location_last[record.worker] = record.period
        if self.cfg.game_stats_raw:
            h.location_raw.append(record)

    async def stats_collect_seen_type(self, encounter_ids: list[int], seen_type: str, time: int) -> None:
        if seen_type not in SEEN_TYPES:
            raise ValueError(f"unknown seen type {seen_type!r}")
        self._seen(encounter_ids, seen_type, time)

    def _raw(self, worker: str, eid: int, ts: int, shiny: bool) -> None:
        entry = self._holders.wild_raw.get((worker, eid))
        if entry is None:
            self._holders.wild_raw[(worker, eid)] = [1, shiny, ts, ts]
        else:
            entry[0] += 1
            entry[1] = entry[1] or shiny
            entry[2], entry[3] = min(entry[2], ts), max(entry[3], ts)

    def _seen(self, encounter_ids: list[int], seen_type: str, ts: int) -> None:
        if not self.cfg.game_stats_mon_seen:
            return
        for eid in encounter_ids:
            first = self._holders.seen[eid]
            first[seen_type] = min(first.get(seen_type, ts), ts)

    # --- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="stats-flush")

    async def stop(self) -> None:
        """Flush what is held (MAD lost it). The loop is woken, not cancelled mid-flush."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None
        await self.flush()

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await asyncio.wait_for(self._stopping.wait(), self.interval)
                return
            except TimeoutError:
                pass
            try:
                await self.flush()
                await self.cleanup()
            except Exception:
                log.exception("stats flush failed; counts of this period are lost")

    async def flush(self) -> None:
        async with self._lock:
            held, self._holders = self._holders, _Holders()
            if held.empty():
                return
            now = int(time.time())
            async with self.engine.begin() as conn:
                if held.detect:
                    await conn.execute(insert(TrsStatsDetect), [
                        {"worker": w, "timestamp_scan": now, "mon": d.mon, "raid": d.raid, "mon_iv": d.mon_iv,
                         "quest": d.quest} for w, d in held.detect.items()])
                if held.location:
                    await conn.execute(insert(TrsStatsLocation), [
                        {"worker": w, "timestamp_scan": held.location_last.get(w, now),
                         "location_ok": c["ok"], "location_nok": c["nok"]} for w, c in held.location.items()])
                if held.location_raw:
                    await conn.execute(insert(TrsStatsLocationRaw), [
                        {"worker": r.worker, "lat": r.lat, "lng": r.lng, "fix_ts": r.fix_ts, "data_ts": r.data_ts,
                         "type": r.position_type, "walker": r.walker, "success": r.success, "period": r.period,
                         "transporttype": r.transport_type} for r in held.location_raw])
                if held.wild_raw:
                    t = TrsStatsDetectWildMonRaw.__table__
                    await upsert(conn, t, [
                        {"worker": w, "encounter_id": eid, "count": c, "is_shiny": s, "first_scanned": utc(f),
                         "last_scanned": utc(last)} for (w, eid), (c, s, f, last) in held.wild_raw.items()], {
                        "count": t.c["count"] + excluded("count"),
                        "is_shiny": greatest(t.c.is_shiny, excluded("is_shiny")),
                        "first_scanned": least(t.c.first_scanned, excluded("first_scanned")),
                        "last_scanned": greatest(t.c.last_scanned, excluded("last_scanned")),
                    })
                if held.seen:
                    t = TrsStatsDetectSeenType.__table__
                    rows = [{"encounter_id": eid, **{s: (utc(first[s]) if s in first else None) for s in SEEN_TYPES}}
                            for eid, first in held.seen.items()]
                    await upsert(conn, t, rows, {
                        s: least(func.coalesce(t.c[s], excluded(s)), func.coalesce(excluded(s), t.c[s]))
                        for s in SEEN_TYPES})
            log.debug("stats flushed for %d workers", len(held.detect) + len(held.location))

    async def cleanup(self) -> None:
        """Delete stats older than 7 days (shiny raw rows only with raw_delete_shiny days set)."""
        cutoff = int(time.time()) - KEEP_SECONDS
        cutoff_dt = utc(cutoff)
        async with self.engine.begin() as conn:
            await conn.execute(delete(TrsStatsDetect).where(TrsStatsDetect.timestamp_scan < cutoff))
            await conn.execute(delete(TrsStatsLocation).where(TrsStatsLocation.timestamp_scan < cutoff))
            await conn.execute(delete(TrsStatsLocationRaw).where(TrsStatsLocationRaw.period < cutoff))
            raw = TrsStatsDetectWildMonRaw
            condition = and_(raw.is_shiny.is_(False), raw.last_scanned < cutoff_dt)
            if self.cfg.raw_delete_shiny > 0:
                shiny_cutoff = utc(int(time.time()) - self.cfg.raw_delete_shiny * 86400)
                condition = or_(condition, and_(raw.is_shiny.is_(True), raw.last_scanned < shiny_cutoff))
            await conn.execute(delete(raw).where(condition))

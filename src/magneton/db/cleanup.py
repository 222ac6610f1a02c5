"""DB cleanup (MAD's DbCleanup, made safe for a database that ingest keeps writing).

Every `cleanup_interval` seconds: with `delete_mons_n_hours` set, delete mons that disappeared more than
N hours ago; with `delete_incidents_n_hours` set, incidents that ended more than N hours ago. Deletes run
in batches of `delete_mons_limit` rows (0: `DEFAULT_BATCH`), each batch its own short transaction with a
pause after it, so row locks are held briefly and ingest keeps writing; a run continues until nothing
expired is left. MariaDB/MySQL delete with `DELETE … LIMIT n`, SQLite through a rowid sub-select.

OPTIMIZE TABLE (MAD: first run and every 10th) is off by default (`optimize_every=0`): on InnoDB it
rebuilds the whole table, which takes long on a big pokemon table and briefly blocks writers at the swap,
while the space freed by deletes is reused by new rows anyway. Set `optimize_every` to run it on MariaDB."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, Table, delete, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.periodic import Periodic
from magneton.db.models import Pokemon, PokestopIncident

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2000


@dataclass
class CleanupRun:
    mons: int = 0
    incidents: int = 0
    batches: int = 0


class DbCleanup:
    name = "db cleanup"

    def __init__(self, cfg: Config, engine: AsyncEngine, *, pause: float = 0.05, optimize_every: int = 0) -> None:
        self.cfg, self.engine, self.pause, self.optimize_every = cfg, engine, pause, optimize_every
        self.batch = cfg.delete_mons_limit if cfg.delete_mons_limit > 0 else DEFAULT_BATCH
        self.runs = 0
        self._stopping = False
        self._loop: Periodic | None = None

    @property
    def enabled(self) -> bool:
        return self.cfg.delete_mons_n_hours is not None or self.cfg.delete_incidents_n_hours is not None

    async def start(self) -> None:
        if self.enabled:
            self._loop = Periodic("db cleanup", max(1, self.cfg.cleanup_interval), self.run_once)
            self._loop.start()

    async def stop(self) -> None:
        self._stopping = True  # a batch in progress finishes; the run stops after it
        if self._loop is not None:
            await self._loop.stop()
            self._loop = None

    async def run_once(self) -> CleanupRun:
        run, started = CleanupRun(), time.perf_counter()
        now = datetime.now(UTC)
        if self.cfg.delete_mons_n_hours is not None:
            cutoff = now - timedelta(hours=self.cfg.delete_mons_n_hours)
            run.mons, batches = await self.delete_expired(Pokemon.__table__, Pokemon.__table__.c.disappear_time,
                                                          cutoff)
            run.batches += batches
        if self.cfg.delete_incidents_n_hours is not None:
            cutoff = now - timedelta(hours=self.cfg.delete_incidents_n_hours)
            table = PokestopIncident.__table__
            run.incidents, batches = await self.delete_expired(table, table.c.incident_expiration, cutoff)
            run.batches += batches
        self.runs += 1
        if self.optimize_every and (self.runs - 1) % self.optimize_every == 0:  # the first run, then every n-th
            await self._optimize()
        if run.mons or run.incidents:
            log.info("cleanup deleted %d mon(s) and %d incident(s) in %d batch(es), %.1f s", run.mons,
                     run.incidents, run.batches, time.perf_counter() - started)
        return run

    async def delete_expired(self, table: Table, column: Column, cutoff: datetime) -> tuple[int, int]:
        """Delete rows with `column < cutoff` in batches; returns (rows, batches)."""
        statement = self._batch_delete(table, column, cutoff)
        deleted = batches = 0
        while not self._stopping:
            async with self.engine.begin() as conn:
                count = (await conn.execute(statement)).rowcount
            deleted += count
            batches += 1
            if count < self.batch:
                break
            await asyncio.sleep(self.pause)  # lets ingest's writes in between batches
        return deleted, batches

    def _batch_delete(self, table: Table, column: Column, cutoff: datetime):
        if self.engine.dialect.name in ("mysql", "mariadb"):
            return delete(table).where(column < cutoff).with_dialect_options(mysql_limit=self.batch)
        rowid = literal_column("rowid")
        return delete(table).where(rowid.in_(select(rowid).select_from(table).where(column < cutoff)
                                             .limit(self.batch)))

    async def _optimize(self) -> None:
        if self.engine.dialect.name not in ("mysql", "mariadb"):
            return
        tables = [name for name, on in (("pokemon", self.cfg.delete_mons_n_hours is not None),
                                        ("pokestop_incident", self.cfg.delete_incidents_n_hours is not None)) if on]
        async with self.engine.connect() as conn:
            for name in tables:
                await conn.execute(text(f"OPTIMIZE TABLE {name}"))
        log.info("optimized %s", ", ".join(tables))

"""Dynamic rarity: a bucket 0–5 per pokemon_id from its share of the mons seen in the last `rarity_hours`,
refreshed every `rarity_update_frequency` minutes; the pokemon webhook carries it as `rarity`.

Buckets (MAD's): share 0 → 0 (unknown), < 0.01 % → 5, < 0.03 % → 4, < 0.5 % → 3, < 1 % → 2, else 1."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.periodic import Periodic
from magneton.db.models import Pokemon

log = logging.getLogger(__name__)


def bucket(count: int, total: int) -> int:
    share = round(100 * count / total, 4) if total else 0.0
    if share == 0:
        return 0
    for limit, rarity in ((0.01, 5), (0.03, 4), (0.5, 3), (1.0, 2)):
        if share < limit:
            return rarity
    return 1


class Rarity:
    name = "rarity"

    def __init__(self, engine: AsyncEngine, hours: int = 72, update_minutes: int = 60) -> None:
        self.engine, self.hours, self.period = engine, hours, max(1, update_minutes) * 60
        self._rarity: dict[int, int] = {}
        self._loop: Periodic | None = None

    def of(self, pokemon_id: int) -> int:
        return self._rarity.get(pokemon_id, 0)

    async def refresh(self) -> None:
        started = time.perf_counter()
        since = datetime.now(UTC) - timedelta(hours=self.hours)
        query = (select(Pokemon.pokemon_id, func.count()).where(Pokemon.disappear_time >= since)
                 .group_by(Pokemon.pokemon_id))
        async with self.engine.connect() as conn:
            counts = {pokemon_id: count for pokemon_id, count in (await conn.execute(query)).all()}
        total = sum(counts.values())
        self._rarity = {pokemon_id: bucket(count, total) for pokemon_id, count in counts.items()}
        log.info("rarity of %d pokemon ids from %d sightings in %.2f s", len(counts), total,
                 time.perf_counter() - started)

    async def start(self) -> None:
        self._loop = Periodic("rarity update", self.period, self.refresh)
        self._loop.start()

    async def stop(self) -> None:
        if self._loop is not None:
            await self._loop.stop()

"""What the ingest path remembers between payloads: small caches in front of the database, so a GMO
costs at most one query per kind of lookup (spawnpoint timers, fort positions, cell weather), and often
none. Misses are remembered briefly too, so unknown spawnpoints are not asked for on every GMO."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.db.models import Gym, Pokestop, SettingsDevice, SettingsPogoauth, TrsSpawn, Weather
from magneton.events import EventClock

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_MISSING = object()
CHUNK = 500


class Lookup(Generic[K, V]):
    """key → value with expiry, filled in batches by `fetch(missing keys) -> {key: value}`."""

    def __init__(self, fetch: Callable[[list[K]], Awaitable[dict[K, V]]], ttl: float, miss_ttl: float,
                 max_size: int = 500_000) -> None:
        self._fetch, self.ttl, self.miss_ttl, self.max_size = fetch, ttl, miss_ttl, max_size
        self._data: dict[K, tuple[Any, float]] = {}

    def get(self, key: K) -> V | None:
        value, expires = self._data.get(key, (_MISSING, 0.0))
        if value is _MISSING or value is None or expires < time.monotonic():
            return None
        return value

    def learn(self, key: K, value: V) -> None:
        if len(self._data) >= self.max_size:
            self._data.clear()  # rare and cheap to refill; keeps memory bounded without bookkeeping
        self._data[key] = (value, time.monotonic() + self.ttl)

    async def preload(self, keys: Iterable[K]) -> None:
        now = time.monotonic()
        missing = [k for k in keys if self._data.get(k, (None, 0.0))[1] < now]
        for start in range(0, len(missing), CHUNK):
            part = missing[start:start + CHUNK]
            found = await self._fetch(part)
            for key in part:
                if key in found:
                    self.learn(key, found[key])
                else:
                    self._data[key] = (None, now + self.miss_ttl)


@dataclass(frozen=True)
class Account:
    device_id: int
    username: str | None


class Accounts:
    """origin → the device row and the username of the game account assigned to it."""

    def __init__(self, engine: AsyncEngine, instance_id: int, ttl: float = 30.0) -> None:
        self.engine, self.instance_id, self.ttl = engine, instance_id, ttl
        self._data: dict[str, tuple[Account | None, float]] = {}

    async def of(self, origin: str) -> Account | None:
        account, expires = self._data.get(origin, (None, 0.0))
        if expires > time.monotonic():
            return account
        query = (select(SettingsDevice.device_id, SettingsPogoauth.username)
                 .outerjoin(SettingsPogoauth, SettingsPogoauth.device_id == SettingsDevice.device_id)
                 .where(SettingsDevice.name == origin, SettingsDevice.instance_id == self.instance_id))
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        account = Account(row.device_id, row.username) if row else None
        self._data[origin] = (account, time.monotonic() + self.ttl)
        return account


class IngestState:
    """The caches and sinks one receiver's processors share."""

    def __init__(self, cfg: Config, engine: AsyncEngine, instance_id: int, writer, dedup, mitm, stats) -> None:
        self.cfg, self.engine, self.instance_id = cfg, engine, instance_id
        self.writer, self.dedup, self.mitm, self.stats = writer, dedup, mitm, stats
        self.spawns: Lookup[int, str] = Lookup(self._fetch_spawns, ttl=3600, miss_ttl=120)
        self.forts: Lookup[str, tuple[float, float]] = Lookup(self._fetch_forts, ttl=3600, miss_ttl=120)
        self.weather: Lookup[int, int] = Lookup(self._fetch_weather, ttl=600, miss_ttl=120)
        self.events = EventClock(engine, enabled=not cfg.no_event_checker)
        self.accounts = Accounts(engine, instance_id)
        self.levels: dict[str, int] = {}  # origin → level last written to settings_pogoauth

    async def _rows(self, query) -> list[Any]:
        async with self.engine.connect() as conn:
            return (await conn.execute(query)).all()

    async def _fetch_spawns(self, ids: list[int]) -> dict[int, str]:
        rows = await self._rows(select(TrsSpawn.spawnpoint, TrsSpawn.calc_endminsec)
                                .where(TrsSpawn.spawnpoint.in_(ids), TrsSpawn.calc_endminsec.is_not(None)))
        return {r.spawnpoint: r.calc_endminsec for r in rows}

    async def _fetch_forts(self, ids: list[str]) -> dict[str, tuple[float, float]]:
        stops = await self._rows(select(Pokestop.pokestop_id, Pokestop.latitude, Pokestop.longitude)
                                 .where(Pokestop.pokestop_id.in_(ids)))
        found = {r.pokestop_id: (r.latitude, r.longitude) for r in stops}
        rest = [i for i in ids if i not in found]
        if rest:
            gyms = await self._rows(select(Gym.gym_id, Gym.latitude, Gym.longitude).where(Gym.gym_id.in_(rest)))
            found.update({r.gym_id: (r.latitude, r.longitude) for r in gyms})
        return found

    async def _fetch_weather(self, cells: list[int]) -> dict[int, int]:
        rows = await self._rows(select(Weather.s2_cell_id, Weather.gameplay_weather)
                                .where(Weather.s2_cell_id.in_([str(c) for c in cells])))
        return {int(r.s2_cell_id): r.gameplay_weather or 0 for r in rows}

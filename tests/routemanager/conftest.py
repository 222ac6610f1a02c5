"""An instance with areas of every mode and map data in and outside their fence (SQLite and MariaDB)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from magneton.config import Config
from magneton.db import Database
from magneton.db.models import (
    Gym,
    Pokemon,
    Pokestop,
    Raid,
    SettingsAreaIdle,
    SettingsAreaInitMitm,
    SettingsAreaIvMitm,
    SettingsAreaMonMitm,
    SettingsAreaPokestops,
    SettingsAreaRaidsMitm,
    SettingsDevice,
    SettingsGeofence,
    SettingsMonivlist,
    SettingsMonivlistToMon,
    SettingsPogoauth,
    SettingsRoutecalc,
    SettingsWalker,
    TrsQuest,
    TrsSpawn,
    TrsVisited,
)
from magneton.geo.distance import haversine_m
from magneton.mapping import MappingManager
from magneton.routing.managers import ManagerOptions, RouteManager, RouteManagerRegistry
from magneton.routing.tour import TourAlgorithm
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)

# A box of about 1.1 km x 1 km in Berlin; "outside" points are 3 km north of it.
LAT0, LNG0, LAT1, LNG1 = 52.500, 13.400, 52.510, 13.415
FENCE = json.dumps(["[box]", f"{LAT0},{LNG0}", f"{LAT1},{LNG0}", f"{LAT1},{LNG1}", f"{LAT0},{LNG1}"])
OUTSIDE = (52.53, 13.41)
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC).timestamp()  # 12:00:00 UTC, on the hour

OPTIONS = ManagerOptions(algorithm=TourAlgorithm.FAST, time_limit=1.0, dwell_s=10.0, recalc_threshold=0.1,
                         coords_refresh_s=3600, quest_refresh_s=3600, spawn_refresh_s=600, raid_refresh_s=600,
                         iv_refresh_s=600, prio_horizon_s=900, prio_wait_s=0.0)


class Clock:
    def __init__(self, t: float = T0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def grid(n: int, spacing_m: float = 150.0) -> list[tuple[float, float]]:
    """n points in the fence on a square grid (far enough apart to be a stop each at 67 m)."""
    dlat = spacing_m / 111_195.0
    dlng = spacing_m / (111_195.0 * np.cos(np.radians(LAT0)))
    cols = int((LNG1 - LNG0 - 2 * dlng / 3) / dlng)
    return [(LAT0 + dlat / 3 + (i // cols) * dlat, LNG0 + dlng / 3 + (i % cols) * dlng) for i in range(n)]


def covered(route_stops: Any, point: tuple[float, float], radius: float) -> bool:
    lats = [s.lat for s in route_stops]
    lngs = [s.lng for s in route_stops]
    return bool(len(lats)) and float(np.min(haversine_m(point[0], point[1], lats, lngs))) <= radius + 0.5


def ts(t: float) -> datetime:
    return datetime.fromtimestamp(t, UTC)


class World:
    """Rows of one test instance; every helper commits."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.instance_id = db.instance_id

    async def add(self, *rows: Any) -> None:
        async with AsyncSession(self.db.engine, expire_on_commit=False) as s, s.begin():
            s.add_all(rows)

    async def area(self, model: type, name: str, *, fence: str = FENCE, exclude: str | None = None,
                   **settings: Any) -> int:
        async with AsyncSession(self.db.engine, expire_on_commit=False) as s, s.begin():
            geofence = SettingsGeofence(instance_id=self.instance_id, name=f"{name} fence", fence_type="polygon",
                                        fence_data=fence)
            route = SettingsRoutecalc(instance_id=self.instance_id, recalc_status=False, routefile="[]")
            s.add_all([geofence, route])
            await s.flush()
            if exclude is not None:
                ex = SettingsGeofence(instance_id=self.instance_id, name=f"{name} exclude", fence_type="polygon",
                                      fence_data=exclude)
                s.add(ex)
                await s.flush()
                settings["geofence_excluded"] = str(ex.geofence_id)
            area = model(instance_id=self.instance_id, name=name, geofence_included=geofence.geofence_id,
                         routecalc=route.routecalc_id, **settings)
            s.add(area)
            await s.flush()
            return int(area.area_id)

    async def monlist(self, mon_ids: tuple[int, ...]) -> int:
        async with AsyncSession(self.db.engine, expire_on_commit=False) as s, s.begin():
            monlist = SettingsMonivlist(instance_id=self.instance_id, name="ivs")
            s.add(monlist)
            await s.flush()
            s.add_all([SettingsMonivlistToMon(monlist_id=monlist.monlist_id, mon_id=m, mon_order=o)
                       for o, m in enumerate(mon_ids)])
            return int(monlist.monlist_id)

    async def device(self, name: str, username: str) -> None:
        async with AsyncSession(self.db.engine, expire_on_commit=False) as s, s.begin():
            walker = SettingsWalker(instance_id=self.instance_id, name=f"{name} walker")
            s.add(walker)
            await s.flush()
            device = SettingsDevice(instance_id=self.instance_id, name=name, walker_id=walker.walker_id)
            s.add(device)
            await s.flush()
            s.add(SettingsPogoauth(instance_id=self.instance_id, device_id=device.device_id, login_type="ptc",
                                   username=username, password="pw", level=10))

    async def spawns(self, points: list[tuple[float, float]], *, start_id: int = 1, endminsec: str | None = None,
                     spawndef: int = 240, eventid: int = 1) -> list[int]:
        ids = list(range(start_id, start_id + len(points)))
        await self.add(*(TrsSpawn(spawnpoint=i, latitude=lat, longitude=lng, spawndef=spawndef, earliest_unseen=0,
                                  calc_endminsec=endminsec, eventid=eventid)
                         for i, (lat, lng) in zip(ids, points)))
        return ids

    async def gyms(self, points: list[tuple[float, float]], prefix: str = "g") -> list[str]:
        ids = [f"{prefix}{i}" for i in range(len(points))]
        now = ts(T0)
        await self.add(*(Gym(gym_id=g, team_id=0, guard_pokemon_id=0, slots_available=6, enabled=True, latitude=lat,
                             longitude=lng, total_cp=0, is_in_battle=False, last_modified=now, last_scanned=now)
                         for g, (lat, lng) in zip(ids, points)))
        return ids

    async def stops(self, points: list[tuple[float, float]], prefix: str = "s") -> list[str]:
        ids = [f"{prefix}{i}" for i in range(len(points))]
        await self.add(*(Pokestop(pokestop_id=p, enabled=True, latitude=lat, longitude=lng, last_modified=ts(T0))
                         for p, (lat, lng) in zip(ids, points)))
        return ids

    async def quest(self, stop_id: str, layer: int, at: float) -> None:
        await self.add(TrsQuest(GUID=stop_id, quest_type=1, quest_timestamp=int(at), quest_stardust=0,
                                quest_pokemon_id=0, quest_reward_type=2, quest_item_id=1, quest_item_amount=1,
                                quest_target=1, layer=layer))

    async def visited(self, stop_id: str, username: str) -> None:
        await self.add(TrsVisited(pokestop_id=stop_id, username=username))

    async def raid(self, gym_id: str, start: float, end: float, pokemon_id: int | None = None) -> None:
        await self.add(Raid(gym_id=gym_id, level=5, spawn=ts(start - 3600), start=ts(start), end=ts(end),
                            pokemon_id=pokemon_id, last_scanned=ts(T0)))

    async def mon(self, encounter_id: int, point: tuple[float, float], pokemon_id: int, disappear: float, *,
                  seen: float = T0, iv: int | None = None, seen_type: str = "wild") -> None:
        await self.add(Pokemon(encounter_id=encounter_id, spawnpoint_id=1, pokemon_id=pokemon_id, latitude=point[0],
                               longitude=point[1], disappear_time=ts(disappear), individual_attack=iv,
                               individual_defense=iv, individual_stamina=iv, last_modified=ts(seen),
                               seen_type=seen_type))


MODELS = {
    "mon": SettingsAreaMonMitm, "iv": SettingsAreaIvMitm, "raids": SettingsAreaRaidsMitm,
    "quests": SettingsAreaPokestops, "init": SettingsAreaInitMitm, "idle": SettingsAreaIdle,
}


@pytest.fixture
async def database(migrated_cfg: Config) -> AsyncIterator[Database]:
    db = Database(migrated_cfg)
    await db.start(migrate=False)
    yield db
    await db.stop()


@pytest.fixture
def world(database: Database) -> World:
    return World(database)


@pytest.fixture
def clock() -> Clock:
    return Clock()


class Running:
    """Starts registries (one per simulated process start) and stops them at the end."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock
        self.registries: list[RouteManagerRegistry] = []
        self.mappings: list[MappingManager] = []

    async def registry(self, options: ManagerOptions = OPTIONS) -> RouteManagerRegistry:
        mapping = MappingManager(self.db.cfg, self.db.engine, self.db.instance_id)
        await mapping.start()
        registry = RouteManagerRegistry(mapping, self.db.engine, self.db.instance_id, options=options,
                                        clock=self.clock)
        await registry.start()
        for manager in registry.managers().values():
            await manager.wait_ready()
        self.registries.append(registry)
        self.mappings.append(mapping)
        return registry

    async def manager(self, area_id: int, options: ManagerOptions = OPTIONS) -> RouteManager:
        registry = await self.registry(options)
        manager = registry.get(area_id)
        assert manager is not None
        return manager

    async def stop_all(self) -> None:
        for registry in self.registries:
            await registry.stop()
        self.registries.clear()


@pytest.fixture
async def running(database: Database, clock: Clock) -> AsyncIterator[Running]:
    r = Running(database, clock)
    yield r
    await r.stop_all()

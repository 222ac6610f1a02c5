"""The registry builds one manager per area from the MappingManager's records and, on reload, rebuilds only
the areas whose settings, fences or IV list changed."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from magneton.db import Database
from magneton.db.models import SettingsAreaIdle, SettingsAreaMonMitm, SettingsGeofence, SettingsMonivlistToMon
from magneton.routing.managers import IdleRouteManager, IvRouteManager, MonRouteManager, QuestRouteManager
from tests.routemanager.conftest import MODELS, Running, World, grid


async def test_reload_rebuilds_only_changed_areas(database: Database, world: World, running: Running) -> None:
    await world.spawns(grid(6))
    await world.stops(grid(4))
    monlist = await world.monlist((1, 2))
    mons = await world.area(MODELS["mon"], "mons")
    quests = await world.area(MODELS["quests"], "quests", level=False, layer=1)
    idle = await world.area(MODELS["idle"], "idle")
    iv = await world.area(MODELS["iv"], "iv", monlist_id=monlist)
    registry = await running.registry()
    mapping = running.mappings[-1]
    before = registry.managers()
    assert {a: type(m) for a, m in before.items()} == {
        mons: MonRouteManager, quests: QuestRouteManager, idle: IdleRouteManager, iv: IvRouteManager}
    before[mons].join("dev1", (52.505, 13.405))

    await mapping.reload()
    change = await registry.reload()
    assert (change.added, change.removed, change.rebuilt) == ((), (), ())
    assert registry.managers() == before  # the very same objects

    async with AsyncSession(database.engine) as s, s.begin():
        await s.execute(update(SettingsAreaMonMitm).where(SettingsAreaMonMitm.area_id == mons).values(speed=12.0))
        quest_fence = (await s.execute(select(SettingsGeofence).where(SettingsGeofence.name == "quests fence")))
        fence = quest_fence.scalar_one()
        fence.fence_data = json.dumps(["[smaller]", "52.500,13.400", "52.505,13.400", "52.505,13.405",
                                       "52.500,13.405"])
        idle_row = (await s.execute(select(SettingsAreaIdle).where(SettingsAreaIdle.area_id == idle))).scalar_one()
        await s.delete(idle_row)
        await s.execute(update(SettingsMonivlistToMon).where(SettingsMonivlistToMon.mon_id == 2).values(mon_id=3))
    init = await world.area(MODELS["init"], "init", init_type="forts")

    await mapping.reload()
    change = await registry.reload()
    assert (change.added, change.removed, change.rebuilt) == ((init,), (idle,), tuple(sorted((mons, quests, iv))))
    after = registry.managers()
    assert set(after) == {mons, quests, iv, init}
    assert after[mons] is not before[mons] and after[mons].settings.speed_kmh == 12.0
    assert after[mons].devices == ["dev1"] and after[mons].position("dev1") == (52.505, 13.405)  # carried over
    assert after[iv].settings.mon_ids == (1, 3)
    await after[quests].wait_ready()
    assert len(after[quests].coords) < 4  # the smaller fence
    await after[init].wait_ready()
    assert after[init].route.stops

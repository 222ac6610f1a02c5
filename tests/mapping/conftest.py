"""A configured instance in a real database (SQLite and MariaDB), built with the models."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from magneton.config import Config
from magneton.db import Database
from magneton.db.models import (
    SettingsAreaIdle,
    SettingsAreaMonMitm,
    SettingsAreaPokestops,
    SettingsAuth,
    SettingsDevice,
    SettingsDevicepool,
    SettingsGeofence,
    SettingsMonivlist,
    SettingsMonivlistToMon,
    SettingsPogoauth,
    SettingsRoutecalc,
    SettingsWalker,
    SettingsWalkerarea,
    SettingsWalkerToWalkerarea,
)
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)

FENCE = json.dumps(["[town]", "52.50,13.40", "52.52,13.40", "52.52,13.43", "52.50,13.43"])


@dataclass
class Seeded:
    instance_id: int
    other_instance_id: int
    ids: dict[str, int]


async def seed(db: Database) -> Seeded:
    """Instance "test": a pool, three devices (pooled, own values, bare), a walker over three areas
    (mon_mitm with a monlist, pokestops, idle), a second walker, accounts and auth rows; instance
    "other" with a device of its own that must not be loaded."""
    instance_id = db.instance_id
    other = await db.ensure_instance("other")
    ids: dict[str, int] = {}
    async with AsyncSession(db.engine, expire_on_commit=False) as s, s.begin():
        fence = SettingsGeofence(instance_id=instance_id, name="town", fence_type="polygon", fence_data=FENCE)
        fence2 = SettingsGeofence(instance_id=instance_id, name="park", fence_type="polygon", fence_data=FENCE)
        route = SettingsRoutecalc(instance_id=instance_id, recalc_status=False, routefile="[]")
        monlist = SettingsMonivlist(instance_id=instance_id, name="rares")
        s.add_all([fence, fence2, route, monlist])
        await s.flush()
        s.add_all([SettingsMonivlistToMon(monlist_id=monlist.monlist_id, mon_id=m, mon_order=o)
                   for o, m in enumerate((201, 149, 3))])
        mons = SettingsAreaMonMitm(instance_id=instance_id, name="town mons", geofence_included=fence.geofence_id,
                                   geofence_excluded=str(fence2.geofence_id), routecalc=route.routecalc_id,
                                   speed=0.0, max_distance=0.0, monlist_id=monlist.monlist_id, all_mons=False,
                                   remove_from_queue_backlog=300.0, max_clustering=5)
        quests = SettingsAreaPokestops(instance_id=instance_id, name="town quests",
                                       geofence_included=fence.geofence_id, routecalc=route.routecalc_id,
                                       level=False, layer=0)
        idle = SettingsAreaIdle(instance_id=instance_id, name="night", geofence_included=fence.geofence_id,
                                routecalc=route.routecalc_id)
        s.add_all([mons, quests, idle])
        await s.flush()
        walker = SettingsWalker(instance_id=instance_id, name="day and night")
        walker2 = SettingsWalker(instance_id=instance_id, name="quests only")
        s.add_all([walker, walker2])
        await s.flush()
        walker_areas = [
            SettingsWalkerarea(instance_id=instance_id, name="mons", area_id=mons.area_id, algo_type="period",
                               algo_value="06:00-22:00", max_walkers=2),
            SettingsWalkerarea(instance_id=instance_id, name="quests", area_id=quests.area_id, algo_type="round",
                               algo_value="1"),
            SettingsWalkerarea(instance_id=instance_id, name="sleep", area_id=idle.area_id, algo_type="idle",
                               algo_value="22:00-06:00"),
        ]
        s.add_all(walker_areas)
        await s.flush()
        for order, walker_area in enumerate(walker_areas):
            s.add(SettingsWalkerToWalkerarea(walker_id=walker.walker_id, walkerarea_id=walker_area.walkerarea_id,
                                             area_order=order))
        s.add(SettingsWalkerToWalkerarea(walker_id=walker2.walker_id, walkerarea_id=walker_areas[1].walkerarea_id,
                                         area_order=0))
        pool = SettingsDevicepool(instance_id=instance_id, name="pool", post_walk_delay=5.0,
                                  mitm_wait_timeout=45.0, reboot=False, screendetection=True, restart_thresh=0,
                                  enhanced_mode_quest_safe_items="1,2,3", extended_login=True)
        s.add(pool)
        await s.flush()
        pooled = SettingsDevice(instance_id=instance_id, name="dev01", walker_id=walker.walker_id,
                                pool_id=pool.pool_id, mitm_wait_timeout=20.0, startcoords_of_walker="52.51, 13.41")
        own = SettingsDevice(instance_id=instance_id, name="dev02", walker_id=walker.walker_id,
                             pool_id=pool.pool_id, reboot=True, restart_thresh=7, screendetection=False)
        bare = SettingsDevice(instance_id=instance_id, name="dev03", walker_id=walker2.walker_id)
        other_walker = SettingsWalker(instance_id=other, name="theirs")
        s.add_all([pooled, own, bare, other_walker])
        await s.flush()
        s.add(SettingsDevice(instance_id=other, name="theirs01", walker_id=other_walker.walker_id))
        s.add_all([
            SettingsPogoauth(instance_id=instance_id, device_id=pooled.device_id, login_type="ptc",
                             username="trainer01", password="pw", level=31),
            SettingsPogoauth(instance_id=instance_id, login_type="google", username="free@example.org",
                             password="pw", level=12),
            SettingsPogoauth(instance_id=other, login_type="ptc", username="trainer99", password="pw", level=40),
            SettingsAuth(instance_id=instance_id, username="mitmuser", password="mitmpass", auth_level=2 | 4),
            SettingsAuth(instance_id=instance_id, username="admin", password="adminpass", auth_level=4),
            SettingsAuth(instance_id=other, username="theirs", password="x", auth_level=2),
        ])
        ids.update(fence=fence.geofence_id, fence2=fence2.geofence_id, route=route.routecalc_id,
                   monlist=monlist.monlist_id, mons=mons.area_id, quests=quests.area_id, idle=idle.area_id,
                   walker=walker.walker_id, walker2=walker2.walker_id, pool=pool.pool_id, dev01=pooled.device_id,
                   dev02=own.device_id, dev03=bare.device_id)
    return Seeded(instance_id, other, ids)


@pytest.fixture
async def database(migrated_cfg: Config) -> AsyncIterator[Database]:
    db = Database(migrated_cfg)
    await db.start(migrate=False)
    yield db
    await db.stop()


@pytest.fixture
async def seeded(database: Database) -> Seeded:
    return await seed(database)

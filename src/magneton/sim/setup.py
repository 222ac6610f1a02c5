"""Configure an instance for a simulated fleet: a fence around the world, areas of scan modes with a walker
each, the devices and a MITM user; and, for modes that scan known things, the world's spawnpoints, stops and
gyms as a previous scan would have left them. Used by the end-to-end tests (configure_fleet: one mode) and
`magneton demo` (one area per mode)."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from magneton.auth import AuthLevel
from magneton.db.models import (
    Gym,
    Pokestop,
    SettingsAreaInitMitm,
    SettingsAreaIvMitm,
    SettingsAreaMonMitm,
    SettingsAreaPokestops,
    SettingsAreaRaidsMitm,
    SettingsAuth,
    SettingsDevice,
    SettingsGeofence,
    SettingsMonivlist,
    SettingsMonivlistToMon,
    SettingsRoutecalc,
    SettingsWalker,
    SettingsWalkerarea,
    SettingsWalkerToWalkerarea,
    TrsSpawn,
)
from magneton.db.upsert import upsert
from magneton.sim.world import COMMON_MONS, World

AREA_MODELS = {"mon_mitm": SettingsAreaMonMitm, "iv_mitm": SettingsAreaIvMitm, "raids_mitm": SettingsAreaRaidsMitm,
               "pokestops": SettingsAreaPokestops, "init": SettingsAreaInitMitm}


def fence_around(world: World, name: str) -> str:
    """settings_geofence.fence_data: a square just around the world's circle."""
    dlat = world.radius_m / 111_320
    dlng = world.radius_m / (111_320 * math.cos(math.radians(world.lat)))
    corners = [(world.lat - dlat, world.lng - dlng), (world.lat + dlat, world.lng - dlng),
               (world.lat + dlat, world.lng + dlng), (world.lat - dlat, world.lng + dlng)]
    return json.dumps([f"[{name}]"] + [f"{lat:.6f},{lng:.6f}" for lat, lng in corners])


# Tuned for simulated phones: they start the game and answer at once, so no start-up or teleport delays.
SIM_DEVICE_SETTINGS = {"post_pogo_start_delay": 0.0, "post_teleport_delay": 0.0, "mitm_wait_timeout": 10.0,
                       "restart_thresh": 2, "reboot_thresh": 1, "reboot": True, "injection_thresh_reboot": 20,
                       "screendetection": False}


async def add_fence_and_targets(s: AsyncSession, instance_id: int, world: World, name: str) -> tuple[int, int]:
    """A geofence just around the world and an IV list of its commonest mons; returns their ids."""
    fence = SettingsGeofence(instance_id=instance_id, name=name, fence_type="polygon",
                             fence_data=fence_around(world, name))
    monlist = SettingsMonivlist(instance_id=instance_id, name=f"{name} targets")
    s.add_all([fence, monlist])
    await s.flush()
    s.add_all([SettingsMonivlistToMon(monlist_id=monlist.monlist_id, mon_id=mon, mon_order=order)
               for order, mon in enumerate(COMMON_MONS[:20])])
    return fence.geofence_id, monlist.monlist_id


async def add_mode(s: AsyncSession, instance_id: int, mode: str, name: str, fence_id: int, monlist_id: int,
                   area: dict | None = None) -> tuple[int, int]:
    """An area of `mode` over the fence and a walker that keeps its devices in it; returns (area id, walker id).
    `area` overrides settings columns of the area."""
    routecalc = SettingsRoutecalc(instance_id=instance_id, recalc_status=False, routefile="[]")
    s.add(routecalc)
    await s.flush()
    options: dict = {"instance_id": instance_id, "name": name, "geofence_included": fence_id,
                     "routecalc": routecalc.routecalc_id}
    if mode in ("mon_mitm", "iv_mitm", "raids_mitm"):
        options.update(speed=0.0, max_distance=0.0, monlist_id=monlist_id)
    if mode == "pokestops":
        options.update(level=False, layer=1)
    if mode == "init":
        options.update(init_type="mons", init_mode_rounds=1)
    new_area = AREA_MODELS[mode](**{**options, **(area or {})})
    walker = SettingsWalker(instance_id=instance_id, name=name)
    s.add_all([new_area, walker])
    await s.flush()
    walker_area = SettingsWalkerarea(instance_id=instance_id, name=mode, area_id=new_area.area_id,
                                     algo_type="coords", algo_value="")
    s.add(walker_area)
    await s.flush()
    s.add(SettingsWalkerToWalkerarea(walker_id=walker.walker_id, walkerarea_id=walker_area.walkerarea_id,
                                     area_order=0))
    return new_area.area_id, walker.walker_id


def add_devices(s: AsyncSession, instance_id: int, walker_of: dict[str, int], device: dict | None = None) -> None:
    """Devices (origin → walker id) with SIM_DEVICE_SETTINGS; `device` overrides settings columns."""
    s.add_all([SettingsDevice(instance_id=instance_id, name=origin, walker_id=walker_id,
                              **{**SIM_DEVICE_SETTINGS, **(device or {})}) for origin, walker_id in walker_of.items()])


async def configure_fleet(engine: AsyncEngine, instance_id: int, world: World, mode: str, origins: list[str],
                          user: str, password: str, area: dict | None = None, device: dict | None = None) -> int:
    """Every device on one area of `mode`; returns the area id. `area` / `device` override settings columns."""
    async with AsyncSession(engine, expire_on_commit=False) as s, s.begin():
        fence_id, monlist_id = await add_fence_and_targets(s, instance_id, world, f"sim {mode}")
        area_id, walker_id = await add_mode(s, instance_id, mode, f"sim {mode}", fence_id, monlist_id, area)
        add_devices(s, instance_id, dict.fromkeys(origins, walker_id), device)
        s.add(SettingsAuth(instance_id=instance_id, username=user, password=password,
                           auth_level=int(AuthLevel.MITM_DATA)))
        return area_id


async def seed_known_world(engine: AsyncEngine, world: World) -> None:
    """The world's spawnpoints (timers known), stops and gyms, as an earlier scan would have stored them."""
    now = datetime.now(UTC).replace(microsecond=0)
    spawns = [{"spawnpoint": int(sp.token, 16), "latitude": sp.lat, "longitude": sp.lng, "spawndef": 255,
               "earliest_unseen": 0, "last_scanned": now, "first_detection": now,
               "calc_endminsec": f"{sp.despawn_second // 60:02d}:{sp.despawn_second % 60:02d}", "eventid": 1}
              for sp in world.spawnpoints]
    stops = [{"pokestop_id": f.id, "enabled": True, "latitude": f.lat, "longitude": f.lng, "last_modified": now,
              "name": f.name, "is_ar_scan_eligible": True} for f in world.forts if not f.is_gym]
    gyms = [{"gym_id": f.id, "team_id": 0, "guard_pokemon_id": 0, "slots_available": 6, "enabled": True,
             "latitude": f.lat, "longitude": f.lng, "total_cp": 0, "is_in_battle": False, "last_modified": now,
             "last_scanned": now, "is_ar_scan_eligible": True} for f in world.forts if f.is_gym]
    async with engine.begin() as conn:
        await upsert(conn, TrsSpawn, spawns)
        await upsert(conn, Pokestop, stops)
        await upsert(conn, Gym, gyms)

"""A simulated device against a real all-in-one stack: RGC over the websocket, PogoDroid over HTTP."""

from __future__ import annotations

import asyncio

from magneton.db.models import Pokemon, Pokestop, TrsS2Cell
from magneton.sim.device import SimConfig, SimDevice
from magneton.sim.world import World
from tests.ingest.conftest import ORIGIN, PASSWORD, USER, Stack


async def _until(predicate, attempts: int = 200) -> None:
    for _ in range(attempts):
        if await predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_teleported_sim_device_posts_what_it_sees(stack: Stack):
    world = World(seed=3, lat=52.52, lng=13.40, radius_m=600)
    cfg = SimConfig(f"ws://127.0.0.1:{stack.cfg.ws_port}", stack.url, USER, PASSWORD, gmo_interval=0.2)
    device = SimDevice(ORIGIN, world, cfg)
    task = asyncio.create_task(device.run())
    try:
        communicator = await asyncio.wait_for(stack.rt.devices.wait_connected(ORIGIN), 30)
        assert not await communicator.is_app_topmost()
        await communicator.start_app()
        assert await communicator.is_app_topmost()
        spawn = world.spawnpoints[0]
        await communicator.set_location(spawn.lat, spawn.lng)
        mitm = stack.rt.mitm

        async def fresh_gmo() -> bool:
            latest = await mitm.request_latest(ORIGIN, "106")
            return latest is not None and (await mitm.get_last_known_location(ORIGIN)).lat == spawn.lat
        await _until(fresh_gmo)
        assert await mitm.get_level(ORIGIN) == 35
        await stack.drain()
        assert await stack.count(TrsS2Cell) >= 1
        seen_at = (await mitm.request_latest(ORIGIN, "106")).timestamp_received
        expected = {eid for eid, _, _ in world.wild_mons_near(spawn.lat, spawn.lng, seen_at)}
        stored = {row["encounter_id"] for row in await stack.rows(Pokemon)}
        assert expected <= stored
        assert await stack.count(Pokestop) == sum(1 for cell in world.cells_around(spawn.lat, spawn.lng)
                                                  for f in world._forts_by_cell.get(cell, ()) if not f.is_gym)
        assert "geo fix" in " ".join(device.received)
    finally:
        device.stop()
        await asyncio.wait_for(task, 30)

"""End to end: the all-in-one role with simulated devices (RGC + PogoDroid) per scan mode."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import pytest

from magneton.db.models import Gym, Pokemon, Pokestop, Raid, TrsQuest, TrsSpawn, TrsStatus, Weather
from magneton.sim.device import SimConfig, SimDevice
from magneton.sim.setup import configure_fleet, seed_known_world
from magneton.sim.world import World
from magneton.workers import Timing
from tests.ingest.conftest import Stack

USER, PASSWORD = "simuser", "simpass"
FAST = Timing(injection_poll=0.3, reconnect_pause=0.3, idle_sleep=0.5, encounter_wait=1.0)


async def until(check: Callable[[], Awaitable[bool]], seconds: float = 60.0, what: str = "condition") -> None:
    for _ in range(int(seconds / 0.2)):
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} not reached within {seconds} s")


@contextlib.asynccontextmanager
async def fleet(stack: Stack, world: World, origins: list[str], **device_options):
    cfg = SimConfig(f"ws://127.0.0.1:{stack.cfg.ws_port}", stack.url, USER, PASSWORD, gmo_interval=0.3,
                    reboot_seconds=0.5, reconnect_seconds=0.3)
    devices = [SimDevice(origin, world, cfg, lat=world.lat, lng=world.lng, **device_options) for origin in origins]
    tasks = [asyncio.create_task(device.run()) for device in devices]
    try:
        yield devices
    finally:
        for device in devices:
            device.stop()
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)


async def start(make_stack, mode: str, origins: list[str], world: World, known: bool = True, area=None,
                device=None, **cfg) -> Stack:
    async def setup(engine, instance_id):
        await configure_fleet(engine, instance_id, world, mode, origins, USER, PASSWORD, area=area, device=device)
        if known:
            await seed_known_world(engine, world)
    return await make_stack(setup=setup, timing=FAST, wait_for_data_sleep_duration=0.2, **cfg)


@pytest.mark.parametrize("devices", [2])
async def test_mon_mitm_fleet_scans_mons_ivs_and_weather(make_stack, devices):
    world = World(seed=7, lat=52.52, lng=13.40, radius_m=350)
    origins = [f"sim{i:02d}" for i in range(1, devices + 1)]
    stack = await start(make_stack, "mon_mitm", origins, world)
    async with fleet(stack, world, origins) as sims:
        async def mons_with_ivs() -> bool:
            await stack.drain()
            return await stack.count(Pokemon, Pokemon.individual_attack.is_not(None)) >= 3
        await until(mons_with_ivs, what="encountered mons")
        await stack.drain()
        assert await stack.count(Pokemon, Pokemon.seen_type == "wild") > 0
        assert await stack.count(Weather) >= 1

        async def every_device_placed() -> bool:
            statuses = await stack.rows(TrsStatus)
            return len(statuses) == devices and all(
                s["currentPos"] is not None and s["area_id"] is not None and s["lastProtoDateTime"] is not None
                for s in statuses)
        await until(every_device_placed, what="trs_status of every device")
        assert all(any(c.startswith("geo fix") for c in sim.received) for sim in sims)

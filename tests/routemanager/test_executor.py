"""Route calculations can run in a process pool (everything handed over pickles)."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ProcessPoolExecutor

from tests.routemanager.conftest import MODELS, OPTIONS, Running, World, covered, grid


async def test_calculations_in_a_process_pool(world: World, running: Running) -> None:
    pts = grid(10)
    await world.spawns(pts)
    mons = await world.area(MODELS["mon"], "mons", delay_after_prio_event=0)
    init = await world.area(MODELS["init"], "init", init_type="forts")
    with ProcessPoolExecutor(max_workers=1) as pool:
        registry = await running.registry(dataclasses.replace(OPTIONS, executor=pool))
        mon, grid_manager = registry.get(mons), registry.get(init)
        assert all(covered(mon.route.stops, p, 67) for p in pts)
        assert grid_manager.route.stops
        await mon.refresh_prio()
        await running.stop_all()

"""One route shared by the area's devices: contiguous subroutes, redistributed at once on join/leave, each
device continuing near where it is."""

from __future__ import annotations

from magneton.geo.distance import haversine_m
from magneton.routing.managers import LocationKind
from tests.routemanager.conftest import MODELS, Running, World, grid


def contiguous(stops: tuple[int, ...], n: int) -> bool:
    return all((b - a) % n == 1 for a, b in zip(stops, stops[1:]))


def partition(manager) -> list[int]:  # noqa: ANN001
    return sorted(i for sub in manager.subroutes().values() for i in sub.stops)


async def test_join_and_leave_redistribute_at_once(world: World, running: Running) -> None:
    await world.spawns(grid(30))
    area = await world.area(MODELS["mon"], "mons", speed=20.0)
    manager = await running.manager(area)
    n = len(manager.route.stops)
    assert n == 30

    manager.join("dev1")
    assert manager.subroutes()["dev1"].stops and partition(manager) == list(range(n))
    seen1 = [await manager.next_location("dev1") for _ in range(5)]
    assert all(loc.kind is LocationKind.ROUTE for loc in seen1)

    manager.join("dev2")
    manager.join("dev3")
    subs = manager.subroutes()
    assert set(subs) == {"dev1", "dev2", "dev3"}
    assert partition(manager) == list(range(n))  # every stop once
    assert all(contiguous(s.stops, n) for s in subs.values())
    longest = max(s.seconds for s in subs.values())
    assert longest <= 1.5 * sum(s.seconds for s in subs.values()) / 3  # balanced by time

    last = seen1[-1]
    manager.leave("dev2")
    subs = manager.subroutes()
    assert set(subs) == {"dev1", "dev3"} and partition(manager) == list(range(n))
    # dev1 goes on from the stop nearest to where it is (the next one when it stands on that stop)
    sub = subs["dev1"]
    nxt = await manager.next_location("dev1")
    d_next = float(haversine_m(last.lat, last.lng, nxt.lat, nxt.lng))
    others = [manager.route.stops[i] for i in sub.stops if i != last.stop]
    d_min = min(float(haversine_m(last.lat, last.lng, s.lat, s.lng)) for s in others)
    assert nxt.stop != last.stop and d_next <= d_min + 1.0


async def test_devices_together_visit_every_stop_each_lap(world: World, running: Running) -> None:
    await world.spawns(grid(12))
    area = await world.area(MODELS["mon"], "mons")
    manager = await running.manager(area)
    for origin in ("a", "b", "c"):
        manager.join(origin)
    visited: set[int] = set()
    for _ in range(4):
        for origin in ("a", "b", "c"):
            loc = await manager.next_location(origin)
            if loc.lap == 0:
                visited.add(loc.stop)
    assert visited == set(range(12))
    # the next call of each device starts its second lap
    assert {(await manager.next_location(o)).lap for o in ("a", "b", "c")} == {1}


async def test_more_devices_than_stops(world: World, running: Running) -> None:
    await world.spawns(grid(2))
    area = await world.area(MODELS["mon"], "mons")
    manager = await running.manager(area)
    for origin in ("a", "b", "c"):
        manager.join(origin)
    assert await manager.next_location("c") is None  # nothing for the third device
    assert (await manager.next_location("a")).kind is LocationKind.ROUTE
    manager.leave("a")
    assert (await manager.next_location("c")).kind is LocationKind.ROUTE  # it takes over at once

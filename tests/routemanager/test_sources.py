"""Each mode's route covers exactly the coordinates it should: rows in and outside the fence, filters."""

from __future__ import annotations

import json

import numpy as np

from magneton.geo.distance import haversine_m
from magneton.routing.managers import LocationKind, Mode
from tests.routemanager.conftest import (
    FENCE,
    LAT0,
    LAT1,
    LNG0,
    LNG1,
    MODELS,
    OUTSIDE,
    T0,
    Running,
    World,
    covered,
    grid,
)


async def test_mon_all_spawnpoints_of_the_events_inside_the_fence(world: World, running: Running) -> None:
    pts = grid(12)
    known = await world.spawns(pts[:4], start_id=1, endminsec="30:00")
    unknown = await world.spawns(pts[4:8], start_id=100)
    event5 = await world.spawns(pts[8:10], start_id=200, eventid=5)
    other_event = await world.spawns(pts[10:12], start_id=300, eventid=7)
    await world.spawns([OUTSIDE], start_id=400)
    # coords_spawns_known NULL: all spawnpoints (MAD took NULL as "unknown only")
    area = await world.area(MODELS["mon"], "mons", include_event_id=5)
    manager = await running.manager(area)
    route = manager.route.stops
    keys = set(manager.coords.keys)
    assert keys == {("spawn", i) for i in known + unknown + event5}
    for p in pts[:10]:
        assert covered(route, p, 67)
    for p in pts[10:] + [OUTSIDE]:
        assert not covered(route, p, 67)
    assert other_event  # present in the DB, filtered by event


async def test_mon_unknown_spawnpoints_only(world: World, running: Running) -> None:
    pts = grid(8)
    await world.spawns(pts[:4], start_id=1, endminsec="30:00")
    unknown = await world.spawns(pts[4:], start_id=100)
    area = await world.area(MODELS["mon"], "mons", coords_spawns_known=False)
    manager = await running.manager(area)
    assert set(manager.coords.keys) == {("spawn", i) for i in unknown}
    assert all(covered(manager.route.stops, p, 67) for p in pts[4:])
    assert not any(covered(manager.route.stops, p, 67) for p in pts[:4])


async def test_raids_gyms_and_optionally_stops(world: World, running: Running) -> None:
    # 490 m circles: gyms a few hundred metres apart share a stop; the outside gym 3 km away does not.
    pts = grid(6, spacing_m=300)
    gyms = await world.gyms(pts[:3] + [OUTSIDE])
    stops = await world.stops(pts[3:])
    gyms_only = await world.area(MODELS["raids"], "raids")
    with_stops = await world.area(MODELS["raids"], "raids and stops", including_stops=True)
    registry = await running.registry()
    a, b = registry.get(gyms_only), registry.get(with_stops)
    assert set(a.coords.keys) == {("gym", g) for g in gyms[:3]}
    assert set(b.coords.keys) == {("gym", g) for g in gyms[:3]} | {("stop", s) for s in stops}
    for manager, points in ((a, pts[:3]), (b, pts)):
        assert all(covered(manager.route.stops, p, 490) for p in points)
        assert not covered(manager.route.stops, OUTSIDE, 490)


async def test_quests_stops_without_a_quest_of_the_layer_today(world: World, running: Running) -> None:
    pts = grid(6)
    stops = await world.stops(pts + [OUTSIDE])
    await world.quest(stops[0], layer=1, at=T0 - 3600)  # non-AR quest today
    await world.quest(stops[1], layer=0, at=T0 - 3600)  # AR quest today
    await world.quest(stops[2], layer=1, at=T0 - 86400)  # yesterday's non-AR quest
    non_ar = await world.area(MODELS["quests"], "quests", level=False, layer=1)
    ar = await world.area(MODELS["quests"], "ar quests", level=False, layer=0)
    registry = await running.registry()
    m1, m0 = registry.get(non_ar), registry.get(ar)
    assert set(m1.coords.keys) == {("stop", s) for s in stops[1:6]}
    assert set(m0.coords.keys) == {("stop", s) for s in [stops[0]] + stops[2:6]}
    assert all(covered(m1.route.stops, p, 40) for p in pts[1:])  # every stop within a spin's reach
    assert not covered(m1.route.stops, pts[0], 40) and not covered(m1.route.stops, OUTSIDE, 40)
    assert m0.settings.route.max_count == 1 and len(m0.route.stops) == 5  # AR: one stop each, unclustered


async def test_quests_done_for_today_when_every_stop_has_its_quest(world: World, running: Running) -> None:
    pts = grid(3)
    stops = await world.stops(pts)
    area = await world.area(MODELS["quests"], "quests", level=False, layer=1)
    manager = await running.manager(area)
    manager.join("dev1")
    seen = []
    for _ in range(3):
        loc = await manager.next_location("dev1")
        seen.append(loc.stop)
    assert sorted(seen) == [0, 1, 2]
    for s in stops:  # the device scanned them all: their quests arrive
        await world.quest(s, layer=1, at=T0)
    assert await manager.next_location("dev1") is None  # end of lap: none left for today
    assert manager.exhausted and manager.finished("dev1")


async def test_quest_stop_handed_out_is_not_handed_out_again_after_a_join(world: World, running: Running) -> None:
    await world.stops(grid(6))
    area = await world.area(MODELS["quests"], "quests", level=False, layer=1)
    manager = await running.manager(area)
    manager.join("dev1")
    first = await manager.next_location("dev1")
    manager.join("dev2", (first.lat, first.lng))  # redistribution; dev2 starts where dev1 just was
    handed = [first.stop]
    for origin in ("dev1", "dev2") * 3:
        loc = await manager.next_location(origin)
        if loc is not None and loc.lap == 0:
            handed.append(loc.stop)
    assert len(handed) == len(set(handed))


async def test_init_grid_covers_the_fence_minus_excludes_and_ends_after_its_rounds(world: World,
                                                                                   running: Running) -> None:
    small = json.dumps(["[small]", "52.500,13.400", "52.503,13.400", "52.503,13.404", "52.500,13.404"])
    exclude = json.dumps(["[hole]", "52.5000,13.4000", "52.5015,13.4000", "52.5015,13.4020", "52.5000,13.4020"])
    area = await world.area(MODELS["init"], "init", fence=small, exclude=exclude, init_type="mons",
                            init_mode_rounds=2)
    manager = await running.manager(area)
    stops = manager.route.stops
    rng = np.random.default_rng(1)
    lat = rng.uniform(52.500, 52.503, 400)
    lng = rng.uniform(13.400, 13.404, 400)
    inside = manager.fence.contains(lat, lng)
    assert inside.sum() > 100
    assert all(covered(stops, (a, b), 67) for a, b in zip(lat[inside], lng[inside]))
    assert not any(covered(stops, (52.5003, 13.4003), 67) for _ in [0])  # deep in the excluded corner
    manager.join("dev1")
    visits = 0
    while (loc := await manager.next_location("dev1")) is not None:
        assert loc.kind is LocationKind.ROUTE
        visits += 1
        assert visits <= 2 * len(stops)
    assert visits == 2 * len(stops) and manager.finished("dev1")


async def test_idle_has_nothing_to_scan(world: World, running: Running) -> None:
    area = await world.area(MODELS["idle"], "idle")
    manager = await running.manager(area)
    manager.join("dev1", (LAT0, LNG0))
    assert manager.settings.mode is Mode.IDLE
    assert await manager.next_location("dev1") is None
    assert manager.route.stops == ()


async def test_leveling_nearest_stops_not_spun_by_the_account(world: World, running: Running) -> None:
    pts = grid(8)
    stops = await world.stops(pts + [OUTSIDE])
    await world.device("lvl01", "trainer01")
    for s in stops[:3]:
        await world.visited(s, "trainer01")
    await world.visited(stops[3], "someone_else")
    area = await world.area(MODELS["quests"], "leveling", level=True, layer=1)
    manager = await running.manager(area)
    assert manager.settings.mode is Mode.LEVELING
    manager.join("lvl01", pts[7])
    got = []
    for _ in range(5):
        loc = await manager.next_location("lvl01")
        got.append((loc.lat, loc.lng))
    route = manager.route_of("lvl01").stops
    assert len(route) == 5
    assert float(haversine_m(*got[0], *pts[7])) < 1  # starts where the device is
    assert all(covered(route, p, 67) for p in pts[3:])
    assert not any(covered(route, p, 67) for p in pts[:3] + [OUTSIDE])


def test_fence_box_is_what_the_tests_assume() -> None:
    assert json.loads(FENCE)[1:] == [f"{LAT0},{LNG0}", f"{LAT1},{LNG0}", f"{LAT1},{LNG1}", f"{LAT0},{LNG1}"]

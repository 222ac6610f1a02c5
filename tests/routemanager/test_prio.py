"""Priority queues from DB rows with an injected clock: spawns (mon_mitm), raid hatches (raids_mitm),
encounters without IV (iv_mitm): what is queued, in which order, when it expires, who gets it."""

from __future__ import annotations

import asyncio
import dataclasses

from magneton.geo.distance import haversine_m
from magneton.routing.managers import LocationKind
from tests.routemanager.conftest import MODELS, OPTIONS, OUTSIDE, T0, Clock, Running, World, grid

PTS = grid(12)  # 150 m apart: no two events cluster at 67 m


def keys(events) -> list:  # noqa: ANN001
    return [k for e in events for k in e.keys]


async def spawn_area(world: World, **settings) -> int:  # noqa: ANN003
    await world.spawns(PTS[:4], start_id=1)  # the route: unknown despawn times
    await world.spawns([PTS[4]], start_id=10, endminsec="32:00")  # up 12:02-12:32
    await world.spawns([PTS[5]], start_id=11, endminsec="35:00")  # up 12:05-12:35
    await world.spawns([PTS[6]], start_id=12, endminsec="20:00")  # up since 11:50: beyond the 300 s backlog
    await world.spawns([PTS[7]], start_id=13, endminsec="58:00")  # from 12:28: beyond the 900 s horizon
    await world.spawns([OUTSIDE], start_id=14, endminsec="31:00")  # outside the fence
    defaults = dict(delay_after_prio_event=0, remove_from_queue_backlog=300.0, min_time_left_seconds=120)
    return await world.area(MODELS["mon"], "mons", **{**defaults, **settings})


async def test_spawn_events_order_alternation_and_expiry(world: World, running: Running, clock: Clock) -> None:
    manager = await running.manager(await spawn_area(world))
    await manager.refresh_prio()
    events = manager.prio_events()
    assert keys(events) == [("spawn", 10), ("spawn", 11)]
    assert (events[0].earliest, events[0].latest) == (T0 + 120, T0 + 32 * 60 - 120)  # despawn - min_time_left

    manager.join("dev1", PTS[0])
    assert (await manager.next_location("dev1")).kind is LocationKind.ROUTE  # nothing due at 12:00
    clock.t = T0 + 150
    loc = await manager.next_location("dev1")
    assert loc.kind is LocationKind.PRIO and loc.event.keys == (("spawn", 10),)
    assert (loc.lat, loc.lng) == PTS[4]
    clock.t = T0 + 330
    assert (await manager.next_location("dev1")).kind is LocationKind.ROUTE  # alternates with the route
    loc = await manager.next_location("dev1")
    assert loc.kind is LocationKind.PRIO and loc.event.keys == (("spawn", 11),)

    # expiry: an event due more than remove_from_queue_backlog ago is dropped
    await manager.refresh_prio(T0)
    assert keys(manager.prio_events(T0 + 300)) == [("spawn", 10), ("spawn", 11)]
    assert keys(manager.prio_events(T0 + 480)) == [("spawn", 11)]


async def test_starve_route_serves_every_due_event_first(world: World, running: Running, clock: Clock) -> None:
    manager = await running.manager(await spawn_area(world, starve_route=True))
    await manager.refresh_prio()
    manager.join("dev1", PTS[0])
    clock.t = T0 + 330
    kinds = [(await manager.next_location("dev1")).kind for _ in range(3)]
    assert kinds == [LocationKind.PRIO, LocationKind.PRIO, LocationKind.ROUTE]


async def test_spawn_clustering_honours_timedelta_and_max_clustering(world: World, running: Running) -> None:
    near = (PTS[4][0] + 20 / 111_195.0, PTS[4][1])  # 20 m from PTS[4]
    await world.spawns([PTS[4]], start_id=10, endminsec="32:00")  # up 12:02
    await world.spawns([near], start_id=11, endminsec="33:00")  # up 12:03
    merged = await world.area(MODELS["mon"], "merged", delay_after_prio_event=0)
    apart = await world.area(MODELS["mon"], "apart", delay_after_prio_event=0, max_clustering=1)
    narrow = await world.area(MODELS["mon"], "narrow", delay_after_prio_event=0,
                              priority_queue_clustering_timedelta=30.0)
    registry = await running.registry()
    counts = {}
    for area in (merged, apart, narrow):
        manager = registry.get(area)
        await manager.refresh_prio()
        counts[area] = manager.prio_events()
    (one,) = counts[merged]
    assert set(one.keys) == {("spawn", 10), ("spawn", 11)} and one.earliest == T0 + 180  # when both are up
    assert len(counts[apart]) == 2 and len(counts[narrow]) == 2


async def test_spawn_event_goes_to_the_device_that_reaches_it_first(world: World, running: Running,
                                                                    clock: Clock) -> None:
    manager = await running.manager(await spawn_area(world, speed=10.0))
    await manager.refresh_prio()
    manager.join("far", PTS[0])
    manager.join("near", PTS[4])
    clock.t = T0 + 150
    assert (await manager.next_location("far")).kind is LocationKind.ROUTE  # handed to "near"
    loc = await manager.next_location("near")
    assert loc.kind is LocationKind.PRIO and loc.event.keys == (("spawn", 10),)


RAID_GYMS = [(52.5005, 13.4005), (52.5095, 13.4145), (52.5005, 13.4145), (52.5095, 13.4005)]  # ~1 km apart


async def test_raid_hatches_order_and_expiry(world: World, running: Running, clock: Clock) -> None:
    g = await world.gyms(RAID_GYMS)
    (outside,) = await world.gyms([OUTSIDE], prefix="x")
    await world.raid(g[0], start=T0 - 180, end=T0 + 2400)  # hatched, boss not seen yet: due now
    await world.raid(g[1], start=T0 + 300, end=T0 + 3000)  # hatches 12:05
    await world.raid(g[2], start=T0 - 600, end=T0 + 2100, pokemon_id=150)  # boss known: nothing to do
    await world.raid(g[3], start=T0 + 3600, end=T0 + 6300)  # hatches beyond the horizon
    await world.raid(outside, start=T0 + 60, end=T0 + 2800)
    area = await world.area(MODELS["raids"], "raids", delay_after_prio_event=0, remove_from_queue_backlog=0.0)
    manager = await running.manager(area)
    await manager.refresh_prio()
    assert keys(manager.prio_events()) == [("raid", g[0]), ("raid", g[1])]
    manager.join("dev1", RAID_GYMS[3])
    loc = await manager.next_location("dev1")
    assert loc.kind is LocationKind.PRIO and loc.event.keys == (("raid", g[0]),)
    assert (await manager.next_location("dev1")).kind is LocationKind.ROUTE
    clock.t = T0 + 310
    loc = await manager.next_location("dev1")
    assert loc.kind is LocationKind.PRIO and loc.event.keys == (("raid", g[1]),)
    # backlog 0: no backlog limit (MAD turned 0 into 300 s); a raid leaves the queue when it ends
    await manager.refresh_prio(T0)
    assert keys(manager.prio_events(T0 + 2399)) == [("raid", g[0]), ("raid", g[1])]
    assert keys(manager.prio_events(T0 + 2401)) == [("raid", g[1])]


async def test_raid_prio_queue_is_off_without_delay_after_prio_event(world: World, running: Running) -> None:
    g = await world.gyms(RAID_GYMS[:1])
    await world.raid(g[0], start=T0 - 60, end=T0 + 2400)
    manager = await running.manager(await world.area(MODELS["raids"], "raids"))
    assert await manager.refresh_prio() == 0 and manager.prio_events() == []


async def iv_world(world: World) -> None:
    await world.mon(1, PTS[0], 3, T0 + 1200)  # rank 2
    await world.mon(2, PTS[1], 149, T0 + 900)  # rank 1
    await world.mon(3, PTS[2], 201, T0 + 600)  # rank 0
    await world.mon(4, PTS[3], 25, T0 + 900)  # not in the list
    await world.mon(5, PTS[4], 149, T0 + 900, iv=15)  # IV known already
    await world.mon(6, PTS[5], 201, T0 + 30)  # less than min_time_left_seconds left
    await world.mon(7, PTS[6], 201, T0 + 900, seen_type="nearby_cell")  # no exact position
    await world.mon(8, OUTSIDE, 201, T0 + 900)
    await world.mon(9, PTS[7], 3, T0 + 300)  # rank 2, closes first


async def test_iv_queue_by_list_rank_then_deadline(world: World, running: Running, clock: Clock) -> None:
    await iv_world(world)
    monlist = await world.monlist((201, 149, 3))
    area = await world.area(MODELS["iv"], "iv", monlist_id=monlist, min_time_left_seconds=60)
    manager = await running.manager(area)
    await manager.refresh_prio()
    manager.join("dev1", PTS[0])
    manager.join("dev2", PTS[11])
    assert await manager.next_location("dev1") is None  # seen at 12:00, due 10 s later (NULL delay: 10 s)
    assert manager.next_due_at() == T0 + 10
    clock.t = T0 + 10
    assert keys(manager.prio_events()) == [("encounter", 3), ("encounter", 2), ("encounter", 9), ("encounter", 1)]
    got = [await manager.next_location(o) for o in ("dev1", "dev1", "dev2")]  # no alternation, no handover
    assert [loc.event.keys[0] for loc in got] == [("encounter", 3), ("encounter", 2), ("encounter", 9)]
    # the window closes min_time_left_seconds before the despawn
    await manager.refresh_prio(T0 + 10)
    assert ("encounter", 9) in keys(manager.prio_events(T0 + 239))
    assert ("encounter", 9) not in keys(manager.prio_events(T0 + 241))


async def test_iv_all_mons_appends_unlisted_species(world: World, running: Running, clock: Clock) -> None:
    await iv_world(world)
    monlist = await world.monlist((201, 149, 3))
    area = await world.area(MODELS["iv"], "iv", monlist_id=monlist, all_mons=True)  # min_time_left NULL: 0
    manager = await running.manager(area)
    await manager.refresh_prio()
    clock.t = T0 + 10
    # rank first (unlisted species after the list), then the window that closes first
    assert keys(manager.prio_events()) == [("encounter", 6), ("encounter", 3), ("encounter", 2), ("encounter", 9),
                                           ("encounter", 1), ("encounter", 4)]
    assert float(haversine_m(*PTS[0], *PTS[1])) > 67


async def test_iv_next_location_waits_for_an_encounter(world: World, running: Running, clock: Clock) -> None:
    """The worker leaves an area on None, so an IV device waits for work (as in MAD) instead."""
    monlist = await world.monlist((201,))
    area = await world.area(MODELS["iv"], "iv", monlist_id=monlist)
    manager = await running.manager(area, dataclasses.replace(OPTIONS, prio_wait_s=60.0))
    manager.join("dev1", PTS[0])
    waiting = asyncio.create_task(manager.next_location("dev1"))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    await world.mon(3, PTS[2], 201, T0 + 600)  # seen now, due at T0 + 10
    clock.t = T0 + 10
    await manager.refresh_prio()
    loc = await asyncio.wait_for(waiting, 5)
    assert loc.kind is LocationKind.PRIO and loc.event.keys == (("encounter", 3),)
    assert not manager.finished("dev1")

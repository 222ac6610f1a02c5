"""settings_routecalc: written after a calculation, reused at restart when the coordinates still fit,
patched for small changes, recalculated for large ones or on demand."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from magneton.db import Database
from magneton.db.models import SettingsAreaMonMitm, SettingsAreaRaidsMitm, SettingsRoutecalc
from magneton.routing.managers import Change
from magneton.routing.routefile import from_routefile
from tests.routemanager.conftest import MODELS, T0, Clock, Running, World, covered, grid


async def routecalc_row(db: Database, area_id: int) -> tuple[str, bool, datetime]:
    async with db.engine.connect() as conn:
        rc = await conn.scalar(select(SettingsAreaMonMitm.routecalc).where(SettingsAreaMonMitm.area_id == area_id))
        row = (await conn.execute(select(SettingsRoutecalc.routefile, SettingsRoutecalc.recalc_status,
                                         SettingsRoutecalc.last_updated)
                                  .where(SettingsRoutecalc.routecalc_id == rc))).one()
    return row[0], bool(row[1]), row[2]


def stops_of(manager) -> list[tuple[float, float]]:  # noqa: ANN001
    return [(s.lat, s.lng) for s in manager.route.stops]


async def test_route_is_persisted_and_reused_at_restart(database: Database, world: World, running: Running,
                                                        clock: Clock) -> None:
    await world.spawns(grid(20))
    area = await world.area(MODELS["mon"], "mons")
    first = await running.manager(area)
    assert (first.stats.calculations, first.stats.loads) == (1, 0)
    routefile, calculating, updated = await routecalc_row(database, area)
    assert from_routefile(routefile) == stops_of(first)
    assert not calculating and updated == datetime.fromtimestamp(T0, UTC)
    await running.stop_all()

    clock.t = T0 + 3600
    second = await running.manager(area)  # a restart: nothing changed
    assert (second.stats.calculations, second.stats.loads, second.stats.patches) == (0, 1, 0)
    assert stops_of(second) == stops_of(first)
    assert (await routecalc_row(database, area))[2] == datetime.fromtimestamp(T0, UTC)  # not rewritten


async def test_a_few_new_coordinates_are_patched_in_at_restart(database: Database, world: World,
                                                               running: Running, clock: Clock) -> None:
    pts = grid(21)
    await world.spawns(pts[:20])
    area = await world.area(MODELS["mon"], "mons")
    first = await running.manager(area)
    await running.stop_all()
    await world.spawns(pts[20:], start_id=500)  # 1 of 21: below the 10 % threshold
    clock.t = T0 + 60
    second = await running.manager(area)
    assert (second.stats.calculations, second.stats.loads, second.stats.patches) == (0, 1, 1)
    assert all(covered(second.route.stops, p, 67) for p in pts)
    assert len(second.route.stops) == len(first.route.stops) + 1
    routefile, calculating, updated = await routecalc_row(database, area)
    assert from_routefile(routefile) == stops_of(second) and updated == datetime.fromtimestamp(T0 + 60, UTC)


async def test_many_new_coordinates_are_recalculated_at_restart(world: World, running: Running) -> None:
    pts = grid(30)
    await world.spawns(pts[:20])
    area = await world.area(MODELS["mon"], "mons")
    await running.manager(area)
    await running.stop_all()
    await world.spawns(pts[20:], start_id=500)
    second = await running.manager(area)
    assert (second.stats.calculations, second.stats.loads) == (1, 1)
    assert all(covered(second.route.stops, p, 67) for p in pts)


async def test_a_route_mad_stored_is_adopted_when_it_covers_the_coordinates(database: Database, world: World,
                                                                           running: Running) -> None:
    pts = grid(10)
    await world.spawns(pts)
    area = await world.area(MODELS["mon"], "mons")
    mad_text = str([f"{lat},{lng}" for lat, lng in reversed(pts)]).replace("'", '"')  # MAD's own writing
    async with database.engine.begin() as conn:
        rc = await conn.scalar(select(SettingsAreaMonMitm.routecalc).where(SettingsAreaMonMitm.area_id == area))
        await conn.execute(update(SettingsRoutecalc).where(SettingsRoutecalc.routecalc_id == rc)
                           .values(routefile=mad_text, recalc_status=True))  # left set by a crash
    manager = await running.manager(area)
    assert (manager.stats.calculations, manager.stats.loads) == (0, 1)
    assert stops_of(manager) == list(reversed(pts))
    assert (await routecalc_row(database, area))[1] is False  # recalc_status reset at start


async def test_a_stored_route_far_denser_than_needed_is_recalculated(database: Database, world: World,
                                                                     running: Running) -> None:
    """E.g. init_type changed from mons (67 m) to forts (490 m): every point is covered, but by far too
    many stops."""
    pts = grid(20)
    await world.gyms(pts)
    area = await world.area(MODELS["raids"], "raids")
    dense = str([f"{lat},{lng}" for lat, lng in pts]).replace("'", '"')
    async with database.engine.begin() as conn:
        rc = await conn.scalar(select(SettingsAreaRaidsMitm.routecalc).where(SettingsAreaRaidsMitm.area_id == area))
        await conn.execute(update(SettingsRoutecalc).where(SettingsRoutecalc.routecalc_id == rc)
                           .values(routefile=dense))
    manager = await running.manager(area)
    assert manager.stats.calculations == 1 and len(manager.route.stops) < len(pts) / 2


async def test_recalculate_on_demand_and_refresh_at_runtime(database: Database, world: World, running: Running,
                                                            clock: Clock) -> None:
    pts = grid(30)
    await world.spawns(pts[:20])
    area = await world.area(MODELS["mon"], "mons")
    manager = await running.manager(area)
    assert await manager.refresh_coords() is Change.UNCHANGED
    clock.t = T0 + 10
    await manager.recalculate()
    assert manager.stats.calculations == 2
    routefile, calculating, updated = await routecalc_row(database, area)
    assert not calculating and updated == datetime.fromtimestamp(T0 + 10, UTC)
    await world.spawns(pts[20:21], start_id=500)
    assert await manager.refresh_coords() is Change.PATCHED
    await world.spawns(pts[21:], start_id=600)
    assert await manager.refresh_coords() is Change.CALCULATED
    assert manager.stats.calculations == 3
    assert all(covered(manager.route.stops, p, 67) for p in pts)
    assert from_routefile((await routecalc_row(database, area))[0]) == stops_of(manager)

"""`settings_routecalc`: where an area's route is persisted, in MAD's format (MADmin and MAD read it).

`recalc_status` is 1 while a calculation runs (MADmin refuses a second one), `last_updated` is when the
routefile was written. No column of MAD's is added: whether a stored route still fits the area's
coordinates is decided by comparing the route with them (see `fit`), which also works for routes MAD
wrote before the switch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db.models import SettingsRoutecalc
from magneton.routing.route import Route
from magneton.routing.routefile import RoutefileError, from_routefile, to_routefile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredRoute:
    stops: list[tuple[float, float]]
    recalc_status: bool
    last_updated: datetime | None


async def load(engine: AsyncEngine, routecalc_id: int) -> StoredRoute | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(SettingsRoutecalc.routefile, SettingsRoutecalc.recalc_status,
                                         SettingsRoutecalc.last_updated)
                                  .where(SettingsRoutecalc.routecalc_id == routecalc_id))).first()
    if row is None:
        return None
    try:
        stops = from_routefile(row[0] or "")
    except RoutefileError as error:
        log.warning("routecalc %d: stored route unreadable (%s); it will be recalculated", routecalc_id, error)
        stops = []
    return StoredRoute(stops, bool(row[1]), row[2])


async def _ensure(engine: AsyncEngine, routecalc_id: int, instance_id: int) -> None:
    async with engine.begin() as conn:
        exists = await conn.scalar(select(SettingsRoutecalc.routecalc_id)
                                   .where(SettingsRoutecalc.routecalc_id == routecalc_id))
        if exists is None:
            await conn.execute(SettingsRoutecalc.__table__.insert().values(
                routecalc_id=routecalc_id, instance_id=instance_id, recalc_status=False, routefile="[]",
                last_updated=datetime.now(UTC)))


async def set_calculating(engine: AsyncEngine, routecalc_id: int, instance_id: int, calculating: bool) -> None:
    await _ensure(engine, routecalc_id, instance_id)
    async with engine.begin() as conn:
        await conn.execute(update(SettingsRoutecalc).where(SettingsRoutecalc.routecalc_id == routecalc_id)
                           .values(recalc_status=calculating))


async def save(engine: AsyncEngine, routecalc_id: int, instance_id: int, route: Route, now: float) -> None:
    """Write the route and clear `recalc_status`."""
    await _ensure(engine, routecalc_id, instance_id)
    async with engine.begin() as conn:
        await conn.execute(update(SettingsRoutecalc).where(SettingsRoutecalc.routecalc_id == routecalc_id)
                           .values(routefile=to_routefile(route), recalc_status=False,
                                   last_updated=datetime.fromtimestamp(now, UTC)))

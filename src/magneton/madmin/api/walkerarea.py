"""/api/walkerarea: one step of a walker: an area and the rule for leaving it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsWalker, SettingsWalkerarea, SettingsWalkerToWalkerarea
from magneton.madmin.api.fields import Field
from magneton.madmin.api.resource import Resource
from magneton.madmin.api.walker import append_to_walker
from magneton.madmin.context import MadminContext

LINKS = SettingsWalkerToWalkerarea.__table__
ALGO_TYPES = ("countdown", "timer", "round", "period", "coords", "idle")


class WalkerareaResource(Resource):
    name = "walkerarea"
    table = SettingsWalkerarea.__table__
    pk = "walkerarea_id"
    display = "walkertext"
    description = "Walker areas: an area and when a device leaves it (timer, rounds, period, …)"
    fields = (
        Field("walkerarea", "uri", column="area_id", uri="area", required=True, descr="The area"),
        Field("walkertype", "enum", column="algo_type", values=ALGO_TYPES, required=True,
              descr="When to move on: countdown (s), timer (HH:MM), round (n), period (HH:MM-HH:MM), coords, idle"),
        Field("walkervalue", column="algo_value", empty="", descr="Value for walkertype"),
        Field("walkermax", "int", column="max_walkers", empty="", descr="Most devices in this walker area"),
        Field("walkertext", column="name", empty="", descr="Description"),
        Field("eventid", "int", empty="", descr="Only during this event (trs_event id)"),
        Field("walker_id", "uri", column=None, uri="walker", writeonly=True,
              descr="Append this walker area to the walker's setup"),
    )

    async def store_virtual(self, conn: AsyncConnection, ctx: MadminContext, ident: int, virtual: dict[str, Any],
                            append: bool) -> None:
        walker_id = virtual.get("walker_id")
        if walker_id is not None:
            await append_to_walker(conn, walker_id, [ident])

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        walker = SettingsWalker.__table__
        rows = await conn.execute(select(walker.c.walker_id, walker.c.name).distinct()
                                  .join(LINKS, LINKS.c.walker_id == walker.c.walker_id)
                                  .where(LINKS.c.walkerarea_id == ident))
        return [{"uri": f"/api/walker/{r.walker_id}", "name": r.name} for r in rows]

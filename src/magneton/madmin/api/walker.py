"""/api/walker: a walker is the ordered list of walker areas a device works through."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsDevice, SettingsWalker, SettingsWalkerarea, SettingsWalkerToWalkerarea
from magneton.madmin.api.fields import Field
from magneton.madmin.api.resource import Resource, users
from magneton.madmin.context import MadminContext

LINKS = SettingsWalkerToWalkerarea.__table__


async def append_to_walker(conn: AsyncConnection, walker_id: int, walkerarea_ids: list[int]) -> None:
    start = (await conn.scalar(select(func.max(LINKS.c.area_order)).where(LINKS.c.walker_id == walker_id)))
    start = -1 if start is None else start
    if walkerarea_ids:
        await conn.execute(insert(LINKS), [{"walker_id": walker_id, "walkerarea_id": w, "area_order": start + 1 + i}
                                           for i, w in enumerate(walkerarea_ids)])


class WalkerResource(Resource):
    name = "walker"
    table = SettingsWalker.__table__
    pk = "walker_id"
    display = "walkername"
    description = "Walkers: which areas a device works in, in order, and when it moves on"
    fields = (
        Field("walkername", column="name", required=True, descr="Name of the walker"),
        Field("setup", "uri_list", column=None, uri="walkerarea", empty=[], descr="Walker areas in order"),
    )

    async def load_virtual(self, conn: AsyncConnection, ctx: MadminContext, rows: list[dict[str, Any]]) -> None:
        ids = [r["walker_id"] for r in rows]
        setup: dict[int, list[int]] = defaultdict(list)
        if ids:
            stmt = select(LINKS.c.walker_id, LINKS.c.walkerarea_id).where(LINKS.c.walker_id.in_(ids)).order_by(
                LINKS.c.walker_id, LINKS.c.area_order)
            for walker_id, walkerarea_id in await conn.execute(stmt):
                setup[walker_id].append(walkerarea_id)
        for row in rows:
            row["setup"] = setup.get(row["walker_id"], [])

    async def store_virtual(self, conn: AsyncConnection, ctx: MadminContext, ident: int, virtual: dict[str, Any],
                            append: bool) -> None:
        if "setup" not in virtual:
            return
        if not append:
            await conn.execute(delete(LINKS).where(LINKS.c.walker_id == ident))
        await append_to_walker(conn, ident, virtual["setup"] or [])

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        rows = await conn.execute(select(SettingsDevice.device_id, SettingsDevice.name)
                                  .where(SettingsDevice.walker_id == ident))
        return users(rows, "device", "device_id", "name")

    async def remove(self, conn: AsyncConnection, ctx: MadminContext, ident: int, row: dict[str, Any]) -> None:
        # The walker's areas go with it, unless another walker still uses them.
        own = set((await conn.scalars(select(LINKS.c.walkerarea_id).where(LINKS.c.walker_id == ident))).all())
        await conn.execute(delete(LINKS).where(LINKS.c.walker_id == ident))
        await super().remove(conn, ctx, ident, row)
        if own:
            shared = set((await conn.scalars(select(LINKS.c.walkerarea_id)
                                             .where(LINKS.c.walkerarea_id.in_(own)))).all())
            orphans = own - shared
            if orphans:
                await conn.execute(delete(SettingsWalkerarea.__table__)
                                   .where(SettingsWalkerarea.__table__.c.walkerarea_id.in_(orphans)))

"""/api/monivlist: lists of mon ids to encounter (settings_monivlist + settings_monivlist_to_mon)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsMonivlist, SettingsMonivlistToMon
from magneton.madmin.api.area_tables import areas_where
from magneton.madmin.api.fields import Field
from magneton.madmin.api.resource import Resource
from magneton.madmin.context import MadminContext

MONS = SettingsMonivlistToMon.__table__


class MonivlistResource(Resource):
    name = "monivlist"
    table = SettingsMonivlist.__table__
    pk = "monlist_id"
    display = "monlist"
    description = "IV lists: the mons to encounter, in priority order"
    fields = (
        Field("monlist", column="name", required=True, descr="Name of the IV list"),
        Field("mon_ids_iv", "int_list", column=None, empty=[], descr="Pokédex ids in priority order"),
    )

    async def load_virtual(self, conn: AsyncConnection, ctx: MadminContext, rows: list[dict[str, Any]]) -> None:
        ids = [r["monlist_id"] for r in rows]
        mons: dict[int, list[int]] = defaultdict(list)
        if ids:
            stmt = select(MONS.c.monlist_id, MONS.c.mon_id).where(MONS.c.monlist_id.in_(ids)).order_by(
                MONS.c.monlist_id, MONS.c.mon_order)
            for monlist_id, mon_id in await conn.execute(stmt):
                mons[monlist_id].append(mon_id)
        for row in rows:
            row["mon_ids_iv"] = mons.get(row["monlist_id"], [])

    async def store_virtual(self, conn: AsyncConnection, ctx: MadminContext, ident: int, virtual: dict[str, Any],
                            append: bool) -> None:
        if "mon_ids_iv" not in virtual:
            return
        wanted = virtual["mon_ids_iv"] or []
        start = 0
        if append:
            existing = set((await conn.scalars(select(MONS.c.mon_id).where(MONS.c.monlist_id == ident))).all())
            wanted = [m for m in wanted if m not in existing]  # (monlist_id, mon_id) is the key
            start = (await conn.scalar(select(func.max(MONS.c.mon_order)).where(MONS.c.monlist_id == ident)) or 0) + 1
        else:
            await conn.execute(delete(MONS).where(MONS.c.monlist_id == ident))
        unique = list(dict.fromkeys(wanted))
        if unique:
            await conn.execute(insert(MONS), [{"monlist_id": ident, "mon_id": m, "mon_order": start + i}
                                              for i, m in enumerate(unique)])

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        return await areas_where(conn, lambda t: t.c.monlist_id == ident, column="monlist_id")

    async def remove(self, conn: AsyncConnection, ctx: MadminContext, ident: int, row: dict[str, Any]) -> None:
        await conn.execute(delete(MONS).where(MONS.c.monlist_id == ident))
        await super().remove(conn, ctx, ident, row)

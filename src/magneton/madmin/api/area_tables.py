"""The area tables by mode (joined-table inheritance) and lookups across them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import (
    SettingsArea,
    SettingsAreaIdle,
    SettingsAreaInitMitm,
    SettingsAreaIvMitm,
    SettingsAreaMonMitm,
    SettingsAreaPokestops,
    SettingsAreaRaidsMitm,
)
from magneton.madmin.api.fields import uri_of

BASE: Table = SettingsArea.__table__
MODE_TABLES: dict[str, Table] = {
    "idle": SettingsAreaIdle.__table__,
    "iv_mitm": SettingsAreaIvMitm.__table__,
    "mon_mitm": SettingsAreaMonMitm.__table__,
    "pokestops": SettingsAreaPokestops.__table__,
    "raids_mitm": SettingsAreaRaidsMitm.__table__,
    "init": SettingsAreaInitMitm.__table__,
}
MODES = tuple(MODE_TABLES)


async def areas_where(conn: AsyncConnection, condition: Callable[[Table], Any] | None,
                      column: str | None = None) -> list[dict[str, Any]]:
    """[{uri, name}] of the areas (any mode) whose mode table matches `condition(table)`; with `column`,
    only mode tables having that column are searched."""
    found = []
    for table in MODE_TABLES.values():
        if column is not None and column not in table.c:
            continue
        stmt = (select(BASE.c.area_id, BASE.c.name).join(table, table.c.area_id == BASE.c.area_id)
                .where(condition(table)))
        found.extend({"uri": uri_of("area", r.area_id), "name": r.name} for r in await conn.execute(stmt))
    return sorted(found, key=lambda d: d["uri"])

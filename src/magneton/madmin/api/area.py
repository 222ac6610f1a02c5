"""/api/area: areas in six modes (settings_area + one table per mode); routes are recalculated by JSON-RPC."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsRoutecalc, SettingsWalkerarea, TrsStatus
from magneton.madmin.api.area_tables import BASE, MODE_TABLES, MODES
from magneton.madmin.api.fields import Field, Problems
from magneton.madmin.api.resource import ApiError, Resource, Write, users
from magneton.madmin.context import MadminContext
from magneton.madmin.route_source import RecalcRefused

log = logging.getLogger(__name__)

ROUTECALC = SettingsRoutecalc.__table__
MODE_LIST = ",".join(MODES)
NO_MODE = f"Please specify a mode for resource information Valid modes: {MODE_LIST}"
NO_MODE_ERROR = f"Please specify a mode for resource information.  Valid modes: {MODE_LIST}"
NO_ROUTE_MODES = ("idle", "iv_mitm")  # iv_mitm follows its priority queue; idle has no route


def invalid_mode(mode: str) -> str:
    return f"Invalid mode specified [{mode}].  Valid modes: {MODE_LIST}"


def _s(name: str, kind: str, descr: str, **kw: Any) -> Field:
    return Field(name, kind, settings=True, descr=descr, **kw)


_COMMON = (
    Field("name", required=True, descr="Name of the area"),
    Field("mode", "enum", values=MODES, readonly=True, required=True, descr="Scan mode (X-Mode, ?mode= or body)"),
    Field("geofence_included", "uri", uri="geofence", required=True, descr="Geofence to scan in"),
)
_EXCLUDED = Field("geofence_excluded", "uri", uri="geofence", descr="Geofence left out")
_ROUTECALC = Field("routecalc", "uri", uri="routecalc", descr="Stored route (created with the area when not given)")
# `init` was a flag of these modes before init became a mode of its own: shown as false, only false accepted.
_INIT = Field("init", "bool", column=None, empty=False, descr="Obsolete: use mode init")
_SPEED = (_s("speed", "float", "Walking speed (km/h; 0: teleport)"),
          _s("max_distance", "float", "Teleport instead of walking above this distance (m)"))
_PRIO = (_s("delay_after_prio_event", "int", "Seconds after an event before scanning it"),
         _s("priority_queue_clustering_timedelta", "float", "Merge events this many seconds apart"),
         _s("starve_route", "bool", "Only scan the priority queue"))
_MONS = (_s("mon_ids_iv", "uri", "IV list of mons to encounter", column="monlist_id", uri="monivlist"),
         _s("all_mons", "bool", "Encounter every mon"))

FIELDS: dict[str, tuple[Field, ...]] = {
    "idle": (*_COMMON, _ROUTECALC),
    "iv_mitm": (*_COMMON, _EXCLUDED, _ROUTECALC, *_SPEED, *_PRIO,
                _s("remove_from_queue_backlog", "bool", "Drop events older than this from the queue"), *_MONS,
                _s("min_time_left_seconds", "int", "Skip mons despawning sooner"),
                _s("encounter_all", "bool", "Encounter all mons, not only those of the IV list")),
    "mon_mitm": (*_COMMON, _EXCLUDED, _ROUTECALC, _INIT,
                 Field("coords_spawns_known", "bool", descr="Route over known spawnpoints only"),
                 *_SPEED, *_PRIO,
                 _s("remove_from_queue_backlog", "float", "Drop events older than this many seconds"), *_MONS,
                 _s("min_time_left_seconds", "int", "Skip mons despawning sooner"),
                 _s("max_clustering", "int", "Most spawnpoints per route stop"),
                 _s("include_event_id", "int", "Also route over spawnpoints of this event"),
                 _s("encounter_all", "bool", "Encounter all mons, not only those of the IV list")),
    "pokestops": (*_COMMON, _EXCLUDED, _ROUTECALC, _INIT,
                  Field("level", "bool", descr="Levelling mode: spin every stop once per account"),
                  *_SPEED,
                  _s("ignore_spinned_stops", "bool", "Skip stops this account already spun"),
                  _s("cleanup_every_spin", "bool", "Clear the inventory after every spin"),
                  _s("layer", "int", "Quest layer (1: non-AR, 0: AR)")),
    "raids_mitm": (*_COMMON, _EXCLUDED, _ROUTECALC, _INIT,
                   Field("including_stops", "bool", descr="Route over stops too"), *_SPEED, *_PRIO,
                   _s("remove_from_queue_backlog", "float", "Drop events older than this many seconds"), *_MONS,
                   _s("encounter_all", "bool", "Encounter all mons, not only those of the IV list")),
    "init": (*_COMMON, _EXCLUDED, _ROUTECALC,
             Field("init_type", "enum", values=("mons", "forts"), required=True, descr="Discover mons or forts"),
             _s("init_mode_rounds", "int", "Rounds over the init grid"), *_MONS, *_SPEED),
}


class AreaResource(Resource):
    name = "area"
    table = BASE
    pk = "area_id"
    display = "name"
    description = "Areas: a geofence, a scan mode and its settings"
    fields = FIELDS["idle"]
    ignored = frozenset({"mode"})

    def fields_for(self, mode: str | None) -> tuple[Field, ...]:
        return FIELDS.get(mode or "", FIELDS["idle"])

    def table_for(self, storage: str, mode: str | None) -> Table:
        return BASE if storage in ("name", "mode") else MODE_TABLES.get(mode or "idle", MODE_TABLES["idle"])

    def definition(self, mode: str | None) -> Any:
        return super().definition(mode) if mode in FIELDS else NO_MODE

    def mode_of(self, row: dict[str, Any]) -> str | None:
        return row.get("mode")

    async def rows(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None = None,
                   mode: str | None = None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for each, table in MODE_TABLES.items():
            if mode is not None and each != mode:
                continue
            columns = [c for c in table.c if c.name != "area_id"]
            stmt = (select(BASE, *columns).join(table, table.c.area_id == BASE.c.area_id)
                    .where(BASE.c.instance_id == ctx.instance_id, BASE.c.mode == each))
            if ident is not None:
                stmt = stmt.where(BASE.c.area_id == ident)
            rows.extend(dict(r._mapping) for r in await conn.execute(stmt))
        for row in rows:
            if isinstance(row.get("geofence_excluded"), str):
                text = row["geofence_excluded"].strip()
                row["geofence_excluded"] = int(text) if text.isdigit() else None
        return sorted(rows, key=lambda r: r["area_id"])

    async def exists(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> dict[str, Any] | None:
        found = await self.rows(conn, ctx, ident)
        return found[0] if found else None

    def store(self, f: Field, value: Any, mode: str | None) -> Any:
        if f.name == "geofence_excluded" and value is not None:
            return str(value)  # a VARCHAR holding the id, as in MAD
        return super().store(f, value, mode)

    async def check(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None, write: Write,
                    mode: str | None, problems: Problems) -> None:
        if write.given.get("init"):
            problems.bad("init", "Obsolete: create an area in mode init")
        included = write.columns.get("geofence_included")
        excluded = write.given.get("geofence_excluded")
        if ident is not None and (included is None or excluded is None):
            row = await self.exists(conn, ctx, ident)
            if row:
                included = included if "geofence_included" in write.columns else row.get("geofence_included")
                excluded = excluded if "geofence_excluded" in write.given else row.get("geofence_excluded")
        if included is not None and excluded is not None and int(included) == int(excluded):
            problems.bad("geofence_excluded", "Cannot be the same as geofence_included")

    def _split(self, columns: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        base = {k: v for k, v in columns.items() if k in ("name",)}
        sub = {k: v for k, v in columns.items() if k not in base}
        return base, sub

    async def insert(self, conn: AsyncConnection, ctx: MadminContext, columns: dict[str, Any],
                     mode: str | None) -> int:
        assert mode is not None
        base, sub = self._split(columns)
        if sub.get("routecalc") is None:
            result = await conn.execute(insert(ROUTECALC).values(instance_id=ctx.instance_id, recalc_status=False,
                                                                 routefile="[]"))
            sub["routecalc"] = int(result.inserted_primary_key[0])
        result = await conn.execute(insert(BASE).values(instance_id=ctx.instance_id, mode=mode, **base))
        area_id = int(result.inserted_primary_key[0])
        await conn.execute(insert(MODE_TABLES[mode]).values(area_id=area_id, **sub))
        return area_id

    async def update(self, conn: AsyncConnection, ctx: MadminContext, ident: int, columns: dict[str, Any],
                     mode: str | None) -> None:
        assert mode is not None
        base, sub = self._split(columns)
        if "routecalc" in sub and sub["routecalc"] is None:
            del sub["routecalc"]  # an area always has a route; a PUT without one keeps it
        if base:
            await conn.execute(update(BASE).where(BASE.c.area_id == ident).values(**base))
        if sub:
            table = MODE_TABLES[mode]
            await conn.execute(update(table).where(table.c.area_id == ident).values(**sub))

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        walkerarea = SettingsWalkerarea.__table__
        rows = await conn.execute(select(walkerarea.c.walkerarea_id, walkerarea.c.name)
                                  .where(walkerarea.c.area_id == ident))
        return [{**u, "name": u["name"] or u["uri"]} for u in users(rows, "walkerarea", "walkerarea_id", "name")]

    async def remove(self, conn: AsyncConnection, ctx: MadminContext, ident: int, row: dict[str, Any]) -> None:
        status = TrsStatus.__table__
        # trs_status.area_id cascades in MAD's schema: keep the devices' status rows, forget the area
        await conn.execute(update(status).where(status.c.area_id == ident).values(area_id=None))
        table = MODE_TABLES[row["mode"]]
        await conn.execute(delete(table).where(table.c.area_id == ident))
        await conn.execute(delete(BASE).where(BASE.c.area_id == ident))
        routecalc = row.get("routecalc")
        if routecalc is not None:
            still_used = [t for t in MODE_TABLES.values()
                          if await conn.scalar(select(t.c.area_id).where(t.c.routecalc == routecalc).limit(1))]
            if not still_used:
                await conn.execute(delete(ROUTECALC).where(ROUTECALC.c.routecalc_id == routecalc))

    async def rpc(self, ctx: MadminContext, ident: int, row: dict[str, Any], call: str,
                  args: dict[str, Any]) -> tuple[int, Any]:
        if call != "recalculate":
            return await super().rpc(ctx, ident, row, call, args)
        if row["mode"] in NO_ROUTE_MODES:
            raise ApiError(422, {"error": f"areas in mode {row['mode']} have no route to recalculate"})
        if ctx.routes is None:
            raise ApiError(503, {"error": "route recalculation is not available: this process runs no route "
                                          "managers yet"})
        try:
            await ctx.routes.recalculate(ident)
        except RecalcRefused as why:
            raise ApiError(422, {"error": str(why)}) from None
        log.info("route of area %d (%s) is being recalculated", ident, row["name"])
        return 204, None

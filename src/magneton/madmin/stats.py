"""Statistics for the charts: detections over time, location success per device, spawnpoint coverage and
quests per area. Aggregated in Python where SQL would need dialect-specific date functions."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import shapely
from aiohttp import web
from sqlalchemy import func, select

from magneton.db.models import (
    Pokestop,
    SettingsGeofence,
    TrsEvent,
    TrsQuest,
    TrsSpawn,
    TrsStatsDetect,
    TrsStatsLocation,
)
from magneton.madmin.api.area import AreaResource
from magneton.madmin.api.resource import ApiError
from magneton.madmin.context import MadminContext
from magneton.madmin.feeds import fence_polygons, quest_rows
from magneton.madmin.jsonio import respond

MAX_HOURS = 24 * 31


def _hours(request: web.Request) -> int:
    try:
        hours = int(request.query.get("hours", "24"))
    except ValueError:
        raise ApiError(400, {"error": "hours must be a whole number"}) from None
    if not 1 <= hours <= MAX_HOURS:
        raise ApiError(400, {"error": f"hours must be between 1 and {MAX_HOURS}"})
    return hours


class Stats:
    def __init__(self, ctx: MadminContext) -> None:
        self.ctx = ctx
        self.areas = AreaResource()

    async def detections(self, request: web.Request) -> web.Response:
        hours = _hours(request)
        since = int(time.time()) - hours * 3600
        bucket = 3600 if hours > 6 else 600
        d = TrsStatsDetect.__table__
        stmt = select(d.c.timestamp_scan, d.c.mon, d.c.mon_iv, d.c.raid, d.c.quest).where(d.c.timestamp_scan >= since)
        worker = request.query.get("worker")
        if worker:
            stmt = stmt.where(d.c.worker == worker)
        sums: dict[int, dict[str, int]] = defaultdict(lambda: {"mon": 0, "mon_iv": 0, "raid": 0, "quest": 0})
        async with self.ctx.engine.connect() as conn:
            for row in await conn.execute(stmt):
                slot = sums[row.timestamp_scan // bucket * bucket]
                for key in ("mon", "mon_iv", "raid", "quest"):
                    slot[key] += getattr(row, key) or 0
        return respond({"bucket": bucket, "series": [{"timestamp": ts, **v} for ts, v in sorted(sums.items())]})

    async def locations(self, request: web.Request) -> web.Response:
        since = int(time.time()) - _hours(request) * 3600
        loc = TrsStatsLocation.__table__
        stmt = (select(loc.c.worker, func.sum(loc.c.location_ok).label("ok"), func.sum(loc.c.location_nok).label("nok"))
                .where(loc.c.timestamp_scan >= since).group_by(loc.c.worker).order_by(loc.c.worker))
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        return respond([{"worker": r.worker, "ok": int(r.ok or 0), "nok": int(r.nok or 0)} for r in rows])

    async def spawns(self, request: web.Request) -> web.Response:
        s, e = TrsSpawn.__table__, TrsEvent.__table__
        recent = datetime.now(UTC) - timedelta(hours=24)
        stmt = (select(s.c.eventid, func.count().label("total"), func.count(s.c.calc_endminsec).label("known"))
                .group_by(s.c.eventid))
        seen = select(s.c.eventid, func.count().label("n")).where(s.c.last_scanned >= recent).group_by(s.c.eventid)
        async with self.ctx.engine.connect() as conn:
            names = dict((await conn.execute(select(e.c.id, e.c.event_name))).all())
            counts = (await conn.execute(stmt)).all()
            recently = dict((await conn.execute(seen)).all())
        return respond([{"event": names.get(r.eventid, str(r.eventid)), "eventid": r.eventid, "total": r.total,
                         "known_despawn": r.known, "seen_24h": recently.get(r.eventid, 0)} for r in counts])

    async def quests(self, request: web.Request) -> web.Response:
        g, p, q = SettingsGeofence.__table__, Pokestop.__table__, TrsQuest.__table__
        async with self.ctx.engine.connect() as conn:
            areas = [a for a in await self.areas.rows(conn, self.ctx, mode="pokestops")]
            fences = {r.geofence_id: fence_polygons(r.fence_type, r.fence_data, r.name)
                      for r in await conn.execute(select(g).where(g.c.instance_id == self.ctx.instance_id))}
            stops = (await conn.execute(select(p.c.pokestop_id, p.c.latitude, p.c.longitude))).all()
            quests = (await conn.execute(select(q.c.GUID, q.c.layer))).all()
        by_stop: dict[str, set[int]] = defaultdict(set)
        for guid, layer in quests:
            by_stop[guid].add(layer)
        points = shapely.points([(s.longitude, s.latitude) for s in stops]) if stops else []
        out = []
        for area in areas:
            polygons = fences.get(area["geofence_included"], [])
            inside: list[str] = []
            if polygons and len(stops):
                shape = shapely.union_all([pg.polygon for pg in polygons])
                inside = [s.pokestop_id for s, hit in zip(stops, shapely.contains(shape, points)) if hit]
            layer = area.get("layer", 1)
            out.append({"area": area["name"], "area_id": area["area_id"], "layer": layer, "stops": len(inside),
                        "quests": sum(1 for sid in inside if layer in by_stop.get(sid, ()))})
        return respond(out)

    async def quest_list(self, request: web.Request) -> web.Response:
        """Quests of one area's geofence (?area=<id>) and layer (?layer=)."""
        layer = request.query.get("layer")
        fence = None
        area_id = request.query.get("area")
        if area_id:
            async with self.ctx.engine.connect() as conn:
                area = await self.areas.exists(conn, self.ctx, int(area_id)) if area_id.isdigit() else None
                if area is None:
                    raise ApiError(404, {"error": f"no area {area_id}"})
                g = SettingsGeofence.__table__
                row = (await conn.execute(select(g).where(g.c.geofence_id == area["geofence_included"]))).first()
            fence = fence_polygons(row.fence_type, row.fence_data, row.name) if row else []
        rows = await quest_rows(self.ctx, layer=int(layer) if layer and layer.isdigit() else None, fence=fence)
        return respond(rows)

    async def quest_areas(self, request: web.Request) -> web.Response:
        async with self.ctx.engine.connect() as conn:
            areas = await self.areas.rows(conn, self.ctx, mode="pokestops")
        return respond([{"area_id": a["area_id"], "name": a["name"], "layer": a.get("layer")} for a in areas])


def add_routes(app: web.Application, ctx: MadminContext) -> None:
    stats = Stats(ctx)
    app.router.add_get("/api/stats/detections", stats.detections)
    app.router.add_get("/api/stats/locations", stats.locations)
    app.router.add_get("/api/stats/spawns", stats.spawns)
    app.router.add_get("/api/stats/quests", stats.quests)
    app.router.add_get("/api/quests", stats.quest_list)
    app.router.add_get("/api/quests/areas", stats.quest_areas)

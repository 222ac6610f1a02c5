"""The map's JSON feeds (`/get_*`), in the shapes MAD's map and its users' scripts read.

Viewport feeds take the box `neLat, neLon, swLat, swLon`, optionally the previous box `oNeLat, oNeLon,
oSwLat, oSwLon` (only what is new in the box is sent; ignored when equal) and `timestamp` (only rows
changed since then). Times are epoch seconds, except `/get_spawns`, which formats them per madmin_time."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from sqlalchemy import and_, not_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import (
    Gym,
    GymDetails,
    Pokemon,
    Pokestop,
    PokestopIncident,
    Raid,
    SettingsDevice,
    SettingsGeofence,
    SettingsRoutecalc,
    TrsEvent,
    TrsQuest,
    TrsS2Cell,
    TrsSpawn,
    TrsStatus,
)
from magneton.geo.fence import FenceError, NamedPolygon, parse_db_fence_data, parse_geojson
from magneton.geo.s2corners import cell_corners
from magneton.madmin.api.area import AreaResource
from magneton.madmin.api.fields import decode_lines, epoch
from magneton.madmin.api.resource import ApiError
from magneton.madmin.context import MadminContext
from magneton.madmin.jsonio import respond

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Box:
    ne_lat: float
    ne_lng: float
    sw_lat: float
    sw_lng: float

    def holds(self, lat: Any, lng: Any) -> Any:
        return and_(lat <= self.ne_lat, lat >= self.sw_lat, lng <= self.ne_lng, lng >= self.sw_lng)


def _float(request: web.Request, name: str) -> float | None:
    text = request.query.get(name)
    if text in (None, "", "undefined", "null"):
        return None
    try:
        return float(text)
    except ValueError:
        raise ApiError(400, {"error": f"{name} must be a number, got {text!r}"}) from None


def _box(request: web.Request, prefix: str = "") -> Box | None:
    values = [_float(request, f"{prefix}{n}") for n in
              (("neLat", "neLon", "swLat", "swLon") if not prefix else ("NeLat", "NeLon", "SwLat", "SwLon"))]
    if any(v is None for v in values):
        return None
    return Box(*values)  # type: ignore[arg-type]


def viewport(request: web.Request, lat: Any, lng: Any) -> list[Any]:
    """WHERE clauses for the box (and the previous box) of a viewport feed."""
    clauses = []
    box, old = _box(request), _box(request, "o")
    if box is not None:
        clauses.append(box.holds(lat, lng))
        if old is not None and old != box:
            clauses.append(not_(old.holds(lat, lng)))
    return clauses


def since(request: web.Request) -> datetime | None:
    stamp = _float(request, "timestamp")
    return datetime.fromtimestamp(stamp, UTC) if stamp else None


def rings(polygons: list[NamedPolygon]) -> list[list[list[float]]]:
    return [[[y, x] for x, y in list(p.polygon.exterior.coords)[:-1]] for p in polygons]


def fence_polygons(fence_type: str, fence_data: str, name: str) -> list[NamedPolygon]:
    try:
        if fence_type == "geojson":
            return parse_geojson(json.loads(fence_data), name)
        return parse_db_fence_data(fence_data, name)
    except (FenceError, ValueError) as why:
        log.warning("geofence %r cannot be drawn: %s", name, why)
        return []


class Feeds:
    def __init__(self, ctx: MadminContext) -> None:
        self.ctx = ctx
        self.areas = AreaResource()

    async def _fences(self, conn: AsyncConnection) -> dict[int, tuple[str, list[NamedPolygon]]]:
        g = SettingsGeofence.__table__
        rows = await conn.execute(select(g.c.geofence_id, g.c.name, g.c.fence_type, g.c.fence_data)
                                  .where(g.c.instance_id == self.ctx.instance_id).order_by(g.c.geofence_id))
        return {r.geofence_id: (r.name, fence_polygons(r.fence_type, r.fence_data, r.name)) for r in rows}

    async def workers(self, request: web.Request) -> web.Response:
        d, s = SettingsDevice.__table__, TrsStatus.__table__
        async with self.ctx.engine.connect() as conn:
            rows = await conn.execute(select(d.c.name, s.c.currentPos).join(s, s.c.device_id == d.c.device_id)
                                      .where(d.c.instance_id == self.ctx.instance_id).order_by(d.c.name))
            return respond([{"name": r.name, "lat": r.currentPos[0], "lon": r.currentPos[1]}
                            for r in rows if r.currentPos])

    async def geofences(self, request: web.Request) -> web.Response:
        async with self.ctx.engine.connect() as conn:
            fences = await self._fences(conn)
        out = []
        for geofence_id, (name, polygons) in fences.items():
            if polygons:
                drawn = rings(polygons)
                out.append({"id": geofence_id, "name": name, "coordinates": drawn[0], "polygons": drawn})
        return respond(out)

    async def areas_feed(self, request: web.Request) -> web.Response:
        async with self.ctx.engine.connect() as conn:
            fences = await self._fences(conn)
            areas = await self.areas.rows(conn, self.ctx)
        out = []
        for area in areas:
            include = rings(fences.get(area["geofence_included"], ("", []))[1])
            exclude = rings(fences.get(area.get("geofence_excluded") or -1, ("", []))[1])
            out.append({"id": area["area_id"], "name": area["name"], "mode": area["mode"],
                        "coordinates": [[ring, exclude] for ring in include]})
        return respond(out)

    async def route(self, request: web.Request) -> web.Response:
        r = SettingsRoutecalc.__table__
        async with self.ctx.engine.connect() as conn:
            areas = await self.areas.rows(conn, self.ctx)
            files = dict((await conn.execute(select(r.c.routecalc_id, r.c.routefile))).all())
        out = []
        for area in areas:
            if area["mode"] == "idle":
                continue
            live = await self.ctx.routes.route(area["area_id"]) if self.ctx.routes else None
            routecalc = area["routecalc"]
            if live is not None:
                coordinates = [list(c) for c in live.coordinates]
                subroutes = [{"id": f"{routecalc}_sub_{s.worker}" if s.worker else f"{routecalc}_unapplied",
                              "name": s.worker or "unapplied", "tag": "subroute" if s.worker else "unapplied",
                              "coordinates": [list(c) for c in s.coordinates]} for s in live.subroutes]
            else:
                coordinates = [[float(v) for v in line.split(",")] for line in decode_lines(files.get(routecalc))]
                subroutes = []
            out.append({"id": routecalc, "area_id": area["area_id"], "name": area["name"], "mode": area["mode"],
                        "coordinates": coordinates, "subroutes": subroutes})
        return respond(out)

    async def prioroute(self, request: web.Request) -> web.Response:
        if self.ctx.routes is None:
            return respond([])
        async with self.ctx.engine.connect() as conn:
            areas = await self.areas.rows(conn, self.ctx)
        out = []
        for area in areas:
            if area["mode"] in ("idle", "pokestops", "init"):
                continue
            events = await self.ctx.routes.prio_queue(area["area_id"])
            out.append({"name": area["name"], "mode": area["mode"], "coordinates": [
                {"timestamp": e.timestamp, "latitude": e.lat, "longitude": e.lng} for e in events]})
        return respond(out)

    async def spawns(self, request: web.Request) -> web.Response:
        s, e = TrsSpawn.__table__, TrsEvent.__table__
        stmt = select(s).where(*viewport(request, s.c.latitude, s.c.longitude))
        changed = since(request)
        if changed is not None:
            stmt = stmt.where(s.c.last_scanned >= changed)
        fmt = "%Y-%m-%d %H:%M:%S" if self.ctx.cfg.madmin_time != 12 else "%Y-%m-%d %I:%M:%S %p"

        def text(value: datetime | None) -> str | None:
            return value.strftime(fmt) if value else None

        async with self.ctx.engine.connect() as conn:
            events = dict((await conn.execute(select(e.c.id, e.c.event_name))).all())
            rows = (await conn.execute(stmt)).all()
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            grouped[r.eventid].append({
                "id": r.spawnpoint, "endtime": r.calc_endminsec, "lat": r.latitude, "lon": r.longitude,
                "spawndef": r.spawndef, "lastnonscan": text(r.last_non_scanned), "lastscan": text(r.last_scanned),
                "first_detection": text(r.first_detection), "event": events.get(r.eventid, str(r.eventid))})
        return respond([{"EVENT": events.get(k, str(k)), "Coords": v} for k, v in sorted(grouped.items())])

    async def gyms(self, request: web.Request) -> web.Response:
        g, d, r = Gym.__table__, GymDetails.__table__, Raid.__table__
        stmt = (select(g, d.c.name, d.c.url, r.c.spawn, r.c.start, r.c.end, r.c.pokemon_id.label("raid_mon"),
                       r.c.form.label("raid_form"), r.c.level, r.c.costume.label("raid_costume"),
                       r.c.evolution)
                .outerjoin(d, d.c.gym_id == g.c.gym_id).outerjoin(r, r.c.gym_id == g.c.gym_id)
                .where(*viewport(request, g.c.latitude, g.c.longitude)))
        changed = since(request)
        if changed is not None:
            stmt = stmt.where(g.c.last_modified >= changed)
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        now = datetime.now(UTC)
        out = []
        for row in rows:
            raid = None
            if row.end is not None and row.end > now:
                raid = {"spawn": epoch(row.spawn), "start": epoch(row.start), "end": epoch(row.end),
                        "mon": row.raid_mon, "form": row.raid_form, "level": row.level, "costume": row.raid_costume,
                        "evolution": row.evolution}
            out.append({"id": row.gym_id, "name": row.name, "img": row.url, "lat": row.latitude,
                        "lon": row.longitude, "team_id": row.team_id, "slots_available": row.slots_available,
                        "last_updated": epoch(row.last_modified), "last_scanned": epoch(row.last_scanned),
                        "raid": raid})
        return respond(out)

    async def quests(self, request: web.Request) -> web.Response:
        layer = request.query.get("layer")
        return respond(await quest_rows(self.ctx, viewport_clauses=viewport, request=request,
                                        layer=int(layer) if layer and layer.isdigit() else None))

    async def mons(self, request: web.Request) -> web.Response:
        p = Pokemon.__table__
        stmt = select(p).where(p.c.disappear_time > datetime.now(UTC),
                               *viewport(request, p.c.latitude, p.c.longitude))
        changed = since(request)
        if changed is not None:
            stmt = stmt.where(p.c.last_modified >= changed)
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(stmt.limit(20000))).all()
        out = []
        for row in rows:
            mon = dict(row._mapping)
            mon["disappear_time"] = epoch(mon["disappear_time"])
            mon["last_modified"] = epoch(mon["last_modified"])
            mon["encounter_id"] = str(mon["encounter_id"])  # beyond JavaScript's exact integers
            mon["spawnpoint_id"] = str(mon["spawnpoint_id"])
            out.append(mon)
        return respond(out)

    async def cells(self, request: web.Request) -> web.Response:
        c = TrsS2Cell.__table__
        stmt = select(c).where(*viewport(request, c.c.center_latitude, c.c.center_longitude))
        changed = since(request)
        if changed is not None:
            stmt = stmt.where(c.c.updated >= int(changed.timestamp()))
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(stmt.limit(20000))).all()
        return respond([{"id": str(r.id), "polygon": [list(p) for p in cell_corners(r.id)], "updated": r.updated}
                        for r in rows])

    async def stops(self, request: web.Request) -> web.Response:
        s, q, i = Pokestop.__table__, TrsQuest.__table__, PokestopIncident.__table__
        stmt = select(s).where(*viewport(request, s.c.latitude, s.c.longitude))
        changed = since(request)
        if changed is not None:
            stmt = stmt.where(s.c.last_updated >= changed)
        now = datetime.now(UTC)
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
            ids = [r.pokestop_id for r in rows]
            with_quest = set((await conn.scalars(select(q.c.GUID).where(q.c.GUID.in_(ids)))).all()) if ids else set()
            incidents: dict[str, list[dict[str, Any]]] = defaultdict(list)
            if ids:
                for inc in await conn.execute(select(i).where(i.c.pokestop_id.in_(ids),
                                                              i.c.incident_expiration > now)):
                    incidents[inc.pokestop_id].append({
                        "incident_id": inc.incident_id, "character_display": inc.character_display,
                        "incident_display_type": inc.incident_display_type,
                        "incident_expiration": epoch(inc.incident_expiration)})
        out = []
        for row in rows:
            stop = dict(row._mapping)
            for key in ("last_modified", "lure_expiration", "last_updated"):
                stop[key] = epoch(stop[key])
            stop["has_quest"] = row.pokestop_id in with_quest
            stop["incidents"] = incidents.get(row.pokestop_id, [])
            out.append(stop)
        return respond(out)


async def quest_rows(ctx: MadminContext, *, viewport_clauses: Any = None, request: web.Request | None = None,
                     layer: int | None = None, fence: list[NamedPolygon] | None = None) -> list[dict[str, Any]]:
    """Quests with their stops, for the map feed and the quest pages."""
    s, q = Pokestop.__table__, TrsQuest.__table__
    stmt = select(s.c.pokestop_id, s.c.name, s.c.image, s.c.latitude, s.c.longitude, q).join(
        q, q.c.GUID == s.c.pokestop_id)
    if viewport_clauses is not None and request is not None:
        stmt = stmt.where(*viewport_clauses(request, s.c.latitude, s.c.longitude))
    if layer is not None:
        stmt = stmt.where(q.c.layer == layer)
    async with ctx.engine.connect() as conn:
        rows = (await conn.execute(stmt.order_by(s.c.name))).all()
    if fence is not None:
        import shapely

        area = shapely.union_all([p.polygon for p in fence]) if fence else None
        rows = [r for r in rows if area is not None and area.contains(shapely.Point(r.longitude, r.latitude))]
    out = []
    for r in rows:
        try:
            reward = json.loads(r.quest_reward) if r.quest_reward else None
        except ValueError:
            reward = r.quest_reward
        out.append({
            "pokestop_id": r.pokestop_id, "name": r.name, "url": r.image, "latitude": r.latitude,
            "longitude": r.longitude, "timestamp": r.quest_timestamp, "layer": r.layer, "quest_type": r.quest_type,
            "quest_stardust": r.quest_stardust, "quest_pokemon_id": r.quest_pokemon_id,
            "quest_pokemon_form_id": r.quest_pokemon_form_id, "quest_pokemon_costume_id": r.quest_pokemon_costume_id,
            "quest_reward_type": r.quest_reward_type, "quest_item_id": r.quest_item_id,
            "quest_item_amount": r.quest_item_amount, "quest_target": r.quest_target,
            "quest_condition": r.quest_condition, "quest_reward": reward, "quest_task": r.quest_task,
            "quest_template": r.quest_template, "quest_title": r.quest_title})
    return out


def add_routes(app: web.Application, ctx: MadminContext) -> None:
    feeds = Feeds(ctx)
    for path, handler in (("/get_workers", feeds.workers), ("/get_geofences", feeds.geofences),
                          ("/get_areas", feeds.areas_feed), ("/get_route", feeds.route),
                          ("/get_prioroute", feeds.prioroute), ("/get_spawns", feeds.spawns),
                          ("/get_gymcoords", feeds.gyms), ("/get_quests", feeds.quests),
                          ("/get_map_mons", feeds.mons), ("/get_cells", feeds.cells), ("/get_stops", feeds.stops)):
        app.router.add_get(path, handler)

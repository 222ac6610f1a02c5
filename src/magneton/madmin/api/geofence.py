"""/api/geofence: fences in MAD's line format (`[name]` and `lat,lng` lines) or GeoJSON."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsGeofence
from magneton.geo.fence import FenceError, parse_geojson, parse_mad_lines
from magneton.madmin.api.area_tables import areas_where
from magneton.madmin.api.fields import COORD_TEXT, Field, Problems
from magneton.madmin.api.resource import Resource, Write
from magneton.madmin.context import MadminContext


class GeofenceResource(Resource):
    name = "geofence"
    table = SettingsGeofence.__table__
    pk = "geofence_id"
    display = "name"
    description = "Geofences areas scan in (geofence_included) or leave out (geofence_excluded)"
    fields = (
        Field("name", required=True, descr="Name of the geofence (unique)"),
        Field("fence_type", "enum", required=True, values=("polygon", "geojson"), descr="Format of fence_data"),
        Field("fence_data", "fence", empty=[],
              descr='polygon: list of "[name]" and "lat,lng" lines (or [lat, lng] pairs); geojson: a GeoJSON object'),
    )

    async def check(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None, write: Write,
                    mode: str | None, problems: Problems) -> None:
        name = write.columns.get("name")
        if name:
            other = await conn.scalar(select(SettingsGeofence.geofence_id).where(
                SettingsGeofence.name == name, SettingsGeofence.instance_id == ctx.instance_id))
            if other is not None and other != ident:
                problems.bad("name", "Must be unique")
        data = write.given.get("fence_data")
        if data is None:
            return
        fence_type = write.columns.get("fence_type")
        if fence_type is None and ident is not None:
            fence_type = await conn.scalar(select(SettingsGeofence.fence_type)
                                           .where(SettingsGeofence.geofence_id == ident))
        try:
            if isinstance(data, list):
                if fence_type == "geojson":
                    problems.bad("fence_data", "A GeoJSON object (fence_type geojson)")
                else:
                    parse_mad_lines(data, source="fence_data line")
            else:
                obj = json.loads(data) if isinstance(data, str) else data
                if fence_type != "geojson":
                    problems.bad("fence_data", COORD_TEXT)
                else:
                    parse_geojson(obj)
                    write.columns["fence_data"] = json.dumps(obj)
        except (FenceError, ValueError) as why:
            problems.bad("fence_data", str(why))

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        return await areas_where(conn, lambda t: or_(t.c.geofence_included == ident,
                                                     t.c.geofence_excluded == str(ident))
                                 if "geofence_excluded" in t.c else t.c.geofence_included == ident)

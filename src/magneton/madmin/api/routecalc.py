"""/api/routecalc: the stored route of an area (settings_routecalc.routefile)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsRoutecalc
from magneton.madmin.api.area_tables import areas_where
from magneton.madmin.api.fields import Field
from magneton.madmin.api.resource import Resource
from magneton.madmin.context import MadminContext


class RoutecalcResource(Resource):
    name = "routecalc"
    table = SettingsRoutecalc.__table__
    pk = "routecalc_id"
    display = "routecalc_id"
    description = "Routes of areas, as lists of \"lat,lng\" stops in order"
    fields = (
        Field("routefile", "coords", empty=[], descr='Stops in order: "lat,lng" strings or [lat, lng] pairs'),
        Field("recalc_status", "bool", descr="A recalculation is running"),
        Field("last_updated", "epoch", readonly=True, descr="When the route was last written (epoch seconds)"),
    )

    def render(self, row: dict[str, Any], mode: str | None = None) -> dict[str, Any]:
        out = super().render(row, mode)
        out.pop("last_updated", None)  # informational; kept out so a GET body PUTs back exactly
        return out

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        return await areas_where(conn, lambda t: t.c.routecalc == ident)

"""MADmin's REST API: MAD's resources (legacy contract for reads, legacy and flat names for writes)."""

from __future__ import annotations

from aiohttp import web

from magneton.madmin.api.area import AreaResource
from magneton.madmin.api.auth import AuthResource
from magneton.madmin.api.device import DeviceResource
from magneton.madmin.api.devicepool import DevicepoolResource
from magneton.madmin.api.geofence import GeofenceResource
from magneton.madmin.api.monivlist import MonivlistResource
from magneton.madmin.api.pogoauth import PogoauthResource
from magneton.madmin.api.resource import ApiError, Resource
from magneton.madmin.api.routecalc import RoutecalcResource
from magneton.madmin.api.views import ResourceEndpoints
from magneton.madmin.api.walker import WalkerResource
from magneton.madmin.api.walkerarea import WalkerareaResource
from magneton.madmin.context import MadminContext

RESOURCES: dict[str, Resource] = {r.name: r for r in (
    AreaResource(), AuthResource(), DeviceResource(), DevicepoolResource(), GeofenceResource(),
    MonivlistResource(), PogoauthResource(), RoutecalcResource(), WalkerResource(), WalkerareaResource())}


def add_routes(app: web.Application, ctx: MadminContext) -> None:
    for resource in RESOURCES.values():
        endpoints = ResourceEndpoints(resource, ctx, RESOURCES)
        app.router.add_route("*", f"/api/{resource.name}", endpoints.collection, name=f"api_{resource.name}")
        app.router.add_route("*", f"/api/{resource.name}/{{ident}}", endpoints.item,
                             name=f"api_{resource.name}_identifier")


__all__ = ["RESOURCES", "ApiError", "add_routes"]

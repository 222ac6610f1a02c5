"""In-game Routes (1405) into the `route` table."""

from __future__ import annotations

from typing import Any

import msgspec
import json

from magneton.ingest.values import utc, utc_ms
from magneton.ingest.writer.kinds import Row, WriteKind


class Anchor(msgspec.Struct):
    fort_id: str = ""
    lat_degrees: float = 0.0
    lng_degrees: float = 0.0


class Poi(msgspec.Struct):
    anchor: Anchor = msgspec.field(default_factory=Anchor)
    image_url: str = ""


class RouteImage(msgspec.Struct):
    image_url: str = ""
    border_color_hex: str = ""


class SubmissionStatus(msgspec.Struct):
    status: int = 0
    submission_status_update_time_ms: int = 0


class Route(msgspec.Struct):
    id: str
    name: str = ""
    description: str = ""
    version: int = 0
    type: int = 0
    path_type: int = 0
    reversible: bool = False
    submission_time: int = 0
    route_distance_meters: int = 0
    route_duration_seconds: int = 0
    waypoints: list[Any] = []
    pins: list[Any] = []
    tags: list[Any] = []
    image: RouteImage = msgspec.field(default_factory=RouteImage)
    route_submission_status: SubmissionStatus = msgspec.field(default_factory=SubmissionStatus)
    start_poi: Poi = msgspec.field(default_factory=Poi)
    end_poi: Poi = msgspec.field(default_factory=Poi)


class RouteMapCell(msgspec.Struct):
    s2_cell_id: int = 0
    route: list[Route] = []


class RoutesOut(msgspec.Struct):
    """Type 1405."""

    status: int = 0
    route_map_cell: list[RouteMapCell] = []


def _json(value: Any) -> str:
    return json.dumps(value)  # MAD's text form (", " separators), which front ends parse


def route_row(route: Route, ts: int) -> Row:
    status = route.route_submission_status
    return {
        "route_id": route.id, "waypoints": _json(route.waypoints), "type": route.type,
        "path_type": route.path_type, "name": route.name, "description": route.description,
        "version": route.version, "reversible": route.reversible, "submission_time": utc_ms(route.submission_time),
        "route_distance_meters": route.route_distance_meters,
        "route_duration_seconds": route.route_duration_seconds,
        "pins": _json(route.pins), "tags": _json(route.tags), "image": route.image.image_url,
        "image_border_color_hex": route.image.border_color_hex,
        "route_submission_status": status.status,
        "route_submission_update_time": utc_ms(status.submission_status_update_time_ms),
        "start_poi_fort_id": route.start_poi.anchor.fort_id,
        "start_poi_latitude": route.start_poi.anchor.lat_degrees,
        "start_poi_longitude": route.start_poi.anchor.lng_degrees,
        "start_poi_image_url": route.start_poi.image_url,
        "end_poi_fort_id": route.end_poi.anchor.fort_id,
        "end_poi_latitude": route.end_poi.anchor.lat_degrees,
        "end_poi_longitude": route.end_poi.anchor.lng_degrees,
        "end_poi_image_url": route.end_poi.image_url,
        "last_updated": utc(ts),
    }


ROUTE = WriteKind("route", "route", ("route_id",))

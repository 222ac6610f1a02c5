"""Geofences: MAD's text and DB forms and GeoJSON, parsed into shapely 2 geometry.

A `Geofence` is an include area (any number of polygons, holes allowed) minus an exclude area, as an
area's `geofence_included` / `geofence_excluded` pair in MAD. Shapely geometry is in (x=lng, y=lat).
With no include polygon every point not excluded is inside, as in MAD.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from magneton.geo.distance import LocalProjection

log = logging.getLogger(__name__)

_EMPTY = MultiPolygon()


class FenceError(ValueError):
    """Malformed fence input; the message names the offending line or element."""


@dataclass(frozen=True, slots=True)
class NamedPolygon:
    name: str
    polygon: Polygon


def _polygonal(geom: BaseGeometry) -> MultiPolygon:
    """Keep the polygonal part of a geometry, repairing self-intersections MAD would have accepted."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    parts: list[Polygon] = []
    for g in shapely.get_parts(geom):
        if isinstance(g, Polygon) and not g.is_empty:
            parts.append(g)
        elif isinstance(g, MultiPolygon):
            parts.extend(g.geoms)
        elif g.geom_type == "GeometryCollection":
            parts.extend(_polygonal(g).geoms)
    return MultiPolygon(parts)


def _union(polygons: list[NamedPolygon]) -> MultiPolygon:
    if not polygons:
        return _EMPTY
    return _polygonal(shapely.union_all([p.polygon for p in polygons]))


def _parse_coord(text: str, where: str) -> tuple[float, float]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise FenceError(f"{where}: expected 'lat,lng', got {text!r}")
    try:
        lat, lng = float(parts[0]), float(parts[1])
    except ValueError:
        raise FenceError(f"{where}: expected 'lat,lng' numbers, got {text!r}") from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0) or lat != lat or lng != lng:
        raise FenceError(f"{where}: coordinate out of range: {text!r}")
    return lat, lng


def parse_mad_lines(lines: list[str], default_name: str = "unnamed", source: str = "line") -> list[NamedPolygon]:
    """MAD's fence lines: `[name]` starts a polygon, each `lat,lng` line adds a vertex."""
    polygons: list[NamedPolygon] = []
    name, ring, start = default_name, [], None

    def close() -> None:
        if not ring:
            return
        if len(ring) < 3:
            raise FenceError(f"{source} {start}: polygon {name!r} has {len(ring)} point(s), needs at least 3")
        polygons.append(NamedPolygon(name, Polygon([(lng, lat) for lat, lng in ring])))

    for no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            if not line.endswith("]") or len(line) < 3:
                raise FenceError(f"{source} {no}: malformed fence name {line!r}")
            close()
            name, ring, start = line[1:-1].strip(), [], no
        else:
            if start is None:
                start = no
            ring.append(_parse_coord(line, f"{source} {no}"))
    close()
    return polygons


def parse_mad_text(text: str, default_name: str = "unnamed") -> list[NamedPolygon]:
    """MAD's text fence (one `[name]` or `lat,lng` per line)."""
    return parse_mad_lines(text.splitlines(), default_name)


def parse_db_fence_data(fence_data: str, default_name: str = "unnamed") -> list[NamedPolygon]:
    """`settings_geofence.fence_data`: the text of a JSON array of strings, as MAD stores it."""
    try:
        items = json.loads(fence_data)
    except json.JSONDecodeError:
        # MAD writes str(list) with ' replaced by ", which is not JSON when a name holds a quote; its own
        # reader splits on '",' instead, so do the same.
        items = [s.strip().strip('"').strip() for s in fence_data.strip().lstrip("[").rstrip("]").split('",')]
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise FenceError("fence_data: expected a JSON array of strings")
    return parse_mad_lines(items, default_name, source="item")


def _ring(coords: Any, where: str) -> list[tuple[float, float]]:
    if not isinstance(coords, list) or len(coords) < 4:
        raise FenceError(f"{where}: a linear ring needs at least 4 positions")
    out = []
    for i, pos in enumerate(coords):
        if not isinstance(pos, list) or len(pos) < 2 or not all(isinstance(v, (int, float)) for v in pos[:2]):
            raise FenceError(f"{where}, position {i}: expected [lng, lat]")
        out.append((float(pos[0]), float(pos[1])))
    return out


def _geojson_polygon(coords: Any, where: str) -> Polygon:
    if not isinstance(coords, list) or not coords:
        raise FenceError(f"{where}: Polygon needs at least one ring")
    rings = [_ring(r, f"{where}, ring {i}") for i, r in enumerate(coords)]
    return Polygon(rings[0], rings[1:])


def parse_geojson(obj: Any, default_name: str = "unnamed") -> list[NamedPolygon]:
    """Polygon, MultiPolygon, Feature, FeatureCollection or GeometryCollection; holes kept."""
    if not isinstance(obj, dict) or "type" not in obj:
        raise FenceError("GeoJSON: expected an object with a 'type'")
    kind = obj["type"]
    if kind == "FeatureCollection":
        out: list[NamedPolygon] = []
        for i, feat in enumerate(obj.get("features") or []):
            out.extend(parse_geojson(feat, f"{default_name}_{i}"))
        return out
    if kind == "Feature":
        props = obj.get("properties") or {}
        name = str(props.get("name") or props.get("title") or default_name)
        geom = obj.get("geometry")
        return parse_geojson(geom, name) if geom else []
    if kind == "GeometryCollection":
        out = []
        for g in obj.get("geometries") or []:
            out.extend(parse_geojson(g, default_name))
        return out
    coords = obj.get("coordinates")
    if kind == "Polygon":
        return [NamedPolygon(default_name, _geojson_polygon(coords, f"{default_name}: Polygon"))]
    if kind == "MultiPolygon":
        if not isinstance(coords, list):
            raise FenceError(f"{default_name}: MultiPolygon coordinates must be a list")
        return [NamedPolygon(default_name, _geojson_polygon(c, f"{default_name}: polygon {i}")) for i, c in enumerate(coords)]
    raise FenceError(f"GeoJSON: unsupported type {kind!r} for a fence (Polygon or MultiPolygon expected)")


def parse_fence_text(text: str, default_name: str = "unnamed") -> list[NamedPolygon]:
    """Any supported form, told apart by its first character: GeoJSON, the DB JSON array, MAD text."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise FenceError(f"GeoJSON: line {exc.lineno}: {exc.msg}") from None
        return parse_geojson(obj, default_name)
    if stripped.startswith('["') or stripped.startswith("[]"):
        return parse_db_fence_data(stripped, default_name)
    return parse_mad_text(text, default_name)


def read_fence_file(path: str | Path) -> list[NamedPolygon]:
    """Read and parse one fence file; errors name the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise FenceError(f"{p}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FenceError(f"{p}: not UTF-8 text") from None
    try:
        return parse_fence_text(text, p.stem)
    except FenceError as exc:
        raise FenceError(f"{p}: {exc}") from None


@dataclass(frozen=True)
class Geofence:
    """Include polygons minus exclude polygons, in (lng, lat) degrees."""

    include: MultiPolygon
    exclude: MultiPolygon = field(default_factory=MultiPolygon)
    names: tuple[str, ...] = ()

    @classmethod
    def from_polygons(cls, include: list[NamedPolygon], exclude: list[NamedPolygon] | None = None) -> Geofence:
        geofence = cls(_union(include), _union(exclude or []), tuple(p.name for p in include))
        shapely.prepare(geofence.include)
        shapely.prepare(geofence.exclude)
        return geofence

    @classmethod
    def from_text(cls, include: str, exclude: str | None = None) -> Geofence:
        return cls.from_polygons(parse_fence_text(include), parse_fence_text(exclude) if exclude else None)

    @property
    def unbounded(self) -> bool:
        return self.include.is_empty

    @property
    def area(self) -> BaseGeometry:
        """Include minus exclude, as one geometry (empty when unbounded)."""
        return self.include.difference(self.exclude) if not self.exclude.is_empty else self.include

    def contains(self, lats: ArrayLike, lngs: ArrayLike) -> NDArray[np.bool_]:
        """Vectorised test: inside an include polygon (or no includes) and in no exclude polygon.

        Boundary points count as inside an include and outside an exclude.
        """
        lat = np.asarray(lats, dtype=np.float64)
        lng = np.asarray(lngs, dtype=np.float64)
        inside = np.ones(lat.shape, dtype=bool) if self.unbounded else shapely.intersects_xy(self.include, lng, lat)
        if not self.exclude.is_empty:
            inside &= ~shapely.contains_xy(self.exclude, lng, lat)
        return inside

    def representative_point(self) -> tuple[float, float]:
        """(lat, lng) of a point inside the area (the centroid when that is inside)."""
        area = self.area
        if area.is_empty:
            raise FenceError("fence has no area")
        c = area.centroid
        if not area.contains(c):
            c = area.representative_point()
        return c.y, c.x

    def projected_area(self, proj: LocalProjection) -> BaseGeometry:
        """The area in the projection's metres (x east, y north)."""
        def to_m(coords: NDArray[np.float64]) -> NDArray[np.float64]:
            return proj.to_xy(coords[:, 1], coords[:, 0])

        return shapely.transform(self.area, to_m)

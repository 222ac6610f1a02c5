"""Init grids: circles of a radius laid on a hexagonal lattice so that the whole fence is covered.

A triangular lattice with spacing r·√3 leaves no point of the plane farther than r from a lattice
node. Nodes are kept when they lie within r of the area (include minus exclude fences), so the fence
edges are covered too and fully excluded parts get no circles. MAD used spacing 2r, which leaves gaps.
"""

from __future__ import annotations

import logging
import math
import time

import numpy as np
import shapely

from magneton.geo.distance import LocalProjection, path_length_m
from magneton.geo.fence import FenceError, Geofence
from magneton.routing.route import Route, RouteSettings, Stop, order_stops
from magneton.routing.tour import TourAlgorithm

log = logging.getLogger(__name__)

_QUAD_SEGS = 16
# shapely's buffer is a polygon inscribed in the true offset curve; this factor makes it circumscribe it.
_BUFFER_SCALE = 1 / math.cos(math.pi / (4 * _QUAD_SEGS))


def hex_lattice(bounds: tuple[float, float, float, float], spacing: float, origin: tuple[float, float],
                ) -> np.ndarray:
    """Triangular lattice nodes (k, 2) covering the box (minx, miny, maxx, maxy), anchored at origin."""
    minx, miny, maxx, maxy = bounds
    row_h = spacing * math.sqrt(3) / 2
    ox, oy = origin
    rows = np.arange(math.floor((miny - oy) / row_h) - 1, math.ceil((maxy - oy) / row_h) + 2)
    cols = np.arange(math.floor((minx - ox) / spacing) - 1, math.ceil((maxx - ox) / spacing) + 2)
    r, c = np.meshgrid(rows, cols, indexing="ij")
    x = ox + (c + (r % 2) * 0.5) * spacing
    y = oy + r * row_h
    return np.column_stack([x.ravel(), y.ravel()])


def init_grid_points(fence: Geofence, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """(lats, lngs) of the lattice nodes that cover every point of the fence within `radius` metres,
    unordered (deterministic for a fence and radius, so a route manager can compare them with a stored
    route)."""
    if radius <= 0:
        raise ValueError("radius must be positive")
    if fence.unbounded:
        raise FenceError("an init grid needs an include fence")
    minx, miny, maxx, maxy = fence.include.bounds
    proj = LocalProjection(float((miny + maxy) / 2), float((minx + maxx) / 2))
    pad = np.degrees(radius * 2 / 6_371_008.8)  # latitudes the buffer can reach, for the stretch bound
    r_work = radius / proj.stretch(np.array([miny - pad, maxy + pad]))
    area = fence.projected_area(proj)
    region = area.buffer(r_work * _BUFFER_SCALE, quad_segs=_QUAD_SEGS)
    shapely.prepare(region)
    centre = area.centroid
    # A hair under r·√3 so the lattice's deepest holes stay inside r after rounding.
    nodes = hex_lattice(region.bounds, r_work * math.sqrt(3) * (1 - 1e-9), (centre.x, centre.y))
    nodes = nodes[shapely.intersects_xy(region, nodes[:, 0], nodes[:, 1])]
    return proj.to_latlng(nodes)


def init_grid(fence: Geofence, radius: float, algorithm: TourAlgorithm | str = TourAlgorithm.AUTO,
              time_limit: float | None = None, seed: int = 0) -> Route:
    """Grid stops covering every point of the fence within `radius` metres, as a closed tour."""
    started = time.perf_counter()
    lat, lng = init_grid_points(fence, radius)
    order = order_stops(lat, lng, algorithm, time_limit, seed) if len(lat) else np.zeros(0, dtype=np.int64)
    stops = tuple(Stop(float(lat[i]), float(lng[i])) for i in order.tolist())
    seconds = time.perf_counter() - started
    settings = RouteSettings(max_radius=radius, max_count=1, algorithm=TourAlgorithm(algorithm),
                             time_limit=time_limit, seed=seed)
    log.info("init grid: %d stops of %.0f m, %.2f s", len(stops), radius, seconds)
    return Route(stops, path_length_m(lat[order], lng[order]), seconds, settings)

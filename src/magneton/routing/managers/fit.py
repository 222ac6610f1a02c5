"""Does a route still fit an area's coordinates, and how to patch it when only a few changed.

A route fits when every coordinate has a stop within the coverage radius and every stop covers a
coordinate. The count of points without a stop plus stops without a point, over the larger of the two
sets, is the change ratio: above the area's threshold the route is recalculated, below it new points
get stops by cheapest insertion into the tour and stops that cover nothing are skipped (or dropped
when the tour is patched anyway). This is the persisted route's "fingerprint": it needs no column
beyond MAD's routefile, and it works for routes MAD stored before the switch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from magneton.geo.distance import LocalProjection, haversine_m, path_length_m
from magneton.routing.route import Route, RouteSettings, Stop, cluster_latlng

log = logging.getLogger(__name__)

_NEAREST = 4  # planar neighbours checked with haversine (the projection is only near-exact)
_SLACK_M = 0.5  # float rounding of stored stops


@dataclass(frozen=True)
class Fit:
    uncovered: NDArray[np.int64]  # coordinates (indices) with no stop within the radius
    useful: NDArray[np.bool_]  # per stop: covers at least one coordinate

    @property
    def changed(self) -> int:
        return int(len(self.uncovered) + (~self.useful).sum())

    def ratio(self, n_points: int) -> float:
        return self.changed / max(1, n_points, len(self.useful))


def _within(src_lat: NDArray[np.float64], src_lng: NDArray[np.float64], dst_lat: NDArray[np.float64],
            dst_lng: NDArray[np.float64], radius: float) -> NDArray[np.bool_]:
    """Per source point: is some destination point within `radius` metres?"""
    if len(src_lat) == 0:
        return np.zeros(0, dtype=bool)
    if len(dst_lat) == 0:
        return np.zeros(len(src_lat), dtype=bool)
    proj = LocalProjection.around(np.concatenate([src_lat, dst_lat]), np.concatenate([src_lng, dst_lng]))
    tree = cKDTree(proj.to_xy(dst_lat, dst_lng))
    k = min(_NEAREST, len(dst_lat))
    _, idx = tree.query(proj.to_xy(src_lat, src_lng), k=k)
    idx = idx.reshape(len(src_lat), k)
    d = haversine_m(src_lat[:, None], src_lng[:, None], dst_lat[idx], dst_lng[idx])
    return (d <= radius + _SLACK_M).any(axis=1)


def fit(stop_lats: NDArray[np.float64], stop_lngs: NDArray[np.float64], lats: NDArray[np.float64],
        lngs: NDArray[np.float64], radius: float) -> Fit:
    covered = _within(lats, lngs, stop_lats, stop_lngs, radius)
    useful = _within(stop_lats, stop_lngs, lats, lngs, radius)
    return Fit(np.flatnonzero(~covered), useful)


def route_from_points(points: list[tuple[float, float]], settings: RouteSettings) -> Route:
    lat = np.array([p[0] for p in points], dtype=np.float64)
    lng = np.array([p[1] for p in points], dtype=np.float64)
    stops = tuple(Stop(float(a), float(b)) for a, b in zip(lat, lng))
    return Route(stops, path_length_m(lat, lng), 0.0, settings)


def stop_arrays(route: Route) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    return (np.array([s.lat for s in route.stops], dtype=np.float64),
            np.array([s.lng for s in route.stops], dtype=np.float64))


def patch(route: Route, lats: NDArray[np.float64], lngs: NDArray[np.float64], current: Fit,
          radius: float, settings: RouteSettings) -> Route:
    """The route without stops that cover nothing, plus stops for the uncovered points (clustered like
    the route), each inserted where it lengthens the closed tour least."""
    s_lat, s_lng = stop_arrays(route)
    s_lat, s_lng = s_lat[current.useful], s_lng[current.useful]
    u_lat, u_lng = lats[current.uncovered], lngs[current.uncovered]
    clustered = settings.max_radius > 0 and (settings.max_count or 2) > 1
    if clustered and len(u_lat):
        n_lat, n_lng, _ = cluster_latlng(u_lat, u_lng, radius, settings.max_count)
    else:
        n_lat, n_lng = u_lat, u_lng
    all_lat, all_lng = np.concatenate([s_lat, n_lat]), np.concatenate([s_lng, n_lng])
    xy = LocalProjection.around(all_lat, all_lng).to_xy(all_lat, all_lng)
    tour = list(range(len(s_lat)))  # indices into all_*; stored stops keep their exact coordinates
    for j in range(len(s_lat), len(all_lat)):
        if len(tour) < 2:
            tour.append(j)
            continue
        a = xy[tour]
        b = np.roll(a, -1, axis=0)
        cost = np.hypot(*(a - xy[j]).T) + np.hypot(*(b - xy[j]).T) - np.hypot(*(b - a).T)
        tour.insert(int(np.argmin(cost)) + 1, j)
    lat, lng = all_lat[tour], all_lng[tour]
    log.info("route patched: %d stop(s) dropped, %d added", int((~current.useful).sum()), len(n_lat))
    return Route(tuple(Stop(float(a), float(b)) for a, b in zip(lat, lng)), path_length_m(lat, lng), 0.0, settings)

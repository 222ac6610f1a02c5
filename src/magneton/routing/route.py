"""Fence + points in, ordered route out: the entry point a route manager calls.

Points are filtered by the fence, projected to local metres, clustered into stops that each cover
their points within `max_radius`, checked again with haversine (repairing any point the planar
approximation missed) and ordered into a closed tour.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from magneton.geo.distance import LocalProjection, haversine_m, path_length_m
from magneton.geo.fence import Geofence
from magneton.routing.cluster import Covering, cover_points
from magneton.routing.tour import TourAlgorithm, solve_tour

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Stop:
    """A place to scan and the indices (into the caller's input) of the points it covers."""

    lat: float
    lng: float
    members: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class RouteSettings:
    """`max_radius` 0 or `max_count` 1 turn clustering off (every point is a stop), as in MAD."""

    max_radius: float = 0.0
    max_count: int | None = None
    algorithm: TourAlgorithm = TourAlgorithm.AUTO
    time_limit: float | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if self.max_radius < 0:
            raise ValueError("max_radius must not be negative")
        if self.max_count is not None and self.max_count < 1:
            raise ValueError("max_count must be at least 1")
        object.__setattr__(self, "algorithm", TourAlgorithm(self.algorithm))


@dataclass(frozen=True, slots=True)
class Route:
    """A closed tour: the last stop leads back to the first."""

    stops: tuple[Stop, ...]
    length_m: float
    seconds: float = 0.0
    settings: RouteSettings = field(default_factory=RouteSettings)

    def leg_lengths_m(self) -> NDArray[np.float64]:
        """Leg i runs from stop i to stop i+1 (the last leg closes the tour)."""
        lat = np.array([s.lat for s in self.stops])
        lng = np.array([s.lng for s in self.stops])
        if len(lat) < 2:
            return np.zeros(len(lat))
        return haversine_m(lat, lng, np.roll(lat, -1), np.roll(lng, -1))


def _repair(lat: NDArray[np.float64], lng: NDArray[np.float64], cov_lat: NDArray[np.float64],
            cov_lng: NDArray[np.float64], assignment: NDArray[np.int64], radius: float,
            ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Give every point still farther than `radius` from its stop a stop of its own."""
    far = np.flatnonzero(haversine_m(lat, lng, cov_lat[assignment], cov_lng[assignment]) > radius)
    if far.size:
        log.warning("%d point(s) beyond %.1f m after clustering; giving them their own stops", far.size, radius)
        assignment = assignment.copy()
        assignment[far] = len(cov_lat) + np.arange(far.size)
        cov_lat = np.concatenate([cov_lat, lat[far]])
        cov_lng = np.concatenate([cov_lng, lng[far]])
    return cov_lat, cov_lng, assignment


def cluster_latlng(lats: ArrayLike, lngs: ArrayLike, max_radius: float, max_count: int | None = None,
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    """Stop centres (lats, lngs) and each point's stop index, with haversine coverage guaranteed."""
    lat = np.asarray(lats, dtype=np.float64).ravel()
    lng = np.asarray(lngs, dtype=np.float64).ravel()
    proj = LocalProjection.around(lat, lng)
    xy = proj.to_xy(lat, lng)
    cov: Covering = cover_points(xy, max_radius / proj.stretch(lat), max_count)
    c_lat, c_lng = proj.to_latlng(cov.centres)
    if max_radius > 0:
        return _repair(lat, lng, c_lat, c_lng, cov.assignment, max_radius)
    return c_lat, c_lng, cov.assignment


def order_stops(lats: ArrayLike, lngs: ArrayLike, algorithm: TourAlgorithm | str = TourAlgorithm.AUTO,
                time_limit: float | None = None, seed: int = 0) -> NDArray[np.int64]:
    """Visiting order of a closed tour through the given stops."""
    lat = np.asarray(lats, dtype=np.float64).ravel()
    lng = np.asarray(lngs, dtype=np.float64).ravel()
    xy = LocalProjection.around(lat, lng).to_xy(lat, lng)
    return solve_tour(xy, algorithm, time_limit, seed)


def calculate_route(lats: ArrayLike, lngs: ArrayLike, settings: RouteSettings,
                    fence: Geofence | None = None) -> Route:
    """Cluster the points inside `fence` (all of them without one) and order the stops into a tour.

    Stop members index into the given arrays; points outside the fence belong to no stop.
    """
    started = time.perf_counter()
    lat = np.asarray(lats, dtype=np.float64).ravel()
    lng = np.asarray(lngs, dtype=np.float64).ravel()
    if lat.shape != lng.shape:
        raise ValueError("lats and lngs differ in length")
    keep = np.flatnonzero(fence.contains(lat, lng)) if fence is not None else np.arange(lat.size)
    if keep.size == 0:
        return Route((), 0.0, time.perf_counter() - started, settings)
    c_lat, c_lng, assignment = cluster_latlng(lat[keep], lng[keep], settings.max_radius, settings.max_count)
    order = order_stops(c_lat, c_lng, settings.algorithm, settings.time_limit, settings.seed)
    members: list[list[int]] = [[] for _ in range(len(c_lat))]
    for point, stop in zip(keep.tolist(), assignment.tolist()):
        members[stop].append(point)
    stops = tuple(Stop(float(c_lat[i]), float(c_lng[i]), tuple(members[i])) for i in order.tolist())
    length = path_length_m(c_lat[order], c_lng[order])
    seconds = time.perf_counter() - started
    log.info("route: %d points -> %d stops, %.0f m, %.2f s", keep.size, len(stops), length, seconds)
    return Route(stops, length, seconds, settings)

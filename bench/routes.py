"""Route benchmarks: tour length and time, large inputs, and clustering against MAD's greedy sweep.

Run: PYTHONPATH=src python bench/routes.py

Setup of (a), after reference/mad-routes.md §1.3: MAD's figure (1,000 uniform points, clustering off,
168.4 km closed tour in 99 s) used points filling a box of about 6.7 × 6.5 km around Berlin; the seed is
not given, so three point sets are drawn uniformly in a 6.7 km (north-south) × 6.5 km (east-west) box
centred on 52.52 N, 13.40 E. Lengths are haversine. The nearest-neighbour tour is printed as a check
of the setup: the reference measured 195.3 km for it.
"""

from __future__ import annotations

import math
import time

import numpy as np

from magneton.geo.distance import EARTH_RADIUS_M, LocalProjection, haversine_m, path_length_m
from magneton.routing.cluster import cover_points, mad_greedy_sweep
from magneton.routing.route import RouteSettings, calculate_route

CENTRE = (52.52, 13.40)


def box_points(n: int, ns_km: float, ew_km: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    dlat = math.degrees(ns_km * 500 / EARTH_RADIUS_M)
    dlng = math.degrees(ew_km * 500 / (EARTH_RADIUS_M * math.cos(math.radians(CENTRE[0]))))
    return (rng.uniform(CENTRE[0] - dlat, CENTRE[0] + dlat, n), rng.uniform(CENTRE[1] - dlng, CENTRE[1] + dlng, n))


def nearest_neighbour_km(lat: np.ndarray, lng: np.ndarray) -> float:
    left = np.ones(len(lat), dtype=bool)
    order, cur = [0], 0
    left[0] = False
    for _ in range(len(lat) - 1):
        d = np.where(left, haversine_m(lat[cur], lng[cur], lat, lng), np.inf)
        cur = int(np.argmin(d))
        left[cur] = False
        order.append(cur)
    return path_length_m(lat[order], lng[order]) / 1000


def row(*cells: object) -> None:
    print(" | ".join(f"{c:>14}" if not isinstance(c, str) else f"{c:<14}" for c in cells))


def tours() -> None:
    print("\n(a) 1,000 uniform points, 6.7 x 6.5 km around Berlin, clustering off (MAD: 168.4 km in 99 s)")
    row("point set", "algorithm", "tour km", "seconds", "NN km")
    for seed in range(3):
        lat, lng = box_points(1000, 6.7, 6.5, seed)
        nn = nearest_neighbour_km(lat, lng)
        algorithms = ["auto (ils)", "ortools"] if seed == 0 else ["auto (ils)"]
        for name in algorithms:
            route = calculate_route(lat, lng, RouteSettings(0.0, algorithm=name.split()[0], time_limit=8.0, seed=seed))
            assert len(route.stops) == 1000
            row(f"seed {seed}", name, f"{route.length_m / 1000:.1f}", f"{route.seconds:.1f}", f"{nn:.1f}")


def large() -> None:
    print("\n(b) 20,000 points, 6.7 x 6.5 km around Berlin (city spawnpoint density)")
    row("setting", "stops", "tour km", "seconds")
    lat, lng = box_points(20_000, 6.7, 6.5, 7)
    route = calculate_route(lat, lng, RouteSettings(67.0, algorithm="auto", time_limit=30.0))
    row("r=67 m (mon)", len(route.stops), f"{route.length_m / 1000:.1f}", f"{route.seconds:.1f}")
    route = calculate_route(lat, lng, RouteSettings(67.0, max_count=3, algorithm="auto", time_limit=30.0))
    row("r=67 m, count 3", len(route.stops), f"{route.length_m / 1000:.1f}", f"{route.seconds:.1f}")
    route = calculate_route(lat, lng, RouteSettings(0.0, algorithm="fast"))
    row("no clust., fast", len(route.stops), f"{route.length_m / 1000:.1f}", f"{route.seconds:.1f}")
    route = calculate_route(lat, lng, RouteSettings(0.0, algorithm="auto", time_limit=40.0))
    row("no clust., ils", len(route.stops), f"{route.length_m / 1000:.1f}", f"{route.seconds:.1f}")


def clustering() -> None:
    print("\n(c) clustering: stops vs MAD's greedy sweep (re-implemented from its description)")
    row("points", "box km", "radius m", "max count", "stops", "MAD stops", "fewer", "s", "max d / MAD")
    cases = [(200, 1.1, 67, None), (500, 1.1, 67, None), (1000, 1.1, 67, None), (1000, 1.1, 67, 3),
             (20_000, 6.7, 67, None), (20_000, 6.7, 67, 3), (1500, 6.7, 490, None)]
    for n, box, r, cap in cases:
        lat, lng = box_points(n, box, box, n)
        proj = LocalProjection.around(lat, lng)
        xy = proj.to_xy(lat, lng)
        t = time.perf_counter()
        ours = cover_points(xy, r, cap)
        secs = time.perf_counter() - t
        mad = mad_greedy_sweep(xy, r, cap)
        d_ours = np.hypot(*(xy - ours.centres[ours.assignment]).T).max()
        d_mad = np.hypot(*(xy - mad.centres[mad.assignment]).T).max()
        fewer = 1 - len(ours.centres) / len(mad.centres)
        row(n, box, r, cap or "-", len(ours.centres), len(mad.centres), f"{fewer:.0%}", f"{secs:.1f}",
            f"{d_ours:.0f} / {d_mad:.0f}")


if __name__ == "__main__":
    tours()
    large()
    clustering()

"""Shared strategies: small random fences and points in them, kept small for 2 CPU cores."""

from __future__ import annotations

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

from magneton.geo.fence import Geofence, NamedPolygon
from shapely.geometry import Polygon

settings.register_profile("routing", max_examples=25, deadline=None)
settings.load_profile("routing")


@st.composite
def star_fences(draw: st.DrawFn, max_km: float = 1.5) -> Geofence:
    """A random star-shaped (often concave) polygon of up to `max_km` radius, anywhere within ±60° lat."""
    lat0 = draw(st.floats(-60, 60))
    lng0 = draw(st.floats(-170, 170))
    k = draw(st.integers(3, 9))
    # One vertex per sector of the circle keeps the polygon simple and of non-negligible area.
    jitter = np.array(draw(st.lists(st.floats(0.0, 0.8), min_size=k, max_size=k)))
    angles = (np.arange(k) + jitter) * 2 * np.pi / k
    radii = np.array(draw(st.lists(st.floats(0.2, 1.0), min_size=k, max_size=k))) * max_km * 1000
    dlat = radii * np.sin(angles) / 111_195.0
    dlng = radii * np.cos(angles) / (111_195.0 * np.cos(np.radians(lat0)))
    poly = Polygon(list(zip(lng0 + dlng, lat0 + dlat)))
    return Geofence.from_polygons([NamedPolygon("random", poly)])


def points_in(fence: Geofence, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n points sampled uniformly inside the fence's area (rejection sampling on its bbox)."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = fence.include.bounds
    lats, lngs = [], []
    for _ in range(100):
        lat = rng.uniform(miny, maxy, 4 * n)
        lng = rng.uniform(minx, maxx, 4 * n)
        inside = fence.contains(lat, lng)
        lats.append(lat[inside])
        lngs.append(lng[inside])
        if sum(len(a) for a in lats) >= n:
            break
    assert sum(len(a) for a in lats) >= n, "fence too thin to sample"
    return np.concatenate(lats)[:n], np.concatenate(lngs)[:n]

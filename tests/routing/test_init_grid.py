import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from magneton.geo.distance import LocalProjection, haversine_m
from magneton.geo.fence import FenceError, Geofence
from magneton.routing.init_grid import init_grid

from .conftest import points_in, star_fences


def nearest_stop_m(route, lat, lng) -> np.ndarray:
    s_lat = np.array([s.lat for s in route.stops])
    s_lng = np.array([s.lng for s in route.stops])
    return haversine_m(lat[:, None], lng[:, None], s_lat[None, :], s_lng[None, :]).min(axis=1)


@given(fence=star_fences(max_km=0.8), radius=st.sampled_from([67.0, 120.0]), seed=st.integers(0, 2**16))
def test_every_point_of_the_fence_is_covered(fence, radius, seed) -> None:
    route = init_grid(fence, radius, algorithm="fast")
    lat, lng = points_in(fence, 400, seed)
    # Boundary vertices are the hardest places to reach.
    ring = np.array(fence.include.geoms[0].exterior.coords)
    lat, lng = np.concatenate([lat, ring[:, 1]]), np.concatenate([lng, ring[:, 0]])
    assert nearest_stop_m(route, lat, lng).max() <= radius
    proj = LocalProjection.around(lat, lng)
    xy = proj.to_xy([s.lat for s in route.stops], [s.lng for s in route.stops])
    assert (shapely.distance(fence.projected_area(proj), shapely.points(xy)) <= radius * 1.01).all()


def test_exclude_fence_is_honoured_and_still_covered() -> None:
    outer = "[a]\n52.50,13.35\n52.52,13.35\n52.52,13.38\n52.50,13.38\n"
    hole = "[x]\n52.505,13.355\n52.515,13.355\n52.515,13.375\n52.505,13.375\n"
    full = init_grid(Geofence.from_text(outer), 67, algorithm="fast")
    holed_fence = Geofence.from_text(outer, hole)
    holed = init_grid(holed_fence, 67, algorithm="fast")
    assert len(holed.stops) < len(full.stops)
    lat, lng = points_in(holed_fence, 2000, 1)
    assert nearest_stop_m(holed, lat, lng).max() <= 67
    # Spacing r·√3 rather than MAD's 2r: denser, without gaps.
    assert all(len(set(s.members)) == 0 for s in holed.stops)


def test_needs_an_include_fence_and_a_radius() -> None:
    with pytest.raises(FenceError):
        init_grid(Geofence.from_text(""), 67)
    with pytest.raises(ValueError):
        init_grid(Geofence.from_text("[a]\n0,0\n0,1\n1,1\n"), 0)

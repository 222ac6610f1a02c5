import numpy as np
import shapely
from hypothesis import given
from hypothesis import strategies as st

from magneton.geo.distance import LocalProjection, haversine_m
from magneton.routing.cluster import cover_points, mad_greedy_sweep
from magneton.routing.route import RouteSettings, calculate_route

from .conftest import points_in, star_fences


@given(fence=star_fences(), n=st.integers(1, 120), radius=st.sampled_from([20.0, 67.0, 150.0]),
       max_count=st.sampled_from([None, 1, 2, 3, 9]), seed=st.integers(0, 2**16))
def test_route_covers_every_point_within_radius(fence, n, radius, max_count, seed) -> None:
    lat, lng = points_in(fence, n, seed)
    route = calculate_route(lat, lng, RouteSettings(radius, max_count, algorithm="fast"), fence)
    members = [m for s in route.stops for m in s.members]
    assert sorted(members) == list(range(n))  # every point in exactly one stop
    for stop in route.stops:
        idx = np.array(stop.members)
        assert haversine_m(lat[idx], lng[idx], stop.lat, stop.lng).max() <= radius
        if max_count is not None:
            assert len(idx) <= max_count
    # No stop outside the fence buffered by the radius (planar check in local metres, 0.5 % slack).
    proj = LocalProjection.around(lat, lng)
    area = fence.projected_area(proj)
    xy = proj.to_xy([s.lat for s in route.stops], [s.lng for s in route.stops])
    assert (shapely.distance(area, shapely.points(xy)) <= radius * 1.005).all()


@given(st.integers(0, 2**16))
def test_points_outside_the_fence_are_not_routed(seed) -> None:
    from magneton.geo.fence import Geofence
    fence = Geofence.from_text("[a]\n0,0\n0,0.01\n0.01,0.01\n0.01,0\n")
    rng = np.random.default_rng(seed)
    lat, lng = rng.uniform(-0.005, 0.015, 50), rng.uniform(-0.005, 0.015, 50)
    route = calculate_route(lat, lng, RouteSettings(50.0), fence)
    assert sorted(m for s in route.stops for m in s.members) == np.flatnonzero(fence.contains(lat, lng)).tolist()


def test_fewer_stops_than_mad_greedy_sweep() -> None:
    rng = np.random.default_rng(7)
    for n, cap in [(300, None), (600, None), (600, 3)]:
        xy = rng.uniform(0, 1100, (n, 2))
        ours = cover_points(xy, 67.0, cap)
        mad = mad_greedy_sweep(xy, 67.0, cap)
        assert len(ours.centres) < len(mad.centres)
        assert np.hypot(*(xy - ours.centres[ours.assignment]).T).max() <= 67.0


def test_mad_baseline_exceeds_radius_when_count_binds() -> None:
    # Documents the bug being fixed: MAD's recursion widens the circle beyond r.
    xy = np.random.default_rng(3).uniform(0, 1100, (1000, 2))
    mad = mad_greedy_sweep(xy, 67.0, 3)
    assert np.hypot(*(xy - mad.centres[mad.assignment]).T).max() > 67.0


def test_degenerate_inputs() -> None:
    assert len(cover_points(np.empty((0, 2)), 50).centres) == 0
    same = np.zeros((10, 2))
    cov = cover_points(same, 50, 4)
    assert len(cov.centres) == 3 and np.bincount(cov.assignment).max() <= 4
    assert len(cover_points(np.array([[0.0, 0.0], [1.0, 0.0]]), 0).centres) == 2

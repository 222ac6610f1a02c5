import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from magneton.routing.tour import TourAlgorithm, solve_tour, tour_length

MAD_SMOKE = [(52.519903, 13.400699), (52.526848, 13.392288), (52.525230, 13.409111),
             (52.518910, 13.420354), (52.514836, 13.409282)]


def nearest_neighbour_length(xy: np.ndarray) -> float:
    left, cur, order = set(range(1, len(xy))), 0, [0]
    while left:
        cur = min(left, key=lambda j: np.hypot(*(xy[j] - xy[cur])))
        left.remove(cur)
        order.append(cur)
    return tour_length(xy, np.array(order))


@given(n=st.integers(0, 80), seed=st.integers(0, 2**16), algorithm=st.sampled_from(["fast", "ils"]))
def test_tour_is_a_permutation_no_longer_than_nearest_neighbour(n, seed, algorithm) -> None:
    xy = np.random.default_rng(seed).uniform(0, 5000, (n, 2))
    order = solve_tour(xy, algorithm, time_limit=0.5, seed=seed)
    assert sorted(order.tolist()) == list(range(n))
    if n > 3:
        # `fast` improves a nearest-neighbour tour from a seeded start, not necessarily stop 0.
        slack = 1.0 if algorithm == "ils" else 1.15
        assert tour_length(xy, order) <= slack * nearest_neighbour_length(xy) + 1e-6


def test_ortools_permutation_and_mad_smoke_points() -> None:
    from magneton.routing.route import order_stops
    lat, lng = np.array(MAD_SMOKE).T
    for algorithm in TourAlgorithm:
        order = order_stops(lat, lng, algorithm, time_limit=0.5)
        assert sorted(order.tolist()) == [0, 1, 2, 3, 4]
    xy = np.random.default_rng(1).uniform(0, 3000, (60, 2))
    order = solve_tour(xy, "ortools", time_limit=0.5)
    assert sorted(order.tolist()) == list(range(60))
    assert tour_length(xy, order) <= nearest_neighbour_length(xy)


def test_deterministic_for_a_seed() -> None:
    xy = np.random.default_rng(5).uniform(0, 3000, (150, 2))
    a = solve_tour(xy, "ils", time_limit=30, seed=3)
    b = solve_tour(xy, "ils", time_limit=30, seed=3)
    assert a.tolist() == b.tolist()


def test_unknown_algorithm_is_rejected() -> None:
    with pytest.raises(ValueError):
        solve_tour(np.zeros((5, 2)), "christofides")

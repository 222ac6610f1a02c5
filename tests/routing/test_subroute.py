import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from magneton.routing.route import Route, Stop
from magneton.routing.subroute import Device, split_route, stop_seconds


def make_route(n: int, seed: int) -> Route:
    rng = np.random.default_rng(seed)
    lat = 52.5 + rng.uniform(0, 0.02, n)
    lng = 13.4 + rng.uniform(0, 0.03, n)
    return Route(tuple(Stop(float(a), float(b)) for a, b in zip(lat, lng)), 0.0)


def is_contiguous_on_cycle(stops: tuple[int, ...], n: int) -> bool:
    return all((b - a) % n == 1 for a, b in zip(stops, stops[1:]))


@given(n=st.integers(0, 60), k=st.integers(1, 8), seed=st.integers(0, 2**16),
       speed=st.sampled_from([None, 12.0, 60.0]), dwell=st.sampled_from([0.0, 10.0]),
       positioned=st.booleans())
def test_subroutes_partition_the_route_and_are_balanced(n, k, seed, speed, dwell, positioned) -> None:
    route = make_route(n, seed)
    rng = np.random.default_rng(seed + 1)
    devices = [Device(f"d{i}", *(52.5 + rng.uniform(0, 0.02), 13.4 + rng.uniform(0, 0.03)) if positioned else (None, None))
               for i in range(k)]
    subs = split_route(route, devices, speed, dwell)
    assert [s.device for s in subs] == [d.name for d in devices]
    flat = sorted(i for s in subs for i in s.stops)
    assert flat == list(range(n))  # every stop in exactly one subroute
    assert all(is_contiguous_on_cycle(s.stops, n) for s in subs)
    assert sum(1 for s in subs if s.stops) == min(n, k)
    if n:
        w = stop_seconds(route, speed, dwell)
        assert max(s.seconds for s in subs) <= w.sum() / min(n, k) + w.max() + 1e-6
        assert all(0 <= s.resume_at < max(1, len(s.stops)) for s in subs)


def test_devices_keep_a_nearby_slice_when_one_joins() -> None:
    route = make_route(40, 1)
    first = split_route(route, [Device("a"), Device("b")], 12.0)
    here = {s.device: route.stops[s.stops[len(s.stops) // 2]] for s in first}
    devices = [Device(n, here[n].lat, here[n].lng) for n in ("a", "b")] + [Device("c")]
    second = {s.device: s for s in split_route(route, devices, 12.0)}
    for name in ("a", "b"):
        stop = route.stops[second[name].queue()[0]]
        # The device resumes at (or next to) the stop where it stood.
        assert abs(stop.lat - here[name].lat) + abs(stop.lng - here[name].lng) < 0.01


def test_time_balance_beats_count_balance() -> None:
    # Sixteen stops bunched together and four spread over kilometres: equal counts (MAD) would give one
    # device nearly all the walking.
    near = [Stop(52.5 + i * 1e-4, 13.4) for i in range(16)]
    far = [Stop(52.5 + 0.01 * i, 13.41) for i in range(4, 0, -1)]
    route = Route(tuple(near + far), 0.0)
    subs = split_route(route, [Device("a"), Device("b")], speed_kmh=10.0)
    times = sorted(s.seconds for s in subs)
    assert times[1] - times[0] < max(stop_seconds(route, 10.0))
    assert sorted(len(s.stops) for s in subs) != [10, 10]


def test_legs_beyond_max_walk_are_teleported_and_take_no_travel_time() -> None:
    # three stops close together and one 5 km away: walking, the two long legs dominate
    route = Route((Stop(52.50, 13.40), Stop(52.501, 13.40), Stop(52.502, 13.40), Stop(52.545, 13.40)), 0.0)
    walk = stop_seconds(route, 10.0, 0.0)
    capped = stop_seconds(route, 10.0, 0.0, max_walk_m=1000.0)
    assert walk[2] > 1000 and walk[3] > 1000
    assert capped[2] == 0 and capped[3] == 0 and capped[0] == walk[0]

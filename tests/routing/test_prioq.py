from hypothesis import given
from hypothesis import strategies as st

from magneton.geo.distance import haversine_m
from magneton.routing.events import PrioEvent, cluster_events, spawn_window
from magneton.routing.prioq import DeviceState, PrioSettings, PriorityQueue

BERLIN = (52.52, 13.40)


def ev(t0: float, t1: float, prio: int = 0, key: str = "", dlat: float = 0.0) -> PrioEvent:
    return PrioEvent(BERLIN[0] + dlat, BERLIN[1], t0, t1, prio, (key,) if key else ())


def test_ordering_by_priority_then_deadline_not_rank_as_time() -> None:
    q = PriorityQueue(PrioSettings(remove_from_queue_backlog=0))
    q.replace([ev(0, 500, 0, "late"), ev(0, 100, 0, "soon"), ev(50, 900, 0, "not yet"), ev(0, 900, -1, "rank")], now=10)
    assert [e.keys[0] for e in q.due(10)] == ["rank", "soon", "late"]
    assert [e.keys[0] for e in q.due(60)] == ["rank", "soon", "late", "not yet"]


def test_delay_after_prio_event_shifts_due_time() -> None:
    q = PriorityQueue(PrioSettings(delay_after_prio_event=30))
    q.replace([ev(100, 2000, key="a")], now=0)
    assert q.due(120) == [] and q.next_due_at() == 130
    assert len(q.due(130)) == 1


def test_expiry_window_and_backlog() -> None:
    q = PriorityQueue(PrioSettings())  # backlog None -> 300 s
    q.replace([ev(0, 10_000, key="a"), ev(0, 50, key="b")], now=0)
    assert len(q.due(40)) == 2
    assert [e.keys[0] for e in q.due(60)] == ["a"]  # b's window closed
    assert q.due(301) == [] and len(q) == 0  # a was due more than 300 s ago
    unlimited = PriorityQueue(PrioSettings(remove_from_queue_backlog=0))
    unlimited.replace([ev(0, 10_000, key="a")], now=0)
    assert len(unlimited.due(5000)) == 1  # 0 means no backlog limit (unreachable in MAD)


def test_merge_keeps_valid_old_events_and_replaces_same_identity() -> None:
    q = PriorityQueue(PrioSettings())
    q.replace([ev(0, 1000, key="a"), ev(10, 1000, key="b")], now=0)
    q.merge([ev(20, 2000, key="b"), ev(30, 2000, key="c")], now=5)
    assert sorted((e.keys[0], e.earliest) for e in q.events()) == [("a", 0), ("b", 20), ("c", 30)]


def test_starve_route_and_alternation() -> None:
    dev = [DeviceState("d", *BERLIN)]
    q = PriorityQueue(PrioSettings())
    q.replace([ev(0, 1000, key="a"), ev(0, 1000, key="b")], now=0)
    assert q.pop_for("d", dev, now=1, last_was_prio=True) == []  # back to the route first
    assert [a.event.keys[0] for a in q.pop_for("d", dev, now=1)] == ["a"]
    starving = PriorityQueue(PrioSettings(starve_route=True))
    starving.replace([ev(0, 1000, key="a"), ev(0, 1000, key="b")], now=0)
    assert [a.event.keys[0] for a in starving.pop_for("d", dev, now=1, last_was_prio=True)] == ["a"]


def test_dispatch_to_the_device_that_arrives_first() -> None:
    near = DeviceState("near", BERLIN[0] + 0.001, BERLIN[1], speed_kmh=10)
    far = DeviceState("far", BERLIN[0] + 0.05, BERLIN[1], speed_kmh=10)
    q = PriorityQueue(PrioSettings())
    q.replace([ev(0, 3000, key="a"), ev(0, 3000, key="b", dlat=0.05)], now=0)
    out = q.pop_for("far", [far, near], now=0)
    # "a" is handed to the nearer device; "far" then takes "b", which sits where it stands.
    assert [(a.event.keys[0], a.device) for a in out] == [("a", "near"), ("b", "far")]
    assert len(q) == 0
    # A busy device loses to a free one even if it is closer.
    busy = DeviceState("busy", *BERLIN, speed_kmh=10, free_at=500)
    free = DeviceState("free", BERLIN[0] + 0.005, BERLIN[1], speed_kmh=10)  # 556 m: 200 s away
    q.replace([ev(0, 3000, key="c")], now=0)
    assert q.pop_for("free", [free, busy], now=0)[0].device == "free"


def test_unreachable_events_are_dropped_and_no_handover_for_iv() -> None:
    slow = DeviceState("slow", BERLIN[0] + 0.1, BERLIN[1], speed_kmh=5)
    near = DeviceState("near", *BERLIN, speed_kmh=5)
    q = PriorityQueue(PrioSettings(allow_handover=False))
    q.replace([ev(0, 60, key="a")], now=0)
    assert q.pop_for("slow", [slow, near], now=0) == []  # 11 km at 5 km/h misses a 60 s window
    assert len(q) == 0


@given(st.lists(st.tuples(st.floats(0, 0.005), st.floats(0, 0.005), st.floats(0, 600)), min_size=1, max_size=40),
       st.sampled_from([0.0, 120.0, 300.0]), st.sampled_from([None, 2, 5]))
def test_event_clustering_keeps_members_within_radius_and_time(raw, timedelta, max_count) -> None:
    events = [PrioEvent(52.5 + a, 13.4 + b, t, t + 1800, 0, (i,)) for i, (a, b, t) in enumerate(raw)]
    merged = cluster_events(events, 67.0, timedelta, max_count)
    by_key = {e.keys[0]: e for e in events}
    assert sorted(k for m in merged for k in m.keys) == list(range(len(events)))
    for m in merged:
        members = [by_key[k] for k in m.keys]
        assert max(haversine_m(e.lat, e.lng, m.lat, m.lng) for e in members) <= 67.0
        assert max(e.earliest for e in members) - min(e.earliest for e in members) <= timedelta
        assert m.earliest == max(e.earliest for e in members) and m.earliest <= m.latest
        if max_count:
            assert len(members) <= max_count


def test_spawn_window_in_utc_across_the_hour() -> None:
    now = 1_700_000_000 - 1_700_000_000 % 3600 + 50 * 60  # hh:50:00 UTC
    assert spawn_window("55:00", 15, now) == (now + 300 - 3600, now + 300)
    assert spawn_window("10:30", 1, now) == (now + 20 * 60 + 30 - 1800, now + 20 * 60 + 30)

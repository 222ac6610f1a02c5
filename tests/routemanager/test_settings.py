"""Area settings resolved from records: MAD's defaults, and the settings MAD did not honour (§4)."""

from __future__ import annotations

from magneton.mapping.records import Area
from magneton.routing.managers import Mode, resolve


def area(mode: str, **kw) -> Area:  # noqa: ANN003
    return Area(1, "a", mode, 1, None, 1, **kw)


def test_modes_and_mad_radii() -> None:
    assert resolve(area("mon_mitm")).route.max_radius == 67
    assert resolve(area("raids_mitm")).route.max_radius == 490
    quests = resolve(area("pokestops", layer=1))
    assert (quests.mode, quests.route.max_count) == (Mode.QUESTS, 3)
    # FIX: MAD clustered stops within 67 m, beyond the 40 m a spin reaches; here every stop is reachable
    assert quests.route.max_radius == 40
    assert resolve(area("pokestops", layer=0)).route.max_count == 1  # AR: never clustered
    assert resolve(area("pokestops", level=True)).mode is Mode.LEVELING
    assert resolve(area("init", init_type="forts")).route.max_radius == 490
    assert resolve(area("init", init_type="mons")).route.max_radius == 67


def test_coords_spawns_known_null_means_all_spawnpoints() -> None:
    assert resolve(area("mon_mitm")).coords_spawns_known is True
    assert resolve(area("mon_mitm", coords_spawns_known=False)).coords_spawns_known is False


def test_event_ids() -> None:
    assert resolve(area("mon_mitm")).event_ids == (1,)
    assert resolve(area("mon_mitm", include_event_id=4)).event_ids == (1, 4)


def test_prio_settings_honoured() -> None:
    assert resolve(area("mon_mitm")).prio is None  # delay_after_prio_event NULL: no queue, as in MAD
    mon = resolve(area("mon_mitm", delay_after_prio_event=5, max_clustering=3)).prio
    assert (mon.priority_queue_clustering_timedelta, mon.max_clustering, mon.backlog_s) == (300.0, 3, 300.0)
    mon0 = resolve(area("mon_mitm", delay_after_prio_event=5, remove_from_queue_backlog=0.0,
                        priority_queue_clustering_timedelta=45.0)).prio
    assert (mon0.backlog_s, mon0.priority_queue_clustering_timedelta) == (None, 45.0)  # 0: no limit
    raids = resolve(area("raids_mitm", delay_after_prio_event=0)).prio
    assert raids.priority_queue_clustering_timedelta == 600.0 and raids.clustering_radius == 490


def test_iv_settings() -> None:
    iv = resolve(area("iv_mitm"))
    assert iv.prio.delay_after_prio_event == 10 and iv.prio.starve_route and not iv.prio.allow_handover
    assert iv.min_time_left_s == 0  # NULL: any time left (MAD left the queue empty)
    assert iv.prio.backlog_s is None
    assert resolve(area("iv_mitm", remove_from_queue_backlog=1.0)).prio.backlog_s == 300.0  # BOOLEAN True
    assert resolve(area("iv_mitm", delay_after_prio_event=0)).prio.delay_after_prio_event == 0


def test_init_rounds_and_movement() -> None:
    assert resolve(area("init", init_type="mons")).init_rounds == 1  # NULL crashed MAD at the end of a lap
    assert resolve(area("init", init_type="mons", init_mode_rounds=3)).init_rounds == 3
    s = resolve(area("mon_mitm", speed=0.0, max_distance=0.0))
    assert (s.speed_kmh, s.max_walk_m) == (None, None)
    s = resolve(area("mon_mitm", speed=12.0, max_distance=500.0))
    assert (s.speed_kmh, s.max_walk_m) == (12.0, 500.0)

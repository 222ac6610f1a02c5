"""An area's route settings, typed and with their defaults resolved, from a MappingManager `Area` record.

MAD reads these columns in many places, with NULL handling that differs from what its UI promises
(reference/mad-routes.md §4). They are resolved once here; every departure from MAD is marked FIX.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from enum import StrEnum

from magneton.mapping.records import Area
from magneton.routing.prioq import PrioSettings
from magneton.routing.route import RouteSettings
from magneton.routing.tour import TourAlgorithm


class Mode(StrEnum):
    MON = "mon_mitm"
    IV = "iv_mitm"
    RAIDS = "raids_mitm"
    QUESTS = "pokestops"
    LEVELING = "leveling"  # pokestops with `level` set
    INIT = "init"
    IDLE = "idle"


# MAD's hard-coded per-mode circle radius (m) and points per circle (§1.5); not user settings in MAD.
MON_RADIUS = 67.0
RAID_RADIUS = 490.0
STOP_RADIUS = 40.0  # the game's spin reach: a quest stop of the route must reach every stop it stands for
INIT_RADIUS = {"mons": 67.0, "forts": 490.0}
QUEST_MAX_COUNT = 3  # non-AR layer; the AR layer is never clustered
LEVELING_MAX_COUNT = 9999
LEVELING_STOPS = 150  # stops per leveling route, nearest to the device

# UI defaults of settings whose NULL MAD's code turned into something else.
UI_CLUSTER_TIMEDELTA = {Mode.MON: 300.0, Mode.IV: 300.0, Mode.RAIDS: 600.0}
IV_DEFAULT_DELAY = 10.0
QUEST_LAYER_AR = 0
QUEST_LAYER_NON_AR = 1


@dataclass(frozen=True)
class ManagerOptions:
    """Process-wide choices that MAD's schema has no column for (the same for every area)."""

    algorithm: TourAlgorithm = TourAlgorithm.AUTO  # MAD hard-coded OR-Tools (and its enum bug ran it always)
    time_limit: float | None = None  # tour improvement budget; None: grows with the stop count
    seed: int = 0
    dwell_s: float = 10.0  # expected seconds spent at a stop (MITM wait), for time-balanced subroutes
    recalc_threshold: float = 0.1  # share of changed coordinates that triggers a full recalculation
    coords_refresh_s: float = 600.0  # how often coordinates are re-read to detect changes
    quest_refresh_s: float = 120.0  # quests change all day: stops drop out as their quests are scanned
    spawn_refresh_s: float = 300.0
    raid_refresh_s: float = 120.0
    iv_refresh_s: float = 30.0  # MAD's IV interval
    prio_horizon_s: float = 900.0  # events opening this far ahead are loaded
    prio_wait_s: float = 300.0  # IV areas: next_location waits this long for a due encounter before None
    executor: Executor | None = None  # route calculations run here (None: the loop's default thread pool)


@dataclass(frozen=True)
class AreaSettings:
    area_id: int
    name: str
    mode: Mode
    routecalc_id: int
    speed_kmh: float | None  # None: the device teleports
    max_walk_m: float | None  # legs longer than this are teleported (None: no limit)
    route: RouteSettings
    prio: PrioSettings | None  # None: no priority queue
    prio_refresh_s: float = 0.0
    coords_spawns_known: bool = True
    event_ids: tuple[int, ...] = (1,)
    including_stops: bool = False
    layer: int = QUEST_LAYER_NON_AR
    ignore_spinned_stops: bool = True
    init_rounds: int | None = None  # laps after which an init area is done (None: never)
    min_time_left_s: float = 0.0
    mon_ids: tuple[int, ...] = ()  # IV list, in priority order
    all_mons: bool = False
    options: ManagerOptions = field(default_factory=ManagerOptions)

    @property
    def coverage_radius(self) -> float:
        """How close a stop must be to a coordinate to cover it (exact stops: a metre of rounding)."""
        clustered = self.route.max_radius > 0 and (self.route.max_count or 2) > 1
        return self.route.max_radius if clustered else 1.0


def mode_of(area: Area) -> Mode:
    if area.mode == "pokestops" and area.level:
        return Mode.LEVELING
    return Mode(area.mode)


def _positive(value: float | None) -> float | None:
    return float(value) if value else None


def resolve(area: Area, mon_ids: Sequence[int] = (), options: ManagerOptions | None = None) -> AreaSettings:
    """Typed settings of an area with MAD's defaults and the fixes listed in mad-routes.md §4."""
    options = options or ManagerOptions()
    mode = mode_of(area)
    route_kw = dict(algorithm=options.algorithm, time_limit=options.time_limit, seed=options.seed)
    radius, count = {
        Mode.MON: (MON_RADIUS, None),
        Mode.RAIDS: (RAID_RADIUS, None),
        # AR quests are never clustered (one stop per visit), as in MAD.
        Mode.QUESTS: (STOP_RADIUS, 1 if area.layer == QUEST_LAYER_AR else QUEST_MAX_COUNT),
        Mode.LEVELING: (STOP_RADIUS, LEVELING_MAX_COUNT),
        Mode.INIT: (INIT_RADIUS.get(area.init_type or "mons", MON_RADIUS), 1),
        Mode.IV: (0.0, None),
        Mode.IDLE: (0.0, None),
    }[mode]
    prio: PrioSettings | None = None
    refresh = 0.0
    if mode in (Mode.MON, Mode.RAIDS) and area.delay_after_prio_event is not None:
        # NULL keeps the queue off for mon and raids, as in MAD and its UI.
        prio = PrioSettings(
            delay_after_prio_event=float(area.delay_after_prio_event),
            # FIX: MAD's code ignored this setting (mon: hard 120 s; raids: NULL → 0); it is honoured,
            # NULL meaning the UI default (300 s mon, 600 s raids).
            priority_queue_clustering_timedelta=_or(area.priority_queue_clustering_timedelta,
                                                    UI_CLUSTER_TIMEDELTA[mode]),
            # None → 300 s (MAD's default); FIX: 0 means "no backlog limit", which MAD meant but
            # could not reach (it turned 0 into 300).
            remove_from_queue_backlog=area.remove_from_queue_backlog,
            starve_route=bool(area.starve_route),
            clustering_radius=radius,
            # FIX: `max_clustering` ("max prioQ events per cluster") was ignored by MAD; honoured (mon).
            max_clustering=(area.max_clustering or None) if mode is Mode.MON else None,
        )
        refresh = options.spawn_refresh_s if mode is Mode.MON else options.raid_refresh_s
    elif mode is Mode.IV:
        prio = PrioSettings(
            # NULL → 10 s as in MAD; FIX: an explicit 0 stays 0 (MAD turned 0 into 10 too).
            delay_after_prio_event=IV_DEFAULT_DELAY if area.delay_after_prio_event is None
            else float(area.delay_after_prio_event),
            # FIX: MAD hard-coded 120 s and applied it to list ranks; honoured on real times.
            priority_queue_clustering_timedelta=_or(area.priority_queue_clustering_timedelta,
                                                    UI_CLUSTER_TIMEDELTA[mode]),
            # FIX: the IV column is a BOOLEAN in MAD's schema, which cannot hold seconds (and MAD's
            # full-replace queue never used it): True keeps MAD's 300 s backlog, NULL/False keeps an
            # encounter until its window closes (despawn minus min_time_left_seconds).
            remove_from_queue_backlog=None if area.remove_from_queue_backlog else 0.0,
            starve_route=True,  # IV areas have no route: always serve the queue (as MAD forces)
            clustering_radius=MON_RADIUS,
            allow_handover=False,  # one shared queue; whoever asks first takes the head (as in MAD)
        )
        refresh = options.iv_refresh_s
    # FIX: MAD treated NULL as "unknown spawnpoints only" although its UI shows True as the default.
    spawns_known = True if area.coords_spawns_known is None else bool(area.coords_spawns_known)
    event_ids = (1,) if not area.include_event_id or area.include_event_id == 1 else (1, int(area.include_event_id))
    init_rounds: int | None = None
    if mode is Mode.INIT:
        # FIX: MAD never compared init_mode_rounds with the laps done (NULL even crashed at the end of
        # a lap); the area is done after this many laps, NULL or 0 meaning one.
        init_rounds = max(1, int(area.init_mode_rounds or 1))
    return AreaSettings(
        area_id=area.area_id,
        name=area.name,
        mode=mode,
        routecalc_id=area.routecalc_id,
        speed_kmh=_positive(area.speed),
        max_walk_m=_positive(area.max_distance),
        route=RouteSettings(max_radius=radius, max_count=count, **route_kw),
        prio=prio,
        prio_refresh_s=refresh,
        coords_spawns_known=spawns_known,
        event_ids=event_ids,
        including_stops=bool(area.including_stops),
        layer=QUEST_LAYER_NON_AR if area.layer is None else int(area.layer),
        ignore_spinned_stops=True if area.ignore_spinned_stops is None else bool(area.ignore_spinned_stops),
        init_rounds=init_rounds,
        # FIX: MAD left the IV queue empty when NULL and ignored the setting in mon areas; NULL is 0 and
        # mon spawn events close this long before the despawn too.
        min_time_left_s=float(area.min_time_left_seconds or 0),
        mon_ids=tuple(mon_ids),
        all_mons=bool(area.all_mons),
        options=options,
    )


def _or(value: float | None, default: float) -> float:
    return default if value is None else float(value)

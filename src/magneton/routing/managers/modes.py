"""One route manager per area mode: where its coordinates and priority events come from."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Awaitable, Callable

import numpy as np

from magneton.geo.distance import haversine_m
from magneton.routing.events import PrioEvent
from magneton.routing.init_grid import init_grid_points
from magneton.routing.managers import sources
from magneton.routing.managers.manager import Change, Location, LocationKind, RouteManager, _calculate, _Slot
from magneton.routing.managers.settings import LEVELING_STOPS, AreaSettings, Mode
from magneton.routing.managers.sources import Coords
from magneton.routing.route import Route
from magneton.routing.subroute import Subroute

log = logging.getLogger(__name__)

AccountOf = Callable[[str], Awaitable[str | None]]  # origin -> username of its game account


class MonRouteManager(RouteManager):
    """mon_mitm: spawnpoints (all, or only those without a known despawn time); spawn events."""

    async def fetch_coords(self, now: float) -> Coords:
        s = self.settings
        return await sources.spawnpoints(self.engine, self.fence, known_too=s.coords_spawns_known,
                                         event_ids=s.event_ids)

    @property
    def replaces_queue(self) -> bool:
        return False

    async def fetch_events(self, now: float) -> list[PrioEvent]:
        s = self.settings
        return await sources.spawn_events(self.engine, self.fence, event_ids=s.event_ids, now=now,
                                          horizon_s=self.horizon_s,
                                          min_time_left_s=s.min_time_left_s)


class RaidsRouteManager(RouteManager):
    """raids_mitm: gyms (+ stops with `including_stops`); raid hatch events."""

    async def fetch_coords(self, now: float) -> Coords:
        return await sources.gyms_and_stops(self.engine, self.fence, including_stops=self.settings.including_stops)

    async def fetch_events(self, now: float) -> list[PrioEvent]:
        s = self.settings
        return await sources.raid_events(self.engine, self.fence, now=now,
                                         horizon_s=self.horizon_s)


class IvRouteManager(RouteManager):
    """iv_mitm: no route; encounters without IV of the area's IV list, one queue shared by its devices."""

    has_route = False
    persist = False

    async def fetch_events(self, now: float) -> list[PrioEvent]:
        s = self.settings
        return await sources.iv_events(self.engine, self.fence, mon_ids=s.mon_ids, all_mons=s.all_mons, now=now,
                                       min_time_left_s=s.min_time_left_s)


class QuestRouteManager(RouteManager):
    """pokestops: stops without a quest of the area's layer since local midnight. A stop handed out is
    not handed out again this lap; at the end of its lap a device re-reads the stops, and the area is
    done for today (`exhausted`) when none are left."""

    delete_after_fetch = True

    @property
    def refresh_interval(self) -> float:
        return self.settings.options.quest_refresh_s

    async def fetch_coords(self, now: float) -> Coords:
        return await sources.stops_without_quest(self.engine, self.fence, layer=self.settings.layer, now=now,
                                                 zone=self.zone)

    async def on_lap_end(self, slot: _Slot, now: float) -> bool:
        await self.refresh_coords(now)
        return not self._exhausted


class InitRouteManager(RouteManager):
    """init: a hexagonal grid that covers the whole fence (excludes honoured) within the radius; the
    device is done after `init_mode_rounds` laps."""

    async def fetch_coords(self, now: float) -> Coords:
        lats, lngs = await self._run(init_grid_points, self.fence, self.settings.route.max_radius)
        return Coords(tuple(range(len(lats))), np.asarray(lats), np.asarray(lngs))

    async def on_lap_end(self, slot: _Slot, now: float) -> bool:
        rounds = self.settings.init_rounds
        if rounds is not None and slot.laps >= rounds:
            slot.finished = True
            log.info("[%s] finished %d init lap(s) of %r", slot.name, slot.laps, self)
            return False
        return True


class IdleRouteManager(RouteManager):
    """idle: nothing to scan; `next_location` is always None (the worker idles)."""

    has_route = False
    persist = False


class LevelingRouteManager(RouteManager):
    """pokestops with `level`: a route per device over the stops nearest to it that its account has not
    spun yet (`ignore_spinned_stops`), rebuilt whenever the device runs out. Not shared, not persisted."""

    persist = False

    def __init__(self, *args, account_of: AccountOf | None = None, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._account_of = account_of
        self._own: dict[str, Route] = {}

    async def establish(self, now: float | None = None) -> Change:
        return Change.EMPTY

    def _resplit(self) -> None:  # every device has its own route
        return

    def leave(self, origin: str) -> None:
        self._own.pop(origin, None)
        super().leave(origin)

    def subroutes(self) -> dict[str, Subroute]:
        return {}

    def route_of(self, origin: str) -> Route | None:
        return self._own.get(origin)

    async def _build(self, slot: _Slot, now: float) -> None:
        username = await self._account_of(slot.name) if self._account_of else None
        near = (slot.lat, slot.lng) if slot.lat is not None and slot.lng is not None else None
        coords = await sources.stops_for_leveling(self.engine, self.fence, username=username,
                                                  skip_spun=self.settings.ignore_spinned_stops, near=near,
                                                  limit=LEVELING_STOPS)
        route = await self._run(_calculate, coords.lats, coords.lngs, self.settings.route)
        self.stats.calculations += 1
        stops = list(range(len(route.stops)))
        if near is not None and stops:  # start the tour where the device is
            d = haversine_m(near[0], near[1], [s.lat for s in route.stops], [s.lng for s in route.stops])
            first = int(np.argmin(d))
            stops = stops[first:] + stops[:first]
        self._own[slot.name] = route
        slot.queue = deque(stops)
        log.info("[%s] leveling route of %d stops (%s)", slot.name, len(stops), username or "no account")

    async def _next_route(self, slot: _Slot, now: float) -> Location | None:
        if not slot.queue:
            slot.laps += 1
            await self._build(slot, now)
            if not slot.queue:
                slot.finished = True  # every stop in reach is spun
                return None
        route = self._own[slot.name]
        s = route.stops[slot.queue.popleft()]
        return Location(s.lat, s.lng, LocationKind.ROUTE, stop=None, lap=slot.laps)

    async def start(self) -> None:
        self.started_at = self.clock()
        self._ready.set()  # nothing shared to establish


MANAGERS: dict[Mode, type[RouteManager]] = {
    Mode.MON: MonRouteManager,
    Mode.RAIDS: RaidsRouteManager,
    Mode.IV: IvRouteManager,
    Mode.QUESTS: QuestRouteManager,
    Mode.INIT: InitRouteManager,
    Mode.IDLE: IdleRouteManager,
    Mode.LEVELING: LevelingRouteManager,
}


def manager_class(settings: AreaSettings) -> type[RouteManager]:
    return MANAGERS[settings.mode]


"""The route manager of one area: route from the DB, persisted and shared by the area's devices, plus its
priority queue.

A worker loop uses it like this (times are UNIX seconds; `now` may be left out):

    manager.join(origin, (lat, lng))             # entering the area; subroutes are redistributed at once
    loc = await manager.next_location(origin)    # Location(lat, lng, kind=ROUTE|PRIO, ...) or None
    ...                                          # move there, wait for data
    manager.leave(origin)                        # leaving the area (the others take over its stops at once)

`next_location` returns None when there is nothing for the device: an idle area, a device with no
stops (more devices than stops), an area the device has finished (`finished(origin)` True: init laps
done, quests done for today, leveling out of unspun stops), or an IV area where no encounter became due
within `ManagerOptions.prio_wait_s` (it waits for one, as MAD did; `finished` stays False: ask again).

Route calculations run in an executor (`ManagerOptions.executor`, default: the loop's thread pool),
so the event loop stays responsive; while one runs, devices keep the previous route.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from enum import StrEnum

import numpy as np

from magneton.geo.distance import haversine_m
from magneton.geo.fence import Geofence
from magneton.routing.events import PrioEvent, cluster_events
from magneton.routing.managers import store
from magneton.routing.managers.fit import Fit, fit, patch, route_from_points, stop_arrays
from magneton.routing.managers.settings import AreaSettings
from magneton.routing.managers.sources import Coords
from magneton.routing.prioq import DeviceState, PriorityQueue
from magneton.routing.route import Route, RouteSettings, calculate_route, cluster_latlng
from magneton.routing.subroute import Device, Subroute, split_route

log = logging.getLogger(__name__)

DENSE_MARGIN = 1.25  # a stored route with this many times the stops a fresh one needs is recalculated
_SAME_PLACE_M = 1.0


class LocationKind(StrEnum):
    ROUTE = "route"
    PRIO = "prio"


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lng: float
    kind: LocationKind
    stop: int | None = None  # index into `manager.route.stops` (ROUTE)
    event: PrioEvent | None = None  # the event served (PRIO)
    lap: int = 0  # laps of its subroute the device has completed
    of: int | None = None  # stops in the route (ROUTE), for "stop 12 of 149" in MADmin


class Change(StrEnum):
    UNCHANGED = "unchanged"
    MASKED = "masked"  # same route; stops that cover nothing any more are skipped
    PATCHED = "patched"  # stops inserted/dropped without a full calculation
    CALCULATED = "calculated"
    EMPTY = "empty"  # no coordinates: nothing to scan


@dataclass
class ManagerStats:
    calculations: int = 0  # full route calculations
    patches: int = 0
    loads: int = 0  # stored routes reused at start


@dataclass
class _Slot:
    name: str
    order: int
    lat: float | None = None
    lng: float | None = None
    subroute: Subroute | None = None
    queue: deque[int] = field(default_factory=deque)
    laps: int = 0
    last_was_prio: bool = False
    handed: deque[PrioEvent] = field(default_factory=deque)  # events another device passed to this one
    finished: bool = False


def _calculate(lats: np.ndarray, lngs: np.ndarray, settings: RouteSettings) -> Route:
    """Module-level so a process executor can run it."""
    return calculate_route(lats, lngs, settings)


def _fresh_stop_count(lats: np.ndarray, lngs: np.ndarray, settings: RouteSettings) -> int:
    if not (settings.max_radius > 0 and (settings.max_count or 2) > 1):
        return len(lats)
    return len(cluster_latlng(lats, lngs, settings.max_radius, settings.max_count)[0])


class RouteManager:
    """Shared-route manager (mon_mitm, raids_mitm, pokestops, init); subclasses choose the coordinates."""

    has_route = True
    delete_after_fetch = False  # quests: a stop handed out is not handed out again this lap
    persist = True

    def __init__(self, settings: AreaSettings, fence: Geofence, engine, instance_id: int, *,  # noqa: ANN001
                 zone: tzinfo | None = None, clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.fence = fence
        self.engine = engine
        self.instance_id = instance_id
        self.zone = zone
        self.clock = clock
        self.stats = ManagerStats()
        self._route = Route((), 0.0, 0.0, settings.route)
        self._coords = Coords.empty()
        self._fingerprint: str | None = None
        self._useful = np.zeros(0, dtype=bool)
        self._handed_out: set[int] = set()
        self._slots: dict[str, _Slot] = {}
        self._joins = 0
        self._stale = False  # devices joined or left since the last split (see _settle)
        self._calc_lock = asyncio.Lock()
        self._ready = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._exhausted = False
        self._centre: tuple[float, float] | None = None
        self._prioq: PriorityQueue | None = None
        if settings.prio is not None:
            # Events are clustered before they reach the queue (in the executor), so the queue does not.
            self._prioq = PriorityQueue(replace(settings.prio, clustering_radius=0.0))
        self._prio_lock = asyncio.Lock()
        self._prio_changed = asyncio.Event()
        self.started_at: float | None = None

    # --- identity ------------------------------------------------------------------------------------
    @property
    def area_id(self) -> int:
        return self.settings.area_id

    @property
    def name(self) -> str:
        return self.settings.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.settings.name!r} ({self.settings.mode})>"

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    # --- lifecycle -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Establish the route in the background (stored one if it still fits) and start the refresh
        tasks. `wait_ready()` waits for the route."""
        self.started_at = self.clock()
        self._tasks.append(asyncio.create_task(self._establish_then_refresh(), name=f"route {self.name}"))
        if self._prioq is not None:
            self._tasks.append(asyncio.create_task(
                self._every(self.settings.prio_refresh_s, self.refresh_prio), name=f"prio {self.name}"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    async def wait_ready(self) -> None:
        await self._ready.wait()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    async def _every(self, interval: float, job: Callable[[], Awaitable[object]]) -> None:
        while True:
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%r: periodic refresh failed", self)
            await asyncio.sleep(interval)

    async def _establish_then_refresh(self) -> None:
        try:
            await self.establish()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%r: could not establish the route", self)
        finally:
            self._ready.set()
        if self.has_route:
            await asyncio.sleep(self.refresh_interval)
            await self._every(self.refresh_interval, self.refresh_coords)

    @property
    def refresh_interval(self) -> float:
        return self.settings.options.coords_refresh_s

    # --- the route -----------------------------------------------------------------------------------
    @property
    def route(self) -> Route:
        return self._route

    @property
    def coords(self) -> Coords:
        return self._coords

    async def fetch_coords(self, now: float) -> Coords:
        """The coordinates the route must cover; subclasses read them from the DB."""
        return Coords.empty()

    async def _run(self, fn, *args):  # noqa: ANN001, ANN202
        return await asyncio.get_running_loop().run_in_executor(self.settings.options.executor, fn, *args)

    async def establish(self, now: float | None = None) -> Change:
        """At start: reuse the stored route when it still fits the coordinates, else calculate."""
        now = self._now(now)
        if not self.has_route:
            return Change.EMPTY
        async with self._calc_lock:
            coords = await self.fetch_coords(now)
            stored = await store.load(self.engine, self.settings.routecalc_id) if self.persist else None
            if stored is not None and stored.recalc_status:
                # A process that died while calculating left the flag set (MAD resets it at start too).
                await store.set_calculating(self.engine, self.settings.routecalc_id, self.instance_id, False)
            if stored is not None and stored.stops and len(coords):
                fresh = await self._run(_fresh_stop_count, coords.lats, coords.lngs, self.settings.route)
                if len(stored.stops) <= DENSE_MARGIN * fresh + 2:
                    route = route_from_points(stored.stops, self.settings.route)
                    await self._install(route, np.ones(len(route.stops), dtype=bool))
                    self.stats.loads += 1
                    log.info("%r: stored route of %d stops loaded", self, len(stored.stops))
                else:
                    log.info("%r: stored route has %d stops where %d suffice; recalculating", self,
                             len(stored.stops), fresh)
            return await self._apply(coords, now)

    async def recalculate(self, now: float | None = None) -> Route:
        """Fresh coordinates, full calculation, persisted; devices are redistributed at once."""
        now = self._now(now)
        async with self._calc_lock:
            coords = await self.fetch_coords(now)
            await self._calculate(coords, now)
        return self._route

    async def refresh_coords(self, now: float | None = None) -> Change:
        """Re-read the coordinates and adapt the route: skip stops that cover nothing any more, patch in
        new ones, or recalculate when more than `recalc_threshold` of them changed."""
        now = self._now(now)
        async with self._calc_lock:
            return await self._apply(await self.fetch_coords(now), now)

    async def _apply(self, coords: Coords, now: float) -> Change:
        fingerprint = coords.fingerprint()
        if fingerprint == self._fingerprint and len(self._useful) == len(self._route.stops):
            return Change.UNCHANGED
        self._coords = coords
        if not len(coords):
            self._fingerprint = fingerprint
            self._useful = np.zeros(len(self._route.stops), dtype=bool)
            self._exhausted = True
            log.info("%r: no coordinates to scan", self)
            return Change.EMPTY
        self._exhausted = False
        radius = self.settings.coverage_radius
        if not self._route.stops:
            await self._calculate(coords, now)
            return Change.CALCULATED
        s_lat, s_lng = stop_arrays(self._route)
        current: Fit = fit(s_lat, s_lng, coords.lats, coords.lngs, radius)
        ratio = current.ratio(len(coords))
        if ratio > self.settings.options.recalc_threshold:
            log.info("%r: %.0f %% of the coordinates changed; recalculating", self, 100 * ratio)
            await self._calculate(coords, now)
            return Change.CALCULATED
        self._fingerprint = fingerprint
        if len(current.uncovered):
            route = await self._run(patch, self._route, coords.lats, coords.lngs, current, radius, self.settings.route)
            self.stats.patches += 1
            await self._install(route, np.ones(len(route.stops), dtype=bool))
            if self.persist:
                await store.save(self.engine, self.settings.routecalc_id, self.instance_id, route, now)
            return Change.PATCHED
        self._useful = current.useful
        return Change.MASKED if not current.useful.all() else Change.UNCHANGED

    async def _calculate(self, coords: Coords, now: float) -> None:
        if self.persist:
            await store.set_calculating(self.engine, self.settings.routecalc_id, self.instance_id, True)
        try:
            route = await self._run(_calculate, coords.lats, coords.lngs, self.settings.route)
        except BaseException:
            if self.persist:
                await store.set_calculating(self.engine, self.settings.routecalc_id, self.instance_id, False)
            raise
        self.stats.calculations += 1
        self._fingerprint = coords.fingerprint()
        self._coords = coords
        self._exhausted = not len(coords)
        await self._install(route, np.ones(len(route.stops), dtype=bool))
        if self.persist:
            await store.save(self.engine, self.settings.routecalc_id, self.instance_id, route, now)
        log.info("%r: route of %d stops, %.1f km", self, len(route.stops), route.length_m / 1000)

    async def _install(self, route: Route, useful: np.ndarray) -> None:
        self._route = route
        self._useful = useful
        self._handed_out.clear()
        self._resplit()

    # --- devices -------------------------------------------------------------------------------------
    def join(self, origin: str, position: tuple[float, float] | None = None) -> None:
        """A device enters the area (again): the route is redistributed (at the next split), it continues near
        `position`."""
        slot = self._slots.get(origin)
        if slot is None:
            self._joins += 1
            slot = self._slots[origin] = _Slot(origin, self._joins)
            log.info("[%s] joins %r (%d device(s))", origin, self, len(self._slots))
        if position is not None:
            slot.lat, slot.lng = position
        slot.finished = False
        self._stale = True

    def leave(self, origin: str) -> None:
        """A device leaves: its stops go to the others (at the next split), events passed to it back to the queue."""
        slot = self._slots.pop(origin, None)
        if slot is None:
            return
        if slot.handed and self._prioq is not None:
            self._prioq.merge(slot.handed, self.clock())
        log.info("[%s] leaves %r (%d device(s) left)", origin, self, len(self._slots))
        self._stale = True

    @property
    def devices(self) -> list[str]:
        return [s.name for s in sorted(self._slots.values(), key=lambda s: s.order)]

    def position(self, origin: str) -> tuple[float, float] | None:
        slot = self._slots.get(origin)
        return (slot.lat, slot.lng) if slot and slot.lat is not None and slot.lng is not None else None

    def set_position(self, origin: str, position: tuple[float, float]) -> None:
        """Where the device is now (when it moved on its own, e.g. walked elsewhere)."""
        slot = self._slots.get(origin)
        if slot is not None:
            slot.lat, slot.lng = position

    def subroutes(self) -> dict[str, Subroute]:
        self._settle()
        return {s.name: s.subroute for s in self._slots.values() if s.subroute is not None}

    def queue_of(self, origin: str) -> tuple[int, ...]:
        """Stops (route indices) the device still has this lap."""
        self._settle()
        slot = self._slots.get(origin)
        return tuple(slot.queue) if slot else ()

    def finished(self, origin: str) -> bool:
        """The device is done here (init laps done) or the area is (quests: none left for today)."""
        slot = self._slots.get(origin)
        return self._exhausted or bool(slot and slot.finished)

    @property
    def exhausted(self) -> bool:
        return self._exhausted

    def _settle(self) -> None:
        """Split the route among the devices once for all joins and leaves since the last split, when a
        subroute is next needed: a split costs O(devices x stops) on the event loop (~0.2 s with 200 devices),
        and a fleet connecting or stopping joins or leaves hundreds of times in a row."""
        if self._stale:
            self._stale = False
            self._resplit()

    def _resplit(self) -> None:
        if not self.has_route:
            return
        slots = sorted(self._slots.values(), key=lambda s: s.order)
        route = self._route
        devices = [Device(s.name, s.lat, s.lng) for s in slots]
        st = self.settings
        for slot, sub in zip(slots, split_route(route, devices, st.speed_kmh, st.options.dwell_s, st.max_walk_m)):
            resume = sub.resume_at
            if sub.stops and slot.lat is not None and slot.lng is not None:
                here = route.stops[sub.stops[resume]]
                if haversine_m(slot.lat, slot.lng, here.lat, here.lng) <= _SAME_PLACE_M:
                    resume += 1  # it is at that stop already: go on with the next one
            slot.subroute = sub
            slot.queue = deque(sub.stops[resume:])

    # --- locations -----------------------------------------------------------------------------------
    async def next_location(self, origin: str, now: float | None = None) -> Location | None:
        """Where the device should scan next: a due priority event (by the rules of the area's prio
        settings, given to the device that reaches it first) or the next stop of its subroute."""
        slot = self._slots.get(origin)
        if slot is None:
            self.join(origin)
            slot = self._slots[origin]
        await self.wait_ready()
        self._settle()
        now = self._now(now)
        if slot.finished:
            return None
        location = self._next_prio(slot, now)
        if location is None and self.has_route:
            location = await self._next_route(slot, now)
        elif location is None and self._prioq is not None:
            location = await self._wait_prio(slot)
        if location is not None and origin in self._slots:
            slot.lat, slot.lng = location.lat, location.lng
            slot.last_was_prio = location.kind is LocationKind.PRIO
        return location

    async def _wait_prio(self, slot: _Slot) -> Location | None:
        """Prio-only areas (IV): wait up to `prio_wait_s` for an event to become due (checked every
        second and on every queue refresh), as MAD's IV manager blocked until one was."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.options.prio_wait_s
        while (left := deadline - loop.time()) > 0 and slot.name in self._slots:
            self._prio_changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._prio_changed.wait(), min(1.0, left))
            location = self._next_prio(slot, self.clock())
            if location is not None:
                return location
        return None

    def _usable(self, stop: int) -> bool:
        return stop < len(self._useful) and bool(self._useful[stop]) and stop not in self._handed_out

    async def _next_route(self, slot: _Slot, now: float) -> Location | None:
        if slot.subroute is None or not slot.subroute.stops:
            return None  # more devices than stops: nothing for this one until another leaves
        for _ in range(2):  # at most one lap end per call
            while slot.queue:
                stop = slot.queue.popleft()
                if not self._usable(stop):
                    continue
                if self.delete_after_fetch:
                    self._handed_out.add(stop)
                s = self._route.stops[stop]
                return Location(s.lat, s.lng, LocationKind.ROUTE, stop=stop, lap=slot.laps,
                                of=len(self._route.stops))
            slot.laps += 1
            if not await self.on_lap_end(slot, now) or slot.subroute is None:
                return None
            if not slot.queue:
                if self.delete_after_fetch:
                    self._handed_out.difference_update(slot.subroute.stops)
                slot.queue.extend(slot.subroute.stops)
        return None

    async def on_lap_end(self, slot: _Slot, now: float) -> bool:
        """A device finished its subroute; False: it has nothing more to do here."""
        return True

    def redo_at_end(self, origin: str, location: Location) -> None:
        """Visit this stop again at the end of the device's lap (quests: spin failed, bag full, ...)."""
        slot = self._slots.get(origin)
        if slot is not None and location.stop is not None:
            self._settle()  # a later split would drop the stop again
            self._handed_out.discard(location.stop)
            slot.queue.append(location.stop)

    # --- priority queue --------------------------------------------------------------------------------
    async def fetch_events(self, now: float) -> list[PrioEvent]:
        return []

    @property
    def replaces_queue(self) -> bool:
        """Raids and IV replace their queue on refresh (MAD's full-replace strategies); spawns merge."""
        return True

    async def refresh_prio(self, now: float | None = None) -> int:
        """Reload the priority events from the DB; returns how many are queued."""
        if self._prioq is None:
            return 0
        now = self._now(now)
        async with self._prio_lock:
            events = await self.fetch_events(now)
            p = self.settings.prio
            assert p is not None
            events = await self._run(cluster_events, events, p.clustering_radius,
                                     p.priority_queue_clustering_timedelta, p.max_clustering)
            if self.replaces_queue:
                self._prioq.replace(events, now)
            else:
                self._prioq.merge(events, now)
            self._prio_changed.set()
            return len(self._prioq)

    @property
    def horizon_s(self) -> float:
        """Events opening this far ahead are loaded: at least until shortly after the next refresh."""
        return max(self.settings.options.prio_horizon_s, self.settings.prio_refresh_s + 60)

    def prio_events(self, now: float | None = None) -> list[PrioEvent]:
        """Queued events: due ones in dispatch order, then those not due yet."""
        if self._prioq is None:
            return []
        now = self._now(now)
        due = self._prioq.due(now)
        rest = sorted((e for e in self._prioq.events() if e not in due), key=self._prioq.due_time)
        return due + rest

    def next_due_at(self) -> float | None:
        return self._prioq.next_due_at() if self._prioq is not None else None

    def _centre_point(self) -> tuple[float, float]:
        if self._centre is None:
            try:
                self._centre = self.fence.representative_point()
            except ValueError:
                self._centre = (0.0, 0.0)
        return self._centre

    def _next_prio(self, slot: _Slot, now: float) -> Location | None:
        if self._prioq is None:
            return None
        while slot.handed:
            event = slot.handed.popleft()
            if event.latest >= now:
                return Location(event.lat, event.lng, LocationKind.PRIO, event=event, lap=slot.laps)
        centre = self._centre_point()
        states = [DeviceState(s.name, s.lat if s.lat is not None else centre[0],
                              s.lng if s.lng is not None else centre[1], self.settings.speed_kmh, now)
                  for s in self._slots.values() if s is slot or (not s.handed and not s.finished)]
        for assignment in self._prioq.pop_for(slot.name, states, now, slot.last_was_prio):
            if assignment.device == slot.name:
                e = assignment.event
                return Location(e.lat, e.lng, LocationKind.PRIO, event=e, lap=slot.laps)
            log.debug("[%s] prio event passed to %s, who reaches it first", slot.name, assignment.device)
            self._slots[assignment.device].handed.append(assignment.event)
        return None

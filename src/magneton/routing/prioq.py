"""The priority queue of an area: time-windowed events, expiry, and dispatch to the fastest device.

Pure and single-threaded: the caller passes `now` and the devices' current state, and holds any lock.
An event is due from `earliest + delay_after_prio_event`; among due events, lower `priority` goes
first, then the one whose window closes first. Events leave the queue when their window closes, when
no device can reach them before it closes, or when they have been due for longer than
`remove_from_queue_backlog` seconds (None: MAD's default of 300 s; 0: no backlog limit, which MAD
meant but could not reach).
"""

from __future__ import annotations

import heapq
import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from magneton.geo.distance import haversine_m
from magneton.routing.events import PrioEvent, cluster_events

log = logging.getLogger(__name__)

DEFAULT_BACKLOG_S = 300.0


@dataclass(frozen=True, slots=True)
class PrioSettings:
    """An area's prio settings, MAD's names; `allow_handover` False for IV (one shared queue)."""

    delay_after_prio_event: float = 0.0
    remove_from_queue_backlog: float | None = None
    starve_route: bool = False
    priority_queue_clustering_timedelta: float = 0.0
    clustering_radius: float = 0.0
    max_clustering: int | None = None
    allow_handover: bool = True

    @property
    def backlog_s(self) -> float | None:
        """Seconds an event may stay due before it is dropped; None: until its window closes."""
        if self.remove_from_queue_backlog is None:
            return DEFAULT_BACKLOG_S
        return float(self.remove_from_queue_backlog) or None


@dataclass(frozen=True, slots=True)
class DeviceState:
    """Where a device is, how it moves (no speed: it teleports) and when it is free."""

    name: str
    lat: float
    lng: float
    speed_kmh: float | None = None
    free_at: float = 0.0


@dataclass(frozen=True, slots=True)
class Assignment:
    event: PrioEvent
    device: str
    eta: float


def eta(device: DeviceState, event: PrioEvent, now: float) -> float:
    """When the device can be at the event: after it is free and has travelled there, not before
    the event is due (the caller waits out the rest)."""
    start = max(now, device.free_at)
    if device.speed_kmh:
        start += float(haversine_m(device.lat, device.lng, event.lat, event.lng)) / (device.speed_kmh / 3.6)
    return start


class PriorityQueue:
    def __init__(self, settings: PrioSettings) -> None:
        self.settings = settings
        self._waiting: list[tuple[float, int, PrioEvent]] = []  # by due time
        self._ready: list[tuple[int, float, float, int, PrioEvent]] = []  # by priority, then deadline
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._waiting) + len(self._ready)

    def due_time(self, event: PrioEvent) -> float:
        return event.earliest + self.settings.delay_after_prio_event

    def _prepare(self, events: Iterable[PrioEvent]) -> list[PrioEvent]:
        s = self.settings
        return cluster_events(list(events), s.clustering_radius, s.priority_queue_clustering_timedelta,
                              s.max_clustering)

    def _push(self, event: PrioEvent) -> None:
        heapq.heappush(self._waiting, (self.due_time(event), next(self._seq), event))

    def events(self) -> list[PrioEvent]:
        return [e for *_, e in self._waiting] + [e for *_, e in self._ready]

    def replace(self, events: Iterable[PrioEvent], now: float) -> None:
        """Full replace (MAD's raid and IV strategies): the new events are the queue."""
        self._waiting, self._ready = [], []
        for e in self._prepare(events):
            self._push(e)
        self.expire(now)

    def merge(self, events: Iterable[PrioEvent], now: float) -> None:
        """Add new events to those still valid (MAD's spawn strategy); an event with the same
        identity as a queued one replaces it."""
        fresh = self._prepare(events)
        ids = {k for e in fresh for k in e.identity}
        kept = [e for e in self.events() if not ids.intersection(e.identity)]
        self._waiting, self._ready = [], []
        for e in kept + fresh:
            self._push(e)
        self.expire(now)

    def _expired(self, event: PrioEvent, now: float) -> bool:
        backlog = self.settings.backlog_s
        return event.latest < now or (backlog is not None and now - self.due_time(event) > backlog)

    def expire(self, now: float) -> int:
        """Move due events to the ready heap and drop expired ones; returns how many were dropped."""
        while self._waiting and self._waiting[0][0] <= now:
            due, seq, e = heapq.heappop(self._waiting)
            heapq.heappush(self._ready, (e.priority, e.latest, due, seq, e))
        before = len(self)
        self._waiting = [w for w in self._waiting if w[2].latest >= now]
        self._ready = [r for r in self._ready if not self._expired(r[4], now)]
        heapq.heapify(self._waiting)
        heapq.heapify(self._ready)
        dropped = before - len(self)
        if dropped:
            log.debug("dropped %d expired prio event(s)", dropped)
        return dropped

    def due(self, now: float) -> list[PrioEvent]:
        """Due events in dispatch order."""
        self.expire(now)
        return [r[4] for r in sorted(self._ready)]

    def next_due_at(self) -> float | None:
        """When the next event becomes due (now or past when one is ready)."""
        if self._ready:
            return self._ready[0][2]
        return self._waiting[0][0] if self._waiting else None

    def pop_for(self, requester: str, devices: Sequence[DeviceState], now: float,
                last_was_prio: bool = False) -> list[Assignment]:
        """What `requester` should do next, as assignments to take out of the queue.

        Unless `starve_route`, a device that just served a prio event gets none (it alternates with its
        route, as in MAD). Each due event goes to the device that can reach it first among `devices`
        (the requester and the others free to take a handed-over event); events handed to another
        device are returned too, and the search goes on for the requester. An event no device can
        reach before its window closes is dropped. Returns [] when nothing is for the requester; the
        last assignment is the requester's own, if any.
        """
        if last_was_prio and not self.settings.starve_route:
            return []
        self.expire(now)
        by_name = {d.name: d for d in devices}
        if requester not in by_name:
            raise ValueError(f"requester {requester!r} is not among the devices")
        free = dict(by_name)
        out: list[Assignment] = []
        while self._ready:
            event = heapq.heappop(self._ready)[4]
            candidates = list(free.values()) if self.settings.allow_handover else [by_name[requester]]
            best = min(candidates, key=lambda d: (eta(d, event, now), d.name != requester, d.name))
            arrival = eta(best, event, now)
            if arrival > event.latest:
                log.debug("no device reaches event %s before it closes", event.identity)
                continue
            out.append(Assignment(event, best.name, arrival))
            if best.name == requester:
                break
            del free[best.name]
        return out

"""Sharing one closed tour among the devices of an area: contiguous subroutes balanced by time.

The tour's cycle is cut into as many contiguous slices as there are devices. Each stop carries its
dwell time plus the travel time of its outgoing leg, so slice times add up to one lap of the whole
tour, and the cut minimises the longest slice (exactly, for each rotation of the cycle, by a binary
search on the threshold with greedy filling; every rotation is tried at once with numpy). Among
rotations within `ROTATION_SLACK` of the best, the one that leaves devices nearest to where they were
wins, and slices go to devices by a minimum-cost assignment. Call `split_route` again whenever a
device joins or leaves.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from magneton.geo.distance import haversine_m
from magneton.routing.route import Route

log = logging.getLogger(__name__)

ROTATION_SLACK = 0.02  # a slice up to 2 % longer than the optimum buys less reshuffling
_MAX_ROTATIONS = 32
_BISECT_STEPS = 48


@dataclass(frozen=True, slots=True)
class Device:
    """A device sharing the route; `lat`/`lng` is where it is now (None: unknown, e.g. just joined)."""

    name: str
    lat: float | None = None
    lng: float | None = None


@dataclass(frozen=True, slots=True)
class Subroute:
    """Stop indices into the route, in visiting order; the device resumes at `stops[resume_at]`."""

    device: str
    stops: tuple[int, ...]
    resume_at: int
    seconds: float

    def queue(self) -> tuple[int, ...]:
        """The rest of this lap, from where the device resumes."""
        return self.stops[self.resume_at :]


def stop_seconds(route: Route, speed_kmh: float | None, dwell_s: float = 0.0,
                 max_walk_m: float | None = None) -> NDArray[np.float64]:
    """Per stop: dwell plus travel time of its outgoing leg. Teleporting (no speed) and no dwell
    leave only the stop count to balance, as MAD did. Legs longer than `max_walk_m` (the area's
    `max_distance`) are teleported, so they take no travel time."""
    n = len(route.stops)
    legs = route.leg_lengths_m()
    travel = legs / (speed_kmh / 3.6) if speed_kmh else np.zeros(n)
    if speed_kmh and max_walk_m:
        travel = np.where(legs > max_walk_m, 0.0, travel)
    seconds = travel + dwell_s
    return seconds if seconds.sum() > 0 else np.ones(n)


def _best_max_per_rotation(weights: NDArray[np.float64], parts: int) -> NDArray[np.float64]:
    """For every rotation o (cycle starting at stop o): the least achievable longest slice."""
    n = len(weights)
    prefix = np.concatenate([[0.0], np.cumsum(np.concatenate([weights, weights]))])
    total = prefix[n]
    offsets = np.arange(n)
    lo = np.full(n, max(weights.max(), total / parts))
    hi = np.full(n, weights.max() + total / parts)  # always feasible: greedy never needs more parts
    lo = np.minimum(lo, hi)
    for _ in range(_BISECT_STEPS):
        mid = (lo + hi) / 2
        pos = offsets.copy()
        for _ in range(parts):
            pos = np.searchsorted(prefix, prefix[pos] + mid * (1 + 1e-12), side="right") - 1
            pos = np.minimum(pos, offsets + n)
        ok = pos >= offsets + n
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid)
    return hi


def _cut(weights: NDArray[np.float64], offset: int, parts: int, limit: float) -> list[list[int]]:
    """Greedy slices of the cycle from `offset`, each within `limit`, then split to `parts` slices.

    Uses the same prefix sums as `_best_max_per_rotation`, so the cut it found feasible is feasible here.
    """
    n = len(weights)
    prefix = np.concatenate([[0.0], np.cumsum(np.concatenate([weights, weights]))])
    slices: list[list[int]] = []
    pos, end = offset, offset + n
    for _ in range(parts):
        if pos >= end:
            break
        nxt = int(np.searchsorted(prefix, prefix[pos] + limit * (1 + 1e-12), side="right")) - 1
        nxt = min(max(nxt, pos + 1), end)
        slices.append([i % n for i in range(pos, nxt)])
        pos = nxt
    if pos < end:  # float round-off only: the rest joins the last slice
        slices[-1].extend(i % n for i in range(pos, end))
    while len(slices) < parts:  # splitting never lengthens the longest slice
        j = max(range(len(slices)), key=lambda s: (len(slices[s]), -s))
        half = len(slices[j]) // 2
        slices[j : j + 1] = [slices[j][:half], slices[j][half:]]
    return slices


def _assign(slices: list[list[int]], dist: NDArray[np.float64] | None) -> tuple[NDArray[np.int64], float]:
    """Slice per device minimising the devices' distance to their new slice, and that total."""
    k = len(slices)
    if dist is None:
        return np.arange(k), 0.0
    # cost[d, s] = distance of device d to the nearest stop of slice s: one reduceat over the slices laid
    # end to end (a Python loop over devices x slices took seconds per split with hundreds of devices)
    order = np.concatenate(slices)
    starts = np.cumsum([0] + [len(s) for s in slices[:-1]])
    cost = np.minimum.reduceat(dist[:, order], starts, axis=1)
    rows, cols = linear_sum_assignment(cost)
    out = np.empty(k, dtype=np.int64)
    out[rows] = cols
    return out, float(cost[rows, cols].sum())


def split_route(route: Route, devices: Sequence[Device], speed_kmh: float | None = None,
                dwell_s: float = 0.0, max_walk_m: float | None = None) -> list[Subroute]:
    """One contiguous subroute per device (in the order given: join order decides ties).

    With more devices than stops, the last devices get empty subroutes.
    """
    n, k = len(route.stops), len(devices)
    if k == 0:
        return []
    if n == 0:
        return [Subroute(d.name, (), 0, 0.0) for d in devices]
    active = min(k, n)
    weights = stop_seconds(route, speed_kmh, dwell_s, max_walk_m)
    best = _best_max_per_rotation(weights, active)
    known = [i for i, d in enumerate(devices[:active]) if d.lat is not None and d.lng is not None]
    dist = None
    if known:
        s_lat = np.array([s.lat for s in route.stops])
        s_lng = np.array([s.lng for s in route.stops])
        dist = np.zeros((active, n))
        for i in known:
            dist[i] = haversine_m(devices[i].lat, devices[i].lng, s_lat, s_lng)
    candidates = np.flatnonzero(best <= best.min() * (1 + ROTATION_SLACK))
    candidates = candidates[np.argsort(best[candidates], kind="stable")][:_MAX_ROTATIONS]
    chosen: tuple[float, list[list[int]], NDArray[np.int64]] | None = None
    for offset in candidates.tolist():
        slices = _cut(weights, offset, active, float(best[offset]))
        owner, cost = _assign(slices, dist)
        if chosen is None or cost < chosen[0]:
            chosen = (cost, slices, owner)
        if dist is None:
            break
    assert chosen is not None
    _, slices, owner = chosen
    result: list[Subroute] = []
    for i, device in enumerate(devices):
        if i >= active:
            result.append(Subroute(device.name, (), 0, 0.0))
            continue
        stops = slices[owner[i]]
        resume = int(np.argmin(dist[i, stops])) if dist is not None and i in known else 0
        result.append(Subroute(device.name, tuple(stops), resume, float(weights[stops].sum())))
    log.debug("split %d stops among %d devices: longest slice %.0f s", n, k, max(r.seconds for r in result))
    return result

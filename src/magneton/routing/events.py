"""Priority events: places to scan within a time window, and how nearby events are merged.

Times are UNIX seconds (UTC). An event is worth scanning from `earliest` (a spawn, a raid hatch, an
encounter seen without IV) until `latest` (despawn, raid end, despawn minus the minimum time left).
`priority` orders events that are due at once (the IV list rank; 0 for spawns and raids); it is never
used as a time, unlike MAD's IV queue.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from magneton.routing.route import cluster_latlng

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PrioEvent:
    lat: float
    lng: float
    earliest: float
    latest: float
    priority: int = 0
    keys: tuple[Hashable, ...] = ()  # what it stands for: spawnpoint ids, encounter ids, gym ids

    @property
    def identity(self) -> tuple[Hashable, ...]:
        return self.keys or (self.lat, self.lng, self.earliest)


def spawn_window(despawn_minsec: str, spawndef: int, now: float) -> tuple[float, float]:
    """(spawn, despawn) of a spawnpoint's next despawn after `now`, from `calc_endminsec` ("mm:ss").

    A spawn lasts 60 min when `spawndef` is 15, else 30 min (MAD's rule). Computed on the UTC hour, so
    zones with a non-whole-hour offset get the right time (MAD replaced minutes in local time).
    """
    minutes, seconds = (int(v) for v in despawn_minsec.split(":"))
    hour = now - now % 3600
    despawn = hour + minutes * 60 + seconds
    if despawn < now:
        despawn += 3600
    return despawn - (3600 if spawndef == 15 else 1800), despawn


def _merge(group: Sequence[PrioEvent], lat: float, lng: float) -> list[PrioEvent]:
    earliest = max(e.earliest for e in group)
    latest = min(e.latest for e in group)
    if latest < earliest:  # no moment serves them all: keep them apart
        return list(group)
    keys = tuple(k for e in group for k in e.identity)
    return [PrioEvent(lat, lng, earliest, latest, min(e.priority for e in group), keys)]


def cluster_events(events: Sequence[PrioEvent], radius: float, timedelta: float,
                   max_count: int | None = None) -> list[PrioEvent]:
    """Merge events within `radius` metres whose start times lie within `timedelta` seconds.

    The merged event opens when its last member opens (so every member is up when it is scanned) and
    closes when its first member closes. Each group of start times is clustered as a covering, so no
    member is ever farther than `radius` from the merged location, and at most `max_count` are merged.
    """
    if radius <= 0 or not events:
        return list(events)
    ordered = sorted(events, key=lambda e: (e.earliest, e.latest))
    out: list[PrioEvent] = []
    start = 0
    while start < len(ordered):
        stop = start
        while stop < len(ordered) and ordered[stop].earliest - ordered[start].earliest <= timedelta:
            stop += 1
        block = ordered[start:stop]
        c_lat, c_lng, assign = cluster_latlng([e.lat for e in block], [e.lng for e in block], radius, max_count)
        for c in range(len(c_lat)):
            members = [block[i] for i in np.flatnonzero(assign == c)]
            out.extend(_merge(members, float(c_lat[c]), float(c_lng[c])) if len(members) > 1 else members)
        start = stop
    log.debug("clustered %d events into %d", len(events), len(out))
    return out

"""`webhook_excluded_areas`: area names (a trailing `*` matches a prefix) whose include geofences no webhook
about a mon, raid, gym, stop or quest may come from (weather is never excluded, as in MAD).

Resolved against the MappingManager on every round, so "apply settings" takes effect without a restart
(MAD built the list once at start); each distinct fence is parsed once."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from magneton.geo.fence import FenceError, Geofence, parse_fence_text
from magneton.mapping.records import Geofence as FenceRecord
from magneton.webhooks.sent import Change

log = logging.getLogger(__name__)


def parse_patterns(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


def matches(name: str, patterns: Sequence[str]) -> bool:
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in patterns)


class ExcludedAreas:
    def __init__(self, mapping, text: str) -> None:
        self.mapping, self.patterns = mapping, parse_patterns(text)
        self._parsed: dict[FenceRecord, Geofence | None] = {}

    async def fences(self) -> list[Geofence]:
        if not self.patterns or self.mapping is None:
            return []
        fences = []
        for area in await self.mapping.areas():
            if not matches(area.name, self.patterns):
                continue
            record = await self.mapping.geofence(area.geofence_included)
            if record is None:
                continue
            if record not in self._parsed:
                try:
                    self._parsed[record] = Geofence.from_polygons(parse_fence_text(record.fence_data, record.name))
                except FenceError as exc:
                    log.error("excluded area %r: geofence %r cannot be read (%s); not excluded", area.name,
                              record.name, exc)
                    self._parsed[record] = None
            if self._parsed[record] is not None:
                fences.append(self._parsed[record])
        return fences

    async def keep(self, changes: list[Change]) -> list[Change]:
        """The changes outside every excluded area."""
        fences = await self.fences()
        if not fences or not changes:
            return changes
        placed = [i for i, c in enumerate(changes) if c.latitude is not None]
        lats = np.array([changes[i].latitude for i in placed], dtype=np.float64)
        lngs = np.array([changes[i].longitude for i in placed], dtype=np.float64)
        inside = np.zeros(len(placed), dtype=bool)
        for fence in fences:
            inside |= fence.contains(lats, lngs)
        dropped = {placed[i] for i in np.flatnonzero(inside)}
        return [c for i, c in enumerate(changes) if i not in dropped]

"""One route manager per area of the instance, built from the MappingManager's records.

`start()` builds and starts them all; `reload()` (after the MappingManager reloaded) rebuilds only the
areas whose record, fences or IV list changed, stops those that are gone and starts new ones. Devices
in a rebuilt area are carried over to its new manager with their positions.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.geo.fence import FenceError, Geofence
from magneton.mapping.interface import MappingManagerApi
from magneton.mapping.records import Area
from magneton.mapping.records import Geofence as GeofenceRecord
from magneton.routing.managers.manager import RouteManager
from magneton.routing.managers.modes import LevelingRouteManager, manager_class
from magneton.routing.managers.settings import ManagerOptions, resolve

log = logging.getLogger(__name__)

ZoneOf = Callable[[Area, GeofenceRecord], tzinfo | None]


@dataclass(frozen=True)
class AreaSpec:
    """Everything a route manager is built from; equal specs: nothing to rebuild."""

    area: Area
    include: GeofenceRecord
    exclude: GeofenceRecord | None
    mon_ids: tuple[int, ...]


@dataclass(frozen=True)
class RegistryChange:
    added: tuple[int, ...]
    removed: tuple[int, ...]
    rebuilt: tuple[int, ...]


class RouteManagerRegistry:
    name = "route managers"

    def __init__(self, mapping: MappingManagerApi, engine: AsyncEngine, instance_id: int, *,
                 options: ManagerOptions | None = None, zone_of: ZoneOf | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.mapping, self.engine, self.instance_id = mapping, engine, instance_id
        self.options = options or ManagerOptions()
        self.zone_of = zone_of
        self.clock = clock
        self._specs: dict[int, AreaSpec] = {}
        self._managers: dict[int, RouteManager] = {}
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        change = await self.reload()
        log.info("%d route manager(s) started", len(change.added))

    async def stop(self) -> None:
        async with self._lock:
            await asyncio.gather(*(m.stop() for m in self._managers.values()))
            self._managers.clear()
            self._specs.clear()

    def get(self, area_id: int) -> RouteManager | None:
        return self._managers.get(area_id)

    def managers(self) -> dict[int, RouteManager]:
        return dict(self._managers)

    async def _spec(self, area: Area) -> AreaSpec | None:
        include = await self.mapping.geofence(area.geofence_included)
        if include is None:
            log.error("area %r (%d): included geofence %d is missing", area.name, area.area_id, area.geofence_included)
            return None
        exclude = await self.mapping.geofence(area.geofence_excluded) if area.geofence_excluded else None
        return AreaSpec(area, include, exclude, tuple(await self.mapping.area_mon_ids(area.area_id)))

    async def _username(self, origin: str) -> str | None:
        try:
            account = await self.mapping.account_of(origin)
        except KeyError:
            return None
        return account.username if account else None

    def _build(self, spec: AreaSpec) -> RouteManager | None:
        try:
            fence = Geofence.from_text(spec.include.fence_data, spec.exclude.fence_data if spec.exclude else None)
        except FenceError as error:
            log.error("area %r (%d): geofence unusable: %s", spec.area.name, spec.area.area_id, error)
            return None
        settings = resolve(spec.area, spec.mon_ids, self.options)
        cls = manager_class(settings)
        zone = self.zone_of(spec.area, spec.include) if self.zone_of else None
        kwargs = {"zone": zone, "clock": self.clock}
        if cls is LevelingRouteManager:
            kwargs["account_of"] = self._username
        return cls(settings, fence, self.engine, self.instance_id, **kwargs)

    async def reload(self) -> RegistryChange:
        async with self._lock:
            specs = {a.area_id: s for a in await self.mapping.areas() if (s := await self._spec(a)) is not None}
            removed = tuple(sorted(set(self._managers) - set(specs)))
            added = tuple(sorted(a for a in specs if a not in self._managers))
            rebuilt = tuple(sorted(a for a in specs if a in self._managers and self._specs.get(a) != specs[a]))
            for area_id in removed:
                await self._managers.pop(area_id).stop()
                self._specs.pop(area_id, None)
            for area_id in added + rebuilt:
                old = self._managers.pop(area_id, None)
                manager = self._build(specs[area_id])
                if old is not None:
                    await old.stop()
                    if manager is not None:
                        for origin in old.devices:
                            manager.join(origin, old.position(origin))
                if manager is None:
                    self._specs.pop(area_id, None)
                    continue
                self._managers[area_id] = manager
                self._specs[area_id] = specs[area_id]
                await manager.start()
        if removed or rebuilt or added:
            log.info("route managers: added %s, removed %s, rebuilt %s", list(added), list(removed), list(rebuilt))
        return RegistryChange(added, removed, rebuilt)

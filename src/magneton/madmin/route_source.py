"""What MADmin asks of the route managers (built elsewhere). Until a registry satisfying `RouteSource`
is handed in, MADmin shows the stored routes (settings_routecalc.routefile), no priority queues, and
answers a recalculation with 503 and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SubRoute:
    worker: str | None  # None: the part of the route not applied to a worker yet
    coordinates: list[tuple[float, float]]


@dataclass(frozen=True)
class AreaRoute:
    area_id: int
    coordinates: list[tuple[float, float]]
    subroutes: list[SubRoute] = field(default_factory=list)


@dataclass(frozen=True)
class PrioEvent:
    timestamp: int  # epoch seconds when the event is due
    lat: float
    lng: float


class RecalcRefused(Exception):
    """The route cannot be recalculated now; the message says why (mode without routes, already running)."""


class RouteSource(Protocol):
    async def route(self, area_id: int) -> AreaRoute | None:
        """The live route of the area's route manager; None when the area has none running."""
        ...

    async def prio_queue(self, area_id: int) -> list[PrioEvent]: ...

    async def recalculate(self, area_id: int) -> None:
        """Start a recalculation (it may finish later); raises RecalcRefused."""
        ...

    async def recalculating(self) -> list[int]:
        """Area ids whose route is being recalculated."""
        ...


class RegistryRoutes:
    """`RouteSource` over the route-manager registry of this process."""

    def __init__(self, registry) -> None:  # noqa: ANN001 - a routing.managers.registry.RouteManagerRegistry
        self.registry = registry
        self._running: dict[int, object] = {}

    async def route(self, area_id: int) -> AreaRoute | None:
        manager = self.registry.get(area_id)
        if manager is None or not manager.ready:
            return None
        stops = manager.route.stops
        coordinates = [(stop.lat, stop.lng) for stop in stops]
        subroutes = [SubRoute(device, [coordinates[i] for i in sub.stops])
                     for device, sub in manager.subroutes().items()]
        return AreaRoute(area_id, coordinates, subroutes)

    async def prio_queue(self, area_id: int) -> list[PrioEvent]:
        manager = self.registry.get(area_id)
        if manager is None:
            return []
        return [PrioEvent(int(event.earliest), event.lat, event.lng) for event in manager.prio_events()]

    async def recalculate(self, area_id: int) -> None:
        import asyncio

        manager = self.registry.get(area_id)
        if manager is None:
            raise RecalcRefused("no route manager runs for this area (apply settings first?)")
        if area_id in self._running:
            raise RecalcRefused("a recalculation of this area is already running")
        task = asyncio.create_task(manager.recalculate())
        self._running[area_id] = task
        task.add_done_callback(lambda _: self._running.pop(area_id, None))

    async def recalculating(self) -> list[int]:
        return sorted(self._running)

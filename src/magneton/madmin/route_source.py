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

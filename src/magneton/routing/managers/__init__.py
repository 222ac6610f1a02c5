"""Route managers: per area, the route from the DB (persisted, shared by the area's devices) and the
priority queue. Workers use `RouteManagerRegistry.get(area_id)` and then `join` / `next_location` /
`leave` (see manager.py)."""

from magneton.routing.managers.manager import Change, Location, LocationKind, ManagerStats, RouteManager
from magneton.routing.managers.modes import (
    IdleRouteManager,
    InitRouteManager,
    IvRouteManager,
    LevelingRouteManager,
    MonRouteManager,
    QuestRouteManager,
    RaidsRouteManager,
)
from magneton.routing.managers.registry import AreaSpec, RegistryChange, RouteManagerRegistry
from magneton.routing.managers.settings import AreaSettings, ManagerOptions, Mode, resolve
from magneton.routing.managers.sources import Coords

__all__ = [
    "AreaSettings", "AreaSpec", "Change", "Coords", "IdleRouteManager", "InitRouteManager", "IvRouteManager",
    "LevelingRouteManager", "Location", "LocationKind", "ManagerOptions", "ManagerStats", "Mode",
    "MonRouteManager", "QuestRouteManager", "RaidsRouteManager", "RegistryChange", "RouteManager",
    "RouteManagerRegistry", "resolve",
]

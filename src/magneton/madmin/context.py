"""What MADmin's handlers share: the configuration, the database and the other components of the process."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.devices.interface import DeviceHub
from magneton.madmin.route_source import RouteSource
from magneton.mapping.records import ReloadResult
from magneton.mapping.interface import MappingManagerApi
from magneton.workers.metrics import StepMetrics


@dataclass
class MadminContext:
    cfg: Config
    engine: AsyncEngine
    instance_id: int
    mapping: MappingManagerApi | None = None  # None: settings can be edited but not applied
    devices: DeviceHub | None = None  # None: no device control (e.g. a process without the websocket)
    routes: RouteSource | None = None  # None until the route managers exist: routes come from settings_routecalc
    # "apply settings": reload and restart the changed workers (the workers' apply_settings); None = only
    # reload the MappingManager (a process without workers)
    apply_settings: Callable[[], Awaitable[ReloadResult]] | None = None
    metrics: StepMetrics | None = None  # the workers' step metrics (GET /metrics); None: no workers here
    unapplied: bool = False  # settings were written since the last "apply settings" (reload)

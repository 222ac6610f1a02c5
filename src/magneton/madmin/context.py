"""What MADmin's handlers share: the configuration, the database and the other components of the process."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.devices.interface import DeviceHub
from magneton.madmin.route_source import RouteSource
from magneton.mapping.interface import MappingManagerApi


@dataclass
class MadminContext:
    cfg: Config
    engine: AsyncEngine
    instance_id: int
    mapping: MappingManagerApi | None = None  # None: settings can be edited but not applied
    devices: DeviceHub | None = None  # None: no device control (e.g. a process without the websocket)
    routes: RouteSource | None = None  # None until the route managers exist: routes come from settings_routecalc
    unapplied: bool = False  # settings were written since the last "apply settings" (reload)

"""Runtime state of a device that is not configuration: kept in memory, survives reloads and reconnects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class DeviceState:
    paused: bool = False  # paused in MADmin: the worker idles
    job_active: bool = False  # a MADmin job runs on the device: the worker holds
    walker_position: int | None = None  # index of the current walker area in the walker
    area_finished: bool = False  # the current walker area ended normally (so the next one is due)
    area_id: int | None = None
    area_started_at: datetime | None = None
    last_mode: str | None = None
    route_pos: int | None = None
    route_max: int | None = None
    position: tuple[float, float] | None = None

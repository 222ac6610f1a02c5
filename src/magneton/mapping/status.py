"""Keeps trs_status (and so v_trs_status, which MADmin and PMSF read) current for each device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db import upsert
from magneton.db.upsert import const
from magneton.db.models import TrsStatus


@dataclass(frozen=True)
class StatusUpdate:
    """What changed for a device; None = unchanged.

    position: the device's new location (the previous one becomes lastPos). pogo_restarted_at /
    rebooted_at: a game restart / device reboot happened then (the global counters go up by one).
    restart_count / reboot_count: the worker's current escalation counters.
    """

    position: tuple[float, float] | None = None
    area_id: int | None = None
    idle: bool | None = None
    route_pos: int | None = None
    route_max: int | None = None
    last_proto_time: datetime | None = None
    restart_count: int | None = None
    reboot_count: int | None = None
    rebooting_option: bool | None = None
    current_sleep_time: int | None = None
    pogo_restarted_at: datetime | None = None
    rebooted_at: datetime | None = None


_COLUMNS = {
    "area_id": "area_id", "route_pos": "routePos", "route_max": "routeMax", "last_proto_time": "lastProtoDateTime",
    "restart_count": "restartCounter", "reboot_count": "rebootCounter", "rebooting_option": "rebootingOption",
    "current_sleep_time": "currentSleepTime", "pogo_restarted_at": "lastPogoRestart", "rebooted_at": "lastPogoReboot",
}


async def write_status(engine: AsyncEngine, instance_id: int, device_id: int, update: StatusUpdate,
                       previous_position: tuple[float, float] | None) -> None:
    row: dict[str, Any] = {"instance_id": instance_id, "device_id": device_id}
    for attribute, column in _COLUMNS.items():
        value = getattr(update, attribute)
        if value is not None:
            row[column] = value
    if update.idle is not None:
        row["idle"] = int(update.idle)
    if update.position is not None:
        row["currentPos"] = update.position
        if previous_position is not None:
            row["lastPos"] = previous_position
    changes: dict[str, Any] = {column: column for column in row if column != "device_id"}
    table = TrsStatus.__table__
    for happened, counter in (("pogo_restarted_at", "globalrestartcount"), ("rebooted_at", "globalrebootcount")):
        if getattr(update, happened) is not None:
            row[counter] = 1
            changes[counter] = func.coalesce(table.c[counter], const(0)) + const(1)
    async with engine.begin() as conn:
        await upsert(conn, TrsStatus, [row], changes)

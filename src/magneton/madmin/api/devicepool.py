"""/api/devicepool ("shared settings"): defaults a device inherits unless it sets its own."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsDevice, SettingsDevicepool
from magneton.madmin.api.fields import Field
from magneton.madmin.api.resource import Resource, users


def _s(name: str, kind: str, descr: str, **kw: Any) -> Field:
    return Field(name, kind, settings=True, descr=descr, **kw)


# The tuning columns settings_device and settings_devicepool share.
TUNING = (
    _s("post_walk_delay", "float", "Seconds to wait after walking"),
    _s("post_teleport_delay", "float", "Seconds to wait after teleporting"),
    _s("walk_after_teleport_distance", "float", "Walk a few metres after teleports longer than this (m)"),
    _s("cool_down_sleep", "bool", "Respect the game's cool-down when teleporting in quest mode"),
    _s("post_turn_screen_on_delay", "float", "Seconds to wait after turning the screen on"),
    _s("post_pogo_start_delay", "float", "Seconds to wait after starting the game"),
    _s("restart_pogo", "int", "Restart the game every N locations (0: never)"),
    _s("inventory_clear_rounds", "int", "Clear the inventory every N stops"),
    _s("mitm_wait_timeout", "float", "Seconds to wait for data after a move"),
    _s("vps_delay", "float", "Extra delay for VPS-hosted devices"),
    _s("reboot", "bool", "Reboot the device when it keeps failing"),
    _s("reboot_thresh", "int", "Failures before a reboot"),
    _s("restart_thresh", "int", "Failures before a game restart"),
    _s("post_screenshot_delay", "float", "Seconds to wait after a screenshot"),
    _s("screenshot_x_offset", "int", "Horizontal offset of screenshot taps"),
    _s("screenshot_y_offset", "int", "Vertical offset of screenshot taps"),
    _s("screenshot_type", "enum", "Screenshot format", values=("jpeg", "png")),
    _s("screenshot_quality", "int", "Screenshot quality (jpeg)"),
    _s("startcoords_of_walker", "str", "Start location \"lat,lng\""),
    _s("injection_thresh_reboot", "int", "Failed injections before a reboot"),
    _s("screendetection", "bool", "Detect and handle game screens"),
    _s("enhanced_mode_quest_safe_items", "str", "Item ids never deleted in quest mode (comma-separated)"),
    _s("extended_login", "bool", "Extended login handling"),
)


class DevicepoolResource(Resource):
    name = "devicepool"
    table = SettingsDevicepool.__table__
    pk = "pool_id"
    display = "devicepool"
    description = "Shared settings: defaults for the devices of a pool"
    fields = (Field("devicepool", column="name", required=True, descr="Name of the pool"), *TUNING)

    async def dependants(self, conn: AsyncConnection, ctx, ident: int) -> list[dict[str, Any]]:
        rows = await conn.execute(select(SettingsDevice.device_id, SettingsDevice.name)
                                  .where(SettingsDevice.pool_id == ident))
        return users(rows, "device", "device_id", "name")

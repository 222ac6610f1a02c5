"""Effective device settings: the device's own value, else its pool's value, else MAD's default.

MAD's getter lets a truthy pool value beat the device's own one, so a device cannot override its
pool; here a value set on the device (not NULL) wins, and the pool fills what the device leaves
empty, which is what "shared settings" are for. Columns that are NOT NULL with a false default
(`extended_login`) cannot say "unset", so there either side switching it on is enough.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_SAFE_ITEMS = (1401, 1402, 1403, 1106, 901, 902, 903, 501, 502, 503, 504, 301)


@dataclass(frozen=True)
class DeviceSettings:
    # keys a pool can give (§4 of the device reference)
    post_walk_delay: float = 0.0
    post_teleport_delay: float = 0.0
    walk_after_teleport_distance: float = 0.0
    cool_down_sleep: bool = False
    post_turn_screen_on_delay: float = 7.0
    post_pogo_start_delay: float = 60.0
    restart_pogo: int = 0
    inventory_clear_rounds: int = 10
    mitm_wait_timeout: float = 30.0
    vps_delay: float = 0.0
    reboot: bool = True
    reboot_thresh: int = 3
    restart_thresh: int = 5
    post_screenshot_delay: float = 1.0
    screenshot_x_offset: int = 0
    screenshot_y_offset: int = 0
    screenshot_type: str = "jpeg"
    screenshot_quality: int = 80
    startcoords_of_walker: tuple[float, float] | None = None
    injection_thresh_reboot: int = 20
    screendetection: bool = False
    enhanced_mode_quest_safe_items: tuple[int, ...] = DEFAULT_SAFE_ITEMS
    extended_login: bool = False
    # device-only keys
    adbname: str | None = None
    ggl_login_mail: str | None = None
    clear_game_data: bool = False
    account_rotation: bool = False
    rotation_waittime: float = 300.0
    rotate_on_lvl_30: bool = False
    mac_address: str | None = None
    interface_type: str = "lan"
    softbar_enabled: bool = False
    extended_permission_toggling: bool = False


POOL_KEYS = frozenset({
    "post_walk_delay", "post_teleport_delay", "walk_after_teleport_distance", "cool_down_sleep",
    "post_turn_screen_on_delay", "post_pogo_start_delay", "restart_pogo", "inventory_clear_rounds",
    "mitm_wait_timeout", "vps_delay", "reboot", "reboot_thresh", "restart_thresh", "post_screenshot_delay",
    "screenshot_x_offset", "screenshot_y_offset", "screenshot_type", "screenshot_quality", "startcoords_of_walker",
    "injection_thresh_reboot", "screendetection", "enhanced_mode_quest_safe_items", "extended_login",
})
_EITHER_SWITCHES_ON = frozenset({"extended_login"})


def parse_coords(value: str) -> tuple[float, float]:
    lat, lng = (float(part) for part in value.split(","))
    return lat, lng


def parse_item_ids(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.replace(" ", "").split(",") if part)


_PARSERS: dict[str, Any] = {"startcoords_of_walker": parse_coords, "enhanced_mode_quest_safe_items": parse_item_ids}


def resolve(origin: str, device: Any, pool: Any | None) -> DeviceSettings:
    """DeviceSettings from a settings_device row and its settings_devicepool row (ORM objects or anything with
    the same attributes)."""
    values: dict[str, Any] = {}
    for f in fields(DeviceSettings):
        own = getattr(device, f.name, None)
        shared = getattr(pool, f.name, None) if pool is not None and f.name in POOL_KEYS else None
        if f.name in _EITHER_SWITCHES_ON:
            value: Any = bool(own) or bool(shared)
        else:
            value = own if own is not None and own != "" else shared
        if value is None or value == "":
            continue
        parser = _PARSERS.get(f.name)
        if parser is not None:
            try:
                value = parser(value)
            except ValueError:
                log.error("[%s] ignoring invalid %s %r; using the default", origin, f.name, value)
                continue
        values[f.name] = value
    return DeviceSettings(**values)

"""The configuration of one instance as plain, immutable records (what a gRPC layer will serialise).

Equality of records is what `reload()` compares to find the devices whose configuration changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from magneton.mapping.device_settings import DeviceSettings


@dataclass(frozen=True)
class Geofence:
    geofence_id: int
    name: str
    fence_type: str  # polygon | geojson
    fence_data: str  # as stored: JSON array of "[name]" and "lat,lng" lines (polygon) or GeoJSON text


@dataclass(frozen=True)
class Area:
    """A settings_area row with its mode's settings; fields a mode does not have are None."""

    area_id: int
    name: str
    mode: str  # idle | iv_mitm | mon_mitm | pokestops | raids_mitm | init
    geofence_included: int
    geofence_excluded: int | None
    routecalc_id: int
    speed: float | None = None
    max_distance: float | None = None
    monlist_id: int | None = None
    all_mons: bool = False
    encounter_all: bool | None = None
    coords_spawns_known: bool | None = None
    including_stops: bool | None = None
    delay_after_prio_event: int | None = None
    priority_queue_clustering_timedelta: float | None = None
    remove_from_queue_backlog: float | None = None
    starve_route: bool | None = None
    min_time_left_seconds: int | None = None
    max_clustering: int | None = None
    include_event_id: int | None = None
    level: bool | None = None
    ignore_spinned_stops: bool | None = None
    cleanup_every_spin: bool | None = None
    layer: int | None = None
    init_mode_rounds: int | None = None
    init_type: str | None = None


@dataclass(frozen=True)
class WalkerArea:
    walkerarea_id: int
    area_id: int
    algo_type: str  # countdown | timer | round | period | coords | idle
    algo_value: str | None
    max_walkers: int | None
    eventid: int | None
    name: str | None


@dataclass(frozen=True)
class Walker:
    walker_id: int
    name: str
    areas: tuple[WalkerArea, ...]  # in area_order


@dataclass(frozen=True)
class Device:
    device_id: int
    name: str  # the origin
    walker_id: int
    pool_id: int | None
    settings: DeviceSettings  # effective values: device, else pool, else MAD's default


@dataclass(frozen=True)
class MonList:
    monlist_id: int
    name: str
    mon_ids: tuple[int, ...]  # in mon_order


@dataclass(frozen=True)
class GameAccount:
    account_id: int
    device_id: int | None
    login_type: str  # google | ptc
    username: str
    password: str
    level: int
    last_burn: datetime | None
    last_burn_type: str | None
    last_softban_action: datetime | None
    last_softban_action_location: tuple[float, float] | None


@dataclass(frozen=True)
class AuthEntry:
    username: str
    password: str
    auth_level: int  # bits: 1 MADmin public, 2 MITM data (devices), 4 MADmin admin


@dataclass(frozen=True)
class ReloadResult:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]  # present before and after, with a different device/walker/area/fence/monlist

    @property
    def restart(self) -> tuple[str, ...]:
        """Origins whose workers must stop or restart."""
        return tuple(sorted((*self.removed, *self.changed)))

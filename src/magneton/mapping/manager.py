"""The MappingManager: one instance's configuration in memory, device runtime state, trs_status upkeep.

`start()` loads; `reload()` ("apply settings") loads again, swaps the snapshot and reports which
devices' configuration changed, so only their workers restart. Runtime state (pause, walker position,
route position, location) lives in memory and survives reloads; a device whose configuration changed
starts its walker from the first area again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hmac
import logging
from collections.abc import Callable
from datetime import tzinfo

from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.auth import AuthLevel
from magneton.config import Config
from magneton.mapping import walker as rules
from magneton.mapping.device_settings import DeviceSettings
from magneton.mapping.loader import Mappings, load
from magneton.mapping.records import (
    Area,
    AuthEntry,
    Device,
    GameAccount,
    Geofence,
    MonList,
    ReloadResult,
    Walker,
)
from magneton.mapping.state import DeviceState
from magneton.mapping.status import StatusUpdate, write_status

log = logging.getLogger(__name__)


ZoneOf = Callable[[Area, Geofence], tzinfo | None]


class UnknownDevice(KeyError):
    """The origin is not a loaded device of this instance."""

    def __str__(self) -> str:
        return f"{self.args[0]}: not a loaded device (create it in MADmin and apply settings)"


class MappingManager:
    name = "mapping manager"

    def __init__(self, cfg: Config, engine: AsyncEngine, instance_id: int, *, zone_of: ZoneOf | None = None) -> None:
        self.cfg, self.engine, self.instance_id = cfg, engine, instance_id
        self._zone_of = zone_of
        self._mappings = Mappings.empty()
        self._states: dict[str, DeviceState] = {}
        self._reload_lock = asyncio.Lock()
        self._reload_listeners: list[Callable[[ReloadResult], None]] = []

    def add_reload_listener(self, listener: Callable[[ReloadResult], None]) -> None:
        """Call `listener` with the result of every reload (the gRPC server tells its watchers)."""
        self._reload_listeners.append(listener)

    # --- Component ---------------------------------------------------------------------------------
    async def start(self) -> None:
        result = await self.reload()
        log.info("loaded %d device(s), %d area(s), %d walker(s)", len(result.added), len(self._mappings.areas),
                 len(self._mappings.walkers))

    async def stop(self) -> None:
        pass

    async def reload(self) -> ReloadResult:
        async with self._reload_lock:
            new = await load(self.engine, self.instance_id,
                             accounts_of_all_instances=self.cfg.no_restrict_accounts_to_instance)
            old, self._mappings = self._mappings, new
            added = tuple(sorted(set(new.devices) - set(old.devices)))
            removed = tuple(sorted(set(old.devices) - set(new.devices)))
            changed = tuple(sorted(o for o in set(old.devices) & set(new.devices)
                                   if old.fingerprint(o) != new.fingerprint(o)))
            for origin in removed:
                self._states.pop(origin, None)
            for origin in changed:
                state = self._states.get(origin)
                if state is not None:
                    state.walker_position, state.area_finished, state.area_id = None, False, None
            for origin in added:
                self._states.setdefault(origin, DeviceState())
        if old.devices and (added or removed or changed):
            log.info("settings applied: added %s, removed %s, changed %s", list(added), list(removed), list(changed))
        result = ReloadResult(added, removed, changed)
        for listener in self._reload_listeners:
            listener(result)
        return result

    # --- who may connect (devices.OriginDirectory) ---------------------------------------------------
    async def is_known(self, origin: str) -> bool:
        return origin in self._mappings.devices

    async def mitm_auth_ok(self, username: str, password: str) -> bool:
        entry = self._mappings.auths.get(username)
        return (entry is not None and bool(entry.auth_level & AuthLevel.MITM_DATA)
                and hmac.compare_digest(entry.password.encode(), password.encode()))

    # --- configuration ---------------------------------------------------------------------------------
    async def loaded_origins(self) -> list[str]:
        return sorted(self._mappings.devices)

    def _device(self, origin: str) -> Device:
        device = self._mappings.devices.get(origin)
        if device is None:
            raise UnknownDevice(origin)
        return device

    async def device(self, origin: str) -> Device | None:
        return self._mappings.devices.get(origin)

    async def device_settings(self, origin: str) -> DeviceSettings:
        return self._device(origin).settings

    async def safe_items(self, origin: str) -> tuple[int, ...]:
        return self._device(origin).settings.enhanced_mode_quest_safe_items

    async def walker_of(self, origin: str) -> Walker | None:
        return self._mappings.walkers.get(self._device(origin).walker_id)

    async def area(self, area_id: int) -> Area | None:
        return self._mappings.areas.get(area_id)

    async def areas(self) -> list[Area]:
        return sorted(self._mappings.areas.values(), key=lambda a: a.name)

    async def geofence(self, geofence_id: int) -> Geofence | None:
        return self._mappings.geofences.get(geofence_id)

    async def monlist(self, monlist_id: int) -> MonList | None:
        return self._mappings.monlists.get(monlist_id)

    async def area_mon_ids(self, area_id: int) -> tuple[int, ...]:
        """The mon ids of the area's monlist (empty without one; `Area.all_mons` is left to the caller)."""
        area = self._mappings.areas.get(area_id)
        monlist = self._mappings.monlists.get(area.monlist_id) if area and area.monlist_id else None
        return monlist.mon_ids if monlist else ()

    async def accounts(self) -> list[GameAccount]:
        return list(self._mappings.accounts)

    async def account_of(self, origin: str) -> GameAccount | None:
        device_id = self._device(origin).device_id
        return next((a for a in self._mappings.accounts if a.device_id == device_id), None)

    async def auths(self) -> list[AuthEntry]:
        return list(self._mappings.auths.values())

    # --- runtime state --------------------------------------------------------------------------------
    def _state(self, origin: str) -> DeviceState:
        self._device(origin)
        return self._states.setdefault(origin, DeviceState())

    async def device_state(self, origin: str) -> DeviceState:
        """A copy of the device's runtime state."""
        return dataclasses.replace(self._state(origin))

    async def set_paused(self, origin: str, paused: bool) -> None:
        self._state(origin).paused = paused
        log.info("[%s] %s", origin, "paused" if paused else "unpaused")

    async def paused_origins(self) -> list[str]:
        return sorted(o for o, s in self._states.items() if s.paused)

    async def set_job_active(self, origin: str, active: bool) -> None:
        self._state(origin).job_active = active

    def _zones(self, walker: Walker) -> dict[int, tzinfo]:
        zones: dict[int, tzinfo] = {}
        if self._zone_of is None:
            return zones
        for walker_area in walker.areas:
            area = self._mappings.areas.get(walker_area.area_id)
            fence = self._mappings.geofences.get(area.geofence_included) if area else None
            zone = self._zone_of(area, fence) if area and fence else None
            if zone is not None:
                zones[walker_area.area_id] = zone
        return zones

    def _with_zones(self, walker: Walker, ctx: rules.WalkerContext) -> rules.WalkerContext:
        return dataclasses.replace(ctx, zones={**self._zones(walker), **ctx.zones})

    async def choose_walker_area(self, origin: str, ctx: rules.WalkerContext) -> rules.WalkerChoice | None:
        """Pick the walker area the device works in next (MAD's walker rules), remember it and show it in
        trs_status. None: no walker area qualifies now; the device idles."""
        state = self._state(origin)
        walker = await self.walker_of(origin)
        choice = (rules.choose(walker.areas, state.walker_position, state.area_finished, self._with_zones(walker, ctx))
                  if walker else None)
        if choice is None:
            state.area_id = None
            log.info("[%s] no walker area qualifies now", origin)
            await self.report_status(origin, StatusUpdate(idle=True))
            return None
        area = self._mappings.areas[choice.walker_area.area_id]
        state.walker_position, state.area_finished = choice.position, False
        state.area_id, state.area_started_at, state.last_mode = area.area_id, ctx.now, area.mode
        log.info("[%s] works in area %r (%s, walker area %d: %s %s)", origin, area.name, area.mode, choice.position,
                 choice.walker_area.algo_type, choice.walker_area.algo_value or "")
        await self.report_status(origin, StatusUpdate(area_id=area.area_id, idle=area.mode == "idle"))
        return choice

    async def check_walker_area(self, origin: str, ctx: rules.WalkerContext,
                                route_exhausted: bool = False) -> rules.WalkerVerdict:
        """Should the device leave its current walker area (MAD's check_walker)?"""
        state = self._state(origin)
        walker = await self.walker_of(origin)
        if walker is None or state.walker_position is None or state.walker_position >= len(walker.areas):
            return rules.WalkerVerdict(True, "no current walker area")
        started = state.area_started_at or ctx.now
        return rules.check(walker.areas[state.walker_position], self._with_zones(walker, ctx), started, route_exhausted)

    async def mark_area_finished(self, origin: str) -> None:
        self._state(origin).area_finished = True

    async def report_status(self, origin: str, update: StatusUpdate) -> None:
        """Record what the worker did (position, area, route position, data time, restarts, reboots) in
        trs_status."""
        device = self._device(origin)
        state = self._state(origin)
        previous = state.position
        if update.position is not None:
            state.position = update.position
        if update.route_pos is not None:
            state.route_pos = update.route_pos
        if update.route_max is not None:
            state.route_max = update.route_max
        await write_status(self.engine, self.instance_id, device.device_id, update, previous)

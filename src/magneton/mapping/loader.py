"""Reads the configuration of one instance from MAD's settings_* tables into records."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from magneton.db.models import (
    SettingsAreaIdle,
    SettingsAreaInitMitm,
    SettingsAreaIvMitm,
    SettingsAreaMonMitm,
    SettingsAreaPokestops,
    SettingsAreaRaidsMitm,
    SettingsAuth,
    SettingsDevice,
    SettingsDevicepool,
    SettingsGeofence,
    SettingsMonivlist,
    SettingsMonivlistToMon,
    SettingsPogoauth,
    SettingsWalker,
    SettingsWalkerarea,
    SettingsWalkerToWalkerarea,
)
from magneton.mapping.device_settings import resolve
from magneton.mapping.records import Area, AuthEntry, Device, GameAccount, Geofence, MonList, Walker, WalkerArea

log = logging.getLogger(__name__)

AREA_MODELS = (SettingsAreaIdle, SettingsAreaInitMitm, SettingsAreaIvMitm, SettingsAreaMonMitm,
               SettingsAreaPokestops, SettingsAreaRaidsMitm)
_AREA_OPTIONAL = [f.name for f in fields(Area)
                  if f.name not in ("area_id", "name", "mode", "geofence_included", "geofence_excluded",
                                    "routecalc_id")]


@dataclass(frozen=True)
class Mappings:
    """One consistent snapshot of an instance's configuration."""

    devices: dict[str, Device]
    areas: dict[int, Area]
    geofences: dict[int, Geofence]
    walkers: dict[int, Walker]
    monlists: dict[int, MonList]
    accounts: tuple[GameAccount, ...]
    auths: dict[str, AuthEntry]

    @classmethod
    def empty(cls) -> Mappings:
        return cls({}, {}, {}, {}, {}, (), {})

    def fingerprint(self, origin: str) -> tuple[object, ...] | None:
        """Everything a device's worker is built from; equal fingerprints = nothing to restart."""
        device = self.devices.get(origin)
        if device is None:
            return None
        walker = self.walkers.get(device.walker_id)
        areas = [self.areas.get(wa.area_id) for wa in walker.areas] if walker else []
        fences = [self.geofences.get(i) for a in areas if a for i in (a.geofence_included, a.geofence_excluded) if i]
        monlists = [self.monlists.get(a.monlist_id) for a in areas if a and a.monlist_id]
        return device, walker, tuple(areas), tuple(fences), tuple(monlists)


def _optional_int(value: str | None) -> int | None:
    # settings_area_*.geofence_excluded is a string column that holds a geofence id
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except ValueError:
        return None


async def load(engine: AsyncEngine, instance_id: int, *, accounts_of_all_instances: bool = False) -> Mappings:
    async with AsyncSession(engine) as session:
        geofences = {
            g.geofence_id: Geofence(g.geofence_id, g.name, g.fence_type, g.fence_data)
            for g in await session.scalars(select(SettingsGeofence).where(SettingsGeofence.instance_id == instance_id))
        }
        areas: dict[int, Area] = {}
        for model in AREA_MODELS:
            for row in await session.scalars(select(model).where(model.instance_id == instance_id)):
                if row.geofence_included not in geofences:
                    log.error("area %r (%d) has no included geofence; it is not loaded", row.name, row.area_id)
                    continue
                extra = {name: getattr(row, name) for name in _AREA_OPTIONAL if hasattr(row, name)}
                if "remove_from_queue_backlog" in extra and extra["remove_from_queue_backlog"] is not None:
                    extra["remove_from_queue_backlog"] = float(extra["remove_from_queue_backlog"])
                areas[row.area_id] = Area(row.area_id, row.name, model.__mapper_args__["polymorphic_identity"],
                                          row.geofence_included, _optional_int(getattr(row, "geofence_excluded", None)),
                                          row.routecalc, **extra)

        mons: dict[int, list[int]] = defaultdict(list)
        for link in await session.scalars(select(SettingsMonivlistToMon).join(
                SettingsMonivlist, SettingsMonivlist.monlist_id == SettingsMonivlistToMon.monlist_id)
                .where(SettingsMonivlist.instance_id == instance_id)
                .order_by(SettingsMonivlistToMon.monlist_id, SettingsMonivlistToMon.mon_order)):
            mons[link.monlist_id].append(link.mon_id)
        monlists = {
            m.monlist_id: MonList(m.monlist_id, m.name, tuple(mons.get(m.monlist_id, ())))
            for m in await session.scalars(select(SettingsMonivlist)
                                           .where(SettingsMonivlist.instance_id == instance_id))
        }

        walker_areas = {
            wa.walkerarea_id: WalkerArea(wa.walkerarea_id, wa.area_id, wa.algo_type, wa.algo_value, wa.max_walkers,
                                         wa.eventid, wa.name)
            for wa in await session.scalars(select(SettingsWalkerarea)
                                            .where(SettingsWalkerarea.instance_id == instance_id))
        }
        ordered: dict[int, list[WalkerArea]] = defaultdict(list)
        for link in await session.scalars(select(SettingsWalkerToWalkerarea)
                                          .order_by(SettingsWalkerToWalkerarea.walker_id,
                                                    SettingsWalkerToWalkerarea.area_order)):
            walker_area = walker_areas.get(link.walkerarea_id)
            if walker_area is None:
                continue
            if walker_area.area_id not in areas:
                log.error("walker %d: walker area %d points to area %d, which is not loaded; skipped",
                          link.walker_id, walker_area.walkerarea_id, walker_area.area_id)
                continue
            ordered[link.walker_id].append(walker_area)
        walkers = {
            w.walker_id: Walker(w.walker_id, w.name, tuple(ordered.get(w.walker_id, ())))
            for w in await session.scalars(select(SettingsWalker).where(SettingsWalker.instance_id == instance_id))
        }

        pools = {p.pool_id: p for p in await session.scalars(
            select(SettingsDevicepool).where(SettingsDevicepool.instance_id == instance_id))}
        devices: dict[str, Device] = {}
        for d in await session.scalars(select(SettingsDevice).where(SettingsDevice.instance_id == instance_id)
                                       .order_by(SettingsDevice.device_id)):
            if d.name in devices:
                log.error("[%s] a second device with this name (id %d) is ignored", d.name, d.device_id)
                continue
            if d.walker_id not in walkers:
                log.error("[%s] has no walker of this instance; the device is not loaded", d.name)
                continue
            pool = pools.get(d.pool_id) if d.pool_id is not None else None
            devices[d.name] = Device(d.device_id, d.name, d.walker_id, d.pool_id, resolve(d.name, d, pool))

        account_query = select(SettingsPogoauth).order_by(SettingsPogoauth.account_id)
        if not accounts_of_all_instances:
            account_query = account_query.where(SettingsPogoauth.instance_id == instance_id)
        accounts = tuple(
            GameAccount(a.account_id, a.device_id, a.login_type, a.username, a.password, a.level, a.last_burn,
                        a.last_burn_type, a.last_softban_action, a.last_softban_action_location)
            for a in await session.scalars(account_query)
        )
        auths = {
            a.username: AuthEntry(a.username, a.password, a.auth_level or 0)
            for a in await session.scalars(select(SettingsAuth).where(SettingsAuth.instance_id == instance_id))
        }
    return Mappings(devices, areas, geofences, walkers, monlists, accounts, auths)

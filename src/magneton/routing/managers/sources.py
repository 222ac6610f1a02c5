"""What a route manager reads from the DB: route coordinates per mode and priority events.

Each read is one query, prefiltered in SQL by the fence's bounding box (portable, uses the lat/lng
indexes), then filtered exactly by the fence, vectorised with shapely.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db.models import Gym, Pokemon, Pokestop, Raid, TrsQuest, TrsSpawn, TrsVisited
from magneton.geo.distance import haversine_m
from magneton.geo.fence import Geofence
from magneton.routing.events import PrioEvent, spawn_window

log = logging.getLogger(__name__)

IV_MAX_AHEAD_S = 3600  # encounters despawning later than this are not real (MAD's 60 min bound)


@dataclass(frozen=True)
class Coords:
    """Points a route must cover, with what each stands for (spawnpoint id, gym id, stop id, ...)."""

    keys: tuple[Hashable, ...]
    lats: NDArray[np.float64]
    lngs: NDArray[np.float64]

    @classmethod
    def empty(cls) -> Coords:
        return cls((), np.zeros(0), np.zeros(0))

    @classmethod
    def of(cls, rows: Sequence[tuple[Hashable, float, float]]) -> Coords:
        if not rows:
            return cls.empty()
        keys, lats, lngs = zip(*rows)
        return cls(tuple(keys), np.asarray(lats, dtype=np.float64), np.asarray(lngs, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.keys)

    def fingerprint(self) -> str:
        """Equal for equal point sets, whatever their order (positions rounded to ~1 cm)."""
        pts = np.round(np.column_stack([self.lats, self.lngs]), 7)
        pts = pts[np.lexsort((pts[:, 1], pts[:, 0]))] if len(pts) else pts
        return hashlib.sha1(np.ascontiguousarray(pts).tobytes()).hexdigest()

    def select(self, mask: NDArray[np.bool_]) -> Coords:
        idx = np.flatnonzero(mask)
        return Coords(tuple(self.keys[i] for i in idx), self.lats[idx], self.lngs[idx])


def _bbox(lat: Any, lng: Any, fence: Geofence) -> ColumnElement[bool]:
    if fence.unbounded:
        return true()
    minx, miny, maxx, maxy = fence.include.bounds
    return and_(lat >= miny, lat <= maxy, lng >= minx, lng <= maxx)


def _in_fence(rows: Sequence[Any], fence: Geofence, lat_at: int = 1, lng_at: int = 2) -> list[Any]:
    if not rows:
        return []
    inside = fence.contains(np.array([r[lat_at] for r in rows], dtype=np.float64),
                            np.array([r[lng_at] for r in rows], dtype=np.float64))
    return [r for r, ok in zip(rows, inside.tolist()) if ok]


async def _rows(engine: AsyncEngine, query: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(query)).all())


# --- route coordinates -------------------------------------------------------------------------------


async def spawnpoints(engine: AsyncEngine, fence: Geofence, *, known_too: bool, event_ids: Sequence[int]) -> Coords:
    """mon_mitm: spawnpoints of the events, all (`coords_spawns_known`) or only those without a known
    despawn time."""
    q = select(TrsSpawn.spawnpoint, TrsSpawn.latitude, TrsSpawn.longitude).where(
        TrsSpawn.eventid.in_(list(event_ids)), _bbox(TrsSpawn.latitude, TrsSpawn.longitude, fence))
    if not known_too:
        q = q.where(TrsSpawn.calc_endminsec.is_(None))
    return Coords.of([(("spawn", r[0]), r[1], r[2]) for r in _in_fence(await _rows(engine, q), fence)])


async def gyms_and_stops(engine: AsyncEngine, fence: Geofence, *, including_stops: bool) -> Coords:
    """raids_mitm: gyms, and stops too when the area includes them."""
    rows = [(("gym", r[0]), r[1], r[2]) for r in await _rows(engine, select(
        Gym.gym_id, Gym.latitude, Gym.longitude).where(_bbox(Gym.latitude, Gym.longitude, fence)))]
    if including_stops:
        rows += [(("stop", r[0]), r[1], r[2]) for r in await _rows(engine, select(
            Pokestop.pokestop_id, Pokestop.latitude, Pokestop.longitude).where(
            _bbox(Pokestop.latitude, Pokestop.longitude, fence)))]
    return Coords.of(_in_fence(rows, fence))


def local_midnight(now: float, zone: tzinfo | None) -> float:
    """UNIX time of the last midnight in the zone (quests reset at local midnight)."""
    local = datetime.fromtimestamp(now, zone or UTC)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


async def stops_without_quest(engine: AsyncEngine, fence: Geofence, *, layer: int, now: float,
                              zone: tzinfo | None) -> Coords:
    """pokestops: stops that have no quest of the layer from today (local midnight on)."""
    since = int(local_midnight(now, zone))
    q = (select(Pokestop.pokestop_id, Pokestop.latitude, Pokestop.longitude)
         .outerjoin(TrsQuest, and_(TrsQuest.GUID == Pokestop.pokestop_id, TrsQuest.layer == layer,
                                   TrsQuest.quest_timestamp >= since))
         .where(_bbox(Pokestop.latitude, Pokestop.longitude, fence), TrsQuest.GUID.is_(None)))
    return Coords.of([(("stop", r[0]), r[1], r[2]) for r in _in_fence(await _rows(engine, q), fence)])


async def stops_for_leveling(engine: AsyncEngine, fence: Geofence, *, username: str | None, skip_spun: bool,
                             near: tuple[float, float] | None, limit: int) -> Coords:
    """leveling: the `limit` stops nearest to `near` (haversine; MAD used planar miles without cos(lat)),
    without those this account has spun when `skip_spun`."""
    q = select(Pokestop.pokestop_id, Pokestop.latitude, Pokestop.longitude).where(
        _bbox(Pokestop.latitude, Pokestop.longitude, fence))
    if skip_spun and username:
        q = q.outerjoin(TrsVisited, and_(TrsVisited.pokestop_id == Pokestop.pokestop_id,
                                         TrsVisited.username == username)).where(TrsVisited.pokestop_id.is_(None))
    coords = Coords.of([(("stop", r[0]), r[1], r[2]) for r in _in_fence(await _rows(engine, q), fence)])
    if len(coords) <= limit:
        return coords
    if near is None:
        near = fence.representative_point()
    dist = haversine_m(near[0], near[1], coords.lats, coords.lngs)
    keep = np.zeros(len(coords), dtype=bool)
    keep[np.argsort(dist, kind="stable")[:limit]] = True
    return coords.select(keep)


# --- priority events -----------------------------------------------------------------------------------


def _ts(value: datetime | None, default: float) -> float:
    return value.timestamp() if value is not None else default


async def spawn_events(engine: AsyncEngine, fence: Geofence, *, event_ids: Sequence[int], now: float,
                       horizon_s: float, min_time_left_s: float) -> list[PrioEvent]:
    """mon_mitm: spawnpoints with a known despawn time whose mon is up now or appears within the horizon;
    the window runs from the spawn to the despawn minus `min_time_left_seconds`."""
    q = select(TrsSpawn.spawnpoint, TrsSpawn.latitude, TrsSpawn.longitude, TrsSpawn.calc_endminsec,
               TrsSpawn.spawndef).where(TrsSpawn.calc_endminsec.is_not(None), TrsSpawn.eventid.in_(list(event_ids)),
                                        _bbox(TrsSpawn.latitude, TrsSpawn.longitude, fence))
    events = []
    for sp, lat, lng, endminsec, spawndef in _in_fence(await _rows(engine, q), fence):
        try:
            spawn, despawn = spawn_window(endminsec, spawndef, now)
        except ValueError:
            log.debug("spawnpoint %s: unreadable calc_endminsec %r", sp, endminsec)
            continue
        if spawn > now + horizon_s or despawn - min_time_left_s < spawn:
            continue
        events.append(PrioEvent(lat, lng, spawn, despawn - min_time_left_s, 0, (("spawn", sp),)))
    return events


async def raid_events(engine: AsyncEngine, fence: Geofence, *, now: float, horizon_s: float) -> list[PrioEvent]:
    """raids_mitm: raids whose boss is not known yet: eggs hatching within the horizon, and hatched raids
    nobody has seen the boss of. The window runs from the hatch to the raid's end."""
    start = datetime.fromtimestamp(now, UTC)
    q = (select(Raid.gym_id, Gym.latitude, Gym.longitude, Raid.start, Raid.end)
         .join(Gym, Gym.gym_id == Raid.gym_id)
         .where(Raid.pokemon_id.is_(None), Raid.end > start, Raid.start < start + timedelta(seconds=horizon_s),
                _bbox(Gym.latitude, Gym.longitude, fence)))
    return [PrioEvent(lat, lng, _ts(hatch, now), _ts(end, now), 0, (("raid", gym),))
            for gym, lat, lng, hatch, end in _in_fence(await _rows(engine, q), fence)]


async def iv_events(engine: AsyncEngine, fence: Geofence, *, mon_ids: Sequence[int], all_mons: bool, now: float,
                    min_time_left_s: float) -> list[PrioEvent]:
    """iv_mitm: encounters without IV of the listed species (all, with `all_mons`) with at least
    `min_time_left_seconds` left. Priority is the species' rank in the list (all_mons: unlisted species
    after the list, ascending), never used as a time; the window closes `min_time_left_seconds` before
    the despawn."""
    if not mon_ids and not all_mons:
        return []
    at = datetime.fromtimestamp(now, UTC)
    q = select(Pokemon.encounter_id, Pokemon.latitude, Pokemon.longitude, Pokemon.pokemon_id,
               Pokemon.disappear_time, Pokemon.last_modified).where(
        Pokemon.individual_attack.is_(None), Pokemon.encounter_id != 0,
        or_(Pokemon.seen_type.is_(None), Pokemon.seen_type != "nearby_cell"),
        Pokemon.disappear_time >= at + timedelta(seconds=min_time_left_s),
        Pokemon.disappear_time <= at + timedelta(seconds=IV_MAX_AHEAD_S),
        _bbox(Pokemon.latitude, Pokemon.longitude, fence))
    if not all_mons:
        q = q.where(Pokemon.pokemon_id.in_(list(mon_ids)))
    rank = {m: i for i, m in enumerate(mon_ids)}
    events = []
    for enc, lat, lng, mon, disappear, seen in _in_fence(await _rows(engine, q), fence):
        priority = rank.get(mon, len(mon_ids) + mon)
        events.append(PrioEvent(lat, lng, min(_ts(seen, now), now), _ts(disappear, now) - min_time_left_s,
                                priority, (("encounter", enc),)))
    return events

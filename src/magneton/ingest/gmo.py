"""The map (GetMapObjects, 106): cells with forts, wild and nearby mons, plus the weather of the area.

One GMO is turned into rows in dependency order: weather first (gyms read their cell's weather), then
cells and forts, spawnpoints before the mons that take their despawn time from them."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import msgspec

from magneton.ingest import cell as cell_rows
from magneton.ingest import gym, pokemon, pokestop, raid, spawnpoint, weather
from magneton.ingest.gym import GymDisplay
from magneton.ingest.pokemon import ActivePokemon, NearbyPokemon, WildPokemon
from magneton.ingest.pokestop import IncidentDisplay
from magneton.ingest.raid import RaidInfo
from magneton.ingest.dedup import Batch
from magneton.ingest.state import IngestState
from magneton.ingest.values import cell_centre, cell_id_at, spawnpoint_int, unsigned64
from magneton.ingest.weather import ClientWeather

log = logging.getLogger(__name__)

FORT_GYM, FORT_STOP = 0, 1


class GymDetails(msgspec.Struct):
    owned_by_team: int = 0
    guard_pokemon: int = 0
    slots_available: int = 0
    is_ex_raid_eligible: bool = False
    is_in_battle: bool = False
    has_raid: bool = False
    raid_info: RaidInfo | None = None


class Fort(msgspec.Struct):
    id: str
    latitude: float
    longitude: float
    last_modified_timestamp_ms: int
    type: int = FORT_GYM
    enabled: bool = True
    is_ar_scan_eligible: bool = False
    image_url: str = ""
    active_fort_modifier: list[int] = []
    active_pokemon: ActivePokemon | None = None
    pokestop_display: IncidentDisplay | None = None
    pokestop_displays: list[IncidentDisplay] = []
    gym_details: GymDetails | None = None
    gym_display: GymDisplay | None = None


class MapCell(msgspec.Struct):
    id: int
    current_timestamp: int = 0
    forts: list[Fort] = []
    wild_pokemon: list[WildPokemon] = []
    nearby_pokemon: list[NearbyPokemon] = []


class GetMapObjectsOut(msgspec.Struct):
    cells: list[MapCell] = []
    client_weather: list[ClientWeather] = []
    time_of_day_value: int = 0


@dataclass
class GmoCounts:
    """What one GMO held, for the StatsHandler (MAD's per-GMO stats)."""

    wild: list[int] = field(default_factory=list)
    nearby_cell: list[int] = field(default_factory=list)
    nearby_stop: list[int] = field(default_factory=list)
    lure_wild: list[int] = field(default_factory=list)
    raids_with_boss: int = 0


async def process_gmo(gmo: GetMapObjectsOut, ts: int, state: IngestState) -> GmoCounts:
    """Turn one GMO into rows; unchanged objects are dropped in one dedup round trip per GMO."""
    cfg, counts, batch = state.cfg, GmoCounts(), Batch()
    now = time.time()

    for item in gmo.client_weather:
        row = weather.weather_row(item, gmo.time_of_day_value, ts)
        if row is not None:
            state.weather.learn(int(row["s2_cell_id"]), row["gameplay_weather"])
            batch.add(_weather_key(row), 900, (weather.WEATHER, row))

    forts = [fort for cell in gmo.cells for fort in cell.forts]
    gyms = [fort for fort in forts if fort.type == FORT_GYM and fort.gym_details is not None]
    await state.weather.preload({cell_id_at(g.latitude, g.longitude, 10) for g in gyms})
    event = await state.events.current()

    for cell in gmo.cells:
        row = cell_rows.cell_row(cell.id, cell.current_timestamp or ts * 1000)
        batch.add(f"s2cell{row['id']}", 60, (cell_rows.CELL, row))

    for fort in forts:
        state.forts.learn(fort.id, (fort.latitude, fort.longitude))
        if fort.type == FORT_STOP:
            rows = [(pokestop.STOP, pokestop.stop_row(fort, ts, event.lure_minutes))]
            rows += [(pokestop.INCIDENT, row) for row in pokestop.incident_rows(fort)]
            batch.add(f"stop{fort.id}{fort.last_modified_timestamp_ms}", 900, *rows)
            lure_mon = fort.active_pokemon
            if cfg.scan_lured_mons and lure_mon is not None and lure_mon.id > 0:
                eid = unsigned64(lure_mon.encounter_id)
                counts.lure_wild.append(eid)
                batch.add(f"monlurenoiv{eid}", 180,
                          (pokemon.LURE, pokemon.lure_row(lure_mon, fort.id, fort.latitude, fort.longitude, ts)))
        elif fort.gym_details is not None:
            boost = state.weather.get(cell_id_at(fort.latitude, fort.longitude, 10)) or 0
            batch.add(f"gym{fort.id}{fort.last_modified_timestamp_ms / 1000}{boost}", 900,
                      (gym.GYM, gym.gym_row(fort, ts, boost)), (gym.DETAILS, gym.details_row(fort, ts)))
            info = fort.gym_details.raid_info
            if fort.gym_details.has_raid and info is not None:
                row = raid.raid_row(fort.id, info, ts)
                counts.raids_with_boss += row["pokemon_id"] is not None
                batch.add(f"raid{fort.id}{row['pokemon_id']}{info.raid_end // 1000}", 900, (raid.RAID, row))

    # Spawnpoints are learned before the mons, so a first sighting with a timer is already exact.
    wild = [mon for cell in gmo.cells for mon in cell.wild_pokemon]
    await state.spawns.preload({spawnpoint_int(mon.spawnpoint_id) for mon in wild})
    for mon in wild:
        spawn_id = spawnpoint_int(mon.spawnpoint_id)
        row = spawnpoint.spawn_row(mon.spawnpoint_id, mon.time_till_hidden, ts, event.id)
        if row["calc_endminsec"]:
            state.spawns.learn(spawn_id, row["calc_endminsec"])
        batch.add(f"spawn{spawn_id}-{row['spawndef'] & 15}-{row['calc_endminsec']}", 300,
                  (spawnpoint.SPAWN, row))

    for mon in wild:
        eid, spawn_id = unsigned64(mon.encounter_id), spawnpoint_int(mon.spawnpoint_id)
        counts.wild.append(eid)
        disappear, exact = spawnpoint.despawn_time(ts, mon.time_till_hidden, state.spawns.get(spawn_id),
                                                   cfg.default_unknown_timeleft)
        # MAD's key plus the weather: a weather change re-rolls the mon and must be written.
        weather_boost = mon.pokemon_data.display.weather_boosted_value or 0
        batch.add(f"mon{eid}-{mon.pokemon_data.id}-{weather_boost}", max(1, int(disappear - now)),
                  (pokemon.WILD if exact else pokemon.WILD_ESTIMATED, pokemon.wild_row(mon, spawn_id, ts, disappear)))

    if cfg.scan_nearby_mons:
        await _nearby(gmo, ts, state, counts, batch)
    await batch.emit(state)
    return counts


async def _nearby(gmo: GetMapObjectsOut, ts: int, state: IngestState, counts: GmoCounts, batch: Batch) -> None:
    """Nearby mons fill in what wild sightings and encounters have not already written."""
    cfg = state.cfg
    await state.forts.preload({m.fort_id for cell in gmo.cells for m in cell.nearby_pokemon if m.fort_id})
    candidates = []
    for cell in gmo.cells:
        for mon in cell.nearby_pokemon:
            eid = unsigned64(mon.encounter_id)
            if not mon.fort_id and not cfg.disable_nearby_cell:
                lat, lng = cell_centre(cell.id)
                row = pokemon.nearby_row(mon, ts, cfg.default_nearby_timeleft, lat, lng, None, unsigned64(cell.id))
                counts.nearby_cell.append(eid)
            elif mon.fort_id:
                lat, lng = state.forts.get(mon.fort_id) or (0.0, 0.0)
                row = pokemon.nearby_row(mon, ts, cfg.default_nearby_timeleft, lat, lng, mon.fort_id, None)
                counts.nearby_stop.append(eid)
            else:
                continue
            boost = mon.display.weather_boosted_value or 0
            candidates.append((f"mon{eid}-{mon.id}-{boost}", f"moniv{eid}-{boost}-{mon.id}",
                               f"monnear{eid}-{mon.id}", row))
    better = await state.dedup.exists_any([(wild_key, iv_key) for wild_key, iv_key, _, _ in candidates])
    for (_, _, key, row), known in zip(candidates, better):
        if not known:
            batch.add(key, cfg.default_nearby_timeleft * 60, (pokemon.NEARBY, row))


def _weather_key(row: dict) -> str:
    return (f"weather{row['s2_cell_id']}{row['rain_level']}{row['wind_level']}{row['snow_level']}"
            f"{row['fog_level']}{row['wind_direction']}{row['gameplay_weather']}")

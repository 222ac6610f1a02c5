"""Turns one accepted entry into rows, by proto type. Runs in the pipeline's workers."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from magneton.ingest import gym, player, pokemon, pokestop, quest, route, spawnpoint
from magneton.ingest.dedup import Batch
from magneton.ingest.envelope import ProtoType
from magneton.ingest.gmo import GetMapObjectsOut, process_gmo
from magneton.ingest.state import IngestState
from magneton.ingest.values import spawnpoint_int, utc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Accepted:
    """An entry the receiver answered for: it must reach the database."""

    origin: str
    type: int
    payload: Any  # the typed payload struct of this type
    timestamp: int  # device capture time (s)
    received: int  # receiver clock (s)
    lat: float
    lng: float
    quests_held: list[int] | None


async def process(item: Accepted, state: IngestState) -> None:
    handler = HANDLERS[ProtoType(item.type)]
    await handler(item, state)


async def _gmo(item: Accepted, state: IngestState) -> None:
    payload: GetMapObjectsOut = item.payload
    counts = await process_gmo(payload, item.timestamp, state)
    stats = state.stats
    await stats.stats_collect_wild_mon(item.origin, counts.wild, item.timestamp)
    await stats.stats_collect_raid(item.origin, item.timestamp, counts.raids_with_boss)
    for seen_type in ("nearby_cell", "nearby_stop", "lure_wild"):
        ids = getattr(counts, seen_type)
        if ids:
            await stats.stats_collect_seen_type(ids, seen_type, item.timestamp)


async def _level_allows_ivs(item: Accepted, state: IngestState) -> bool:
    level = await state.mitm.get_level(item.origin)
    if level < player.IV_MIN_LEVEL:
        log.info("%s: IVs of type %d dropped, player level %d is below %d", item.origin, item.type, level,
                 player.IV_MIN_LEVEL)
        return False
    return True


async def _encounter(item: Accepted, state: IngestState) -> None:
    if not await _level_allows_ivs(item, state):
        return
    out: pokemon.EncounterOut = item.payload
    mon = out.wild_pokemon
    spawn_id = spawnpoint_int(mon.spawnpoint_id)
    await state.spawns.preload([spawn_id])
    disappear, exact = spawnpoint.despawn_time(item.timestamp, mon.time_till_hidden, state.spawns.get(spawn_id),
                                               state.cfg.default_unknown_timeleft)
    row = pokemon.encounter_row(out, spawn_id, item.timestamp, disappear)
    batch = Batch()
    rows = [(pokemon.ENCOUNTER if exact else pokemon.ENCOUNTER_ESTIMATED, row)]
    if row["pokemon_id"] == pokemon.DITTO and mon.pokemon_data.id != pokemon.DITTO:
        rows.append((pokemon.DISPLAY, pokemon.display_row(mon.encounter_id, mon.pokemon_data)))
    key = f"moniv{row['encounter_id']}-{row['weather_boosted_condition']}-{mon.pokemon_data.id}"
    batch.add(key, max(1, int(disappear - time.time())), *rows)
    await batch.emit(state)
    await state.stats.stats_collect_mon_iv(item.origin, row["encounter_id"], item.timestamp,
                                           mon.pokemon_data.display.is_shiny)


async def _disk_encounter(item: Accepted, state: IngestState) -> None:
    if not state.cfg.scan_lured_mons or not await _level_allows_ivs(item, state):
        return
    out: pokemon.DiskEncounterOut = item.payload
    row = pokemon.lure_encounter_row(out, item.timestamp, item.lat, item.lng)
    rows = [(pokemon.LURE_ENCOUNTER, row)]
    if row["pokemon_id"] == pokemon.DITTO and out.pokemon.id != pokemon.DITTO:
        rows.append((pokemon.DISPLAY, pokemon.display_row(out.pokemon.display.display_id, out.pokemon)))
    batch = Batch()
    batch.add(f"moniv{row['encounter_id']}-{row['weather_boosted_condition']}-{out.pokemon.id}", 180, *rows)
    await batch.emit(state)
    await state.stats.stats_collect_seen_type([row["encounter_id"]], "lure_encounter", item.timestamp)


async def _fort_search(item: Accepted, state: IngestState) -> None:
    out: quest.FortSearchOut = item.payload
    account = await state.accounts.of(item.origin)
    if account is not None:
        state.writer.put(player.ACCOUNT_SOFTBAN, {
            "device_id": account.device_id, "last_softban_action": utc(item.timestamp),
            "last_softban_action_location": (item.lat, item.lng)})
        if out.fort_id and account.username:
            state.writer.put(quest.VISITED, {"pokestop_id": out.fort_id, "username": account.username})
    else:
        log.warning("%s: fort search from a device without a settings_device row; visit not recorded",
                    item.origin)
    if out.result != 1:
        return
    layer = quest.layer_of(item.quests_held)
    if layer is None:
        log.warning("%s: quest at %s dropped: the entry carries no quests_held, so its layer is unknown",
                    item.origin, out.fort_id)
        return
    row = quest.quest_row(out, layer, item.timestamp, with_titles=not state.cfg.no_quest_titles)
    if row is not None:
        state.writer.put(quest.QUEST, row)
        await state.stats.stats_collect_quest(item.origin, item.timestamp)


async def _fort_details(item: Accepted, state: IngestState) -> None:
    out: pokestop.FortDetailsOut = item.payload
    if out.type != 1:  # gyms get their names from gym info (156)
        return
    batch = Batch()
    batch.add(f"stopdetail{out.fort_id or out.id}{out.last_modified_timestamp_ms or item.timestamp}", 900,
              (pokestop.DETAILS, pokestop.details_row(out, item.timestamp)))
    await batch.emit(state)


async def _gym_info(item: Accepted, state: IngestState) -> None:
    state.writer.put(gym.INFO, gym.info_row(item.payload))


async def _inventory(item: Accepted, state: IngestState) -> None:
    """The receiver already told the MitmMapper; here the account's level is kept in the database."""
    stats = player.player_stats(item.payload)
    if stats is None:
        return
    account = await state.accounts.of(item.origin)
    if account is not None and state.levels.get(item.origin) != stats.level:
        state.writer.put(player.ACCOUNT_LEVEL, {"device_id": account.device_id, "level": stats.level})
    state.levels[item.origin] = stats.level


async def _routes(item: Accepted, state: IngestState) -> None:
    out: route.RoutesOut = item.payload
    batch = Batch()
    for cell in out.route_map_cell:
        for entry in cell.route:
            batch.add(f"route{entry.id}", 900, (route.ROUTE, route.route_row(entry, item.timestamp)))
    await batch.emit(state)


HANDLERS = {
    ProtoType.GMO: _gmo, ProtoType.ENCOUNTER: _encounter, ProtoType.DISK_ENCOUNTER: _disk_encounter,
    ProtoType.FORT_SEARCH: _fort_search, ProtoType.FORT_DETAILS: _fort_details, ProtoType.GYM_INFO: _gym_info,
    ProtoType.INVENTORY: _inventory, ProtoType.ROUTES: _routes,
}

# The typed payload of each kept type (decoded at the receiver, so a bad payload is answered there).
PAYLOAD_TYPES = {
    ProtoType.GMO: GetMapObjectsOut, ProtoType.ENCOUNTER: pokemon.EncounterOut,
    ProtoType.DISK_ENCOUNTER: pokemon.DiskEncounterOut, ProtoType.FORT_SEARCH: quest.FortSearchOut,
    ProtoType.FORT_DETAILS: pokestop.FortDetailsOut, ProtoType.GYM_INFO: gym.GymInfoOut,
    ProtoType.INVENTORY: player.InventoryOut, ProtoType.ROUTES: route.RoutesOut,
}


def drop_reason(proto: ProtoType, payload: Any) -> str | None:
    """MAD's pre-filters: payloads that carry nothing to store."""
    if proto is ProtoType.GMO and not payload.cells:
        return "GMO without cells"
    if proto is ProtoType.ENCOUNTER and (payload.status != 1 or payload.wild_pokemon is None):
        return f"encounter with status {payload.status}"
    if proto is ProtoType.FORT_SEARCH and payload.result == 2:
        return "fort search out of range"
    if proto is ProtoType.ROUTES and (payload.status != 1 or not payload.route_map_cell):
        return "routes without status 1 or route_map_cell"
    if proto is ProtoType.GYM_INFO and payload.result != 1:
        return f"gym info with result {payload.result}"
    return None


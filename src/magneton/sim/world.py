"""A deterministic synthetic world for simulated devices: spawnpoints whose mons come and go on an hourly
cycle, stops (some lured, some with invasions), gyms with raids, and weather per level-10 cell. Every
payload it produces is in PogoDroid's JSON format, so it exercises the same receiver as a real phone.

Everything is a pure function of the seed and the time asked about, so runs are reproducible."""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict
from dataclasses import dataclass

import s2cell

from magneton.geo.distance import haversine_m

# The world `magneton sim` and `magneton demo` agree on unless told otherwise (Berlin's centre).
DEFAULT_SEED, DEFAULT_LAT, DEFAULT_LNG, DEFAULT_RADIUS_M = 1, 52.52, 13.40, 1500.0
SPAWN_SECONDS = 1800  # a mon stays 30 minutes
TRUSTED_TTH_MS = 90_000  # the game only sends a usable timer in the last 90 s
WILD_RADIUS_M = 70.0
NEARBY_RADIUS_M = 200.0
COMMON_MONS = (1, 4, 7, 10, 13, 16, 19, 21, 23, 25, 27, 29, 32, 35, 39, 41, 43, 46, 48, 50, 52, 54, 56, 58,
               60, 63, 66, 69, 72, 74, 77, 79, 81, 84, 86, 88, 90, 92, 95, 96, 98, 100, 102, 104, 109, 111,
               114, 116, 118, 120, 129, 133, 138, 140, 147)
QUEST_REWARDS = ((2, {"item": {"item": 1, "amount": 5}}), (3, {"stardust": 500}),
                 (7, {"pokemon_encounter": {"pokemon_id": 133, "pokemon_display": {"form_value": 0}}}))


def _h(*parts: object) -> int:
    """A stable 63-bit hash (Python's hash() is salted per process)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 63) - 1)


def _token(cell_id: int) -> str:
    return f"{cell_id:016x}".rstrip("0")


@dataclass(frozen=True)
class Spawnpoint:
    token: str
    lat: float
    lng: float
    despawn_second: int  # second of the hour the mon leaves

    def active_at(self, ts: int) -> tuple[int, int] | None:
        """(hour index, seconds left) of the mon present at `ts`, or None."""
        start = self.despawn_second - SPAWN_SECONDS
        since = (ts - start) % 3600
        if since >= SPAWN_SECONDS:
            return None
        left = SPAWN_SECONDS - since
        return (ts + left) // 3600, left


@dataclass(frozen=True)
class Fort:
    id: str
    lat: float
    lng: float
    is_gym: bool
    name: str


class World:
    def __init__(self, seed: int, lat: float, lng: float, radius_m: float = DEFAULT_RADIUS_M,
                 spawns_per_km2: float = 400, stops_per_km2: float = 60, gyms_per_km2: float = 15) -> None:
        self.seed, self.lat, self.lng, self.radius_m = seed, lat, lng, radius_m
        rng = random.Random(seed)
        area_km2 = math.pi * (radius_m / 1000) ** 2
        self.spawnpoints = [self._spawnpoint(*self._point(rng), rng) for _ in range(int(spawns_per_km2 * area_km2))]
        self.forts = [self._fort(i, rng, is_gym=False) for i in range(int(stops_per_km2 * area_km2))]
        self.forts += [self._fort(i, rng, is_gym=True) for i in range(int(gyms_per_km2 * area_km2))]
        self._spawns_by_cell: dict[int, list[Spawnpoint]] = defaultdict(list)
        for spawn in self.spawnpoints:
            self._spawns_by_cell[s2cell.lat_lon_to_cell_id(spawn.lat, spawn.lng, 15)].append(spawn)
        self._forts_by_cell: dict[int, list[Fort]] = defaultdict(list)
        for fort in self.forts:
            self._forts_by_cell[s2cell.lat_lon_to_cell_id(fort.lat, fort.lng, 15)].append(fort)
        self.fort_by_id = {fort.id: fort for fort in self.forts}
        # a quarter of the gyms have a raid each hour, and the first gym always has one: a small world (a
        # handful of gyms) would otherwise go whole hours without any raid
        self._always_raid = next((fort.id for fort in self.forts if fort.is_gym), None)

    # --- generation ------------------------------------------------------------------------------------
    def _point(self, rng: random.Random) -> tuple[float, float]:
        r = self.radius_m * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        dlat = r * math.cos(angle) / 111_320
        dlng = r * math.sin(angle) / (111_320 * math.cos(math.radians(self.lat)))
        return self.lat + dlat, self.lng + dlng

    def _spawnpoint(self, lat: float, lng: float, rng: random.Random) -> Spawnpoint:
        cell = s2cell.lat_lon_to_cell_id(lat, lng, 20)
        centre = s2cell.cell_id_to_lat_lon(cell)
        return Spawnpoint(_token(cell), centre[0], centre[1], rng.randrange(3600))

    def _fort(self, index: int, rng: random.Random, is_gym: bool) -> Fort:
        lat, lng = self._point(rng)
        fort_id = f"{_h(self.seed, 'gym' if is_gym else 'stop', index):032x}"[-32:] + ".16"
        return Fort(fort_id, lat, lng, is_gym, f"{'Gym' if is_gym else 'Stop'} {index}")

    # --- what a device sees ----------------------------------------------------------------------------
    def cells_around(self, lat: float, lng: float) -> list[int]:
        """The level-15 cells within ~200 m, as a GMO of the game would hold."""
        step = NEARBY_RADIUS_M / 111_320
        cells = {s2cell.lat_lon_to_cell_id(lat + dy * step, lng + dx * step / math.cos(math.radians(lat)), 15)
                 for dy in (-1, 0, 1) for dx in (-1, 0, 1)}
        return sorted(cells)

    def mon_of(self, spawn: Spawnpoint, hour: int) -> tuple[int, int]:
        """(encounter id, pokemon id) of the mon a spawnpoint holds in one hour."""
        key = _h(self.seed, spawn.token, hour)
        return key, COMMON_MONS[key % len(COMMON_MONS)]

    def weather_of(self, cell10: int, ts: int) -> int:
        return 1 + _h(self.seed, cell10, ts // 3600) % 7

    def gmo(self, lat: float, lng: float, ts: int) -> dict:
        """A GetMapObjects payload (106) for a device standing at (lat, lng) at `ts`."""
        cells, weather_cells = [], set()
        nearest_stop = self._nearest_stop(lat, lng)
        for cell_id in self.cells_around(lat, lng):
            wild, nearby = [], []
            for spawn in self._spawns_by_cell.get(cell_id, ()):
                active = spawn.active_at(ts)
                if active is None:
                    continue
                hour, left = active
                distance = haversine_m(lat, lng, spawn.lat, spawn.lng)
                eid, pokemon_id = self.mon_of(spawn, hour)
                display = {"form_value": 0, "costume_value": 0, "gender_value": 1 + eid % 2,
                           "weather_boosted_value": 0, "display_id": eid}
                if distance <= WILD_RADIUS_M:
                    tth = left * 1000 if left * 1000 <= TRUSTED_TTH_MS else TRUSTED_TTH_MS + 1 + left
                    wild.append({"encounter_id": eid, "spawnpoint_id": spawn.token, "latitude": spawn.lat,
                                 "longitude": spawn.lng, "time_till_hidden": tth,
                                 "last_modified_timestamp_ms": ts * 1000,
                                 "pokemon_data": {"id": pokemon_id, "display": display}})
                elif distance <= NEARBY_RADIUS_M:
                    fort = nearest_stop if nearest_stop and eid % 2 else None
                    nearby.append({"id": pokemon_id, "encounter_id": eid, "distance_meters": distance,
                                   "fort_id": fort.id if fort else "", "display": display})
            forts = [self._fort_payload(fort, ts) for fort in self._forts_by_cell.get(cell_id, ())]
            weather_cells.add(s2cell.cell_id_to_parent_cell_id(cell_id, 10))
            cells.append({"id": _signed(cell_id), "current_timestamp": ts * 1000, "forts": forts,
                          "wild_pokemon": wild, "nearby_pokemon": nearby})
        weather = [{"cell_id": _signed(cell10), "gameplay_weather": {"gameplay_condition": self.weather_of(cell10, ts)},
                    "display_weather": {"cloud_level": 1, "wind_direction": 90}} for cell10 in sorted(weather_cells)]
        return {"status": 1, "cells": cells, "client_weather": weather, "time_of_day_value": 1}

    def _nearest_stop(self, lat: float, lng: float) -> Fort | None:
        best, best_d = None, NEARBY_RADIUS_M
        for cell_id in self.cells_around(lat, lng):
            for fort in self._forts_by_cell.get(cell_id, ()):
                d = haversine_m(lat, lng, fort.lat, fort.lng)
                if not fort.is_gym and d < best_d:
                    best, best_d = fort, d
        return best

    def _fort_payload(self, fort: Fort, ts: int) -> dict:
        hour = ts // 3600
        modified = (hour * 3600 - 600) * 1000
        base = {"id": fort.id, "type": 0 if fort.is_gym else 1, "latitude": fort.lat, "longitude": fort.lng,
                "enabled": True, "last_modified_timestamp_ms": modified, "is_ar_scan_eligible": True,
                "image_url": f"http://example.invalid/{fort.id}"}
        key = _h(self.seed, fort.id, hour)
        if not fort.is_gym:
            base["active_fort_modifier"] = [501] if key % 5 == 0 else []
            if key % 7 == 0:
                base["pokestop_displays"] = [{"incident_id": str(key), "incident_start_ms": hour * 3600_000,
                                              "incident_expiration_ms": (hour * 3600 + 1800) * 1000,
                                              "incident_display_type": 1,
                                              "character_display": {"character": 4 + key % 40}}]
            return base
        details = {"owned_by_team": key % 4, "guard_pokemon": COMMON_MONS[key % len(COMMON_MONS)],
                   "slots_available": key % 6, "is_ex_raid_eligible": key % 3 == 0, "is_in_battle": False,
                   "has_raid": key % 4 == 0 or fort.id == self._always_raid}
        if details["has_raid"]:
            spawn = hour * 3600 + key % 1800
            hatched = ts >= spawn + 3600
            details["raid_info"] = {"raid_spawn": spawn * 1000, "raid_battle": (spawn + 3600) * 1000,
                                    "raid_end": (spawn + 3600 + 2700) * 1000, "level": 1 + key % 5,
                                    "has_pokemon": hatched,
                                    "raid_pokemon": {"id": 150, "cp": 40000, "move_1": 1, "move_2": 2}
                                    if hatched else None}
        base["gym_details"] = details
        base["gym_display"] = {"total_gym_cp": 1000 + key % 20000}
        return base

    def wild_mons_near(self, lat: float, lng: float, ts: int) -> list[tuple[int, int, Spawnpoint]]:
        """(encounter id, pokemon id, spawnpoint) of the mons a device at (lat, lng) could encounter."""
        found = []
        for cell_id in self.cells_around(lat, lng):
            for spawn in self._spawns_by_cell.get(cell_id, ()):
                active = spawn.active_at(ts)
                if active and haversine_m(lat, lng, spawn.lat, spawn.lng) <= WILD_RADIUS_M:
                    found.append((*self.mon_of(spawn, active[0]), spawn))
        return found

    def encounter(self, encounter_id: int, pokemon_id: int, spawn: Spawnpoint, ts: int) -> dict:
        """An encounter (102) of a wild mon, with IVs derived from its id."""
        active = spawn.active_at(ts)
        left = active[1] if active else 0
        return {"status": 1, "wild_pokemon": {
            "encounter_id": encounter_id, "spawnpoint_id": spawn.token, "latitude": spawn.lat,
            "longitude": spawn.lng,
            "time_till_hidden": left * 1000 if left * 1000 <= TRUSTED_TTH_MS else TRUSTED_TTH_MS + 1 + left,
            "pokemon_data": {"id": pokemon_id, "cp": 10 + encounter_id % 2000, "cp_multiplier": 0.5,
                             "individual_attack": encounter_id % 16, "individual_defense": (encounter_id >> 4) % 16,
                             "individual_stamina": (encounter_id >> 8) % 16, "move_1": 200, "move_2": 100,
                             "height": 0.5, "weight": 5.0, "size": 3,
                             "display": {"gender_value": 1 + encounter_id % 2, "weather_boosted_value": 0}}},
            "capture_probability": {"capture_probability_list": "[0.5, 0.6, 0.7]"}}

    def stops_near(self, lat: float, lng: float, radius_m: float = 40.0) -> list[Fort]:
        return [fort for cell in self.cells_around(lat, lng) for fort in self._forts_by_cell.get(cell, ())
                if not fort.is_gym and haversine_m(lat, lng, fort.lat, fort.lng) <= radius_m]

    def fort_search(self, stop: Fort, ts: int) -> dict:
        """A successful spin (101) with the stop's quest of the day."""
        reward_type, reward = QUEST_REWARDS[_h(self.seed, stop.id, ts // 86400) % len(QUEST_REWARDS)]
        return {"result": 1, "fort_id": stop.id, "items_awarded": [{"item": 1, "item_count": 3}],
                "challenge_quest": {"quest": {"quest_type": 4, "template_id": "sim_catch_5",
                                              "goal": {"target": 5, "condition": []},
                                              "quest_rewards": [{"type": reward_type, **reward}]},
                                    "quest_display": {"title": "quest_catch_pokemon_plural"}}}


def _signed(cell_id: int) -> int:
    """The game sends 64-bit ids signed."""
    return cell_id - (1 << 64) if cell_id >= 1 << 63 else cell_id


def inventory(level: int = 35) -> dict:
    """The inventory (4) part a device sends when the game starts: the player level gates IVs."""
    return {"inventory_delta": {"inventory_items": [
        {"inventory_item_data": {"player_stats": {"level": level, "poke_stop_visits": 1000}}}]}}

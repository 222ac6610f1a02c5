"""The `message` of each webhook type, built from the rows the change feed reads, with MAD's keys and value
types (reference: mad-data-path.md §5.3; what PokeAlarm and PoracleJS read: peers-and-users.md §4).

Optional keys are left out, not sent as null, exactly where MAD leaves them out. All times are unix seconds.
Quests live in `quests.py`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from magneton.geo.s2 import cell_vertices

Message = dict[str, Any]
VERIFIED_BY_SEEN_TYPE = {"nearby_stop": False, "nearby_cell": False, "lure_wild": True, "lure_encounter": True}


def unix(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def mon_level(cp_multiplier: float) -> int:
    """The mon's level from its CP multiplier (the fit MAD and RocketMap use)."""
    if cp_multiplier < 0.734:
        return round(58.35178527 * cp_multiplier * cp_multiplier - 2.838007664 * cp_multiplier + 0.8539209906)
    return round(171.0112688 * cp_multiplier - 95.20425243)


def _put(message: Message, key: str, value: Any, keep: bool) -> None:
    if keep:
        message[key] = value


def pokemon(row: Mapping[str, Any], rarity: int) -> Message:
    """`row`: a pokemon row plus calc_endminsec (trs_spawn), display_* (pokemon_display) and stop_name,
    stop_image (pokestop, for mons seen at a stop)."""
    seen_type = row["seen_type"]
    message: Message = {
        "encounter_id": str(row["encounter_id"]), "pokemon_id": row["pokemon_id"],
        "display_pokemon_id": row["display_pokemon"], "spawnpoint_id": int(row["spawnpoint_id"] or 0),
        "latitude": row["latitude"], "longitude": row["longitude"],
        "disappear_time": unix(row["disappear_time"]),
        "verified": VERIFIED_BY_SEEN_TYPE.get(seen_type, row["calc_endminsec"] is not None),
        "seen_type": seen_type,
    }
    cpm = row["cp_multiplier"]
    if cpm is not None:
        message["cp_multiplier"] = cpm
        message["pokemon_level"] = mon_level(cpm)
    _put(message, "form", row["form"], bool(row["form"]))
    _put(message, "display_form", row["display_form"], bool(row["display_form"]))
    _put(message, "costume", row["costume"], row["costume"] is not None)
    _put(message, "display_costume", row["display_costume"], bool(row["display_costume"]))
    for key in ("cp", "individual_attack", "individual_defense", "individual_stamina", "move_1", "move_2",
                "height", "weight", "gender"):
        _put(message, key, row[key], row[key] is not None)
    _put(message, "display_gender", row["display_gender"], row["display_gender"] is not None)
    _put(message, "size", row["size"], row["size"] is not None)
    message["rarity"] = rarity
    if row["catch_prob_1"] is not None:
        message.update(base_catch=row["catch_prob_1"], great_catch=row["catch_prob_2"],
                       ultra_catch=row["catch_prob_3"])
    _put(message, "weather", row["weather_boosted_condition"], bool(row["weather_boosted_condition"]))
    if seen_type in ("nearby_stop", "lure_wild", "lure_encounter"):
        message.update(pokestop_id=row["fort_id"], pokestop_name=row["stop_name"], pokestop_url=row["stop_image"])
    elif seen_type == "nearby_cell" and row["cell_id"]:
        message.update(cell_coords=cell_vertices(int(row["cell_id"])), cell_id=int(row["cell_id"]))
    return message


def raid(row: Mapping[str, Any]) -> Message:
    """`row`: a raid row plus the gym's latitude, longitude, team_id, weather_boosted_condition,
    is_ex_raid_eligible and gymdetails name, url."""
    message: Message = {
        "latitude": row["latitude"], "longitude": row["longitude"], "level": row["level"],
        "pokemon_id": row["pokemon_id"] or 0,  # an egg
        "team_id": row["team_id"], "cp": row["cp"], "start": unix(row["start"]), "end": unix(row["end"]),
        "name": row["name"], "evolution": row["evolution"], "spawn": unix(row["spawn"]),
    }
    for key in ("move_1", "move_2", "gym_id"):
        _put(message, key, row[key], row[key] is not None)
    _put(message, "url", row["url"], bool(row["url"]))
    _put(message, "weather", row["weather_boosted_condition"], row["weather_boosted_condition"] is not None)
    _put(message, "form", row["form"], row["form"] is not None)
    for key in ("is_ex_raid_eligible", "is_exclusive"):
        _put(message, key, bool(row[key]), row[key] is not None)
    for key in ("gender", "costume"):
        _put(message, key, row[key], row[key] is not None)
    return message


def gym(row: Mapping[str, Any]) -> Message:
    """`row`: a gym row plus gymdetails name, description, url."""
    message: Message = {
        "gym_id": row["gym_id"], "latitude": row["latitude"], "longitude": row["longitude"],
        "team_id": row["team_id"], "name": row["name"], "slots_available": row["slots_available"],
        "is_ar_scan_eligible": bool(row["is_ar_scan_eligible"]), "is_in_battle": bool(row["is_in_battle"]),
    }
    for key in ("description", "url"):
        _put(message, key, row[key], row[key] is not None)
    _put(message, "is_ex_raid_eligible", bool(row["is_ex_raid_eligible"]), row["is_ex_raid_eligible"] is not None)
    return message


def incident(row: Mapping[str, Any]) -> Message:
    return {
        "pokestop_id": row["pokestop_id"], "incident_id": row["incident_id"],
        "incident_start": unix(row["incident_start"]), "incident_expiration": unix(row["incident_expiration"]),
        "hide_incident": bool(row["hide_incident"]), "incident_display_type": row["incident_display_type"],
        "incident_display_order_priority": row["incident_display_order_priority"],
        "custom_display": row["custom_display"], "is_cross_stop_incident": bool(row["is_cross_stop_incident"]),
        "character_display": row["character_display"],
    }


def pokestop(row: Mapping[str, Any], incidents: list[Message]) -> Message:
    """`row`: a pokestop row; `incidents`: its current incidents, first one first."""
    message: Message = {
        "name": row["name"], "pokestop_id": row["pokestop_id"], "latitude": row["latitude"],
        "longitude": row["longitude"], "updated": unix(row["last_updated"]),
        "last_modified": unix(row["last_modified"]),
    }
    if row["active_fort_modifier"]:
        message.update(lure_expiration=unix(row["lure_expiration"]), lure_id=row["active_fort_modifier"])
    _put(message, "url", row["image"], bool(row["image"]))
    if incidents:
        first = incidents[0]
        for key, source in (("incident_start", "incident_start"), ("incident_expiration", "incident_expiration"),
                            ("incident_grunt_type", "character_display"),
                            ("incident_display_type", "incident_display_type")):
            _put(message, key, first[source], bool(first[source]))
    message["incidents"] = incidents
    return message


def weather(row: Mapping[str, Any]) -> Message:
    cell = int(row["s2_cell_id"]) % (1 << 64)  # MAD databases hold some cell ids signed
    return {
        "s2_cell_id": str(row["s2_cell_id"]), "condition": row["gameplay_weather"],
        "alert_severity": row["severity"] or 0, "day": row["world_time"],
        "time_changed": unix(row["last_updated"]), "latitude": row["latitude"], "longitude": row["longitude"],
        "coords": cell_vertices(cell),
    }

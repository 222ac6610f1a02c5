"""Gyms from the map (106: team, slots, guard, battle, AR and EX flags, weather boost) and gym info (156:
name, description, image). A gym's weather boost is the gameplay weather of its level-10 S2 cell."""

from __future__ import annotations

import msgspec
from sqlalchemy import func

from magneton.db.upsert import const

from magneton.ingest.values import utc, utc_ms
from magneton.ingest.writer.kinds import Row, WriteKind, take


class GymDisplay(msgspec.Struct):
    total_gym_cp: int = 0
    slots_available: int = 0


class FortProto(msgspec.Struct):
    id: str


class GymStatusAndDefenders(msgspec.Struct):
    pokemon_fort_proto: FortProto


class GymInfoOut(msgspec.Struct):
    """Type 156."""

    result: int
    gym_status_and_defenders: GymStatusAndDefenders
    name: str = ""
    description: str = ""
    url: str = ""


def gym_row(fort, ts: int, weather: int) -> Row:
    """`fort` is the GMO's fort record (see gmo.Fort) with type 0 and gym_details."""
    details = fort.gym_details
    return {
        "gym_id": fort.id, "team_id": details.owned_by_team, "guard_pokemon_id": details.guard_pokemon,
        "slots_available": details.slots_available, "enabled": fort.enabled,
        "latitude": fort.latitude, "longitude": fort.longitude,
        "total_cp": fort.gym_display.total_gym_cp if fort.gym_display else 0,
        "is_in_battle": details.is_in_battle, "weather_boosted_condition": weather,
        "last_modified": utc_ms(fort.last_modified_timestamp_ms), "last_scanned": utc(ts),
        "is_ex_raid_eligible": details.is_ex_raid_eligible, "is_ar_scan_eligible": fort.is_ar_scan_eligible,
    }


def details_row(fort, ts: int) -> Row:
    return {"gym_id": fort.id, "name": "unknown", "description": None, "url": fort.image_url or "",
            "last_scanned": utc(ts)}


def info_row(out: GymInfoOut) -> Row:
    return {"gym_id": out.gym_status_and_defenders.pokemon_fort_proto.id, "name": out.name,
            "description": out.description, "url": out.url}


def _unless_blank(column: str):
    return lambda stored, incoming: func.coalesce(func.nullif(incoming[column], const("")), stored.c[column])


GYM = WriteKind("gym", "gym", ("gym_id",))
DETAILS = WriteKind("gymdetails.map", "gymdetails", ("gym_id",), {"url": _unless_blank("url"),
                                                                   "last_scanned": take("last_scanned")})
# Gym info only names gyms the map already created (MAD's rule); blank values never erase.
INFO = WriteKind("gymdetails.info", "gymdetails", ("gym_id",),
                 {c: _unless_blank(c) for c in ("name", "description", "url")}, stage=2, mode="update")

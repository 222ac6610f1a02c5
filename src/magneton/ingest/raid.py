"""Raids and eggs (106 gyms with has_raid). An egg is stored with pokemon_id NULL, cp 0 and moves 1/2, as
MAD does; data older than what the row holds never overwrites it."""

from __future__ import annotations

import msgspec
from sqlalchemy import case

from magneton.ingest.pokemon import Display
from magneton.ingest.values import utc, utc_ms
from magneton.ingest.writer.kinds import Row, WriteKind

COLUMNS = ("level", "spawn", "start", "end", "pokemon_id", "cp", "move_1", "move_2", "last_scanned", "form",
           "is_exclusive", "gender", "costume", "evolution")


class RaidPokemon(msgspec.Struct):
    id: int = 0
    cp: int = 0
    move_1: int = 0
    move_2: int = 0
    display: Display = msgspec.field(default_factory=Display)


class RaidInfo(msgspec.Struct):
    raid_spawn: int
    raid_battle: int
    raid_end: int
    level: int
    is_exclusive: bool = False
    has_pokemon: bool = False
    raid_pokemon: RaidPokemon | None = None


def raid_row(gym_id: str, raid: RaidInfo, ts: int) -> Row:
    boss = raid.raid_pokemon if raid.has_pokemon and raid.raid_pokemon else None
    return {
        "gym_id": gym_id, "level": raid.level, "spawn": utc_ms(raid.raid_spawn),
        "start": utc_ms(raid.raid_battle), "end": utc_ms(raid.raid_end),
        "pokemon_id": boss.id if boss else None, "cp": boss.cp if boss else 0,
        "move_1": boss.move_1 if boss else 1, "move_2": boss.move_2 if boss else 2,
        "form": boss.display.form_value if boss else None, "gender": boss.display.gender_value if boss else None,
        "costume": boss.display.costume_value if boss else None,
        "evolution": boss.display.current_temp_evolution if boss else 0,
        "is_exclusive": raid.is_exclusive, "last_scanned": utc(ts),
    }


def _newer_wins(column: str):
    return lambda stored, incoming: case((stored.c.last_scanned > incoming["last_scanned"], stored.c[column]),
                                         else_=incoming[column])


RAID = WriteKind("raid", "raid", ("gym_id",), {c: _newer_wins(c) for c in COLUMNS}, assign_last=("last_scanned",),
                 merge=lambda pending, newer: newer if newer["last_scanned"] >= pending["last_scanned"] else pending)

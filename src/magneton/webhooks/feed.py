"""The change feed: rows changed since a time, read from the database, as webhook messages.

The database is the feed because ingest may run in other processes (receivers) that write the same
tables. Rows are selected by the columns ingest stamps on every write (pokemon.last_modified,
raid.last_scanned, gym.last_scanned, pokestop.last_updated, trs_quest.quest_timestamp,
weather.last_updated). Those hold the device's data time, so the caller reads with a look-back window
that covers the delay from capture to commit; `SentLog` then drops what was already sent, so the overlap
costs reading, never duplicates.

Only live objects are read: mons before their despawn, raids before their end, stops with a running lure
or incident (MAD's rule: plain stops are never sent), today's quests (server local midnight, as MAD)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db.models import (
    Gym,
    GymDetails,
    Pokemon,
    PokemonDisplay,
    Pokestop,
    PokestopIncident,
    Raid,
    TrsQuest,
    TrsSpawn,
    Weather,
)
from magneton.webhooks import payloads, quests
from magneton.webhooks.sent import Change

log = logging.getLogger(__name__)

GYM_MEMORY_S = 6 * 3600  # an unchanged gym is re-sent at most this often
CHUNK = 500


def _dt(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def local_midnight(now: float) -> float:
    return datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


class ChangeFeed:
    def __init__(self, engine: AsyncEngine, *, types: Iterable[str], seen_types: Iterable[str],
                 quest_flavour: str = "default", submit_exraids: bool = False,
                 rarity: Callable[[int], int] = lambda pokemon_id: 0) -> None:
        self.engine = engine
        self.types, self.seen_types = frozenset(types), tuple(sorted(seen_types))
        self.quest_message = quests.FLAVOURS[quest_flavour]
        self.submit_exraids, self.rarity = submit_exraids, rarity

    async def read(self, since: float, now: float) -> list[Change]:
        """Every live object whose row changed at or after `since` (unix s), as its current message."""
        changes: list[Change] = []
        async with self.engine.connect() as conn:
            if "raid" in self.types:
                changes += self._raids(await _rows(conn, self._raid_query(since, now)), now)
            if "quest" in self.types:
                changes += self._quests(await _rows(conn, self._quest_query(since, now)), now)
            if "weather" in self.types:
                changes += self._weather(await _rows(conn, select(Weather.__table__)
                                                     .where(Weather.last_updated >= _dt(since))), now)
            if "gym" in self.types:
                changes += self._gyms(await _rows(conn, self._gym_query(since)), now)
            if "pokestop" in self.types:
                stops = await _rows(conn, self._stop_query(since, now))
                incidents = await self._incidents(conn, [s["pokestop_id"] for s in stops], now)
                changes += self._stops(stops, incidents, now)
            if self.seen_types:
                changes += self._mons(await _rows(conn, self._mon_query(since, now)), now)
        return changes

    # --- queries ---------------------------------------------------------------------------------------
    def _mon_query(self, since: float, now: float):
        return (select(Pokemon.__table__, TrsSpawn.calc_endminsec,
                       PokemonDisplay.pokemon.label("display_pokemon"), PokemonDisplay.form.label("display_form"),
                       PokemonDisplay.costume.label("display_costume"),
                       PokemonDisplay.gender.label("display_gender"),
                       Pokestop.name.label("stop_name"), Pokestop.image.label("stop_image"))
                .select_from(Pokemon)
                .outerjoin(TrsSpawn, TrsSpawn.spawnpoint == Pokemon.spawnpoint_id)
                .outerjoin(PokemonDisplay, PokemonDisplay.encounter_id == Pokemon.encounter_id)
                .outerjoin(Pokestop, Pokestop.pokestop_id == Pokemon.fort_id)
                .where(Pokemon.last_modified >= _dt(since), Pokemon.disappear_time > _dt(now),
                       Pokemon.seen_type.in_(self.seen_types)))

    @staticmethod
    def _raid_query(since: float, now: float):
        return (select(Raid.__table__, Gym.latitude, Gym.longitude, Gym.team_id, Gym.weather_boosted_condition,
                       Gym.is_ex_raid_eligible, GymDetails.name, GymDetails.url)
                .join(Gym, Gym.gym_id == Raid.gym_id).join(GymDetails, GymDetails.gym_id == Raid.gym_id)
                .where(Raid.last_scanned >= _dt(since), Raid.end > _dt(now), Gym.latitude.is_not(None)))

    @staticmethod
    def _gym_query(since: float):
        return (select(Gym.__table__, GymDetails.name, GymDetails.description, GymDetails.url)
                .join(GymDetails, GymDetails.gym_id == Gym.gym_id).where(Gym.last_scanned >= _dt(since)))

    @staticmethod
    def _stop_query(since: float, now: float):
        running = select(PokestopIncident.pokestop_id).where(PokestopIncident.incident_expiration > _dt(now))
        return (select(Pokestop.__table__)
                .where(Pokestop.last_updated >= _dt(since),
                       or_(Pokestop.lure_expiration > _dt(now), Pokestop.pokestop_id.in_(running))))

    @staticmethod
    def _quest_query(since: float, now: float):
        return (select(TrsQuest.__table__, Pokestop.name, Pokestop.image, Pokestop.latitude, Pokestop.longitude,
                       Pokestop.is_ar_scan_eligible)
                .join(Pokestop, Pokestop.pokestop_id == TrsQuest.GUID)
                .where(TrsQuest.quest_timestamp >= int(max(since, local_midnight(now)))))

    async def _incidents(self, conn, stop_ids: list[str], now: float) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for start in range(0, len(stop_ids), CHUNK):
            query = (select(PokestopIncident.__table__)
                     .where(PokestopIncident.pokestop_id.in_(stop_ids[start:start + CHUNK]),
                            PokestopIncident.incident_expiration > _dt(now))
                     .order_by(PokestopIncident.incident_start, PokestopIncident.incident_id))
            for row in await _rows(conn, query):
                found.setdefault(row["pokestop_id"], []).append(row)
        return found

    # --- messages --------------------------------------------------------------------------------------
    def _mons(self, rows, now: float) -> list[Change]:
        return [Change("pokemon", row["encounter_id"], payloads.pokemon(row, self.rarity(row["pokemon_id"])),
                       row["disappear_time"].timestamp(), row["latitude"], row["longitude"], row["seen_type"])
                for row in rows]

    def _raids(self, rows, now: float) -> list[Change]:
        return [Change("raid", row["gym_id"], payloads.raid(row), row["end"].timestamp(), row["latitude"],
                       row["longitude"])
                for row in rows if self.submit_exraids or not row["is_exclusive"]]

    @staticmethod
    def _gyms(rows, now: float) -> list[Change]:
        return [Change("gym", row["gym_id"], payloads.gym(row), now + GYM_MEMORY_S, row["latitude"],
                       row["longitude"]) for row in rows]

    @staticmethod
    def _stops(rows, incidents: dict[str, list[dict[str, Any]]], now: float) -> list[Change]:
        changes = []
        for row in rows:
            running = incidents.get(row["pokestop_id"], [])
            ends = [i["incident_expiration"].timestamp() for i in running]
            if row["active_fort_modifier"] and row["lure_expiration"] is not None:
                ends.append(row["lure_expiration"].timestamp())
            changes.append(Change("pokestop", row["pokestop_id"],
                                  payloads.pokestop(row, [payloads.incident(i) for i in running]),
                                  max(ends, default=now), row["latitude"], row["longitude"]))
        return changes

    def _quests(self, rows, now: float) -> list[Change]:
        until = local_midnight(now) + 86400
        return [Change("quest", (row["GUID"], row["layer"]), self.quest_message(row), until, row["latitude"],
                       row["longitude"]) for row in rows]

    @staticmethod
    def _weather(rows, now: float) -> list[Change]:
        hour_end = (now // 3600 + 1) * 3600  # game weather changes on the hour: an unchanged cell once an hour
        return [Change("weather", row["s2_cell_id"], payloads.weather(row), hour_end) for row in rows]


async def _rows(conn, query) -> list[Any]:
    return list((await conn.execute(query)).mappings().all())


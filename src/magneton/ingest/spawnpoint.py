"""Spawnpoints (trs_spawn): where mons appear and when they despawn, learned from the wild mons of a GMO.

A timer (time_till_hidden) is trusted only in 0..90,000 ms, as in MAD. `spawndef` is MAD's 8-bit mask
(default 240): the high nibble marks quarter hours not yet seen, the low nibble those seen. Unlike MAD,
the spawnpoints of a GMO are learned before its mons are written, so the first sighting of a spawnpoint
with a timer already gets its exact despawn time."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import case, func

from magneton.db.upsert import const

from magneton.ingest.values import spawnpoint_centre, spawnpoint_int, utc
from magneton.ingest.writer.kinds import Row, WriteKind

MAX_TRUSTED_TTH_MS = 90_000
UNSEEN = 99_999_999
DEFAULT_SPAWNDEF = 240
DEFAULT_EVENT = 1


def timer_is_trusted(tth_ms: int) -> bool:
    return 0 <= tth_ms <= MAX_TRUSTED_TTH_MS


def quarter_bits(ts: int) -> int:
    """The spawndef value a new row gets when first seen at `ts`: 240 with this quarter moved low."""
    position = 4 + utc(ts).minute // 15
    return (DEFAULT_SPAWNDEF & ~(1 << (11 - position))) | (1 << (7 - position))


def despawn_time(ts: int, tth_ms: int, endminsec: str | None, unknown_minutes: int) -> tuple[float, bool]:
    """(despawn epoch seconds, exact?) for a mon seen at `ts`.

    A trusted timer wins; else the spawnpoint's known "MM:SS" gives the next such time after `ts` (MAD
    could put it in the past when the minute matched); else `unknown_minutes` ahead, rounded to the
    minute so rescans keep the same value."""
    if timer_is_trusted(tth_ms):
        return ts + tth_ms / 1000, True
    if endminsec:
        minute, second = (int(part) for part in endminsec.split(":"))
        seen = utc(ts)
        candidate = seen.replace(minute=minute, second=second, microsecond=0)
        if candidate <= seen:
            candidate += timedelta(hours=1)
        return candidate.timestamp(), True
    return math.floor((ts + unknown_minutes * 60) / 60) * 60, False


def spawn_row(token: str, tth_ms: int, ts: int, event_id: int) -> Row:
    lat, lng = spawnpoint_centre(token)
    seen = utc(ts)
    trusted = timer_is_trusted(tth_ms)
    return {
        "spawnpoint": spawnpoint_int(token), "latitude": lat, "longitude": lng,
        "spawndef": quarter_bits(ts), "earliest_unseen": tth_ms if trusted else UNSEEN,
        "last_scanned": seen if trusted else None, "last_non_scanned": None if trusted else seen,
        "first_detection": seen,
        "calc_endminsec": utc(ts + tth_ms / 1000).strftime("%M:%S") if trusted else None,
        "eventid": event_id,
    }


def endminsec_of(row: Row) -> str | None:
    return row["calc_endminsec"]


def _merge(pending: Row, newer: Row) -> Row:
    """Two sightings of one spawnpoint within a flush: union of quarters, best timer, widest times."""
    a, b = pending["spawndef"], newer["spawndef"]
    return {
        **pending,
        "spawndef": (a & b & 0xF0) | ((a | b) & 0x0F),
        "earliest_unseen": min(pending["earliest_unseen"], newer["earliest_unseen"]),
        "last_scanned": _latest(pending["last_scanned"], newer["last_scanned"]),
        "last_non_scanned": _latest(pending["last_non_scanned"], newer["last_non_scanned"]),
        "calc_endminsec": newer["calc_endminsec"] or pending["calc_endminsec"],
    }


def _latest(a, b):
    return b if a is None else a if b is None else max(a, b)


def _spawndef(stored, incoming):
    """Mark this sighting's quarters seen, within the same event only (MAD's event gating)."""
    seen = incoming["spawndef"].op("&")(const(15))
    updated = stored.c.spawndef.op("&")(const(255) - seen * const(16)).op("|")(seen)
    same_event = (stored.c.eventid == incoming["eventid"]) | (
        (incoming["eventid"] != const(DEFAULT_EVENT)) & (stored.c.eventid != const(DEFAULT_EVENT)))
    return case((same_event, updated), else_=stored.c.spawndef)


SPAWN = WriteKind("trs_spawn", "trs_spawn", ("spawnpoint",), {
    "spawndef": _spawndef,
    "earliest_unseen": lambda stored, incoming: case(
        (stored.c.earliest_unseen < incoming["earliest_unseen"], stored.c.earliest_unseen),
        else_=incoming["earliest_unseen"]),
    **{c: (lambda col: lambda stored, incoming: func.coalesce(incoming[col], stored.c[col]))(c)
       for c in ("last_scanned", "last_non_scanned", "calc_endminsec")},
}, merge=_merge)

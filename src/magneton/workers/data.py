"""What counts as fresh data after a move, per scan mode (MAD's content checks).

A payload is fresh when the receiver got it in a later second than the move (the receiver's clock, as
in MAD) and the device reported itself within `maximum_valid_distance` of the target. The content check
then asks for what the mode scans: a wild mon within 70 m (mons), forts (raids), a stop within 40 m
(quests), any cell at all (init: an empty spot is a finding too)."""

from __future__ import annotations

from typing import Any

import msgspec

from magneton.geo.distance import haversine_m
from magneton.ingest.gmo import GetMapObjectsOut

MON_RADIUS_M = 70.0
QUEST_RADIUS_M = 40.0


def as_gmo(data: Any) -> GetMapObjectsOut:
    """The GMO of a MitmMapper entry: the typed struct in process, JSON (bytes or dict) over gRPC/Redis."""
    if isinstance(data, GetMapObjectsOut):
        return data
    if isinstance(data, bytes | str):
        return msgspec.json.decode(data, type=GetMapObjectsOut)
    return msgspec.convert(data, GetMapObjectsOut)


def has_content(mode: str, gmo: GetMapObjectsOut, lat: float, lng: float) -> bool:
    if mode in ("mon_mitm", "iv_mitm"):
        return any(haversine_m(lat, lng, mon.latitude, mon.longitude) <= MON_RADIUS_M
                   for cell in gmo.cells for mon in cell.wild_pokemon)
    if mode == "raids_mitm":
        return any(cell.forts for cell in gmo.cells)
    if mode == "pokestops":
        return any(fort.type == 1 and haversine_m(lat, lng, fort.latitude, fort.longitude) <= QUEST_RADIUS_M
                   for cell in gmo.cells for fort in cell.forts)
    # init discovers: a fresh GMO from the spot is the answer even when the spot is empty (MAD wanted a mon
    # or fort there, so an init fence reaching into fields or water restarted the game at every empty stop)
    return bool(gmo.cells)


def scanmode(mode: str) -> str:
    """The scan mode PogoDroid is told through /get_latest_mitm."""
    return {"mon_mitm": "mons", "iv_mitm": "ivs", "raids_mitm": "raids", "pokestops": "quests"}.get(mode, "mons")

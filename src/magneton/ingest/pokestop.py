"""Pokestops from the map (106: position, lure, AR flag, incidents) and from fort details (104: name, image).

Lures last the active event's lure duration (30 min by default) from the stop's last modification; a stop
without a lure gets MAD's epoch-0 lure_expiration, which map front ends read as "no lure"."""

from __future__ import annotations

from datetime import timedelta

import msgspec
from sqlalchemy import func

from magneton.ingest.values import EPOCH, utc, utc_ms
from magneton.ingest.writer.kinds import Row, WriteKind, keep_unless_null, take


class CustomDisplay(msgspec.Struct):
    style_config_address: str = ""


class CharacterDisplay(msgspec.Struct):
    character: int = 0


class IncidentDisplay(msgspec.Struct):
    incident_id: str = ""
    incident_start_ms: int = 0
    incident_expiration_ms: int = 0
    hide_incident: bool = False
    incident_display_type: int = 0
    incident_display_order_priority: int = 0
    custom_display: CustomDisplay | None = None
    is_cross_stop_incident: bool = False
    character_display: CharacterDisplay | None = None


class FortDetailsOut(msgspec.Struct):
    """Type 104. A new row is keyed by `id`, an existing one looked up by `fort_id` (both sent)."""

    id: str
    type: int
    latitude: float
    longitude: float
    fort_id: str = ""
    name: str = ""
    image_urls: list[str] = []
    enabled: bool = True
    last_modified_timestamp_ms: int | None = None


def stop_row(fort, ts: int, lure_minutes: int) -> Row:
    """`fort` is the GMO's fort record (see gmo.Fort) with type 1."""
    lured = bool(fort.active_fort_modifier)
    last_modified = utc_ms(fort.last_modified_timestamp_ms)
    return {
        "pokestop_id": fort.id, "enabled": fort.enabled, "latitude": fort.latitude, "longitude": fort.longitude,
        "last_modified": last_modified,
        "lure_expiration": last_modified + timedelta(minutes=lure_minutes) if lured else EPOCH,
        "active_fort_modifier": fort.active_fort_modifier[0] if lured else None,
        "last_updated": utc(ts), "is_ar_scan_eligible": fort.is_ar_scan_eligible,
        "name": None, "image": None,
    }


def incident_rows(fort) -> list[Row]:
    """One row per distinct incident; PD repeats the first one in `pokestop_display`."""
    displays = ([fort.pokestop_display] if fort.pokestop_display else []) + list(fort.pokestop_displays)
    rows: dict[str, Row] = {}
    for display in displays:
        if not display.incident_id.strip():
            continue
        rows[display.incident_id] = {
            "pokestop_id": fort.id, "incident_id": display.incident_id,
            "incident_start": utc_ms(display.incident_start_ms) if display.incident_start_ms > 0 else None,
            "incident_expiration": (utc_ms(display.incident_expiration_ms)
                                    if display.incident_expiration_ms > 0 else None),
            "hide_incident": display.hide_incident,
            "incident_display_type": display.incident_display_type,
            "incident_display_order_priority": display.incident_display_order_priority,
            "custom_display": display.custom_display.style_config_address if display.custom_display else None,
            "is_cross_stop_incident": display.is_cross_stop_incident,
            "character_display": display.character_display.character if display.character_display else 0,
        }
    return list(rows.values())


def details_row(out: FortDetailsOut, ts: int) -> Row:
    modified = out.last_modified_timestamp_ms
    return {
        "pokestop_id": out.fort_id or out.id, "enabled": out.enabled, "latitude": out.latitude,
        "longitude": out.longitude, "name": out.name or None,
        "image": out.image_urls[0] if out.image_urls and out.image_urls[0] else None,
        # MAD wrote epoch 0 when the field was missing; a new row needs a value, an old one keeps its own.
        "last_modified": utc_ms(modified) if modified else utc(ts), "last_updated": utc(ts),
        "is_ar_scan_eligible": False,
    }


_MAP_COLUMNS = ("enabled", "latitude", "longitude", "last_modified", "lure_expiration", "active_fort_modifier",
                "last_updated", "is_ar_scan_eligible")
STOP = WriteKind("pokestop.map", "pokestop", ("pokestop_id",), {c: take(c) for c in _MAP_COLUMNS})
INCIDENT = WriteKind("pokestop_incident", "pokestop_incident", ("pokestop_id", "incident_id"), stage=2)
DETAILS = WriteKind("pokestop.details", "pokestop", ("pokestop_id",), {
    **{c: take(c) for c in ("enabled", "latitude", "longitude", "last_updated")},
    **{c: keep_unless_null(c) for c in ("name", "image")},
    "last_modified": lambda stored, incoming: func.coalesce(stored.c.last_modified, incoming["last_modified"]),
})

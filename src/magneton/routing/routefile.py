"""`settings_routecalc.routefile`: MAD's persisted route, a JSON array of "lat,lng" strings."""

from __future__ import annotations

import json
import logging

from magneton.routing.route import Route

log = logging.getLogger(__name__)


class RoutefileError(ValueError):
    """A routefile entry that is not "lat,lng"; the message names the entry."""


def to_routefile(route: Route) -> str:
    """The text MAD stores (and reads back): `["52.5,13.4", ...]` in tour order."""
    return json.dumps([f"{s.lat},{s.lng}" for s in route.stops])


def from_routefile(text: str) -> list[tuple[float, float]]:
    """Stops (lat, lng) of a stored route; empty text is an empty route.

    MAD writes `str(list)` with ' replaced by ", which is JSON; anything else is split the way MAD
    reads it (on `",`, stripping brackets and quotes).
    """
    if not text or not text.strip():
        return []
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        items = [p.strip().strip('"[] ') for p in text.strip().strip("[]").split('",')]
    if not isinstance(items, list):
        raise RoutefileError("routefile: expected an array of \"lat,lng\" strings")
    out = []
    for i, item in enumerate(items):
        try:
            lat, lng = (float(v) for v in str(item).split(","))
        except ValueError:
            raise RoutefileError(f"routefile entry {i}: expected 'lat,lng', got {item!r}") from None
        out.append((lat, lng))
    return out

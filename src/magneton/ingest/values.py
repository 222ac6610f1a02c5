"""Conversions the game data needs on its way into MAD's columns."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import s2cell

_TWO_64 = 1 << 64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def unsigned64(value: int) -> int:
    """The game sends 64-bit ids signed; MAD's columns hold them unsigned."""
    return value + _TWO_64 if value < 0 else value


def utc(seconds: float) -> datetime:
    """Whole seconds: MAD's DATETIME columns have no fractions, and both dialects must agree."""
    return datetime.fromtimestamp(int(seconds), UTC)


def utc_ms(milliseconds: int) -> datetime:
    return datetime.fromtimestamp(milliseconds // 1000, UTC)


# S2 conversions are pure and cost microseconds each; a fleet sees the same cells, spawnpoints and gyms in
# payload after payload, so small caches take them off the ingest path (bounded, least recently used out).
@lru_cache(maxsize=32_768)
def cell_centre(cell_id: int) -> tuple[float, float]:
    return s2cell.cell_id_to_lat_lon(unsigned64(cell_id))


@lru_cache(maxsize=32_768)
def cell_id_at(lat: float, lng: float, level: int) -> int:
    return s2cell.lat_lon_to_cell_id(lat, lng, level)


def spawnpoint_int(token: str) -> int:
    """A spawnpoint id is the hex token of its level-20 cell; MAD stores int(token, 16)."""
    return int(token, 16)


@lru_cache(maxsize=65_536)
def spawnpoint_centre(token: str) -> tuple[float, float]:
    """An S2 token is the cell id in hex with its trailing zeros dropped."""
    return s2cell.cell_id_to_lat_lon(int(token.ljust(16, "0"), 16))

"""S2 cells (level 15) the device saw, with the time the game last updated them (trs_s2cells)."""

from __future__ import annotations

from magneton.ingest.values import cell_centre, unsigned64
from magneton.ingest.writer.kinds import Row, WriteKind


def cell_row(cell_id: int, current_timestamp_ms: int) -> Row:
    cell = unsigned64(cell_id)
    lat, lng = cell_centre(cell)
    return {"id": cell, "level": 15, "center_latitude": lat, "center_longitude": lng,
            "updated": current_timestamp_ms // 1000}


CELL = WriteKind("trs_s2cells", "trs_s2cells", ("id",))

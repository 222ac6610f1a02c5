"""The four corners of an S2 cell (for drawing scanned cells); s2cell only gives centres."""

from __future__ import annotations

import math

import s2cell

_MAX_LEVEL = 30


def _st_to_uv(st: float) -> float:
    # S2's quadratic projection
    return (4 * st * st - 1) / 3 if st >= 0.5 else (1 - 4 * (1 - st) ** 2) / 3


def _face_uv_to_xyz(face: int, u: float, v: float) -> tuple[float, float, float]:
    return ((1, u, v), (-u, 1, v), (-u, -v, 1), (-1, -v, -u), (v, -1, -u), (v, u, -1))[face]


def _leaf_ij_to_lat_lng(face: int, i: int, j: int) -> tuple[float, float]:
    scale = float(1 << _MAX_LEVEL)
    x, y, z = _face_uv_to_xyz(face, _st_to_uv(i / scale), _st_to_uv(j / scale))
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def cell_corners(cell_id: int) -> list[tuple[float, float]]:
    """(lat, lng) of the cell's corners, counter-clockwise."""
    level = s2cell.cell_id_to_level(cell_id)
    face, i, j = s2cell.s2_cell_id_to_face_ij(cell_id)
    size = 1 << (_MAX_LEVEL - level)
    i0, j0 = i & ~(size - 1), j & ~(size - 1)
    return [_leaf_ij_to_lat_lng(face, a, c) for a, c in ((i0, j0), (i0 + size, j0), (i0 + size, j0 + size),
                                                          (i0, j0 + size))]

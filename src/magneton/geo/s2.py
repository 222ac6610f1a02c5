"""S2 cell geometry the webhooks need: the four corners of a cell (weather `coords`, nearby `cell_coords`)."""

from __future__ import annotations

import math

import s2cell

_MAX_LEVEL = 30


def _st_to_uv(s: float) -> float:
    # S2's quadratic projection from cell space to cube space.
    if s >= 0.5:
        return (4.0 * s * s - 1.0) / 3.0
    return (1.0 - 4.0 * (1.0 - s) * (1.0 - s)) / 3.0


def _face_uv_to_xyz(face: int, u: float, v: float) -> tuple[float, float, float]:
    return ((1.0, u, v), (-u, 1.0, v), (-u, -v, 1.0), (-1.0, -v, -u), (v, -1.0, -u), (v, u, -1.0))[face]


def _lat_lng(face: int, i: int, j: int) -> list[float]:
    scale = float(1 << _MAX_LEVEL)
    x, y, z = _face_uv_to_xyz(face, _st_to_uv(i / scale), _st_to_uv(j / scale))
    return [math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))]


def cell_vertices(cell_id: int) -> list[list[float]]:
    """The cell's corners as [lat, lng], counter-clockwise in S2's vertex order (0..3)."""
    face, i, j = s2cell.s2_cell_id_to_face_ij(cell_id)
    size = 1 << (_MAX_LEVEL - s2cell.cell_id_to_level(cell_id))
    i0, j0 = i & ~(size - 1), j & ~(size - 1)
    return [_lat_lng(face, i0, j0), _lat_lng(face, i0 + size, j0), _lat_lng(face, i0 + size, j0 + size),
            _lat_lng(face, i0, j0 + size)]

"""Clustering as a covering problem on a metric plane.

Choose stop centres so every point lies within `radius` of the stop it is assigned to, each stop holds
at most `max_count` points, and there are as few stops as the heuristic finds. Candidate centres are
the points themselves plus, for every pair closer than 2r, the two centres of radius-r circles through
both points: any disk covering a set can be slid until two of its points lie on its rim, so these
candidates lose nothing against arbitrary centres. A lazy greedy set cover picks among them, then a
pass removes stops whose points all fit in other stops.

`mad_greedy_sweep` re-implements MAD's west-to-east sweep from its description, as a baseline.
"""

from __future__ import annotations

import heapq
import logging
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

log = logging.getLogger(__name__)

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

# Candidate circles are built a hair smaller than the radius so rim points stay inside after rounding.
_RIM_SHRINK = 1e-9
# Bound on (candidate, point) incidences held at once (~24 bytes each while built). Dense inputs get
# pair candidates around a deterministic sample of points instead of all pairs; every point stays a
# candidate, so the covering is always complete.
_MAX_INCIDENCES = 4_000_000


@dataclass(frozen=True, slots=True)
class Covering:
    """Stop centres (k, 2) and, per input point, the index of its stop."""

    centres: FloatArray
    assignment: IntArray

    def members(self) -> list[IntArray]:
        """Point indices per stop, ascending."""
        order = np.argsort(self.assignment, kind="stable")
        bounds = np.searchsorted(self.assignment[order], np.arange(len(self.centres) + 1))
        return [order[bounds[i] : bounds[i + 1]] for i in range(len(self.centres))]


def _pair_centres(xy: FloatArray, pairs: IntArray, r: float) -> FloatArray:
    p, q = xy[pairs[:, 0]], xy[pairs[:, 1]]
    d_vec = q - p
    d = np.hypot(d_vec[:, 0], d_vec[:, 1])
    keep = d > 1e-9
    p, d_vec, d = p[keep], d_vec[keep], d[keep]
    mid = p + d_vec / 2
    h = np.sqrt(np.maximum(r * r - (d / 2) ** 2, 0.0))
    perp = np.column_stack([-d_vec[:, 1], d_vec[:, 0]]) / d[:, None]
    return np.vstack([mid + perp * h[:, None], mid - perp * h[:, None]])


def _candidates(xy: FloatArray, radius: float) -> tuple[FloatArray, IntArray, IntArray]:
    """Candidate centres and, in CSR form (indptr, indices), the points within `radius` of each."""
    r = radius * (1 - _RIM_SHRINK)
    n = len(xy)
    tree = cKDTree(xy)
    per_disk = max(1.0, tree.count_neighbors(tree, r) / n)
    budget = max(0, int(_MAX_INCIDENCES / per_disk) - n) // 2
    n_pairs = (tree.count_neighbors(tree, 2 * r) - n) // 2
    if n_pairs <= budget:
        pairs = tree.query_pairs(2 * r, output_type="ndarray")
    else:  # dense input: pair candidates around a deterministic sample of anchor points only
        anchors = np.sort(np.random.default_rng(0).choice(n, max(1, int(n * budget / n_pairs)), replace=False))
        near = tree.query_ball_point(xy[anchors], 2 * r)
        firsts = np.repeat(anchors, [len(js) for js in near])
        pairs = np.column_stack([firsts, np.concatenate([np.asarray(js, dtype=np.int64) for js in near])])
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        log.info("%d candidate pairs; using the %d around %d anchor points", n_pairs, len(pairs), len(anchors))
    cands = np.vstack([xy, _pair_centres(xy, pairs, r)])
    # Several pairs can yield the same centre (collinear or duplicate points); one copy is enough.
    cands = np.unique(np.round(cands, 6), axis=0)
    hits = cKDTree(cands).sparse_distance_matrix(tree, radius * (1 - _RIM_SHRINK / 2), output_type="ndarray")
    cand_idx, pt_idx = np.asarray(hits["i"], dtype=np.int64), np.asarray(hits["j"], dtype=np.int64)
    order = np.lexsort((pt_idx, cand_idx))
    indptr = np.searchsorted(cand_idx[order], np.arange(len(cands) + 1))
    return cands, indptr, pt_idx[order]


def cover_points(xy: FloatArray, radius: float, max_count: int | None = None) -> Covering:
    """A covering of the points by disks of `radius`, each assigned at most `max_count` points."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    n = len(xy)
    if n == 0:
        return Covering(np.empty((0, 2)), np.empty(0, dtype=np.int64))
    if radius <= 0 or max_count == 1:
        return Covering(xy.copy(), np.arange(n, dtype=np.int64))
    cap = max_count if max_count and max_count > 0 else n
    cands, indptr, indices = _candidates(xy, radius)
    # How many candidates reach each point: when a stop is full, the hard-to-reach points go first.
    degree = np.bincount(indices, minlength=n)
    sizes = np.diff(indptr)
    covered = np.zeros(n, dtype=bool)
    heap = [(-min(int(sz), cap), c) for c, sz in enumerate(sizes) if sz]
    heapq.heapify(heap)
    chosen: list[int] = []
    assignment = np.full(n, -1, dtype=np.int64)
    left = n
    while left:
        neg, c = heapq.heappop(heap)
        members = indices[indptr[c] : indptr[c + 1]]
        open_pts = members[~covered[members]]
        gain = min(len(open_pts), cap)
        if gain == 0:
            continue
        if gain < -neg:
            heapq.heappush(heap, (-gain, c))
            continue
        if len(open_pts) > cap:
            d2 = ((xy[open_pts] - cands[c]) ** 2).sum(axis=1)
            open_pts = open_pts[np.lexsort((open_pts, d2, degree[open_pts]))[:cap]]
            # The same centre may still serve the rest as a separate, co-located stop.
            heapq.heappush(heap, (-min(len(members) - cap, cap), c))
        covered[open_pts] = True
        assignment[open_pts] = len(chosen)
        chosen.append(c)
        left -= len(open_pts)
    return _drop_redundant(xy, Covering(cands[chosen], assignment), radius, cap)


def _drop_redundant(xy: FloatArray, cov: Covering, radius: float, cap: int) -> Covering:
    """Remove stops whose points can all move to other stops that reach them and have room."""
    k = len(cov.centres)
    reach = cKDTree(xy).query_ball_tree(cKDTree(cov.centres), radius * (1 - _RIM_SHRINK / 2))
    assignment = cov.assignment.copy()
    load = np.bincount(assignment, minlength=k)
    alive = np.ones(k, dtype=bool)
    members = [list(m) for m in cov.members()]
    for s in np.argsort(load, kind="stable"):
        moves: list[tuple[int, int]] = []
        extra: dict[int, int] = {}
        for j in members[s]:
            options = [t for t in reach[j] if t != s and alive[t] and load[t] + extra.get(t, 0) < cap]
            if not options:
                break
            t = max(options, key=lambda t: (load[t] + extra.get(t, 0), -t))  # fill full stops first
            extra[t] = extra.get(t, 0) + 1
            moves.append((j, t))
        else:
            for j, t in moves:
                assignment[j] = t
                members[t].append(j)
                load[t] += 1
            alive[s] = False
            members[s] = []
            load[s] = 0
    remap = np.cumsum(alive) - 1
    return Covering(cov.centres[alive], remap[assignment])


def mad_greedy_sweep(xy: FloatArray, radius: float, max_count: int | None = None) -> Covering:
    """MAD's clustering as its reference describes it, on planar metres (for comparison only).

    West to east: the westmost remaining point is paired with its farthest remaining point within 2r;
    the centre is their midpoint and takes every remaining point within r. Over `max_count`, the
    farthest is dropped and the circle redone with that point's distance as radius (MAD's bug: the
    radius can grow to 2r, so some points end up farther than r).
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    n = len(xy)
    cap = max_count if max_count and max_count > 0 else n
    tree = cKDTree(xy)
    related = tree.query_ball_point(xy, 2 * radius)
    remaining = np.ones(n, dtype=bool)
    order = np.lexsort((-xy[:, 1], xy[:, 0]))
    centres: list[FloatArray] = []
    assignment = np.full(n, -1, dtype=np.int64)
    for start in order:
        if not remaining[start]:
            continue
        rel = [j for j in related[start] if remaining[j]]
        d = np.hypot(*(xy[rel] - xy[start]).T)
        partner = rel[int(np.argmax(d))]
        centre, members = _mad_circle(xy, start, partner, rel, remaining, radius, cap)
        assignment[members] = len(centres)
        remaining[members] = False
        centres.append(centre)
    return Covering(np.array(centres).reshape(-1, 2), assignment)


def _mad_circle(xy: FloatArray, start: int, partner: int, rel: list[int], remaining: NDArray[np.bool_],
                radius: float, cap: int) -> tuple[FloatArray, list[int]]:
    centre = (xy[start] + xy[partner]) / 2
    d = np.hypot(*(xy[rel] - centre).T)
    inside = [j for j, dj in zip(rel, d) if dj <= radius and remaining[j]]
    if start not in inside:
        inside.append(start)
    if len(inside) <= cap:
        return centre, inside
    dist = {j: float(np.hypot(*(xy[j] - xy[start]))) for j in rel}
    far = max((j for j in rel if j != start), key=lambda j: dist[j])
    rest = [j for j in rel if j != far]
    nxt = max((j for j in rest if j != start), key=lambda j: dist[j], default=start)
    return _mad_circle(xy, start, nxt, rest, remaining, dist[far], cap)

"""Closed tours over stops on a metric plane.

The algorithm is an explicit `TourAlgorithm`:
- `fast`: nearest-neighbour construction on a KD-tree, then 2-opt and Or-opt (segments of 1-3 stops)
  restricted to each stop's nearest neighbours, with don't-look bits. O(n) memory, under a second for
  10,000 stops; about 4 % above the `ils` result.
- `ils`: `fast`, then iterated local search (local double-bridge kicks, each re-optimised around the
  kick) for a budget of kicks that grows with n, capped by a time limit. The default.
- `ortools`: `fast`, then OR-Tools routing with guided local search over an integer distance matrix in
  metres, under a time limit. O(n²) memory, so limited to `ORTOOLS_MAX_STOPS` (`ils` above).
- `auto`: `ils`, which measured shorter than `ortools` at equal time (bench/routes.py).

Results depend only on the input and `seed` unless the time limit cuts the search short.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

log = logging.getLogger(__name__)

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

ORTOOLS_MAX_STOPS = 2500  # a 2500² int64 matrix is 50 MB and its Python conversion takes seconds
KICKS_PER_STOP = 8
_NEIGHBOURS = 10
_EPS = 1e-7


class TourAlgorithm(StrEnum):
    AUTO = "auto"
    FAST = "fast"
    ILS = "ils"
    ORTOOLS = "ortools"


def default_time_limit(n: int) -> float:
    """Seconds allowed for improving a tour of n stops: grows linearly, 2 s to 60 s."""
    return float(min(60.0, max(2.0, n / 100)))


def tour_length(xy: FloatArray, order: IntArray) -> float:
    """Closed-tour length on the plane."""
    p = np.asarray(xy)[np.asarray(order)]
    return float(np.hypot(*(np.roll(p, -1, axis=0) - p).T).sum()) if len(p) > 1 else 0.0


def solve_tour(xy: FloatArray, algorithm: TourAlgorithm | str = TourAlgorithm.AUTO,
               time_limit: float | None = None, seed: int = 0) -> IntArray:
    """A closed tour: a permutation of range(n), in visiting order."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    n = len(xy)
    algorithm = TourAlgorithm(algorithm)
    limit = time_limit if time_limit is not None else default_time_limit(n)
    if n <= 3:
        return np.arange(n, dtype=np.int64)
    if algorithm is TourAlgorithm.AUTO:
        algorithm = TourAlgorithm.ILS
    if algorithm is TourAlgorithm.ORTOOLS and n > ORTOOLS_MAX_STOPS:
        log.warning("%d stops exceed the OR-Tools limit of %d; using ils", n, ORTOOLS_MAX_STOPS)
        algorithm = TourAlgorithm.ILS
    rng = np.random.default_rng(seed)
    tree = cKDTree(xy)
    _, neigh = tree.query(xy, k=min(_NEIGHBOURS + 1, n))
    search = _LocalSearch(xy, _nearest_neighbour(xy, tree, int(rng.integers(n))), neigh)
    order = search.run()
    if algorithm is TourAlgorithm.ILS:
        order = search.perturb(KICKS_PER_STOP * n, limit, rng)
    elif algorithm is TourAlgorithm.ORTOOLS:
        order = _ortools_tour(xy, order, limit)
    return order


def _nearest_neighbour(xy: FloatArray, tree: cKDTree, start: int) -> IntArray:
    n = len(xy)
    visited = np.zeros(n, dtype=bool)
    order = np.empty(n, dtype=np.int64)
    cur = start
    for step in range(n):
        order[step] = cur
        visited[cur] = True
        if step == n - 1:
            break
        k = 8
        while True:
            _, idx = tree.query(xy[cur], k=min(k, n))
            free = idx[~visited[idx]]
            if free.size:
                cur = int(free[0])
                break
            if k >= n:
                break
            k *= 4
            if k > 256:  # late in the walk most neighbours are taken: scan what is left
                rest = np.flatnonzero(~visited)
                cur = int(rest[np.argmin(((xy[rest] - xy[cur]) ** 2).sum(axis=1))])
                break
    return order


class _LocalSearch:
    """2-opt and Or-opt (segments of 1-3 stops) on an array tour with neighbour lists."""

    def __init__(self, xy: FloatArray, order: IntArray, neigh: IntArray) -> None:
        self.xy = xy
        self.x: list[float] = xy[:, 0].tolist()
        self.y: list[float] = xy[:, 1].tolist()
        self.tour = np.array(order, dtype=np.int64)
        self.n = len(order)
        self.pos = np.empty(self.n, dtype=np.int64)
        self.pos[self.tour] = np.arange(self.n)
        # With duplicate points a stop need not come first in its own neighbour list: drop it by id.
        self.neigh: list[list[int]] = [[c for c in row if c != a] for a, row in enumerate(neigh.tolist())]
        self.change = 0.0  # running sum of length changes, so kicks need no O(n) re-measure

    def d(self, a: int, b: int) -> float:
        return math.hypot(self.x[a] - self.x[b], self.y[a] - self.y[b])

    def succ(self, a: int) -> int:
        return int(self.tour[(self.pos[a] + 1) % self.n])

    def pred(self, a: int) -> int:
        return int(self.tour[self.pos[a] - 1])

    def run(self, start: list[int] | None = None) -> IntArray:
        """Local search to a local optimum, from every stop or only from `start`."""
        queue = deque(start if start is not None else (int(a) for a in self.tour))
        queued = [False] * self.n
        for a in queue:
            queued[a] = True
        while queue:
            a = queue.popleft()
            queued[a] = False
            touched = self._two_opt(a) or self._or_opt(a)
            if touched:
                for t in touched:
                    if not queued[t]:
                        queued[t] = True
                        queue.append(t)
                if not queued[a]:
                    queued[a] = True
                    queue.append(a)
        return self.tour

    def perturb(self, kicks: int, time_limit: float, rng: np.random.Generator) -> IntArray:
        """Iterated local search: swap two short adjacent runs near a random stop (a local
        double bridge), re-optimise around it, keep the result unless the tour got longer.
        Stops after `kicks` kicks or `time_limit` seconds, whichever comes first."""
        n = self.n
        if n < 8:
            return self.tour
        deadline = time.perf_counter() + time_limit
        done = 0
        while done < kicks and time.perf_counter() < deadline:
            done += 1
            saved_tour, saved_pos = self.tour.copy(), self.pos.copy()
            i = int(rng.integers(n))
            l1, l2 = (int(v) for v in rng.integers(1, min(50, n // 4) + 1, size=2))
            idx = (i + np.arange(l1 + l2 + 2)) % n
            run = self.tour[idx]
            a, b0, b1, c0, c1, e = (int(run[k]) for k in (0, 1, l1, l1 + 1, l1 + l2, -1))
            self.change = (self.d(a, c0) + self.d(c1, b0) + self.d(b1, e)
                           - self.d(a, b0) - self.d(b1, c0) - self.d(c1, e))
            # a B C d -> a C B d
            self.tour[idx] = np.concatenate([run[:1], run[1 + l1 : 1 + l1 + l2], run[1 : 1 + l1], run[-1:]])
            self.pos[self.tour[idx]] = idx
            self.run([a, b0, b1, c0, c1, e])
            if self.change > _EPS:
                self.tour, self.pos = saved_tour, saved_pos
        log.debug("ILS: %d kicks, length %.0f m", done, tour_length(self.xy, self.tour))
        return self.tour

    def _reverse(self, i: int, j: int) -> None:
        """Reverse the cyclic run of positions i..j (or, when shorter, the rest of the cycle)."""
        n = self.n
        length = (j - i) % n + 1
        if 2 * length > n:
            i, length = (j + 1) % n, n - length
        if length < 2:
            return
        idx = (i + np.arange(length)) % n
        seg = self.tour[idx][::-1]
        self.tour[idx] = seg
        self.pos[seg] = idx

    def _two_opt(self, a: int) -> list[int]:
        for forward in (True, False):
            b = self.succ(a) if forward else self.pred(a)
            dab = self.d(a, b)
            for c in self.neigh[a]:
                dac = self.d(a, c)
                if dac >= dab:
                    break
                e = self.succ(c) if forward else self.pred(c)
                if c == b or e == a:
                    continue
                delta = dac + self.d(b, e) - dab - self.d(c, e)
                if delta < -_EPS:
                    self.change += delta
                    if forward:  # a b ... c e  ->  a c ... b e
                        self._reverse(int(self.pos[b]), int(self.pos[c]))
                    else:  # e c ... b a  ->  e b ... c a
                        self._reverse(int(self.pos[c]), int(self.pos[b]))
                    return [a, b, c, e]
        return []

    def _or_opt(self, a: int) -> list[int]:
        n = self.n
        for length in (1, 2, 3):
            if length + 2 >= n:
                break
            i = int(self.pos[a])
            seg_pos = (i + np.arange(length)) % n
            seg = [int(s) for s in self.tour[seg_pos]]
            s1, s2 = seg[0], seg[-1]
            p, nx = self.pred(s1), self.succ(s2)
            gain = self.d(p, s1) + self.d(s2, nx) - self.d(p, nx)
            if gain <= _EPS:
                continue
            in_seg = set(seg)
            for end in (s1, s2):
                for c in self.neigh[end]:
                    if self.d(end, c) >= gain:
                        break
                    if c in in_seg:
                        continue
                    for u, v in ((c, self.succ(c)), (self.pred(c), c)):
                        if u in in_seg or v in in_seg:
                            continue
                        same = self.d(u, s1) + self.d(s2, v)
                        flip = self.d(u, s2) + self.d(s1, v)
                        if min(same, flip) - self.d(u, v) < gain - _EPS:
                            self.change += min(same, flip) - self.d(u, v) - gain
                            self._move(seg_pos, u, reverse=flip < same)
                            return [p, nx, u, v, s1, s2]
        return []

    def _move(self, seg_pos: IntArray, after: int, reverse: bool) -> None:
        seg = self.tour[seg_pos]
        rest = np.delete(self.tour, seg_pos)
        at = int(np.flatnonzero(rest == after)[0]) + 1
        self.tour = np.concatenate([rest[:at], seg[::-1] if reverse else seg, rest[at:]])
        self.pos[self.tour] = np.arange(self.n)


def _ortools_tour(xy: FloatArray, initial: IntArray, time_limit: float) -> IntArray:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(xy)
    diff = xy[:, None, :] - xy[None, :, :]
    matrix = np.rint(np.hypot(diff[..., 0], diff[..., 1])).astype(np.int64)
    del diff
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    transit = routing.RegisterTransitMatrix(matrix.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(transit)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(1, int(time_limit * 1000)))
    # OR-Tools fixes node 0 as the depot; rotate the start tour so it begins there.
    start = int(np.flatnonzero(initial == 0)[0])
    rotated = np.roll(initial, -start)
    assignment = routing.ReadAssignmentFromRoutes([[int(v) for v in rotated[1:]]], True)
    solution = (routing.SolveFromAssignmentWithParameters(assignment, params) if assignment
                else routing.SolveWithParameters(params))
    if solution is None:
        log.warning("OR-Tools found no solution in %.1f s; keeping the fast tour", time_limit)
        return initial
    order = []
    index = routing.Start(0)
    while not routing.IsEnd(index):
        order.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    result = np.array(order, dtype=np.int64)
    return result if tour_length(xy, result) <= tour_length(xy, initial) else initial

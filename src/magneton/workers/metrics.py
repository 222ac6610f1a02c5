"""How long the workers' steps take, for MADmin's `GET /metrics` (Prometheus text format).

A step is one location: from the move command sent to the fresh data seen by the worker (MAD's rule: data
stamped in a later second than the move, with the mode's content). It includes the device's own delay
(the game's answer, a walk) and any post-move delay of the device settings; a step that ends without fresh
data (`mitm_wait_timeout`) is counted, not timed. Per move kind (teleport, walk):

    magneton_worker_steps_total{move,result="fresh"|"no_data"}     counter
    magneton_worker_step_seconds{move,quantile="0.5"|"0.99"}       summary of the fresh steps: exact
                                                                   quantiles of the last WINDOW seconds,
                                                                   _sum and _count since the start"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW = 60.0  # seconds the quantiles cover: recent enough to show a change, long enough for a p99
QUANTILES = (0.5, 0.99)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class _Series:
    fresh: int = 0
    no_data: int = 0
    total_seconds: float = 0.0
    recent: deque[tuple[float, float]] = field(default_factory=deque)  # (clock at the end, seconds)


class StepMetrics:
    def __init__(self, window: float = WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.window, self.clock = window, clock
        self._series: dict[str, _Series] = {}

    def observe(self, move: str, seconds: float) -> None:
        """A step that saw fresh data `seconds` after its move command was sent."""
        series = self._series.setdefault(move, _Series())
        series.fresh += 1
        series.total_seconds += seconds
        series.recent.append((self.clock(), seconds))
        self._forget(series)

    def failed(self, move: str) -> None:
        """A step that ended without fresh data."""
        self._series.setdefault(move, _Series()).no_data += 1

    def _forget(self, series: _Series) -> None:
        oldest = self.clock() - self.window
        while series.recent and series.recent[0][0] < oldest:
            series.recent.popleft()

    def render(self) -> str:
        lines = ["# HELP magneton_worker_steps_total Steps (locations) of this process's workers, by result.",
                 "# TYPE magneton_worker_steps_total counter"]
        for move, s in sorted(self._series.items()):
            lines.append(f'magneton_worker_steps_total{{move="{move}",result="fresh"}} {s.fresh}')
            lines.append(f'magneton_worker_steps_total{{move="{move}",result="no_data"}} {s.no_data}')
        lines += [f"# HELP magneton_worker_step_seconds Move command sent to fresh data seen; quantiles of the "
                  f"last {self.window:g} s.",
                  "# TYPE magneton_worker_step_seconds summary"]
        for move, s in sorted(self._series.items()):
            self._forget(s)
            values = sorted(seconds for _, seconds in s.recent)
            for q in QUANTILES:  # nearest rank; NaN without steps in the window, as Prometheus clients do
                value = f"{values[max(0, math.ceil(q * len(values)) - 1)]:.6f}" if values else "NaN"
                lines.append(f'magneton_worker_step_seconds{{move="{move}",quantile="{q:g}"}} {value}')
            lines.append(f'magneton_worker_step_seconds_sum{{move="{move}"}} {s.total_seconds:.6f}')
            lines.append(f'magneton_worker_step_seconds_count{{move="{move}"}} {s.fresh}')
        return "\n".join(lines) + "\n"

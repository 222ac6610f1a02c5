"""Workers: one per device, moving it along its area's route and escalating when data stops."""

from magneton.workers.fleet import Workers
from magneton.workers.worker import Timing, Worker

__all__ = ["Timing", "Worker", "Workers"]

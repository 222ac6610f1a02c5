"""What receivers and workers report to the StatsHandler, whichever implementation serves it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

SEEN_TYPES = ("wild", "encounter", "lure_encounter", "lure_wild", "nearby_stop", "nearby_cell")


@dataclass(frozen=True)
class LocationRecord:
    """One location attempt of a worker (trs_stats_location_raw)."""

    worker: str
    lat: float
    lng: float
    success: bool
    fix_ts: int
    data_ts: int
    position_type: int
    walker: str
    transport_type: int
    period: int


class StatsSink(Protocol):
    async def stats_collect_wild_mon(self, worker: str, encounter_ids: list[int], time: int) -> None: ...

    async def stats_collect_mon_iv(self, worker: str, encounter_id: int, time: int, is_shiny: bool) -> None: ...

    async def stats_collect_quest(self, worker: str, time: int) -> None: ...

    async def stats_collect_raid(self, worker: str, time: int, amount: int) -> None: ...

    async def stats_collect_location_data(self, record: LocationRecord) -> None: ...

    async def stats_collect_seen_type(self, encounter_ids: list[int], seen_type: str, time: int) -> None: ...

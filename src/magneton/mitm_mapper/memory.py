"""The MitmMapper in process memory (MAD's `standalone` type, and what the gRPC server serves)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from magneton.mitm_mapper.interface import LatestEntry, Location

GMO_KEY = "106"


@dataclass
class DeviceData:
    level: int = 0
    poke_stop_visits: int = 0
    injected: bool = False
    quests_held: list[int] | None = None
    latest: dict[str, LatestEntry] = field(default_factory=dict)
    last_cell_ids: frozenset[int] = frozenset()
    last_possibly_moved: int = 0
    last_known_location: Location | None = None


class MemoryMitmMapper:
    def __init__(self) -> None:
        self._devices: dict[str, DeviceData] = {}

    def _device(self, origin: str) -> DeviceData:
        device = self._devices.get(origin)
        if device is None:
            device = self._devices[origin] = DeviceData()
        return device

    async def update_latest(self, origin: str, key: str, value: Any, timestamp_received_raw: int,
                            timestamp_received_receiver: int, location: Location,
                            cell_ids: list[int] | None = None) -> None:
        device = self._device(origin)
        stored = device.latest.get(key)
        # MAD's stale rule: never replace data the receiver got later than this.
        if stored is not None and stored.timestamp_received and (
                not timestamp_received_receiver
                or stored.timestamp_of_data_retrieval > timestamp_received_receiver):
            return
        device.latest[key] = LatestEntry(location, timestamp_received_raw, timestamp_received_receiver, value)
        if key == GMO_KEY:
            device.injected = True
            device.last_known_location = location
            if cell_ids:
                cells = frozenset(cell_ids)
                if not cells & device.last_cell_ids:  # a new set of cells: the device moved
                    device.last_cell_ids = cells
                    device.last_possibly_moved = timestamp_received_raw

    async def request_latest(self, origin: str, key: str,
                             timestamp_earliest: int | None = None) -> LatestEntry | None:
        entry = self._device(origin).latest.get(key)
        if entry is None:
            return None
        if timestamp_earliest is not None and timestamp_earliest >= entry.timestamp_of_data_retrieval:
            return None
        return entry

    async def get_last_possibly_moved(self, origin: str) -> int:
        return self._device(origin).last_possibly_moved

    async def get_last_known_location(self, origin: str) -> Location | None:
        return self._device(origin).last_known_location

    async def get_level(self, origin: str) -> int:
        return self._device(origin).level

    async def set_level(self, origin: str, level: int) -> None:
        self._device(origin).level = level

    async def get_poke_stop_visits(self, origin: str) -> int:
        return self._device(origin).poke_stop_visits

    async def set_pokestop_visits(self, origin: str, visits: int) -> None:
        self._device(origin).poke_stop_visits = visits

    async def get_injection_status(self, origin: str) -> bool:
        return self._device(origin).injected

    async def set_injection_status(self, origin: str, status: bool) -> None:
        self._device(origin).injected = status

    async def get_quests_held(self, origin: str) -> list[int] | None:
        return self._device(origin).quests_held

    async def set_quests_held(self, origin: str, quests_held: list[int] | None) -> None:
        self._device(origin).quests_held = quests_held

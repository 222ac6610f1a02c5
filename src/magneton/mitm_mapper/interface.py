"""What receivers and workers ask of the MitmMapper, whichever implementation serves it (in process,
over gRPC, or in Redis). Names follow MAD's interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Location:
    lat: float
    lng: float


@dataclass(frozen=True)
class LatestEntry:
    """The newest data of one kind from one device.

    timestamp_received: the device's capture time; timestamp_of_data_retrieval: when the receiver got it
    (the server clock workers compare against)."""

    location: Location
    timestamp_received: int
    timestamp_of_data_retrieval: int
    data: Any


class MitmMapper(Protocol):
    async def update_latest(self, origin: str, key: str, value: Any, timestamp_received_raw: int,
                            timestamp_received_receiver: int, location: Location,
                            cell_ids: list[int] | None = None) -> None: ...

    async def request_latest(self, origin: str, key: str,
                             timestamp_earliest: int | None = None) -> LatestEntry | None: ...

    async def get_last_possibly_moved(self, origin: str) -> int: ...

    async def get_last_known_location(self, origin: str) -> Location | None: ...

    async def get_level(self, origin: str) -> int: ...

    async def set_level(self, origin: str, level: int) -> None: ...

    async def get_poke_stop_visits(self, origin: str) -> int: ...

    async def set_pokestop_visits(self, origin: str, visits: int) -> None: ...

    async def get_injection_status(self, origin: str) -> bool: ...

    async def set_injection_status(self, origin: str, status: bool) -> None: ...

    async def get_quests_held(self, origin: str) -> list[int] | None: ...

    async def set_quests_held(self, origin: str, quests_held: list[int] | None) -> None: ...

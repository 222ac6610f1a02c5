"""The MitmMapper Protocol over gRPC (MAD's `mitmmapper_type = grpc` on the core and the receivers).

What a client gets back: `request_latest(...).data` is the JSON-decoded payload (dicts, lists, ints, floats,
strings; 64-bit integers exact), whatever object the writer stored (receivers store msgspec structs).

When the MitmMapper cannot be reached, the outage is logged once (and its end once, with the number of calls
that failed); updates are not delivered meanwhile, and reads answer "nothing known": no latest data,
injection False, no location, unknown quests; level and stop visits fall back to the last value this process
saw, so receivers keep storing IVs of level-30 accounts through a restart. Other errors raise."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from grpc import aio

from magneton.config import Config
from magneton.mitm_mapper import LatestEntry, Location
from magneton.rpc.generated import mitm_mapper_pb2 as pb
from magneton.rpc.generated import mitm_mapper_pb2_grpc as pb_grpc
from magneton.rpc.generated import shared_pb2
from magneton.rpc.mitm_mapper_server import location_msg, location_of
from magneton.rpc.transport import DEADLINE, UNREACHABLE, Endpoint, PeerHealth, make_channel

log = logging.getLogger(__name__)

_json = msgspec.json.Encoder()


class GrpcMitmMapper:
    name = "MitmMapper gRPC client"

    def __init__(self, cfg: Config, deadline: float = DEADLINE) -> None:
        self.endpoint = Endpoint.of(cfg, "mitmmapper")
        self.deadline = deadline
        self.health = PeerHealth(self.endpoint, log)
        self._channel: aio.Channel | None = None
        self._stub: pb_grpc.MitmMapperStub | None = None
        self._levels: dict[str, int] = {}
        self._visits: dict[str, int] = {}

    async def start(self) -> None:
        self._channel = make_channel(self.endpoint)
        self._stub = pb_grpc.MitmMapperStub(self._channel)
        log.info("MitmMapper at %s", self.endpoint.address)

    async def stop(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    async def _call(self, method: str, request: Any, fallback: Any = None) -> Any:
        try:
            response = await getattr(self._stub, method)(request, timeout=self.deadline)
        except aio.AioRpcError as exc:
            if exc.code() not in UNREACHABLE:
                raise RuntimeError(f"MitmMapper {method} failed: {exc.code().name}: {exc.details()}") from None
            self.health.failed(exc)
            return fallback
        self.health.ok()
        return response

    # --- latest data ----------------------------------------------------------------------------------
    async def update_latest(self, origin: str, key: str, value: Any, timestamp_received_raw: int,
                            timestamp_received_receiver: int, location: Location,
                            cell_ids: list[int] | None = None) -> None:
        entry = pb.LatestMitmDataEntry(location=location_msg(location), timestamp_received=timestamp_received_raw,
                                       timestamp_of_data_retrieval=timestamp_received_receiver,
                                       json_data=_json.encode(value))
        await self._call("UpdateLatest", pb.LatestMitmDataEntryUpdateRequest(
            worker=shared_pb2.Worker(name=origin), key=key, data=entry, cell_ids=cell_ids or ()))

    async def request_latest(self, origin: str, key: str,
                             timestamp_earliest: int | None = None) -> LatestEntry | None:
        request = pb.LatestMitmDataEntryRequest(worker=shared_pb2.Worker(name=origin), key=key,
                                                timestamp_earliest=timestamp_earliest)
        response = await self._call("RequestLatest", request)
        if response is None or not response.HasField("entry"):
            return None
        entry = response.entry
        return LatestEntry(location_of(entry.location), entry.timestamp_received, entry.timestamp_of_data_retrieval,
                           msgspec.json.decode(entry.json_data) if entry.json_data else None)

    async def get_last_possibly_moved(self, origin: str) -> int:
        response = await self._call("GetLastPossiblyMoved", shared_pb2.Worker(name=origin))
        return response.timestamp if response is not None else 0

    async def get_last_known_location(self, origin: str) -> Location | None:
        response = await self._call("GetLastKnownLocation", shared_pb2.Worker(name=origin))
        if response is None or not response.HasField("location"):
            return None
        return location_of(response.location)

    # --- player -----------------------------------------------------------------------------------------
    async def get_level(self, origin: str) -> int:
        response = await self._call("GetLevel", shared_pb2.Worker(name=origin))
        if response is None:
            return self._levels.get(origin, 0)
        self._levels[origin] = response.level
        return response.level

    async def set_level(self, origin: str, level: int) -> None:
        self._levels[origin] = level
        await self._call("SetLevel", pb.SetLevelRequest(worker=shared_pb2.Worker(name=origin), level=level))

    async def get_poke_stop_visits(self, origin: str) -> int:
        response = await self._call("GetPokestopVisits", shared_pb2.Worker(name=origin))
        if response is None:
            return self._visits.get(origin, 0)
        self._visits[origin] = response.stops_visited
        return response.stops_visited

    async def set_pokestop_visits(self, origin: str, visits: int) -> None:
        self._visits[origin] = visits
        await self._call("SetPokestopVisits",
                         pb.SetPokestopVisitsRequest(worker=shared_pb2.Worker(name=origin), pokestop_visits=visits))

    async def get_injection_status(self, origin: str) -> bool:
        response = await self._call("GetInjectionStatus", shared_pb2.Worker(name=origin))
        return response.is_injected if response is not None else False

    async def set_injection_status(self, origin: str, status: bool) -> None:
        await self._call("SetInjected", pb.InjectedRequest(worker=shared_pb2.Worker(name=origin),
                                                           injected=pb.InjectionStatus(is_injected=status)))

    async def get_quests_held(self, origin: str) -> list[int] | None:
        response = await self._call("GetQuestsHeld", shared_pb2.Worker(name=origin))
        if response is None or not response.HasField("quests_held"):
            return None
        return list(response.quests_held.quest_ids)

    async def set_quests_held(self, origin: str, quests_held: list[int] | None) -> None:
        held = pb.QuestsHeld(quest_ids=quests_held) if quests_held is not None else None
        await self._call("SetQuestsHeld", pb.SetQuestsHeldRequest(worker=shared_pb2.Worker(name=origin),
                                                                  quests_held=held))

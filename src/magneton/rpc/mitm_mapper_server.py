"""Serves an in-process MitmMapper over gRPC (mapadroid.mitm_mapper.MitmMapper)."""

from __future__ import annotations

import logging

import msgspec

from magneton.mitm_mapper import Location, MitmMapper
from magneton.rpc.generated import mitm_mapper_pb2 as pb
from magneton.rpc.generated import mitm_mapper_pb2_grpc as pb_grpc
from magneton.rpc.generated import shared_pb2

log = logging.getLogger(__name__)

ACK = shared_pb2.Ack()
_json = msgspec.json.Encoder()


def location_msg(location: Location) -> shared_pb2.Location:
    return shared_pb2.Location(latitude=location.lat, longitude=location.lng)


def location_of(msg: shared_pb2.Location) -> Location:
    return Location(msg.latitude, msg.longitude)


class MitmMapperServicer(pb_grpc.MitmMapperServicer):
    def __init__(self, mapper: MitmMapper) -> None:
        self.mapper = mapper

    async def UpdateLatest(self, request: pb.LatestMitmDataEntryUpdateRequest, context) -> shared_pb2.Ack:
        entry = request.data
        # Stored decoded (plain JSON values): in-process readers of this process get the same shape as
        # gRPC clients do.
        await self.mapper.update_latest(
            request.worker.name, request.key, msgspec.json.decode(entry.json_data) if entry.json_data else None,
            entry.timestamp_received, entry.timestamp_of_data_retrieval,
            location_of(entry.location) if entry.HasField("location") else Location(0.0, 0.0),
            list(request.cell_ids) or None)
        return ACK

    async def RequestLatest(self, request: pb.LatestMitmDataEntryRequest, context) -> pb.LatestMitmDataEntryResponse:
        earliest = request.timestamp_earliest if request.HasField("timestamp_earliest") else None
        entry = await self.mapper.request_latest(request.worker.name, request.key, earliest)
        if entry is None:
            return pb.LatestMitmDataEntryResponse()
        return pb.LatestMitmDataEntryResponse(entry=pb.LatestMitmDataEntry(
            location=location_msg(entry.location), timestamp_received=entry.timestamp_received,
            timestamp_of_data_retrieval=entry.timestamp_of_data_retrieval, json_data=_json.encode(entry.data)))

    async def GetLastPossiblyMoved(self, request: shared_pb2.Worker, context) -> pb.LastMoved:
        return pb.LastMoved(timestamp=await self.mapper.get_last_possibly_moved(request.name))

    async def SetLevel(self, request: pb.SetLevelRequest, context) -> shared_pb2.Ack:
        await self.mapper.set_level(request.worker.name, request.level)
        return ACK

    async def GetLevel(self, request: shared_pb2.Worker, context) -> pb.LevelResponse:
        return pb.LevelResponse(level=await self.mapper.get_level(request.name))

    async def SetPokestopVisits(self, request: pb.SetPokestopVisitsRequest, context) -> shared_pb2.Ack:
        await self.mapper.set_pokestop_visits(request.worker.name, request.pokestop_visits)
        return ACK

    async def GetPokestopVisits(self, request: shared_pb2.Worker, context) -> pb.PokestopVisitsResponse:
        return pb.PokestopVisitsResponse(stops_visited=await self.mapper.get_poke_stop_visits(request.name))

    async def SetInjected(self, request: pb.InjectedRequest, context) -> shared_pb2.Ack:
        await self.mapper.set_injection_status(request.worker.name, request.injected.is_injected)
        return ACK

    async def GetInjectionStatus(self, request: shared_pb2.Worker, context) -> pb.InjectionStatus:
        return pb.InjectionStatus(is_injected=await self.mapper.get_injection_status(request.name))

    async def GetLastKnownLocation(self, request: shared_pb2.Worker, context) -> pb.LastKnownLocationResponse:
        location = await self.mapper.get_last_known_location(request.name)
        if location is None:
            return pb.LastKnownLocationResponse()
        return pb.LastKnownLocationResponse(location=location_msg(location))

    async def SetQuestsHeld(self, request: pb.SetQuestsHeldRequest, context) -> shared_pb2.Ack:
        held = list(request.quests_held.quest_ids) if request.HasField("quests_held") else None
        await self.mapper.set_quests_held(request.worker.name, held)
        return ACK  # MAD answered nothing here, so every call ended in an error

    async def GetQuestsHeld(self, request: shared_pb2.Worker, context) -> pb.GetQuestsHeldResponse:
        held = await self.mapper.get_quests_held(request.name)
        if held is None:
            return pb.GetQuestsHeldResponse()
        return pb.GetQuestsHeldResponse(quests_held=pb.QuestsHeld(quest_ids=held))


def register(mapper: MitmMapper):
    servicer = MitmMapperServicer(mapper)
    return lambda server: pb_grpc.add_MitmMapperServicer_to_server(servicer, server)

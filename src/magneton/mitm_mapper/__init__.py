"""The MitmMapper: the latest data each device sent, its player level, injection state and position.

Implementations (`mitmmapper_type`): MemoryMitmMapper (standalone, and what the gRPC server serves),
magneton.rpc.mitm_mapper_client.GrpcMitmMapper (grpc) and RedisMitmMapper (redis)."""

from magneton.mitm_mapper.interface import LatestEntry, Location, MitmMapper
from magneton.mitm_mapper.memory import MemoryMitmMapper

__all__ = ["LatestEntry", "Location", "MemoryMitmMapper", "MitmMapper"]

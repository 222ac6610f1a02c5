"""The MitmMapper: the latest data each device sent, its player level, injection state and position."""

from magneton.mitm_mapper.interface import LatestEntry, Location, MitmMapper
from magneton.mitm_mapper.memory import MemoryMitmMapper

__all__ = ["LatestEntry", "Location", "MemoryMitmMapper", "MitmMapper"]

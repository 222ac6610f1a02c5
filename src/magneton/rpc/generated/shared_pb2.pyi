from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class PositionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NORMAL: _ClassVar[PositionType]
    PRIOQ: _ClassVar[PositionType]
    STARTUP: _ClassVar[PositionType]
    REBOOT: _ClassVar[PositionType]
    RESTART: _ClassVar[PositionType]

class TransportType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TELEPORT: _ClassVar[TransportType]
    WALK: _ClassVar[TransportType]

class MonSeenTypes(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WILD: _ClassVar[MonSeenTypes]
    ENCOUNTER: _ClassVar[MonSeenTypes]
    LURE_ENCOUNTER: _ClassVar[MonSeenTypes]
    LURE_WILD: _ClassVar[MonSeenTypes]
    NEARBY_STOP: _ClassVar[MonSeenTypes]
    NEARBY_CELL: _ClassVar[MonSeenTypes]
NORMAL: PositionType
PRIOQ: PositionType
STARTUP: PositionType
REBOOT: PositionType
RESTART: PositionType
TELEPORT: TransportType
WALK: TransportType
WILD: MonSeenTypes
ENCOUNTER: MonSeenTypes
LURE_ENCOUNTER: MonSeenTypes
LURE_WILD: MonSeenTypes
NEARBY_STOP: MonSeenTypes
NEARBY_CELL: MonSeenTypes

class Worker(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Ack(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

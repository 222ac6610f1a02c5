from magneton.rpc.generated import shared_pb2 as _shared_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Stats(_message.Message):
    __slots__ = ("worker", "timestamp", "wild_mons", "mon_iv", "quest", "raid", "location_data", "seen_type")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    WILD_MONS_FIELD_NUMBER: _ClassVar[int]
    MON_IV_FIELD_NUMBER: _ClassVar[int]
    QUEST_FIELD_NUMBER: _ClassVar[int]
    RAID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_DATA_FIELD_NUMBER: _ClassVar[int]
    SEEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    timestamp: int
    wild_mons: StatsWildMon
    mon_iv: StatsMonIv
    quest: StatsQuest
    raid: StatsRaid
    location_data: StatsLocationData
    seen_type: StatsSeenType
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., timestamp: _Optional[int] = ..., wild_mons: _Optional[_Union[StatsWildMon, _Mapping]] = ..., mon_iv: _Optional[_Union[StatsMonIv, _Mapping]] = ..., quest: _Optional[_Union[StatsQuest, _Mapping]] = ..., raid: _Optional[_Union[StatsRaid, _Mapping]] = ..., location_data: _Optional[_Union[StatsLocationData, _Mapping]] = ..., seen_type: _Optional[_Union[StatsSeenType, _Mapping]] = ...) -> None: ...

class StatsBatch(_message.Message):
    __slots__ = ("stats",)
    STATS_FIELD_NUMBER: _ClassVar[int]
    stats: _containers.RepeatedCompositeFieldContainer[Stats]
    def __init__(self, stats: _Optional[_Iterable[_Union[Stats, _Mapping]]] = ...) -> None: ...

class StatsWildMon(_message.Message):
    __slots__ = ("encounter_ids",)
    ENCOUNTER_IDS_FIELD_NUMBER: _ClassVar[int]
    encounter_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, encounter_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class StatsMonIv(_message.Message):
    __slots__ = ("encounter_id", "is_shiny")
    ENCOUNTER_ID_FIELD_NUMBER: _ClassVar[int]
    IS_SHINY_FIELD_NUMBER: _ClassVar[int]
    encounter_id: int
    is_shiny: bool
    def __init__(self, encounter_id: _Optional[int] = ..., is_shiny: _Optional[bool] = ...) -> None: ...

class StatsQuest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StatsRaid(_message.Message):
    __slots__ = ("amount",)
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    amount: int
    def __init__(self, amount: _Optional[int] = ...) -> None: ...

class StatsLocationData(_message.Message):
    __slots__ = ("location", "success", "fix_timestamp", "data_timestamp", "position_type", "walker", "transport_type")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    SUCCESS_FIELD_NUMBER: _ClassVar[int]
    FIX_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    DATA_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    POSITION_TYPE_FIELD_NUMBER: _ClassVar[int]
    WALKER_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_TYPE_FIELD_NUMBER: _ClassVar[int]
    location: _shared_pb2.Location
    success: bool
    fix_timestamp: int
    data_timestamp: int
    position_type: _shared_pb2.PositionType
    walker: str
    transport_type: _shared_pb2.TransportType
    def __init__(self, location: _Optional[_Union[_shared_pb2.Location, _Mapping]] = ..., success: _Optional[bool] = ..., fix_timestamp: _Optional[int] = ..., data_timestamp: _Optional[int] = ..., position_type: _Optional[_Union[_shared_pb2.PositionType, str]] = ..., walker: _Optional[str] = ..., transport_type: _Optional[_Union[_shared_pb2.TransportType, str]] = ...) -> None: ...

class StatsSeenType(_message.Message):
    __slots__ = ("encounter_ids", "type_of_detection")
    ENCOUNTER_IDS_FIELD_NUMBER: _ClassVar[int]
    TYPE_OF_DETECTION_FIELD_NUMBER: _ClassVar[int]
    encounter_ids: _containers.RepeatedScalarFieldContainer[int]
    type_of_detection: _shared_pb2.MonSeenTypes
    def __init__(self, encounter_ids: _Optional[_Iterable[int]] = ..., type_of_detection: _Optional[_Union[_shared_pb2.MonSeenTypes, str]] = ...) -> None: ...

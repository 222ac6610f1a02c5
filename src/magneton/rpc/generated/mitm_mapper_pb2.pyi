from magneton.rpc.generated import shared_pb2 as _shared_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LastMoved(_message.Message):
    __slots__ = ("timestamp",)
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    timestamp: int
    def __init__(self, timestamp: _Optional[int] = ...) -> None: ...

class LatestMitmDataEntry(_message.Message):
    __slots__ = ("location", "timestamp_received", "timestamp_of_data_retrieval", "json_data")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_OF_DATA_RETRIEVAL_FIELD_NUMBER: _ClassVar[int]
    JSON_DATA_FIELD_NUMBER: _ClassVar[int]
    location: _shared_pb2.Location
    timestamp_received: int
    timestamp_of_data_retrieval: int
    json_data: bytes
    def __init__(self, location: _Optional[_Union[_shared_pb2.Location, _Mapping]] = ..., timestamp_received: _Optional[int] = ..., timestamp_of_data_retrieval: _Optional[int] = ..., json_data: _Optional[bytes] = ...) -> None: ...

class LatestMitmDataEntryUpdateRequest(_message.Message):
    __slots__ = ("worker", "key", "data", "cell_ids")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    CELL_IDS_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    key: str
    data: LatestMitmDataEntry
    cell_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., key: _Optional[str] = ..., data: _Optional[_Union[LatestMitmDataEntry, _Mapping]] = ..., cell_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class LatestMitmDataEntryRequest(_message.Message):
    __slots__ = ("worker", "key", "timestamp_earliest")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_EARLIEST_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    key: str
    timestamp_earliest: int
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., key: _Optional[str] = ..., timestamp_earliest: _Optional[int] = ...) -> None: ...

class LatestMitmDataEntryResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: LatestMitmDataEntry
    def __init__(self, entry: _Optional[_Union[LatestMitmDataEntry, _Mapping]] = ...) -> None: ...

class SetLevelRequest(_message.Message):
    __slots__ = ("worker", "level")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    level: int
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., level: _Optional[int] = ...) -> None: ...

class LevelResponse(_message.Message):
    __slots__ = ("level",)
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    level: int
    def __init__(self, level: _Optional[int] = ...) -> None: ...

class SetPokestopVisitsRequest(_message.Message):
    __slots__ = ("worker", "pokestop_visits")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    POKESTOP_VISITS_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    pokestop_visits: int
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., pokestop_visits: _Optional[int] = ...) -> None: ...

class PokestopVisitsResponse(_message.Message):
    __slots__ = ("stops_visited",)
    STOPS_VISITED_FIELD_NUMBER: _ClassVar[int]
    stops_visited: int
    def __init__(self, stops_visited: _Optional[int] = ...) -> None: ...

class InjectionStatus(_message.Message):
    __slots__ = ("is_injected",)
    IS_INJECTED_FIELD_NUMBER: _ClassVar[int]
    is_injected: bool
    def __init__(self, is_injected: _Optional[bool] = ...) -> None: ...

class InjectedRequest(_message.Message):
    __slots__ = ("worker", "injected")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    INJECTED_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    injected: InjectionStatus
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., injected: _Optional[_Union[InjectionStatus, _Mapping]] = ...) -> None: ...

class LastKnownLocationResponse(_message.Message):
    __slots__ = ("location",)
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    location: _shared_pb2.Location
    def __init__(self, location: _Optional[_Union[_shared_pb2.Location, _Mapping]] = ...) -> None: ...

class QuestsHeld(_message.Message):
    __slots__ = ("quest_ids",)
    QUEST_IDS_FIELD_NUMBER: _ClassVar[int]
    quest_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, quest_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class SetQuestsHeldRequest(_message.Message):
    __slots__ = ("worker", "quests_held")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    QUESTS_HELD_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    quests_held: QuestsHeld
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., quests_held: _Optional[_Union[QuestsHeld, _Mapping]] = ...) -> None: ...

class GetQuestsHeldResponse(_message.Message):
    __slots__ = ("quests_held",)
    QUESTS_HELD_FIELD_NUMBER: _ClassVar[int]
    quests_held: QuestsHeld
    def __init__(self, quests_held: _Optional[_Union[QuestsHeld, _Mapping]] = ...) -> None: ...

"""Converts magneton.mapping's dataclasses to and from the mapping_manager.proto messages of the same name.

Fields are matched by name and converted by their type hints: scalars, `X | None` (proto `optional`, absent
= None), tuples of ints or of records (repeated), `tuple[float, float]` (LatLng), datetimes (DateTime, naive
or aware), int-keyed mappings (map) and time zones (Zone)."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from magneton.rpc.generated import mapping_manager_pb2 as pb

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def datetime_msg(value: datetime) -> pb.DateTime:
    if value.tzinfo is None:
        return pb.DateTime(micros=(value.replace(tzinfo=UTC) - _EPOCH) // timedelta(microseconds=1), naive=True)
    return pb.DateTime(micros=(value - _EPOCH) // timedelta(microseconds=1), zone=zone_msg(value.tzinfo))


def datetime_of(msg: pb.DateTime) -> datetime:
    value = _EPOCH + timedelta(microseconds=msg.micros)
    if msg.naive:
        return value.replace(tzinfo=None)
    return value.astimezone(zone_of(msg.zone)) if msg.HasField("zone") else value


def zone_msg(zone: tzinfo) -> pb.Zone:
    if isinstance(zone, ZoneInfo):
        return pb.Zone(name=zone.key)
    offset = zone.utcoffset(None)
    if offset is None:
        raise ValueError(f"time zone {zone!r} has no fixed offset and no IANA name")
    return pb.Zone(utc_offset_seconds=int(offset.total_seconds()))


def zone_of(msg: pb.Zone) -> tzinfo:
    if msg.name:
        return ZoneInfo(msg.name)
    return UTC if msg.utc_offset_seconds == 0 else timezone(timedelta(seconds=msg.utc_offset_seconds))


def _optional_inner(hint: Any) -> tuple[Any, bool]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def to_msg(record: Any, msg_cls: type) -> Any:
    """The message of type msg_cls holding the dataclass record."""
    msg = msg_cls()
    hints = _hints(type(record))
    for f in dataclasses.fields(record):
        _set(msg, f.name, hints[f.name], getattr(record, f.name))
    return msg


def _set(msg: Any, name: str, hint: Any, value: Any) -> None:
    hint, _ = _optional_inner(hint)
    if value is None:
        return  # absent (the proto field is `optional`, or a message left unset)
    origin = typing.get_origin(hint)
    field_msg_cls = _field_message_class(msg, name)
    if dataclasses.is_dataclass(hint):
        getattr(msg, name).CopyFrom(to_msg(value, field_msg_cls))
    elif hint is datetime:
        getattr(msg, name).CopyFrom(datetime_msg(value))
    elif origin is tuple and typing.get_args(hint) == (float, float):
        getattr(msg, name).CopyFrom(pb.LatLng(lat=value[0], lng=value[1]))
    elif origin is tuple:
        item = typing.get_args(hint)[0]
        target = getattr(msg, name)
        if dataclasses.is_dataclass(item):
            target.extend(to_msg(v, field_msg_cls) for v in value)
        else:
            target.extend(value)
    elif origin in (Mapping, dict, typing.get_origin(Mapping[int, int])):
        _key, item = typing.get_args(hint)
        target = getattr(msg, name)
        for key, v in value.items():
            if item is tzinfo:
                target[key].CopyFrom(zone_msg(v))
            else:
                target[key] = v
    else:
        setattr(msg, name, value)


def _field_message_class(msg: Any, name: str) -> type | None:
    field = msg.DESCRIPTOR.fields_by_name.get(name)
    if field is None:
        raise ValueError(f"{msg.DESCRIPTOR.full_name} has no field {name!r}")
    if field.message_type is None or field.message_type.GetOptions().map_entry:
        return None
    return getattr(pb, field.message_type.name, None)


def from_msg(msg: Any, cls: type) -> Any:
    """The dataclass cls built from the message (the inverse of to_msg)."""
    hints = _hints(cls)
    values = {f.name: _get(msg, f.name, hints[f.name]) for f in dataclasses.fields(cls)}
    return cls(**values)


def _get(msg: Any, name: str, hint: Any) -> Any:
    inner, optional = _optional_inner(hint)
    field = msg.DESCRIPTOR.fields_by_name[name]
    if (optional or field.message_type is not None) and field.has_presence and not msg.HasField(name):
        return None
    value = getattr(msg, name)
    origin = typing.get_origin(inner)
    if dataclasses.is_dataclass(inner):
        return from_msg(value, inner)
    if inner is datetime:
        return datetime_of(value)
    if origin is tuple and typing.get_args(inner) == (float, float):
        return (value.lat, value.lng)
    if origin is tuple:
        item = typing.get_args(inner)[0]
        return tuple(from_msg(v, item) for v in value) if dataclasses.is_dataclass(item) else tuple(value)
    if origin in (Mapping, dict, typing.get_origin(Mapping[int, int])):
        _key, item = typing.get_args(inner)
        return {k: zone_of(v) if item is tzinfo else v for k, v in value.items()}
    return value

"""What PogoDroid POSTs: a JSON list of entries (or one entry), each a game response with its metadata.

Decoding is strict and typed (msgspec): a malformed entry is rejected with a reason naming the path of
the bad value, and only that entry is lost; the other entries of the same body go on."""

from __future__ import annotations

import enum
import gzip
import time
import zlib

import msgspec


class ProtoType(enum.IntEnum):
    """Game method ids that carry map or player data; every other type is ignored, as in MAD."""

    INVENTORY = 4
    FORT_SEARCH = 101
    ENCOUNTER = 102
    FORT_DETAILS = 104
    GMO = 106
    DISK_ENCOUNTER = 145
    GYM_INFO = 156
    ROUTES = 1405


class Entry(msgspec.Struct):
    """One captured response. `payload` stays undecoded until its type is known."""

    type: int = 0
    payload: msgspec.Raw = msgspec.Raw(b"null")
    timestamp: float | None = None
    lat: float = 0.0
    lng: float = 0.0
    raw: bool = False
    quests_held: list[int] | None = None


class BodyError(ValueError):
    """The whole body is unusable (not JSON, not a list or object): answered with 400."""


_entries = msgspec.json.Decoder(list[msgspec.Raw])
_entry = msgspec.json.Decoder(Entry)


def inflate(body: bytes) -> bytes:
    """PD gzips its posts; accept them with or without a Content-Encoding header."""
    if body[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(body)
        except (OSError, EOFError, zlib.error) as exc:
            raise BodyError(f"corrupt gzip body: {exc}") from None
    return body


def split_entries(body: bytes) -> list[msgspec.Raw]:
    """The raw JSON of each entry, in order."""
    text = body.lstrip()
    if text[:1] == b"[":
        try:
            return _entries.decode(text)
        except msgspec.DecodeError as exc:
            raise BodyError(f"malformed JSON body: {exc}") from None
    if text[:1] == b"{":
        try:
            msgspec.json.decode(text)  # validate the JSON once; the entry decoder reports field errors
        except msgspec.DecodeError as exc:
            raise BodyError(f"malformed JSON body: {exc}") from None
        return [msgspec.Raw(text)]
    raise BodyError("body must be a JSON list of entries or one entry object")


def decode_entry(raw: msgspec.Raw) -> Entry:
    """Decode the envelope of one entry; raises msgspec.ValidationError with the offending path."""
    return _entry.decode(raw)


def sanitize_location(lat: float, lng: float) -> tuple[float, float]:
    """MAD records (0, 0) for a device location that is out of range."""
    if -90.0 <= lat <= 90.0 and -180.0 <= lng <= 180.0:
        return lat, lng
    return 0.0, 0.0


def entry_timestamp(entry: Entry, now: float | None = None) -> int:
    """The device's receive time in whole seconds; the server's clock when the device sent none."""
    return int(entry.timestamp) if entry.timestamp else int(now if now is not None else time.time())

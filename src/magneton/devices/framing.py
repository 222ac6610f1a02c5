"""RGC's websocket framing.

Server → device: text `"<id>;<command>"`, or binary `<id u32 BE><byte command u32 BE><payload>`.
Device → server: text `"<id>;<answer>"` (split on the first `;`), or binary `<id u32 BE><bytes>`.
Message ids run 1 … 99999, 0, 1 … (`(id + 1) mod 100000`).
"""

from __future__ import annotations

import struct

ID_MODULUS = 100_000
_HEADER = struct.Struct(">I")
_BINARY_HEADER = struct.Struct(">II")

# Byte commands of binary frames sent to the device.
INSTALL_APK = 1
INSTALL_BUNDLE = 2


def next_id(current: int) -> int:
    return (current + 1) % ID_MODULUS


def encode_text(message_id: int, command: str) -> str:
    return f"{message_id};{command}"


def encode_binary(message_id: int, byte_command: int, payload: bytes) -> bytes:
    return _BINARY_HEADER.pack(message_id, byte_command) + payload


def decode(message: str | bytes) -> tuple[int, str | bytes] | None:
    """(id, answer) of a device frame; None when the frame carries no integer id."""
    if isinstance(message, str):
        head, sep, answer = message.partition(";")
        if not sep:
            return None
        try:
            return int(head), answer
        except ValueError:
            return None
    if len(message) < _HEADER.size:
        return None
    return _HEADER.unpack_from(message)[0], bytes(message[_HEADER.size:])

"""What a simulated phone's screen shows: a PNG at the phone's resolution (a map with streets that shift
as the phone moves, the player in the middle), so MADmin's screenshot, tap scaling and page photos have
a real picture to work with. Only zlib and struct: no imaging library for a test double."""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 1080, 1920  # what the sim answers to `screen size`
GRASS, STREET, BAR, PLAYER = b"\xa8\xd5\xa2", b"\xf2\xf0\xe8", b"\x1d\x23\x30", b"\x2f\x6f\xdf"
BLOCK, STREET_WIDTH, BAR_HEIGHT, RADIUS = 240, 36, 120, 54


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def screen_png(lat: float, lng: float, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    # streets move by one block per ~0.002° (about 200 m), so consecutive screenshots differ
    dx, dy = int(lng * 120_000) % BLOCK, int(-lat * 120_000) % BLOCK
    grass = bytearray(GRASS * width)
    for x in range(-dx % BLOCK, width, BLOCK):
        grass[3 * x:3 * min(width, x + STREET_WIDTH)] = STREET * (min(width, x + STREET_WIDTH) - x)
    street, bar = STREET * width, BAR * width
    cx, cy = width // 2, height // 2
    raw = bytearray()
    for y in range(height):
        if y < BAR_HEIGHT:
            row = bar
        elif (y + dy) % BLOCK < STREET_WIDTH:
            row = street
        else:
            row = grass
        if abs(y - cy) <= RADIUS:  # the player: a filled circle
            half = int((RADIUS ** 2 - (y - cy) ** 2) ** 0.5)
            row = bytearray(row)
            row[3 * (cx - half):3 * (cx + half)] = PLAYER * (2 * half)
        raw += b"\x00" + row  # filter type 0 per scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(raw), 6))
            + _chunk(b"IEND", b""))

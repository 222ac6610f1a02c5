"""A minimal RGC: a real websocket client that answers the server's commands from a script."""

from __future__ import annotations

import asyncio
import base64
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

Reply = str | bytes | None  # None: stay silent


@dataclass
class Received:
    message_id: int
    text: str | None = None
    byte_command: int | None = None
    payload: bytes | None = None


@dataclass
class FakeRgc:
    url: str
    origin: str | None = "dev01"
    user: str | None = "mitmuser"
    password: str = "mitmpass"
    answer: Callable[[Received], Reply] = lambda r: "OK"
    received: list[Received] = field(default_factory=list)
    socket: ClientConnection | None = None
    _task: asyncio.Task | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return headers

    async def connect(self) -> FakeRgc:
        self.socket = await connect(self.url, origin=self.origin, additional_headers=self.headers(), proxy=None,
                                    max_size=2 ** 25)
        self._task = asyncio.create_task(self._loop())
        return self

    async def _loop(self) -> None:
        assert self.socket is not None
        try:
            async for message in self.socket:
                if isinstance(message, str):
                    head, _, text = message.partition(";")
                    got = Received(int(head), text=text)
                else:
                    message_id, byte_command = struct.unpack_from(">II", message)
                    got = Received(message_id, byte_command=byte_command, payload=message[8:])
                self.received.append(got)
                reply = self.answer(got)
                if isinstance(reply, str):
                    await self.socket.send(f"{got.message_id};{reply}")
                elif isinstance(reply, bytes):
                    await self.socket.send(struct.pack(">I", got.message_id) + reply)
        except ConnectionClosed:
            pass

    async def closed(self) -> int | None:
        """Wait until the server closes the connection; its close code."""
        assert self.socket is not None
        await self.socket.wait_closed()
        return self.socket.close_code

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

"""Per-origin state that outlives a websocket: message ids, pending answers, the timeout streak.

A session is created the first time an origin is seen and is never dropped, so a device that
reconnects continues with the same ids, the same communicator and whatever its worker kept (as MAD
keeps its connected-client entries).
"""

from __future__ import annotations

import asyncio
import logging
import time

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State

from magneton.devices import framing
from magneton.devices.errors import CommandTimeout, DeviceDisconnected

log = logging.getLogger(__name__)

MAX_CONSECUTIVE_TIMEOUTS = 6


class DeviceSession:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.last_id = 0
        self.consecutive_timeouts = 0
        self.connections = 0
        self.connected_at: float | None = None
        self.connected_peer: str | None = None
        self.lock = asyncio.Lock()  # one ordinary command in flight; passthrough bypasses it
        self._socket: ServerConnection | None = None
        self._pending: dict[int, asyncio.Future[str | bytes]] = {}
        self._alive = asyncio.Event()

    @property
    def is_alive(self) -> bool:
        return self._socket is not None and self._socket.state is State.OPEN

    async def wait_alive(self) -> None:
        await self._alive.wait()

    def attach(self, socket: ServerConnection) -> None:
        self._socket = socket
        self.connections += 1
        self.connected_at = time.time()
        self.consecutive_timeouts = 0
        self._alive.set()

    def detach(self, socket: ServerConnection) -> bool:
        """Forget `socket` if it is the current one; answers still awaited fail as disconnected."""
        if self._socket is not socket:
            return False
        self._socket = None
        self._alive.clear()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(DeviceDisconnected(self.origin))
        return True

    def deliver(self, message: str | bytes) -> None:
        decoded = framing.decode(message)
        if decoded is None:
            log.warning("[%s] dropped a message without a numeric id: %.80r", self.origin, message)
            return
        message_id, answer = decoded
        future = self._pending.get(message_id)
        if future is None or future.done():
            log.debug("[%s] dropped an answer nobody waits for (id %d, late or unsolicited)", self.origin, message_id)
            return
        future.set_result(answer)

    def _next_id(self) -> int:
        self.last_id = framing.next_id(self.last_id)
        return self.last_id

    async def request(self, text: str, timeout: float, *, shown: str, payload: bytes | None = None,
                      byte_command: int | None = None) -> str | bytes:
        """Send one frame and wait for the answer with the same id."""
        socket = self._socket
        if socket is None or socket.state is not State.OPEN:
            raise DeviceDisconnected(self.origin)
        message_id = self._next_id()
        future: asyncio.Future[str | bytes] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        try:
            frame: str | bytes = (framing.encode_text(message_id, text) if payload is None
                                  else framing.encode_binary(message_id, byte_command or 0, payload))
            try:
                await socket.send(frame)
            except ConnectionClosed:
                raise DeviceDisconnected(self.origin, shown) from None
            try:
                async with asyncio.timeout(timeout):
                    answer = await future
            except TimeoutError:
                await self._timed_out(socket, shown)
                raise CommandTimeout(self.origin, shown, timeout) from None
            except DeviceDisconnected:
                raise DeviceDisconnected(self.origin, shown) from None
        finally:
            self._pending.pop(message_id, None)
        self.consecutive_timeouts = 0
        return answer

    async def _timed_out(self, socket: ServerConnection, shown: str) -> None:
        self.consecutive_timeouts += 1
        log.warning("[%s] no answer to %r (%d timeouts in a row)", self.origin, shown, self.consecutive_timeouts)
        if self.consecutive_timeouts >= MAX_CONSECUTIVE_TIMEOUTS and socket is self._socket:
            log.error("[%s] closing the connection after %d timeouts in a row", self.origin,
                      self.consecutive_timeouts)
            self.consecutive_timeouts = 0
            await socket.close()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

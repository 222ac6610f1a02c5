"""The RGC websocket server (`ws_ip:ws_port`): admits devices and routes their answers to sessions.

Every check happens after the upgrade, as in MAD: a refused device is closed normally and the reason
is logged (RGC expects no other handshake). Checks, in order: an `Origin` header; no other handshake
of that origin in progress; the origin is a loaded device; Basic auth against settings_auth rows with
the MITM_DATA bit (unless insecure_auth; no such row refuses everyone); and no open connection of the
same origin: the old connection wins, the new one is closed after a random 3–15 s so a reconnect
loop cannot hammer the server. A half-dead old connection is found by the 20 s ping and dropped.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from magneton.auth import basic_credentials
from magneton.config import Config
from magneton.devices.commands import EXIT_TIMEOUT
from magneton.devices.communicator import Communicator
from magneton.devices.errors import DeviceError
from magneton.devices.events import DeviceEvent, EventSubscription
from magneton.devices.interface import OriginDirectory
from magneton.devices.session import DeviceSession

log = logging.getLogger(__name__)

MAX_MESSAGE_SIZE = 2 ** 25  # screenshots and logcat zips must fit (MAD: 32 MiB)
PING_INTERVAL = PING_TIMEOUT = 20.0
CLOSE_TIMEOUT = 10.0
DUPLICATE_CLOSE_DELAY = (3.0, 15.0)
EVENT_QUEUE_SIZE = 1000


class WebsocketServer:
    """A Component and the DeviceHub of this process."""

    name = "device websocket server"

    def __init__(self, cfg: Config, directory: OriginDirectory, *,
                 duplicate_close_delay: tuple[float, float] = DUPLICATE_CLOSE_DELAY) -> None:
        self.cfg = cfg
        self.directory = directory
        self.duplicate_close_delay = duplicate_close_delay
        self._sessions: dict[str, DeviceSession] = {}
        self._communicators: dict[str, Communicator] = {}
        self._registering: set[str] = set()
        self._subscribers: set[EventSubscription] = set()
        self._server: Server | None = None

    # --- Component ---------------------------------------------------------------------------------
    async def start(self) -> None:
        self._server = await serve(self._handle, self.cfg.ws_ip, self.cfg.ws_port, max_size=MAX_MESSAGE_SIZE,
                                   ping_interval=PING_INTERVAL, ping_timeout=PING_TIMEOUT,
                                   close_timeout=CLOSE_TIMEOUT)
        log.info("device websocket listening on %s:%d", self.cfg.ws_ip, self.port)

    async def stop(self) -> None:
        if self._server is None:
            return
        # Tell connected devices the session ends (as MAD's cleanup does), then close every socket.
        await asyncio.gather(*(self._say_goodbye(o) for o in self.connected_origins()))
        self._server.close()
        await self._server.wait_closed()
        self._server = None

    async def _say_goodbye(self, origin: str) -> None:
        try:
            # bounded: a worker may still hold the device's command lock
            await asyncio.wait_for(self.communicator(origin).exit(), EXIT_TIMEOUT + 1)
        except (DeviceError, TimeoutError) as exc:
            log.debug("[%s] exit on shutdown: %s", origin, exc)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the websocket server is not running")
        return int(next(iter(self._server.sockets)).getsockname()[1])

    # --- DeviceHub ---------------------------------------------------------------------------------
    def session(self, origin: str) -> DeviceSession:
        """The per-origin state (ids, connection count, peer); created on first use, never dropped."""
        session = self._sessions.get(origin)
        if session is None:
            session = self._sessions[origin] = DeviceSession(origin)
            self._communicators[origin] = Communicator(session, self.cfg.websocket_command_timeout)
        return session

    def communicator(self, origin: str) -> Communicator:
        self.session(origin)
        return self._communicators[origin]

    def connected_origins(self) -> list[str]:
        return sorted(o for o, s in self._sessions.items() if s.is_alive)

    def is_connected(self, origin: str) -> bool:
        session = self._sessions.get(origin)
        return session is not None and session.is_alive

    async def wait_connected(self, origin: str) -> Communicator:
        await self.session(origin).wait_alive()
        return self._communicators[origin]

    def subscribe(self) -> EventSubscription:
        return EventSubscription(self._subscribers, EVENT_QUEUE_SIZE)

    def _publish(self, event: DeviceEvent) -> None:
        for subscriber in list(self._subscribers):
            subscriber.put(event)

    # --- connections -------------------------------------------------------------------------------
    async def _refuse(self, socket: ServerConnection, origin: str | None, reason: str) -> None:
        log.warning("[%s] refused device connection from %s: %s", origin or "no origin",
                    _peer(socket), reason)
        await socket.close()

    async def _handle(self, socket: ServerConnection) -> None:
        origins = socket.request.headers.get_all("Origin") if socket.request else []
        origin = origins[0] if origins else None
        if not origin:
            await self._refuse(socket, None, "no Origin header")
            return
        if origin in self._registering:
            await self._refuse(socket, origin, "another connection of this origin is being registered")
            return
        self._registering.add(origin)
        try:
            session = await self._admit(socket, origin)
        finally:
            self._registering.discard(origin)
        if session is None:
            return
        await self._serve(socket, session)

    async def _admit(self, socket: ServerConnection, origin: str) -> DeviceSession | None:
        if not await self.directory.is_known(origin):
            await self._refuse(socket, origin, "unknown origin; create the device in MADmin and apply settings")
            return None
        if not self.cfg.insecure_auth:
            credentials = basic_credentials(socket.request.headers.get("Authorization") if socket.request else None)
            if credentials is None:
                await self._refuse(socket, origin, "no valid Basic Authorization header")
                return None
            if not await self.directory.mitm_auth_ok(*credentials):
                await self._refuse(socket, origin, f"wrong credentials for user {credentials[0]!r} "
                                                   "(or no auth entry with MITM data access)")
                return None
        session = self.session(origin)
        if session.is_alive:
            delay = random.uniform(*self.duplicate_close_delay)
            log.warning("[%s] refused a second connection from %s: the connection from %s is still open "
                        "(closing in %.0f s)", origin, _peer(socket), session.connected_peer, delay)
            await asyncio.sleep(delay)
            await socket.close()
            return None
        session.attach(socket)
        session.connected_peer = _peer(socket)
        return session

    async def _serve(self, socket: ServerConnection, session: DeviceSession) -> None:
        origin = session.origin
        resumed = session.connections > 1
        log.info("[%s] device connected from %s (%s)", origin, _peer(socket),
                 f"reconnect #{session.connections - 1}, message ids continue at {session.last_id}"
                 if resumed else "first connection")
        self._publish(DeviceEvent(origin, "connected", time.time(), session.connections))
        try:
            async for message in socket:
                session.deliver(message)
        except ConnectionClosed:
            pass
        finally:
            session.detach(socket)
            log.info("[%s] device disconnected (code %s %s)", origin, socket.close_code, socket.close_reason or "")
            self._publish(DeviceEvent(origin, "disconnected", time.time(), session.connections))


def _peer(socket: ServerConnection) -> str:
    address = socket.remote_address
    return f"{address[0]}:{address[1]}" if address else "?"

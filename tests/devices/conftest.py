"""A running websocket server on a free local port, and fake RGC clients that connect to it."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from magneton.config import Config
from magneton.devices import WebsocketServer
from tests.devices.rgc import FakeRgc

CREDENTIALS = {"mitmuser": "mitmpass"}


@dataclasses.dataclass
class Directory:
    """The two answers the server needs from the MappingManager, held in memory."""

    origins: set[str]
    credentials: dict[str, str]

    async def is_known(self, origin: str) -> bool:
        return origin in self.origins

    async def mitm_auth_ok(self, username: str, password: str) -> bool:
        return self.credentials.get(username) == password


@pytest.fixture
def directory() -> Directory:
    return Directory({"dev01", "dev02"}, dict(CREDENTIALS))


@pytest.fixture
def servers() -> list[WebsocketServer]:
    return []


@pytest.fixture
async def make_server(directory: Directory, servers: list[WebsocketServer]) -> AsyncIterator[Callable[..., Any]]:

    async def make(**cfg: Any) -> WebsocketServer:
        config = Config(ws_ip="127.0.0.1", ws_port=0, **cfg)
        server = WebsocketServer(config, directory, duplicate_close_delay=(0.0, 0.0))
        await server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        await server.stop()


@pytest.fixture
async def server(make_server) -> WebsocketServer:
    return await make_server()


@pytest.fixture
async def rgc(make_server, servers: list[WebsocketServer]) -> AsyncIterator[Callable[..., Any]]:
    """Connect a fake RGC to the latest server: `await rgc(origin=…, answer=…)`; returns it once admitted."""
    clients: list[FakeRgc] = []

    async def make(wait: bool = True, **fields: Any) -> FakeRgc:
        server = servers[-1] if servers else await make_server()
        client = FakeRgc(f"ws://127.0.0.1:{server.port}/any/path", **fields)
        clients.append(client)
        await client.connect()
        if wait:
            await asyncio.wait_for(server.wait_connected(client.origin or ""), 5)
        return client

    yield make
    for client in clients:
        await client.close()

"""A running MADmin (real HTTP on a free local port) on real SQLite and MariaDB databases, with an HTTP client."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import orjson
import pytest

from magneton.config import Config
from magneton.db import Database
from magneton.madmin import Madmin, MadminContext
from magneton.mapping import MappingManager
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)
from tests.mapping.conftest import database, seed, seeded  # noqa: F401 (fixtures)


@dataclasses.dataclass
class Answer:
    status: int
    body: Any
    headers: Any
    raw: bytes


class Client:
    """Speaks to MADmin like LocalAPI does: paths relative to the server, JSON bodies."""

    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base, self.session = base, session

    async def call(self, method: str, path: str, json: Any = dataclasses.MISSING, *, data: Any = None,
                   headers: dict[str, str] | None = None, **kw: Any) -> Answer:
        if json is not dataclasses.MISSING:
            data = orjson.dumps(json)
            headers = {"Content-Type": "application/json", **(headers or {})}
        async with self.session.request(method, self.base + path, data=data, headers=headers,
                                        allow_redirects=False, **kw) as response:
            raw = await response.read()
            try:
                body = orjson.loads(raw) if raw else None
            except orjson.JSONDecodeError:
                body = raw.decode(errors="replace")
            return Answer(response.status, body, response.headers, raw)

    async def get(self, path: str, **kw: Any) -> Answer:
        return await self.call("GET", path, **kw)

    async def post(self, path: str, json: Any = dataclasses.MISSING, **kw: Any) -> Answer:
        return await self.call("POST", path, json, **kw)

    async def put(self, path: str, json: Any, **kw: Any) -> Answer:
        return await self.call("PUT", path, json, **kw)

    async def patch(self, path: str, json: Any, **kw: Any) -> Answer:
        return await self.call("PATCH", path, json, **kw)

    async def delete(self, path: str, **kw: Any) -> Answer:
        return await self.call("DELETE", path, **kw)


@dataclasses.dataclass
class Running:
    madmin: Madmin
    ctx: MadminContext
    client: Client
    url: str


@pytest.fixture
async def start_madmin(database: Database) -> AsyncIterator[Callable[..., Any]]:
    """`await start_madmin(mapping=…, devices=…, routes=…, **cfg)`: a MADmin on a free port and a client."""
    started: list[tuple[Madmin, aiohttp.ClientSession]] = []

    async def start(mapping: Any = None, devices: Any = None, routes: Any = None, **cfg: Any) -> Running:
        config = dataclasses.replace(database.cfg, madmin_ip="127.0.0.1", madmin_port=0, **cfg)
        ctx = MadminContext(config, database.engine, database.instance_id, mapping, devices, routes)
        madmin = Madmin(ctx)
        await madmin.start()
        session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # cookies of 127.0.0.1
        started.append((madmin, session))
        base = config.madmin_base_path.rstrip("/")
        url = f"http://127.0.0.1:{madmin.port}{base}"
        return Running(madmin, ctx, Client(url, session), url)

    yield start
    for madmin, session in started:
        await session.close()
        await madmin.stop()


@pytest.fixture
async def api(start_madmin) -> Client:
    return (await start_madmin()).client


@pytest.fixture
async def mapping(database: Database) -> AsyncIterator[MappingManager]:
    manager = MappingManager(database.cfg, database.engine, database.instance_id)
    await manager.start()
    yield manager
    await manager.stop()


def cfg_of(database: Database) -> Config:
    return database.cfg

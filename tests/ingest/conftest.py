"""An ingest stack as the all-in-one role wires it (real database, real HTTP on a local port), plus a
client that posts PogoDroid payloads the way a device does."""

from __future__ import annotations

import base64
import dataclasses
import gzip
import json
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import insert, select

from magneton.config import Config
from magneton.db.models import SettingsAuth, SettingsDevice, SettingsPogoauth, SettingsWalker
from magneton.lifecycle import Component
from magneton.roles import Runtime, parts_of
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)
from tests.net import free_port  # noqa: F401 (also re-exported for other test modules)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(os.environ.get("MAGNETON_SHARED", ROOT.parent / "shared")) / "fixtures"
ORIGIN, USER, PASSWORD = "dev01", "mitmuser", "mitmpass"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())




class Stack:
    """The running ingest components and helpers to talk to them."""

    def __init__(self, cfg: Config, runtime: Runtime, components: list[Component]) -> None:
        self.cfg, self.rt, self.components = cfg, runtime, components
        self.url = f"http://127.0.0.1:{cfg.mitmreceiver_port}"
        self.session = aiohttp.ClientSession()

    @property
    def engine(self):
        return self.rt.db.db.engine

    @staticmethod
    def headers(origin: str | None = ORIGIN, user: str | None = USER, password: str = PASSWORD) -> dict:
        headers = {"Content-Type": "application/json"}
        if origin is not None:
            headers["Origin"] = origin
        if user is not None:
            headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        return headers

    async def post(self, body: Any, *, raw: bytes | None = None, gzipped: bool = False,
                   **header_args: Any) -> aiohttp.ClientResponse:
        data = raw if raw is not None else json.dumps(body).encode()
        headers = self.headers(**header_args)
        if gzipped:
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
        async with self.session.post(self.url + "/", data=data, headers=headers) as response:
            await response.read()
            return response

    async def send(self, *names: str) -> None:
        """Post fixture files in order and wait until they are written."""
        for name in names:
            response = await self.post(fixture(name))
            assert response.status == 200, (name, response.status)
            await self.drain()

    async def drain(self) -> None:
        await self.rt.pipeline.drain()

    async def rows(self, model: Any, *where: Any) -> list[Any]:
        """Rows of a model's table, with the column types applied (UTC datetimes, unsigned ids)."""
        table = model.__table__
        async with self.engine.connect() as conn:
            return (await conn.execute(select(table).where(*where))).mappings().all()

    async def one(self, model: Any, *where: Any) -> Any:
        rows = await self.rows(model, *where)
        assert len(rows) == 1, rows
        return rows[0]

    async def count(self, model: Any, *where: Any) -> int:
        return len(await self.rows(model, *where))

    async def close(self) -> None:
        await self.session.close()
        for component in reversed(self.components):
            await component.stop()


async def seed(engine, instance_id: int, origins: list[str], account_for: str | None = ORIGIN) -> None:
    async with engine.begin() as conn:
        walker = (await conn.execute(insert(SettingsWalker).values(instance_id=instance_id, name="walker")
                                     .returning(SettingsWalker.walker_id))).scalar_one()
        for origin in origins:
            await conn.execute(insert(SettingsDevice).values(instance_id=instance_id, name=origin, walker_id=walker))
        await conn.execute(insert(SettingsAuth).values(instance_id=instance_id, username=USER, password=PASSWORD,
                                                       auth_level=2))
        await conn.execute(insert(SettingsAuth).values(instance_id=instance_id, username="madminonly",
                                                       password="pw", auth_level=4))
        if account_for:
            device_id = (await conn.execute(select(SettingsDevice.device_id)
                                            .where(SettingsDevice.name == account_for))).scalar_one()
            await conn.execute(insert(SettingsPogoauth).values(instance_id=instance_id, device_id=device_id,
                                                               login_type="ptc", username="trainer01",
                                                               password="x", level=0))


@pytest.fixture
async def make_stack(migrated_cfg: Config) -> AsyncIterator[Callable[..., Any]]:
    stacks: list[Stack] = []
    seeded: list[bool] = []

    async def make(setup: Callable[..., Any] | None = None, timing: Any = None, **overrides: Any) -> Stack:
        """A receiver stack; several stacks share the one database (seeded once), like several receivers.
        `setup(engine, instance_id)` replaces the default seed; `timing` shortens the workers' waits."""
        cfg = dataclasses.replace(migrated_cfg, mitmreceiver_ip="127.0.0.1", mitmreceiver_port=free_port(),
                                  ws_ip="127.0.0.1", ws_port=free_port(), madmin_ip="127.0.0.1",
                                  madmin_port=free_port(), no_file_logs=True, **overrides)
        runtime, components = Runtime(cfg), []
        for part in (p for p in parts_of("all-in-one") if p.build is not None):
            component = part.build(runtime)
            if part.name == "workers" and timing is not None:
                component.timing = timing
            await component.start()
            components.append(component)
            if part.name == "database" and not seeded:
                db = runtime.db.db
                await (setup or (lambda engine, instance: seed(engine, instance, [ORIGIN, "dev02"])))(
                    db.engine, db.instance_id)
                seeded.append(True)
        await runtime.access.reload()
        stack = Stack(cfg, runtime, components)
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        await stack.close()


@pytest.fixture
async def stack(make_stack) -> Stack:
    return await make_stack()

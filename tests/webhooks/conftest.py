"""Webhook tests: real HTTP receivers on local ports, and the all-in-one ingest stack with the webhook worker
wired as the role wires it. Fixture payloads are shifted to now, so their objects are live."""

from __future__ import annotations

import asyncio
import copy
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import web

from tests.ingest.conftest import (  # noqa: F401 (fixtures)
    Stack,
    dialect,
    empty_cfg,
    fixture,
    free_port,
    make_stack,
    mariadb_database,
    migrated_cfg,
)

FIXTURE_EPOCH = 1717243200  # 2024-06-01 12:00:00 UTC, the fixtures' "now"


def shifted(value: Any, delta: int) -> Any:
    """A copy with every unix time (s and ms, around the fixtures' date) moved by `delta` seconds."""
    if isinstance(value, dict):
        return {k: shifted(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [shifted(v, delta) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        if 1_600_000_000 <= value <= 1_800_000_000:
            return value + delta
        if 1_600_000_000_000 <= value <= 1_800_000_000_000:
            return value + delta * 1000
    return value


_test_start = {"now": int(time.time())}


@pytest.fixture(autouse=True)
def _pin_now() -> None:
    """One "now" per test: fixtures loaded a second apart must still describe the same moment, or an
    unchanged re-scan would look changed."""
    _test_start["now"] = int(time.time())


def live(name: str, offset: int = 0) -> Any:
    """A fixture moved so that its 12:00:00 is the test's start (+ offset s)."""
    return shifted(copy.deepcopy(fixture(name)), _test_start["now"] - FIXTURE_EPOCH + offset)


class Receiver:
    """A webhook receiver: an aiohttp server that records what it accepted.

    `plan`: statuses to answer, one per request, then 200; `hang`: requests never get an answer."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.bodies: list[list[dict]] = []  # accepted (200) bodies
        self.requests = 0
        self.arrivals: list[float] = []
        self.plan: deque[int] = deque()
        self.hang = False
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Event()

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        body = await request.json()
        assert request.headers["Content-Type"] == "application/json"
        if self.hang:
            await asyncio.sleep(3600)
        status = self.plan.popleft() if self.plan else 200
        if status == 200:
            self.bodies.append(body)
            self.arrivals.append(time.time())
            self._arrived.set()
        return web.Response(status=status)

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def entries(self) -> list[dict]:
        return [entry for body in self.bodies for entry in body]

    def messages(self, kind: str, **match: Any) -> list[dict]:
        return [e["message"] for e in self.entries
                if e["type"] == kind and all(e["message"].get(k) == v for k, v in match.items())]


@pytest.fixture
async def receivers() -> AsyncIterator[Callable[..., Any]]:
    made: list[Receiver] = []

    async def make(port: int | None = None, start: bool = True) -> Receiver:
        receiver = Receiver(port)
        made.append(receiver)
        return await receiver.start() if start else receiver

    yield make
    for receiver in made:
        await receiver.close()


@pytest.fixture
async def hooked(make_stack, receivers) -> Callable[..., Any]:
    """A stack whose webhook worker posts to fresh receivers: `await hooked(url_template, **config)` where
    the template holds `{0}`, `{1}`… for the receivers' URLs (default: one unfiltered receiver)."""

    async def make(template: str = "{0}", receivers_needed: int = 1, **overrides: Any) -> tuple[Stack, list]:
        hooks = [await receivers() for _ in range(receivers_needed)]
        stack = await make_stack(webhook=True, webhook_url=template.format(*(h.url for h in hooks)),
                                 webhook_worker_interval=3600, **overrides)
        await deliver(stack)  # the start-up round; rounds are driven by the tests from here on
        return stack, hooks
    return make


async def send_live(stack: Stack, *names: str, offset: int = 0) -> None:
    for name in names:
        response = await stack.post(live(name, offset))
        assert response.status == 200, (name, response.status)
        await stack.drain()


async def deliver(stack: Stack) -> int:
    """Write what was posted, run one webhook round, wait until every URL got its messages."""
    await stack.drain()
    queued = await stack.rt.webhooks.run_once()
    await asyncio.wait_for(stack.rt.webhooks.idle(), 30)
    return queued

"""Real gRPC servers on free localhost ports wrapping the in-process implementations, and the clients."""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from magneton.config import Config
from magneton.lifecycle import Component
from magneton.rpc.transport import Endpoint, GrpcServer
from tests.net import free_port

U64_MAX = 2**64 - 1
I64_MAX = 2**63 - 1
I64_MIN = -(2**63)




def rpc_cfg(base: Config | None = None, **overrides: Any) -> Config:
    """Every service on its own free localhost port."""
    ports = {f"{s}_{k}": v for s in ("mitmmapper", "statshandler", "mappingmanager")
             for k, v in (("ip", "127.0.0.1"), ("port", free_port()))}
    return dataclasses.replace(base or Config(status_name="test"), no_file_logs=True, **{**ports, **overrides})


@pytest.fixture
async def started() -> AsyncIterator[Callable[..., Any]]:
    """start(component) starts it now and stops it (in reverse order) after the test."""
    components: list[Component] = []

    async def start(component: Component) -> Any:
        await component.start()
        components.append(component)
        return component

    yield start
    for component in reversed(components):
        await component.stop()


def server(cfg: Config, prefix: str, register: Callable) -> GrpcServer:
    return GrpcServer(f"{prefix} server", Endpoint.of(cfg, prefix), register)


def self_signed(tmp_path: Path, host: str = "127.0.0.1") -> tuple[str, str]:
    """A self-signed certificate for `host` (as an IP subject alternative name) and its key."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=magneton",
                    "-addext", f"subjectAltName=IP:{host}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return str(cert), str(key)


@pytest.fixture
async def database(started) -> Callable[[Config], Any]:
    """database(cfg): the started Database of a migrated cfg."""
    from magneton.db import Database
    from magneton.roles import _DatabasePart

    async def open_(cfg: Config) -> Database:
        return (await started(_DatabasePart(Database(cfg), migrate=False))).db
    return open_

"""Which components each process role starts, in which order.

A role is a list of parts. A part that is not built yet names what is missing, and a role with such a
part refuses to start with one line saying so, instead of running half a system silently."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from magneton.config import Config
from magneton.lifecycle import Component, StartupError, install_signal_handlers, run_components

log = logging.getLogger(__name__)

ROLES = ("all-in-one", "core", "mitmmapper", "statshandler", "mitmreceiver")


@dataclass(frozen=True)
class Part:
    name: str
    build: Callable[[Config], Component] | None  # None: not implemented yet


class DatabasePart:
    """Opens the database; `migrate` only in the role that owns the schema (never raced by several)."""

    name = "database"

    def __init__(self, cfg: Config, migrate: bool) -> None:
        from magneton.db.database import Database  # imported late: keeps `magneton --help` fast

        self.db = Database(cfg)
        self.migrate = migrate

    async def start(self) -> None:
        await self.db.start(migrate=self.migrate)

    async def stop(self) -> None:
        await self.db.stop()


def parts_of(role: str) -> list[Part]:
    db_owner = Part("database", lambda cfg: DatabasePart(cfg, migrate=True))
    db_user = Part("database", lambda cfg: DatabasePart(cfg, migrate=False))
    if role == "all-in-one":
        return [db_owner]
    if role == "core":
        return [db_user, Part("MappingManager and device websocket server", None)]
    if role == "mitmmapper":
        return [Part("MitmMapper gRPC server", None)]
    if role == "statshandler":
        return [db_user, Part("StatsHandler gRPC server", None)]
    if role == "mitmreceiver":
        return [db_user, Part("MITM receiver (HTTP ingest)", None)]
    raise StartupError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")


def missing_parts(role: str) -> list[str]:
    return [p.name for p in parts_of(role) if p.build is None]


async def run_role(role: str, cfg: Config, stop: asyncio.Event | None = None) -> int:
    """Run `role` until `stop` is set (by default: until SIGINT/SIGTERM). Returns the exit code."""
    missing = missing_parts(role)
    if missing:
        log.critical("role %s cannot start: not implemented yet: %s", role, "; ".join(missing))
        return 1
    if stop is None:
        stop = asyncio.Event()
        install_signal_handlers(stop)
    log.info("starting role %s (instance %r)", role, cfg.status_name)
    try:
        components = [part.build(cfg) for part in parts_of(role)]  # type: ignore[misc]
        await run_components(components, stop)
    except StartupError as exc:
        log.critical("%s", exc)
        return 1
    log.info("role %s stopped cleanly", role)
    return 0

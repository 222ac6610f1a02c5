"""Which components each process role starts, in which order.

A role is a list of parts; each part builds its component from the config and the components built
before it (the `Runtime`). A part that is not built yet names what is missing: a role whose required
part is missing refuses to start with one line saying so; an optional missing part is named in a warning
at start, so nobody mistakes half a system for the whole."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from magneton.config import Config
from magneton.lifecycle import Component, StartupError, install_signal_handlers, run_components

log = logging.getLogger(__name__)

ROLES = ("all-in-one", "core", "mitmmapper", "statshandler", "mitmreceiver")


@dataclass
class Runtime:
    """The components of one process, filled in as they start."""

    cfg: Config
    db: Any = None
    redis: Any = None
    mitm: Any = None
    stats: Any = None
    access: Any = None
    pipeline: Any = None
    mapping: Any = None
    devices: Any = None
    routes: Any = None
    workers: Any = None
    rarity: Any = None
    webhooks: Any = None


@dataclass(frozen=True)
class Part:
    name: str
    build: Callable[[Runtime], Component] | None  # None: not implemented yet
    required: bool = True


class _Started:
    """A component with nothing to start or stop (an in-memory object other components use)."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass


def _database(migrate: bool) -> Part:
    def build(rt: Runtime) -> Component:
        from magneton.db.database import Database  # imported late: keeps `magneton --help` fast

        rt.db = _DatabasePart(Database(rt.cfg), migrate)
        return rt.db
    return Part("database", build)


class _DatabasePart:
    """Opens the database; `migrate` only in the role that owns the schema (never raced by several)."""

    name = "database"

    def __init__(self, db, migrate: bool) -> None:
        self.db, self.migrate = db, migrate

    async def start(self) -> None:
        from magneton.db.errors import DatabaseError

        try:
            await self.db.start(migrate=self.migrate)
        except DatabaseError as exc:
            raise StartupError(str(exc)) from None

    async def stop(self) -> None:
        await self.db.stop()


def _redis(rt: Runtime) -> Component:
    from magneton.cache import RedisCache

    if not rt.cfg.uses_redis:
        return _Started("redis (not configured)")
    rt.redis = RedisCache(rt.cfg)
    return rt.redis


def _mitm_mapper(remote: bool) -> Part:
    """redis: the shared Redis. Otherwise in memory, except where another process holds it (`remote`: core
    and receivers, which accept only grpc or redis): there a gRPC client."""
    def build(rt: Runtime) -> Component:
        cfg = rt.cfg
        if cfg.mitmmapper_type == "redis":
            from magneton.mitm_mapper.in_redis import RedisMitmMapper

            rt.mitm = RedisMitmMapper(rt.redis.client, cfg.status_name)
            return rt.mitm
        if remote:
            from magneton.rpc.mitm_mapper_client import GrpcMitmMapper

            rt.mitm = GrpcMitmMapper(cfg)
            return rt.mitm
        return _memory_mitm_mapper(rt)
    return Part("mitm mapper", build)


def _memory_mitm_mapper(rt: Runtime) -> Component:
    from magneton.mitm_mapper import MemoryMitmMapper

    if rt.cfg.mitmmapper_type == "redis" and rt.db is None:
        log.warning("mitmmapper_type is redis: the other processes share the MitmMapper in Redis and do not use "
                    "this MitmMapper process")
    rt.mitm = MemoryMitmMapper()
    return _Started("mitm mapper (in process)")


def _stats_client(rt: Runtime) -> Component:
    from magneton.rpc.stats_client import GrpcStatsSink

    rt.stats = GrpcStatsSink(rt.cfg)
    return rt.stats


def _remote_access(rt: Runtime) -> Component:
    from magneton.rpc.mapping_client import RemoteDeviceAccess

    rt.access = RemoteDeviceAccess(rt.cfg)
    return rt.access


def _stats_handler(rt: Runtime) -> Component:
    from magneton.stats import StatsHandler

    rt.stats = StatsHandler(rt.cfg, rt.db.db.engine)
    return rt.stats


def _device_access(rt: Runtime) -> Component:
    from magneton.ingest.access import DeviceAccess

    rt.access = DeviceAccess(rt.db.db.engine, rt.db.db.instance_id)
    return rt.access


def _ingest_pipeline(rt: Runtime) -> Component:
    from magneton.db.models import Base
    from magneton.ingest.dedup import MemoryDedup, RedisDedup
    from magneton.ingest.pipeline import Pipeline
    from magneton.ingest.state import IngestState
    from magneton.ingest.writer import Writer

    cfg, db = rt.cfg, rt.db.db
    writer = Writer(db.engine, Base.metadata, concurrency=max(1, cfg.db_poolsize - 1))
    dedup = RedisDedup(rt.redis.client) if rt.redis is not None else MemoryDedup()
    state = IngestState(cfg, db.engine, db.instance_id, writer, dedup, rt.mitm, rt.stats)
    rt.pipeline = Pipeline(state, cfg.mitmreceiver_data_workers, cfg.mitmreceiver_queue_size)
    return rt.pipeline


def _mapping_manager(rt: Runtime) -> Component:
    from magneton.mapping.manager import MappingManager

    rt.mapping = MappingManager(rt.cfg, rt.db.db.engine, rt.db.db.instance_id)
    return rt.mapping


def _websocket_server(rt: Runtime) -> Component:
    from magneton.devices.server import WebsocketServer

    rt.devices = WebsocketServer(rt.cfg, rt.mapping)
    return rt.devices


def _route_managers(rt: Runtime) -> Component:
    from magneton.routing.managers.registry import RouteManagerRegistry

    rt.routes = RouteManagerRegistry(rt.mapping, rt.db.db.engine, rt.db.db.instance_id)
    return rt.routes


def _workers(rt: Runtime) -> Component:
    from magneton.workers import Workers

    rt.workers = Workers(rt.cfg, rt.devices, rt.mapping, rt.routes, rt.mitm, rt.stats)
    return rt.workers


def _rarity(rt: Runtime) -> Component:
    from magneton.webhooks import Rarity

    if not rt.cfg.webhook:
        return _Started("rarity (webhooks off)")
    rt.rarity = Rarity(rt.db.db.engine, rt.cfg.rarity_hours, rt.cfg.rarity_update_frequency)
    return rt.rarity


def _webhook_worker(rt: Runtime) -> Component:
    from magneton.webhooks import WebhookWorker

    if not rt.cfg.webhook:
        return _Started("webhooks (off)")
    rt.webhooks = WebhookWorker(rt.cfg, rt.db.db.engine, rt.mapping, rt.rarity)
    return rt.webhooks


def _db_cleanup(rt: Runtime) -> Component:
    from magneton.db.cleanup import DbCleanup

    return DbCleanup(rt.cfg, rt.db.db.engine)


def _mitm_receiver(rt: Runtime) -> Component:
    from magneton.ingest.receiver import MitmReceiver

    return MitmReceiver(rt.cfg, rt.pipeline, rt.access, rt.mitm)


def _madmin(rt: Runtime) -> Component:
    from magneton.madmin import Madmin, MadminContext
    from magneton.madmin.route_source import RegistryRoutes

    if rt.cfg.disable_madmin:
        return _Started("MADmin (disabled)")
    db = rt.db.db
    routes = RegistryRoutes(rt.routes) if rt.routes is not None else None
    apply = rt.workers.apply_settings if rt.workers is not None else None
    metrics = rt.workers.metrics if rt.workers is not None else None
    return Madmin(MadminContext(rt.cfg, db.engine, db.instance_id, rt.mapping, rt.devices, routes, apply,
                                metrics=metrics))


def _server(name: str, prefix: str, register: Callable[[Runtime], Callable], when: Callable[[Config], bool]) -> Part:
    """A gRPC server wrapping an in-process component, started when `when(cfg)` holds."""
    def build(rt: Runtime) -> Component:
        from magneton.rpc.transport import Endpoint, GrpcServer

        if not when(rt.cfg):
            return _Started(f"{name} (not served with mitmmapper_type {rt.cfg.mitmmapper_type or 'standalone'})")
        return GrpcServer(name, Endpoint.of(rt.cfg, prefix), register(rt))
    return Part(name, build)


def _always(cfg: Config) -> bool:
    return True


def _serves_receivers(cfg: Config) -> bool:
    """All-in-one serves its StatsHandler and MappingManager to extra receivers when they can share its
    MitmMapper (grpc or redis type), as MAD's start.py did; standalone binds no extra ports."""
    return cfg.mitmmapper_type in ("grpc", "redis")


def _serves_mitm_mapper(cfg: Config) -> bool:
    return cfg.mitmmapper_type == "grpc"


def _register_mitm_mapper(rt: Runtime) -> Callable:
    from magneton.rpc import mitm_mapper_server

    return mitm_mapper_server.register(rt.mitm)


def _register_stats(rt: Runtime) -> Callable:
    from magneton.rpc import stats_server

    return stats_server.register(rt.stats)


def _register_mapping(rt: Runtime) -> Callable:
    from magneton.rpc import mapping_server

    return mapping_server.register(rt.mapping, rt.access)


def _servers(when_mapping_and_stats: Callable[[Config], bool]) -> list[Part]:
    return [_server("MappingManager gRPC server", "mappingmanager", _register_mapping, when_mapping_and_stats),
            _server("StatsHandler gRPC server", "statshandler", _register_stats, when_mapping_and_stats),
            _server("MitmMapper gRPC server", "mitmmapper", _register_mitm_mapper, _serves_mitm_mapper)]


def parts_of(role: str) -> list[Part]:
    ingest = [Part("ingest pipeline", _ingest_pipeline), Part("mitm receiver", _mitm_receiver)]
    control = [Part("mapping manager", _mapping_manager), Part("device websocket server", _websocket_server),
               Part("route managers", _route_managers), Part("workers", _workers),
               Part("MADmin", _madmin), Part("rarity", _rarity),
               Part("webhook worker", _webhook_worker), Part("db cleanup", _db_cleanup)]
    if role == "all-in-one":
        return [_database(migrate=True), Part("redis", _redis), _mitm_mapper(remote=False),
                Part("stats handler", _stats_handler), Part("device access", _device_access), *control, *ingest,
                *_servers(_serves_receivers)]
    if role == "core":
        return [_database(migrate=False), Part("redis", _redis), _mitm_mapper(remote=True),
                Part("stats client", _stats_client), *control, Part("device access", _device_access),
                _server("MappingManager gRPC server", "mappingmanager", _register_mapping, _always)]
    if role == "mitmmapper":
        return [Part("mitm mapper", _memory_mitm_mapper),
                _server("MitmMapper gRPC server", "mitmmapper", _register_mitm_mapper, _always)]
    if role == "statshandler":
        return [_database(migrate=False), Part("stats handler", _stats_handler),
                _server("StatsHandler gRPC server", "statshandler", _register_stats, _always)]
    if role == "mitmreceiver":
        return [_database(migrate=False), Part("redis", _redis), _mitm_mapper(remote=True),
                Part("stats client", _stats_client), Part("device access", _remote_access), *ingest]
    raise StartupError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")


def refusal(role: str, cfg: Config) -> str | None:
    """Why `role` cannot run with `cfg` (one line), checked before anything starts; None if it can."""
    if role in ("core", "mitmreceiver") and cfg.mitmmapper_type not in ("grpc", "redis"):
        return (f"role {role} needs mitmmapper_type grpc or redis (got {cfg.mitmmapper_type or 'none'}): it shares "
                "the MitmMapper with other processes; standalone is for start.py alone")
    return None


def missing_parts(role: str, required: bool = True) -> list[str]:
    return [p.name for p in parts_of(role) if p.build is None and p.required == required]


async def run_role(role: str, cfg: Config, stop: asyncio.Event | None = None) -> int:
    """Run `role` until `stop` is set (by default: until SIGINT/SIGTERM). Returns the exit code."""
    missing = missing_parts(role)
    if missing:
        log.critical("role %s cannot start: not implemented yet: %s", role, "; ".join(missing))
        return 1
    refused = refusal(role, cfg)
    if refused:
        log.critical("%s", refused)
        return 1
    if stop is None:
        stop = asyncio.Event()
        install_signal_handlers(stop)
    log.info("starting role %s (instance %r)", role, cfg.status_name)
    not_built = missing_parts(role, required=False)
    if not_built:
        log.warning("role %s runs without parts not built yet: %s", role, "; ".join(not_built))
    runtime = Runtime(cfg)
    try:
        await run_components([lambda p=p: p.build(runtime) for p in parts_of(role) if p.build], stop)
    except StartupError as exc:
        log.critical("%s", exc)
        return 1
    log.info("role %s stopped cleanly", role)
    return 0

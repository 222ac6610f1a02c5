"""The MappingManagerApi over gRPC, and the receivers' device access fed by the MappingManager's
WatchConfig stream.

Errors are explicit: an origin the MappingManager does not know raises UnknownDevice (as in process), an
unreachable MappingManager raises PeerUnavailable (the outage is logged once, not per call)."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from typing import Any

from grpc import StatusCode, aio

from magneton.config import Config
from magneton.lifecycle import StartupError
from magneton.mapping import UnknownDevice
from magneton.mapping.device_settings import DeviceSettings
from magneton.mapping.records import Area, AuthEntry, Device, GameAccount, Geofence, MonList, ReloadResult, Walker
from magneton.mapping.state import DeviceState
from magneton.mapping.status import StatusUpdate
from magneton.mapping.walker import WalkerChoice, WalkerContext, WalkerVerdict
from magneton.rpc.generated import mapping_manager_pb2 as pb
from magneton.rpc.generated import mapping_manager_pb2_grpc as pb_grpc
from magneton.rpc.generated import shared_pb2
from magneton.rpc.records import from_msg, to_msg
from magneton.rpc.transport import DEADLINE, UNREACHABLE, Endpoint, PeerHealth, make_channel

log = logging.getLogger(__name__)

EMPTY = pb.Empty()


def _worker(origin: str) -> shared_pb2.Worker:
    return shared_pb2.Worker(name=origin)


def _optional(response: Any, cls: type) -> Any:
    return from_msg(response.value, cls) if response.HasField("value") else None


class _Client:
    """A channel to the MappingManager and the error mapping every call shares."""

    def __init__(self, cfg: Config, deadline: float) -> None:
        self.endpoint = Endpoint.of(cfg, "mappingmanager")
        self.deadline = deadline
        self.health = PeerHealth(self.endpoint, log)
        self._channel: aio.Channel | None = None
        self.stub: pb_grpc.MappingManagerStub | None = None

    def open(self) -> None:
        self._channel = make_channel(self.endpoint)
        self.stub = pb_grpc.MappingManagerStub(self._channel)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    async def call(self, method: str, request: Any, origin: str | None = None) -> Any:
        try:
            response = await getattr(self.stub, method)(request, timeout=self.deadline)
        except aio.AioRpcError as exc:
            if exc.code() is StatusCode.NOT_FOUND and origin is not None:
                raise UnknownDevice(origin) from None
            if exc.code() in UNREACHABLE:
                raise self.health.failed(exc) from None
            raise RuntimeError(f"MappingManager {method} failed: {exc.code().name}: {exc.details()}") from None
        self.health.ok()
        return response


class GrpcMappingManager:
    """MappingManagerApi served by the MappingManager of another process (the core)."""

    name = "MappingManager gRPC client"

    def __init__(self, cfg: Config, deadline: float = DEADLINE) -> None:
        self._client = _Client(cfg, deadline)

    async def start(self) -> None:
        self._client.open()

    async def stop(self) -> None:
        await self._client.close()

    async def _call(self, method: str, request: Any, origin: str | None = None) -> Any:
        return await self._client.call(method, request, origin)

    async def reload(self) -> ReloadResult:
        return from_msg(await self._call("Reload", EMPTY), ReloadResult)

    async def is_known(self, origin: str) -> bool:
        return (await self._call("IsKnown", _worker(origin))).value

    async def mitm_auth_ok(self, username: str, password: str) -> bool:
        return (await self._call("MitmAuthOk", pb.Credentials(username=username, password=password))).value

    async def loaded_origins(self) -> list[str]:
        return list((await self._call("GetAllLoadedOrigins", EMPTY)).loaded_origins)

    async def device(self, origin: str) -> Device | None:
        return _optional(await self._call("GetDevice", _worker(origin)), Device)

    async def device_settings(self, origin: str) -> DeviceSettings:
        return from_msg(await self._call("GetDeviceSettings", _worker(origin), origin), DeviceSettings)

    async def safe_items(self, origin: str) -> tuple[int, ...]:
        return tuple((await self._call("GetSafeItemsNotToDelete", _worker(origin), origin)).item_ids)

    async def walker_of(self, origin: str) -> Walker | None:
        return _optional(await self._call("GetWalkerOf", _worker(origin), origin), Walker)

    async def area(self, area_id: int) -> Area | None:
        return _optional(await self._call("GetArea", pb.Id(id=area_id)), Area)

    async def areas(self) -> list[Area]:
        return [from_msg(a, Area) for a in (await self._call("GetAreas", EMPTY)).values]

    async def geofence(self, geofence_id: int) -> Geofence | None:
        return _optional(await self._call("GetGeofence", pb.Id(id=geofence_id)), Geofence)

    async def monlist(self, monlist_id: int) -> MonList | None:
        return _optional(await self._call("GetMonlist", pb.Id(id=monlist_id)), MonList)

    async def area_mon_ids(self, area_id: int) -> tuple[int, ...]:
        return tuple((await self._call("GetAreaMonIds", pb.Id(id=area_id))).ids)

    async def accounts(self) -> list[GameAccount]:
        return [from_msg(a, GameAccount) for a in (await self._call("GetAccounts", EMPTY)).values]

    async def account_of(self, origin: str) -> GameAccount | None:
        return _optional(await self._call("GetAccountOf", _worker(origin), origin), GameAccount)

    async def auths(self) -> list[AuthEntry]:
        return [from_msg(a, AuthEntry) for a in (await self._call("GetAuths", EMPTY)).values]

    async def device_state(self, origin: str) -> DeviceState:
        return from_msg(await self._call("GetDeviceState", _worker(origin), origin), DeviceState)

    async def set_paused(self, origin: str, paused: bool) -> None:
        await self._call("SetPaused", pb.SetFlagRequest(worker=_worker(origin), value=paused), origin)

    async def paused_origins(self) -> list[str]:
        return list((await self._call("GetPausedOrigins", EMPTY)).loaded_origins)

    async def set_job_active(self, origin: str, active: bool) -> None:
        await self._call("SetJobActive", pb.SetFlagRequest(worker=_worker(origin), value=active), origin)

    async def choose_walker_area(self, origin: str, ctx: WalkerContext) -> WalkerChoice | None:
        request = pb.WalkerRequest(worker=_worker(origin), context=to_msg(ctx, pb.WalkerContext))
        return _optional(await self._call("ChooseWalkerArea", request, origin), WalkerChoice)

    async def check_walker_area(self, origin: str, ctx: WalkerContext,
                                route_exhausted: bool = False) -> WalkerVerdict:
        request = pb.WalkerRequest(worker=_worker(origin), context=to_msg(ctx, pb.WalkerContext),
                                   route_exhausted=route_exhausted)
        return from_msg(await self._call("CheckWalkerArea", request, origin), WalkerVerdict)

    async def mark_area_finished(self, origin: str) -> None:
        await self._call("MarkAreaFinished", _worker(origin), origin)

    async def report_status(self, origin: str, update: StatusUpdate) -> None:
        request = pb.ReportStatusRequest(worker=_worker(origin), update=to_msg(update, pb.StatusUpdate))
        await self._call("ReportStatus", request, origin)

    # MAD's receiver-side RPCs that have no MappingManagerApi method
    async def is_levelmode(self, origin: str) -> bool:
        return (await self._call("IsRoutemanagerOfOriginLevelmode", _worker(origin), origin)).is_levelmode

    async def quest_layer_to_scan(self, origin: str) -> int | None:
        response = await self._call("GetQuestLayerToScanOfOrigin", _worker(origin), origin)
        return response.layer if response.HasField("layer") else None


class RemoteDeviceAccess:
    """Who may post data (the receiver's `access`), kept current by the MappingManager's WatchConfig stream.

    start() waits for the first snapshot (a receiver that cannot say who may post is of no use); afterwards an
    outage keeps the last snapshot while the stream reconnects, so receivers go on accepting known devices."""

    name = "device access (MappingManager stream)"

    def __init__(self, cfg: Config, first_snapshot_timeout: float = 30.0, retry: float = 1.0) -> None:
        self._client = _Client(cfg, DEADLINE)
        self.first_snapshot_timeout, self.retry = first_snapshot_timeout, retry
        self.origins: frozenset[str] = frozenset()
        self.version = -1
        self.last_reload: ReloadResult | None = None
        self._credentials: dict[str, str] = {}
        self._first = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._reload_listeners: list[Callable[[ReloadResult], None]] = []

    def add_reload_listener(self, listener: Callable[[ReloadResult], None]) -> None:
        self._reload_listeners.append(listener)

    def is_known(self, origin: str | None) -> bool:
        return bool(origin) and origin in self.origins

    def mitm_auth_ok(self, username: str, password: str) -> bool:
        expected = self._credentials.get(username)
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())

    async def start(self) -> None:
        self._client.open()
        self._task = asyncio.create_task(self._watch(), name="mapping-watch")
        try:
            await asyncio.wait_for(self._first.wait(), self.first_snapshot_timeout)
        except TimeoutError:
            await self.stop()
            raise StartupError(f"no answer from the MappingManager at {self._client.endpoint.address} within "
                               f"{self.first_snapshot_timeout:.0f} s: start the core first, or check "
                               "mappingmanager_ip/mappingmanager_port") from None

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._client.close()

    def _apply(self, change: pb.ConfigChange) -> None:
        origins = frozenset(change.origins)
        added = origins - self.origins
        if added and self._first.is_set():
            log.info("accepting new device(s): %s", ", ".join(sorted(added)))
        self.origins = origins
        self._credentials = {a.username: a.password for a in change.mitm_auths}
        self.version = change.version
        if change.HasField("reload"):
            self.last_reload = from_msg(change.reload, ReloadResult)
            for listener in self._reload_listeners:
                listener(self.last_reload)
        self._first.set()

    async def _watch(self) -> None:
        while True:
            try:
                async for change in self._client.stub.WatchConfig(EMPTY):  # a stream: no deadline
                    self._client.health.ok()
                    self._apply(change)
                # The server ended the stream (it is stopping): reconnect like after an error.
            except aio.AioRpcError as exc:
                if exc.code() in UNREACHABLE or exc.code() is StatusCode.CANCELLED:
                    self._client.health.failed(exc)
                else:
                    log.error("MappingManager WatchConfig failed: %s: %s", exc.code().name, exc.details())
            await asyncio.sleep(self.retry)

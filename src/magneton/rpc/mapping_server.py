"""Serves the in-process MappingManager over gRPC (mapadroid.mapping_manager.MappingManager): MAD's six
RPCs, the whole MappingManagerApi, and WatchConfig, which streams who may post data (origins and MITM
credentials, as the process's DeviceAccess sees them) on every change and after every reload."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator

import grpc

from magneton.auth import AuthLevel
from magneton.ingest.access import DeviceAccess
from magneton.mapping import MappingManager, UnknownDevice
from magneton.mapping.records import Area, ReloadResult
from magneton.mapping.status import StatusUpdate
from magneton.mapping.walker import WalkerContext
from magneton.rpc.generated import mapping_manager_pb2 as pb
from magneton.rpc.generated import mapping_manager_pb2_grpc as pb_grpc
from magneton.rpc.generated import shared_pb2
from magneton.rpc.records import from_msg, to_msg

log = logging.getLogger(__name__)

ACK = shared_pb2.Ack()
QUEST_MODE = "pokestops"


def _unknown_device_is_not_found(handler):
    @functools.wraps(handler)
    async def wrapped(self, request, context):
        try:
            return await handler(self, request, context)
        except UnknownDevice as exc:
            await context.abort(grpc.StatusCode.NOT_FOUND, str(exc.args[0]))
    return wrapped


def _optional(wrapper: type, record, msg_cls: type):
    return wrapper(value=to_msg(record, msg_cls)) if record is not None else wrapper()


class MappingManagerServicer(pb_grpc.MappingManagerServicer):
    def __init__(self, manager: MappingManager, access: DeviceAccess) -> None:
        self.manager, self.access = manager, access
        self.version = 0
        self._watchers: set[asyncio.Queue] = set()
        access.add_listener(lambda: self._changed(None))
        manager.add_reload_listener(self._changed)

    # --- WatchConfig ----------------------------------------------------------------------------------
    def _changed(self, reload: ReloadResult | None) -> None:
        self.version += 1
        for queue in self._watchers:
            queue.put_nowait(reload)

    def _snapshot(self, reload: ReloadResult | None) -> pb.ConfigChange:
        auths = [pb.AuthEntry(username=u, password=p, auth_level=int(AuthLevel.MITM_DATA))
                 for u, p in sorted(self.access.credentials.items())]
        change = pb.ConfigChange(version=self.version, origins=sorted(self.access.origins), mitm_auths=auths)
        if reload is not None:
            change.reload.CopyFrom(to_msg(reload, pb.ReloadResult))
        return change

    async def WatchConfig(self, request: pb.Empty, context) -> AsyncIterator[pb.ConfigChange]:
        queue: asyncio.Queue[ReloadResult | None] = asyncio.Queue()
        self._watchers.add(queue)
        log.debug("config watcher %s subscribed", context.peer())
        try:
            yield self._snapshot(None)
            while True:
                yield self._snapshot(await queue.get())
        finally:
            self._watchers.discard(queue)

    # --- MAD's RPCs -----------------------------------------------------------------------------------
    async def GetAllowedAuthenticationCredentials(self, request, context) -> pb.AuthenticationCredentialsResponse:
        return pb.AuthenticationCredentialsResponse(allowed_credentials={
            a.username: pb.AuthCredentialEntry(username=a.username, password=a.password, auth_level=a.auth_level)
            for a in await self.manager.auths()})

    async def GetAllLoadedOrigins(self, request, context) -> pb.LoadedOrigins:
        return pb.LoadedOrigins(loaded_origins=await self.manager.loaded_origins())

    @_unknown_device_is_not_found
    async def GetSafeItemsNotToDelete(self, request, context) -> pb.SafeItems:
        return pb.SafeItems(item_ids=await self.manager.safe_items(request.name))

    async def _current_area(self, origin: str) -> Area | None:
        state = await self.manager.device_state(origin)
        return await self.manager.area(state.area_id) if state.area_id is not None else None

    @_unknown_device_is_not_found
    async def IsRoutemanagerOfOriginLevelmode(self, request, context) -> pb.LevelmodeResponse:
        area = await self._current_area(request.name)
        return pb.LevelmodeResponse(is_levelmode=bool(area and area.mode == QUEST_MODE and area.level))

    @_unknown_device_is_not_found
    async def GetQuestLayerToScanOfOrigin(self, request, context) -> pb.QuestLayerResponse:
        area = await self._current_area(request.name)
        if area is None or area.mode != QUEST_MODE or area.layer is None:
            return pb.QuestLayerResponse()
        return pb.QuestLayerResponse(layer=area.layer)

    async def IncrementLoginTrackingByOrigin(self, request, context) -> pb.LoginTrackingResponse:
        return pb.LoginTrackingResponse(incremented=False)  # login tracking is not built yet

    # --- the MappingManagerApi ------------------------------------------------------------------------
    async def Reload(self, request, context) -> pb.ReloadResult:
        return to_msg(await self.manager.reload(), pb.ReloadResult)

    async def IsKnown(self, request, context) -> pb.Flag:
        return pb.Flag(value=await self.manager.is_known(request.name))

    async def MitmAuthOk(self, request, context) -> pb.Flag:
        return pb.Flag(value=await self.manager.mitm_auth_ok(request.username, request.password))

    async def GetDevice(self, request, context) -> pb.OptionalDevice:
        return _optional(pb.OptionalDevice, await self.manager.device(request.name), pb.Device)

    @_unknown_device_is_not_found
    async def GetDeviceSettings(self, request, context) -> pb.DeviceSettings:
        return to_msg(await self.manager.device_settings(request.name), pb.DeviceSettings)

    @_unknown_device_is_not_found
    async def GetWalkerOf(self, request, context) -> pb.OptionalWalker:
        return _optional(pb.OptionalWalker, await self.manager.walker_of(request.name), pb.Walker)

    async def GetArea(self, request, context) -> pb.OptionalArea:
        return _optional(pb.OptionalArea, await self.manager.area(request.id), pb.Area)

    async def GetAreas(self, request, context) -> pb.Areas:
        return pb.Areas(values=[to_msg(a, pb.Area) for a in await self.manager.areas()])

    async def GetGeofence(self, request, context) -> pb.OptionalGeofence:
        return _optional(pb.OptionalGeofence, await self.manager.geofence(request.id), pb.Geofence)

    async def GetMonlist(self, request, context) -> pb.OptionalMonList:
        return _optional(pb.OptionalMonList, await self.manager.monlist(request.id), pb.MonList)

    async def GetAreaMonIds(self, request, context) -> pb.Ids:
        return pb.Ids(ids=await self.manager.area_mon_ids(request.id))

    async def GetAccounts(self, request, context) -> pb.GameAccounts:
        return pb.GameAccounts(values=[to_msg(a, pb.GameAccount) for a in await self.manager.accounts()])

    @_unknown_device_is_not_found
    async def GetAccountOf(self, request, context) -> pb.OptionalGameAccount:
        return _optional(pb.OptionalGameAccount, await self.manager.account_of(request.name), pb.GameAccount)

    async def GetAuths(self, request, context) -> pb.AuthEntries:
        return pb.AuthEntries(values=[to_msg(a, pb.AuthEntry) for a in await self.manager.auths()])

    @_unknown_device_is_not_found
    async def GetDeviceState(self, request, context) -> pb.DeviceState:
        return to_msg(await self.manager.device_state(request.name), pb.DeviceState)

    @_unknown_device_is_not_found
    async def SetPaused(self, request, context) -> shared_pb2.Ack:
        await self.manager.set_paused(request.worker.name, request.value)
        return ACK

    async def GetPausedOrigins(self, request, context) -> pb.LoadedOrigins:
        return pb.LoadedOrigins(loaded_origins=await self.manager.paused_origins())

    @_unknown_device_is_not_found
    async def SetJobActive(self, request, context) -> shared_pb2.Ack:
        await self.manager.set_job_active(request.worker.name, request.value)
        return ACK

    @_unknown_device_is_not_found
    async def ChooseWalkerArea(self, request, context) -> pb.OptionalWalkerChoice:
        choice = await self.manager.choose_walker_area(request.worker.name, from_msg(request.context, WalkerContext))
        return _optional(pb.OptionalWalkerChoice, choice, pb.WalkerChoice)

    @_unknown_device_is_not_found
    async def CheckWalkerArea(self, request, context) -> pb.WalkerVerdict:
        verdict = await self.manager.check_walker_area(request.worker.name, from_msg(request.context, WalkerContext),
                                                       request.route_exhausted)
        return to_msg(verdict, pb.WalkerVerdict)

    @_unknown_device_is_not_found
    async def MarkAreaFinished(self, request, context) -> shared_pb2.Ack:
        await self.manager.mark_area_finished(request.name)
        return ACK

    @_unknown_device_is_not_found
    async def ReportStatus(self, request, context) -> shared_pb2.Ack:
        await self.manager.report_status(request.worker.name, from_msg(request.update, StatusUpdate))
        return ACK


def register(manager: MappingManager, access: DeviceAccess):
    servicer = MappingManagerServicer(manager, access)
    return lambda server: pb_grpc.add_MappingManagerServicer_to_server(servicer, server)


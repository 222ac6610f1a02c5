"""The MappingManager over gRPC answers as it does in process; the config stream reaches receivers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from magneton.db.models import SettingsAuth, SettingsDevice
from magneton.ingest.access import DeviceAccess
from magneton.mapping import MappingManager, StatusUpdate, UnknownDevice, WalkerContext
from magneton.mapping.device_settings import DeviceSettings
from magneton.mapping.records import Area, Device, GameAccount, ReloadResult, Walker, WalkerArea
from magneton.mapping.state import DeviceState
from magneton.rpc import mapping_server
from magneton.rpc.generated import mapping_manager_pb2 as pb
from magneton.rpc.generated import mapping_manager_pb2_grpc as pb_grpc
from magneton.rpc.generated import shared_pb2
from magneton.rpc.mapping_client import GrpcMappingManager, RemoteDeviceAccess
from magneton.rpc.records import from_msg, to_msg
from magneton.rpc.transport import Endpoint, make_channel
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)
from tests.mapping.conftest import seed
from tests.rpc.conftest import I64_MAX, I64_MIN, rpc_cfg, server

ORIGINS = ("dev01", "dev02", "dev03")


@pytest.fixture
async def served(migrated_cfg, started, database):
    cfg = rpc_cfg(migrated_cfg)
    db = await database(cfg)
    seeded = await seed(db)
    manager = await started(MappingManager(cfg, db.engine, db.instance_id))
    access = await started(DeviceAccess(db.engine, db.instance_id, refresh=0.2))
    await started(server(cfg, "mappingmanager", mapping_server.register(manager, access)))
    return cfg, db, seeded, manager


async def test_configuration_rpcs_answer_as_in_process(served, started):
    cfg, _, seeded, manager = served
    client = await started(GrpcMappingManager(cfg))
    assert await client.loaded_origins() == await manager.loaded_origins() == list(ORIGINS)
    for origin in ORIGINS:
        assert await client.is_known(origin)
        assert await client.device(origin) == await manager.device(origin)
        assert await client.device_settings(origin) == await manager.device_settings(origin)
        assert await client.safe_items(origin) == await manager.safe_items(origin)
        assert await client.walker_of(origin) == await manager.walker_of(origin)
        assert await client.account_of(origin) == await manager.account_of(origin)
        assert await client.device_state(origin) == await manager.device_state(origin)
    assert not await client.is_known("theirs01") and await client.device("theirs01") is None
    assert await client.areas() == await manager.areas()
    for name in ("mons", "quests", "idle"):
        assert await client.area(seeded.ids[name]) == await manager.area(seeded.ids[name])
        assert await client.area_mon_ids(seeded.ids[name]) == await manager.area_mon_ids(seeded.ids[name])
    assert await client.geofence(seeded.ids["fence"]) == await manager.geofence(seeded.ids["fence"])
    assert await client.monlist(seeded.ids["monlist"]) == await manager.monlist(seeded.ids["monlist"])
    for missing in (0, I64_MAX, I64_MIN):
        assert await client.area(missing) is None
        assert await client.geofence(missing) is None
        assert await client.monlist(missing) is None
        assert await client.area_mon_ids(missing) == ()
    assert await client.accounts() == await manager.accounts()
    assert await client.auths() == await manager.auths()
    assert await client.mitm_auth_ok("mitmuser", "mitmpass")
    assert not await client.mitm_auth_ok("admin", "adminpass")
    with pytest.raises(UnknownDevice, match="nobody"):
        await client.device_settings("nobody")
    with pytest.raises(UnknownDevice):
        await client.set_paused("nobody", True)
    assert await client.reload() == ReloadResult((), (), ())


async def test_runtime_rpcs_change_the_managers_state(served, started):
    cfg, db, seeded, manager = served
    client = await started(GrpcMappingManager(cfg))
    await client.set_paused("dev02", True)
    await client.set_job_active("dev02", True)
    assert await client.paused_origins() == ["dev02"] == await manager.paused_origins()
    assert (await manager.device_state("dev02")).job_active

    noon = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    ctx = WalkerContext(now=noon, registered={seeded.ids["mons"]: 0}, rounds={seeded.ids["quests"]: 0},
                        zones={seeded.ids["mons"]: timezone(timedelta(hours=2))})
    choice = await client.choose_walker_area("dev01", ctx)
    assert choice.walker_area.name == "mons" and choice.position == 0
    state = await client.device_state("dev01")
    assert state.area_id == seeded.ids["mons"] and state.area_started_at == noon
    assert await client.check_walker_area("dev01", ctx) == await manager.check_walker_area("dev01", ctx)
    late = WalkerContext(now=noon.replace(hour=21), zones=ctx.zones)  # 23:00 in the area's zone: past 22:00
    assert (await client.check_walker_area("dev01", late)).leave is True
    await client.mark_area_finished("dev01")
    assert (await manager.device_state("dev01")).area_finished

    # dev03 walks the quest area (layer 0): MAD's receiver RPCs
    assert (await client.choose_walker_area("dev03", ctx)).walker_area.name == "quests"
    assert await client.quest_layer_to_scan("dev03") == 0
    assert await client.is_levelmode("dev03") is False
    assert await client.quest_layer_to_scan("dev01") is None

    await client.report_status("dev01", StatusUpdate(position=(52.51, 13.41), route_pos=I64_MAX // 2**32,
                                                     pogo_restarted_at=noon.replace(tzinfo=None)))
    assert (await client.device_state("dev01")).position == (52.51, 13.41)


async def test_mad_rpcs(served):
    cfg, *_ = served
    channel = make_channel(Endpoint.of(cfg, "mappingmanager"))
    stub = pb_grpc.MappingManagerStub(channel)
    try:
        creds = await stub.GetAllowedAuthenticationCredentials(pb.AuthenticationCredentialsRequest(auth_level=2))
        assert {k: v.auth_level for k, v in creds.allowed_credentials.items()} == {"mitmuser": 6, "admin": 4}
        assert list((await stub.GetAllLoadedOrigins(pb.Empty())).loaded_origins) == list(ORIGINS)
        assert list((await stub.GetSafeItemsNotToDelete(shared_pb2.Worker(name="dev01"))).item_ids) == [1, 2, 3]
        worker = shared_pb2.Worker(name="dev03")
        assert not (await stub.IsRoutemanagerOfOriginLevelmode(worker)).is_levelmode
        assert not (await stub.GetQuestLayerToScanOfOrigin(worker)).HasField("layer")
        assert not (await stub.IncrementLoginTrackingByOrigin(worker)).incremented
    finally:
        await channel.close()


async def test_config_stream_reaches_receivers_within_seconds(served, started):
    cfg, db, _, manager = served
    access = await started(RemoteDeviceAccess(cfg))
    assert access.is_known("dev01") and not access.is_known("dev04")
    assert access.mitm_auth_ok("mitmuser", "mitmpass") and not access.mitm_auth_ok("admin", "adminpass")

    walker_id = (await manager.device("dev01")).walker_id
    async with db.engine.begin() as conn:  # what MADmin does when a device is created
        await conn.execute(insert(SettingsDevice).values(instance_id=db.instance_id, name="dev04",
                                                         walker_id=walker_id))
        await conn.execute(insert(SettingsAuth).values(instance_id=db.instance_id, username="new", password="pw",
                                                       auth_level=2))
    for _ in range(100):
        if access.is_known("dev04"):
            break
        await asyncio.sleep(0.1)
    assert access.is_known("dev04") and access.mitm_auth_ok("new", "pw")

    reloads = []
    access.add_reload_listener(reloads.append)
    await manager.reload()  # "apply settings"
    for _ in range(50):
        if reloads:
            break
        await asyncio.sleep(0.1)
    assert reloads[0].added == ("dev04",)


def test_records_travel_exactly_at_the_extremes():
    stamp = datetime(2262, 4, 11, 23, 47, 16, 854775)
    for value in (0, I64_MAX, I64_MIN):
        area = Area(value, "a", "mon_mitm", value, value, value, speed=1e308, monlist_id=value, layer=value)
        assert from_msg(pb.Area.FromString(to_msg(area, pb.Area).SerializeToString()), Area) == area
        device = Device(value, "d", value, value, DeviceSettings(enhanced_mode_quest_safe_items=(value,),
                                                                  startcoords_of_walker=(-90.0, 180.0)))
        assert from_msg(pb.Device.FromString(to_msg(device, pb.Device).SerializeToString()), Device) == device
        account = GameAccount(value, value, "ptc", "u", "p", value, stamp, None, stamp.replace(tzinfo=UTC),
                              (1.0, 2.0))
        wire = pb.GameAccount.FromString(to_msg(account, pb.GameAccount).SerializeToString())
        assert from_msg(wire, GameAccount) == account
        walker = Walker(value, "w", (WalkerArea(value, value, "round", "1", value, value, None),))
        assert from_msg(pb.Walker.FromString(to_msg(walker, pb.Walker).SerializeToString()), Walker) == walker
        state = DeviceState(walker_position=value, area_id=value, route_pos=value, route_max=value)
        assert from_msg(pb.DeviceState.FromString(to_msg(state, pb.DeviceState).SerializeToString()),
                        DeviceState) == state
        ctx = WalkerContext(now=stamp.replace(tzinfo=UTC), event_id=value, registered={value: value},
                            rounds={value: value})
        assert from_msg(pb.WalkerContext.FromString(to_msg(ctx, pb.WalkerContext).SerializeToString()),
                        WalkerContext) == ctx

"""The MappingManager on real SQLite and MariaDB databases."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, insert, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.db import Database
from magneton.db.models import (
    SettingsAreaPokestops,
    SettingsDevice,
    SettingsDevicepool,
    SettingsMonivlistToMon,
)
from magneton.devices import WebsocketServer
from magneton.mapping import DeviceSettings, MappingManager, StatusUpdate, UnknownDevice, WalkerContext
from tests.devices.rgc import FakeRgc
from tests.mapping.conftest import FENCE, Seeded

NOON = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
NIGHT = datetime(2024, 5, 1, 23, 0, tzinfo=UTC)


async def started(database: Database) -> MappingManager:
    manager = MappingManager(database.cfg, database.engine, database.instance_id)
    await manager.start()
    return manager


async def test_loads_the_configured_instance(database: Database, seeded: Seeded) -> None:
    manager = await started(database)
    ids = seeded.ids
    assert await manager.loaded_origins() == ["dev01", "dev02", "dev03"]  # not the other instance's device
    areas = {a.name: a for a in await manager.areas()}
    assert sorted(areas) == ["night", "town mons", "town quests"]
    mons = areas["town mons"]
    assert (mons.mode, mons.geofence_included, mons.geofence_excluded, mons.routecalc_id) == (
        "mon_mitm", ids["fence"], ids["fence2"], ids["route"])
    assert (mons.monlist_id, mons.remove_from_queue_backlog, mons.max_clustering, mons.layer) == (
        ids["monlist"], 300.0, 5, None)
    quests = areas["town quests"]
    assert (quests.mode, quests.layer, quests.level, quests.monlist_id) == ("pokestops", 0, False, None)
    assert areas["night"].mode == "idle"
    assert await manager.area_mon_ids(ids["mons"]) == (201, 149, 3)  # in mon_order
    assert await manager.area_mon_ids(ids["quests"]) == ()
    fence = await manager.geofence(ids["fence"])
    assert (fence.name, fence.fence_type, fence.fence_data) == ("town", "polygon", FENCE)

    walker = await manager.walker_of("dev01")
    assert walker.name == "day and night"
    assert [(w.area_id, w.algo_type, w.algo_value, w.max_walkers) for w in walker.areas] == [
        (ids["mons"], "period", "06:00-22:00", 2), (ids["quests"], "round", "1", None),
        (ids["idle"], "idle", "22:00-06:00", None)]
    assert [w.area_id for w in (await manager.walker_of("dev03")).areas] == [ids["quests"]]

    assert sorted(a.username for a in await manager.accounts()) == ["free@example.org", "trainer01"]
    assert (await manager.account_of("dev01")).level == 31
    assert await manager.account_of("dev02") is None
    assert sorted(a.username for a in await manager.auths()) == ["admin", "mitmuser"]

    assert await manager.is_known("dev01") and not await manager.is_known("theirs01")
    assert await manager.mitm_auth_ok("mitmuser", "mitmpass")
    assert not await manager.mitm_auth_ok("mitmuser", "wrong")
    assert not await manager.mitm_auth_ok("admin", "adminpass")  # no MITM data bit
    assert not await manager.mitm_auth_ok("theirs", "x")  # another instance
    with pytest.raises(UnknownDevice):
        await manager.device_settings("theirs01")


async def test_accounts_of_all_instances_when_not_restricted(database: Database, seeded: Seeded) -> None:
    import dataclasses
    cfg = dataclasses.replace(database.cfg, no_restrict_accounts_to_instance=True)
    manager = MappingManager(cfg, database.engine, database.instance_id)
    await manager.start()
    assert len(await manager.accounts()) == 3


async def test_device_settings_inheritance(database: Database, seeded: Seeded) -> None:
    manager = await started(database)
    pooled = await manager.device_settings("dev01")
    assert pooled.mitm_wait_timeout == 20.0  # the device's own value beats the pool
    assert pooled.post_walk_delay == 5.0  # the pool fills what the device leaves empty
    assert (pooled.reboot, pooled.screendetection) == (False, True)
    assert pooled.restart_thresh == 0  # a pool's 0 is a value, not "unset"
    assert pooled.extended_login is True  # NOT NULL switch: on in the pool
    assert await manager.safe_items("dev01") == (1, 2, 3)
    assert pooled.startcoords_of_walker == (52.51, 13.41)
    assert pooled.post_pogo_start_delay == 60.0 and pooled.injection_thresh_reboot == 20  # MAD's defaults

    own = await manager.device_settings("dev02")
    assert (own.reboot, own.restart_thresh, own.screendetection) == (True, 7, False)
    assert own.post_walk_delay == 5.0 and own.mitm_wait_timeout == 45.0

    bare = await manager.device_settings("dev03")
    assert bare == DeviceSettings()
    assert (bare.mitm_wait_timeout, bare.reboot_thresh, bare.screenshot_type, bare.screenshot_quality) == (
        30.0, 3, "jpeg", 80)
    assert bare.enhanced_mode_quest_safe_items == (1401, 1402, 1403, 1106, 901, 902, 903, 501, 502, 503, 504, 301)


async def _run(engine: AsyncEngine, *statements) -> None:
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(statement)


async def test_reload_reports_the_devices_whose_configuration_changed(database: Database, seeded: Seeded) -> None:
    manager = await started(database)
    ids, engine = seeded.ids, database.engine
    await manager.set_paused("dev01", True)

    nothing = await manager.reload()
    assert (nothing.added, nothing.removed, nothing.changed) == ((), (), ())

    await _run(engine, update(SettingsDevicepool).values(post_teleport_delay=3.0))
    assert (await manager.reload()).changed == ("dev01", "dev02")  # dev03 has no pool
    assert (await manager.device_settings("dev02")).post_teleport_delay == 3.0

    await _run(engine, update(SettingsAreaPokestops).where(SettingsAreaPokestops.area_id == ids["quests"])
               .values(layer=1))
    assert (await manager.reload()).changed == ("dev01", "dev02", "dev03")  # both walkers use the quest area

    await _run(engine, delete(SettingsMonivlistToMon).where(SettingsMonivlistToMon.mon_id == 3))
    assert (await manager.reload()).changed == ("dev01", "dev02")

    await _run(engine, update(SettingsDevice).where(SettingsDevice.name == "dev03").values(walker_id=ids["walker"]))
    assert (await manager.reload()).changed == ("dev03",)

    await _run(engine,
               insert(SettingsDevice).values(instance_id=seeded.instance_id, name="dev04", walker_id=ids["walker"]),
               delete(SettingsDevice).where(SettingsDevice.name == "dev02"))
    result = await manager.reload()
    assert (result.added, result.removed, result.changed, result.restart) == (("dev04",), ("dev02",), (),
                                                                               ("dev02",))
    assert await manager.loaded_origins() == ["dev01", "dev03", "dev04"]
    assert await manager.paused_origins() == ["dev01"]  # runtime state survives reloads


async def test_walker_areas_through_the_manager(database: Database, seeded: Seeded) -> None:
    manager = await started(database)
    ids = seeded.ids
    choice = await manager.choose_walker_area("dev01", WalkerContext(NOON, event_id=1))
    assert (choice.position, choice.walker_area.area_id) == (0, ids["mons"])
    state = await manager.device_state("dev01")
    assert (state.area_id, state.last_mode, state.area_started_at) == (ids["mons"], "mon_mitm", NOON)
    assert not (await manager.check_walker_area("dev01", WalkerContext(NOON))).leave

    # at night the mon period is over: leave, and the next area due is the quest round
    verdict = await manager.check_walker_area("dev01", WalkerContext(NIGHT))
    assert verdict.leave and "outside 06:00-22:00" in verdict.reason
    await manager.mark_area_finished("dev01")
    choice = await manager.choose_walker_area("dev01", WalkerContext(NIGHT))
    assert choice.walker_area.area_id == ids["quests"]
    # one round done: on to the idle area, which idles until 06:00
    assert (await manager.check_walker_area("dev01", WalkerContext(NIGHT, rounds={ids["quests"]: 1}))).leave
    await manager.mark_area_finished("dev01")
    choice = await manager.choose_walker_area("dev01", WalkerContext(NIGHT, rounds={ids["quests"]: 1}))
    assert choice.walker_area.area_id == ids["idle"]
    verdict = await manager.check_walker_area("dev01", WalkerContext(NIGHT))
    assert not verdict.leave and verdict.idle_until == datetime(2024, 5, 2, 6, 0, tzinfo=UTC)

    # a full mon area (max_walkers 2, two others there) is skipped
    choice = await manager.choose_walker_area("dev02", WalkerContext(NOON, registered={ids["mons"]: 2}))
    assert choice.walker_area.area_id == ids["quests"]


async def test_time_zone_of_the_area_decides(database: Database, seeded: Seeded) -> None:
    from zoneinfo import ZoneInfo
    manager = MappingManager(database.cfg, database.engine, database.instance_id,
                             zone_of=lambda area, fence: ZoneInfo("Asia/Tokyo"))
    await manager.start()
    # 23:00 UTC is 08:00 in Tokyo: inside 06:00-22:00
    choice = await manager.choose_walker_area("dev01", WalkerContext(NIGHT))
    assert choice.walker_area.area_id == seeded.ids["mons"]


async def _status(engine: AsyncEngine, name: str) -> dict:
    async with engine.connect() as conn:
        row = (await conn.execute(text(
            "SELECT name, rmname, mode, area_id, routePos, routeMax, currentPos, lastPos, lastProtoDateTime, "
            "lastPogoRestart, lastPogoReboot, restartCounter, rebootCounter, globalrestartcount, globalrebootcount, "
            "currentSleepTime FROM v_trs_status WHERE name = :name"), {"name": name})).mappings().one()
    return dict(row)


async def test_trs_status_is_kept_current(database: Database, seeded: Seeded) -> None:
    manager = await started(database)
    ids, engine = seeded.ids, database.engine
    await manager.choose_walker_area("dev01", WalkerContext(NOON))
    status = await _status(engine, "dev01")
    assert (status["rmname"], status["mode"], status["area_id"]) == ("town mons", "mon_mitm", ids["mons"])

    await manager.report_status("dev01", StatusUpdate(position=(52.5, 13.4), route_pos=1, route_max=10))
    await manager.report_status("dev01", StatusUpdate(position=(52.51, 13.41), route_pos=2,
                                                      last_proto_time=NOON, current_sleep_time=7))
    status = await _status(engine, "dev01")
    assert (status["currentPos"], status["lastPos"]) == ("52.51000, 13.41000", "52.50000, 13.40000")
    assert (status["routePos"], status["routeMax"], status["currentSleepTime"]) == (2, 10, 7)
    assert status["lastProtoDateTime"] == int(NOON.timestamp())

    await manager.report_status("dev01", StatusUpdate(restart_count=1, pogo_restarted_at=NOON))
    await manager.report_status("dev01", StatusUpdate(restart_count=2, pogo_restarted_at=NIGHT))
    await manager.report_status("dev01", StatusUpdate(reboot_count=1, restart_count=0, rebooted_at=NIGHT))
    status = await _status(engine, "dev01")
    assert (status["restartCounter"], status["globalrestartcount"], status["lastPogoRestart"]) == (
        0, 2, int(NIGHT.timestamp()))
    assert (status["rebootCounter"], status["globalrebootcount"], status["lastPogoReboot"]) == (
        1, 1, int(NIGHT.timestamp()))
    assert status["currentPos"] == "52.51000, 13.41000"  # untouched by updates without a position

    state = await manager.device_state("dev01")
    assert (state.position, state.route_pos, state.route_max) == ((52.51, 13.41), 2, 10)

    # no walker area qualifies: the device shows as idle
    await manager.choose_walker_area("dev03", WalkerContext(NOON, rounds={ids["quests"]: 1}))
    status = await _status(engine, "dev03")
    assert (status["rmname"], status["mode"]) == ("Idle", "Idle")


async def test_websocket_server_admits_devices_by_the_loaded_configuration(database: Database,
                                                                          seeded: Seeded) -> None:
    manager = await started(database)
    cfg = Config(ws_ip="127.0.0.1", ws_port=0)
    server = WebsocketServer(cfg, manager, duplicate_close_delay=(0, 0))
    await server.start()
    url = f"ws://127.0.0.1:{server.port}/"
    clients = []
    try:
        ok = await FakeRgc(url, origin="dev01").connect()
        clients.append(ok)
        await asyncio.wait_for(server.wait_connected("dev01"), 5)
        for fields in ({"origin": "dev02", "user": "admin", "password": "adminpass"},
                       {"origin": "theirs01"}, {"origin": "dev03", "user": "theirs", "password": "x"}):
            refused = await FakeRgc(url, **fields).connect()
            clients.append(refused)
            await asyncio.wait_for(refused.closed(), 5)
        assert server.connected_origins() == ["dev01"]
    finally:
        for client in clients:
            await client.close()
        await server.stop()

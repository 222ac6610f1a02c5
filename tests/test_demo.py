"""`magneton demo`: what it seeds into a real SQLite or MariaDB database, and that it seeds it only once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from magneton.cli import main
from magneton.config import Config, ConfigError
from magneton.db import Database
from magneton.db.models import (
    Gym,
    Pokestop,
    SettingsArea,
    SettingsAreaIvMitm,
    SettingsAreaPokestops,
    SettingsAuth,
    SettingsDevice,
    SettingsGeofence,
    SettingsMonivlistToMon,
    SettingsWalker,
    SettingsWalkerarea,
    SettingsWalkerToWalkerarea,
    TrsSpawn,
)
from magneton.demo import run, split_args
from magneton.sim.world import World
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)

SETTINGS = (SettingsGeofence, SettingsArea, SettingsWalker, SettingsWalkerarea, SettingsWalkerToWalkerarea,
            SettingsDevice, SettingsAuth, SettingsMonivlistToMon)


async def demo(cfg: Config, *argv: str) -> int:
    args, rest = split_args(argv)
    assert not rest
    return await run(args, cfg)


async def query(cfg: Config, statement):
    db = Database(cfg)
    await db.start(migrate=False)
    try:
        async with db.engine.connect() as conn:
            return (await conn.execute(statement)).all()
    finally:
        await db.stop()


async def counts(cfg: Config) -> dict[str, int]:
    return {model.__tablename__: (await query(cfg, select(func.count()).select_from(model)))[0][0]
            for model in (*SETTINGS, TrsSpawn, Pokestop, Gym)}


async def mode_of_devices(cfg: Config) -> dict[str, str]:
    """device name → mode of the area its walker scans (through walker → walker area → area)."""
    rows = await query(cfg, select(SettingsDevice.name, SettingsArea.mode)
                       .join(SettingsWalkerToWalkerarea,
                             SettingsWalkerToWalkerarea.walker_id == SettingsDevice.walker_id)
                       .join(SettingsWalkerarea,
                             SettingsWalkerarea.walkerarea_id == SettingsWalkerToWalkerarea.walkerarea_id)
                       .join(SettingsArea, SettingsArea.area_id == SettingsWalkerarea.area_id))
    assert len(rows) == len({name for name, _ in rows}), "a device's walker has one area"
    return dict(rows)


async def test_seeds_an_area_per_mode_devices_on_them_and_the_known_world(empty_cfg: Config) -> None:
    assert await demo(empty_cfg, "--devices", "6", "--radius", "400") == 0  # on an empty database: upgrades first
    assert sorted(mode for (mode,) in await query(empty_cfg, select(SettingsArea.mode))) == \
        sorted(["mon_mitm", "raids_mitm", "pokestops", "iv_mitm", "init"])
    assert await mode_of_devices(empty_cfg) == {
        "sim-001": "mon_mitm", "sim-002": "raids_mitm", "sim-003": "pokestops", "sim-004": "iv_mitm",
        "sim-005": "init", "sim-006": "mon_mitm"}
    [(layer, level)] = await query(empty_cfg, select(SettingsAreaPokestops.layer, SettingsAreaPokestops.level))
    assert (layer, level) == (1, False)
    [(monlist_id,)] = await query(empty_cfg, select(SettingsAreaIvMitm.monlist_id))
    assert len(await query(empty_cfg, select(SettingsMonivlistToMon.mon_id)
                           .where(SettingsMonivlistToMon.monlist_id == monlist_id))) == 20
    [(fence,)] = await query(empty_cfg, select(SettingsGeofence.name))
    assert fence == "demo"
    assert await query(empty_cfg, select(SettingsAuth.username, SettingsAuth.password, SettingsAuth.auth_level)) == \
        [("demo", "demo", 2)]  # MITM data: the phones' websocket and receiver login
    world = World(1, 52.52, 13.40, 400)
    seeded = await counts(empty_cfg)
    assert seeded["pokestop"] == sum(not f.is_gym for f in world.forts) and seeded["gym"] == \
        sum(f.is_gym for f in world.forts)
    assert seeded["trs_spawn"] == len({sp.token for sp in world.spawnpoints})

    with pytest.raises(ConfigError, match="already has the demo"):
        await demo(empty_cfg, "--devices", "6", "--radius", "400")
    with pytest.raises(ConfigError, match="already has the demo"):  # other names do not make a second demo
        await demo(empty_cfg, "--origin-prefix", "other-", "--user", "other")
    assert await counts(empty_cfg) == seeded


async def test_a_taken_name_refuses_before_writing_anything(migrated_cfg: Config) -> None:
    db = Database(migrated_cfg)
    await db.start(migrate=False)
    try:
        async with db.engine.begin() as conn:  # a device made in MADmin, and the operator's admin login
            walker = (await conn.execute(insert(SettingsWalker).values(instance_id=db.instance_id, name="mine")
                                         .returning(SettingsWalker.walker_id))).scalar_one()
            await conn.execute(insert(SettingsDevice).values(instance_id=db.instance_id, name="sim-002",
                                                             walker_id=walker))
            await conn.execute(insert(SettingsAuth).values(instance_id=db.instance_id, username="operator",
                                                           password="pw", auth_level=4))
    finally:
        await db.stop()
    before = await counts(migrated_cfg)
    with pytest.raises(ConfigError, match="device sim-002 already exists"):
        await demo(migrated_cfg, "--radius", "300")
    with pytest.raises(ConfigError, match="user operator exists with another password"):
        await demo(migrated_cfg, "--radius", "300", "--origin-prefix", "phone", "--user", "operator")
    with pytest.raises(ConfigError, match="belongs to another instance"):
        await demo(dataclasses.replace(migrated_cfg, status_name="second"), "--radius", "300",
                   "--user", "operator", "--password", "pw")
    assert await counts(migrated_cfg) == before

    # the operator's own login with its password: the phones may use it, it stays an admin
    assert await demo(migrated_cfg, "--radius", "300", "--origin-prefix", "phone", "--devices", "1",
                      "--user", "operator", "--password", "pw") == 0
    assert await query(migrated_cfg, select(SettingsAuth.username, SettingsAuth.auth_level)) == [("operator", 6)]
    assert await mode_of_devices(migrated_cfg) == {"phone001": "mon_mitm"}  # sim-002's walker has no area


def test_command_line_prints_what_to_run_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mad = ["--sqlite_file", str(tmp_path / "m.db"), "--ws_port", "9081", "--mitmreceiver_port", "9001",
           "--no_file_logs"]
    assert main(["demo", "--devices", "2", "--radius", "300", "--password", "p w", *mad]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-3:-1] == [
        f"  magneton run --sqlite_file {tmp_path / 'm.db'} --ws_port 9081 --mitmreceiver_port 9001 --no_file_logs",
        "  magneton sim --devices 2 --ws ws://127.0.0.1:9081 --mitm http://127.0.0.1:9001 --user demo "
        "--password 'p w' --radius 300.0"]
    assert main(["demo", *mad]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "magneton: instance 'mad' already has the demo (geofence 'demo'); nothing changed"
    assert main(["demo", "--devices", "0", *mad]) == 2
    assert "at least one device" in capsys.readouterr().err

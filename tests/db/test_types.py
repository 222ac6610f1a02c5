"""UTC datetimes, POINTs, 64-bit ids and the v_trs_status view, on SQLite and MariaDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.db.engine import create_engine
from magneton.db.models import (
    MadminInstance,
    Pokemon,
    SettingsDevice,
    SettingsPogoauth,
    SettingsWalker,
    TrsStatus,
)
from magneton.db.upsert import upsert


@pytest.fixture
async def engine(migrated_cfg: Config) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_cfg)
    async with engine.begin() as conn:
        await conn.execute(insert(MadminInstance).values(instance_id=1, name="test"))
        await conn.execute(insert(SettingsWalker).values(walker_id=1, instance_id=1, name="w"))
        await conn.execute(insert(SettingsDevice).values(device_id=1, instance_id=1, name="dev1", walker_id=1,
                                                         extended_permission_toggling=False))
    yield engine
    await engine.dispose()


async def test_datetimes_are_stored_as_naive_utc_and_read_as_aware_utc(engine: AsyncEngine) -> None:
    cest = timezone(timedelta(hours=2))
    aware = datetime(2024, 5, 1, 14, 30, 15, tzinfo=cest)
    naive = datetime(2024, 5, 1, 12, 45, 0)
    async with engine.begin() as conn:
        await conn.execute(insert(Pokemon), [
            {"encounter_id": 1, "spawnpoint_id": 1, "pokemon_id": 1, "latitude": 0.0, "longitude": 0.0,
             "disappear_time": aware},
            {"encounter_id": 2, "spawnpoint_id": 1, "pokemon_id": 1, "latitude": 0.0, "longitude": 0.0,
             "disappear_time": naive}])
    async with engine.connect() as conn:
        read = {i: t for i, t in (await conn.execute(select(Pokemon.encounter_id, Pokemon.disappear_time))).all()}
        stored = (await conn.execute(text("SELECT disappear_time FROM pokemon WHERE encounter_id = 1"))).scalar()
    assert read == {1: datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC), 2: naive.replace(tzinfo=UTC)}
    # What the map front ends read: the UTC wall time, no offset.
    assert str(stored).startswith("2024-05-01 12:30:15")


async def test_points_round_trip_as_lat_lng(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await upsert(conn, TrsStatus, [{"device_id": 1, "instance_id": 1, "currentPos": (52.516999991021976,
                                                                                          13.430419121520563),
                                        "lastPos": None}])
        await conn.execute(insert(SettingsPogoauth).values(
            instance_id=1, login_type="ptc", username="u", password="p", last_softban_action_location=(-33.9, 18.4)))
    async with engine.connect() as conn:
        status = (await conn.execute(select(TrsStatus.currentPos, TrsStatus.lastPos))).one()
        location = (await conn.execute(select(SettingsPogoauth.last_softban_action_location))).scalar_one()
        if engine.dialect.name == "sqlite":
            raw = (await conn.execute(text("SELECT currentPos FROM trs_status"))).scalar()
        else:
            # A real POINT, MAD's way round: x = longitude.
            raw = (await conn.execute(text("SELECT CONCAT(ST_GeometryType(currentPos), ' ', ST_X(currentPos), "
                                           "' ', ST_Y(currentPos)) FROM trs_status"))).scalar()
    assert status == ((52.516999991021976, 13.430419121520563), None)
    assert location == (-33.9, 18.4)
    assert raw in ("POINT(13.430419121520563 52.516999991021976)", "POINT 13.430419121520563 52.516999991021976")


async def test_unsigned_64_bit_ids_round_trip(engine: AsyncEngine) -> None:
    big = 17949410597083347437  # above 2**63, as real encounter ids are
    async with engine.begin() as conn:
        await upsert(conn, Pokemon, [{"encounter_id": big, "spawnpoint_id": 2**64 - 1, "pokemon_id": 1,
                                      "latitude": 0.0, "longitude": 0.0, "disappear_time": datetime.now(UTC)}])
    async with engine.connect() as conn:
        row = (await conn.execute(select(Pokemon.encounter_id, Pokemon.spawnpoint_id)
                                  .where(Pokemon.encounter_id == big))).one()
    assert tuple(row) == (big, 2**64 - 1)


async def test_v_trs_status_view(engine: AsyncEngine) -> None:
    proto = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    async with engine.begin() as conn:
        await upsert(conn, TrsStatus, [{"device_id": 1, "instance_id": 1, "currentPos": (52.5, 13.4),
                                        "lastPos": (52.25, 13.125), "lastProtoDateTime": proto, "routePos": 3,
                                        "routeMax": 9, "idle": 0}])
    async with engine.connect() as conn:
        row = (await conn.execute(text(
            "SELECT device_id, name, rmname, mode, init, routePos, routeMax, lastProtoDateTime, lastPogoReboot, "
            "currentPos, lastPos, currentSleepTime, globalrebootcount FROM v_trs_status"))).one()
    assert tuple(row) == (1, "dev1", "Idle", "Idle", 0, 3, 9, int(proto.timestamp()), None,
                          "52.50000, 13.40000", "52.25000, 13.12500", 0, 0)

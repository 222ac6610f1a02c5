"""Every kind of StatsHandler record through a real server into a real StatsHandler and its tables."""

from __future__ import annotations

import asyncio
import dataclasses

from sqlalchemy import select

from magneton.db.models import (
    TrsStatsDetect,
    TrsStatsDetectSeenType,
    TrsStatsDetectWildMonRaw,
    TrsStatsLocation,
    TrsStatsLocationRaw,
)
from magneton.rpc import stats_server
from magneton.rpc.stats_client import GrpcStatsSink
from magneton.stats import LocationRecord, StatsHandler
from tests.db.conftest import dialect, empty_cfg, mariadb_database, migrated_cfg  # noqa: F401 (fixtures)
from tests.rpc.conftest import I64_MAX, U64_MAX, rpc_cfg, server

NOW = 1_717_243_200


async def rows(engine, model):
    async with engine.connect() as conn:
        return (await conn.execute(select(model.__table__))).mappings().all()


async def test_every_record_kind_reaches_the_tables(migrated_cfg, started, database):
    cfg = rpc_cfg(dataclasses.replace(migrated_cfg, game_stats=True, game_stats_raw=True, game_stats_mon_seen=True))
    db = await database(cfg)
    handler = StatsHandler(cfg, db.engine)
    await started(server(cfg, "statshandler", stats_server.register(handler)))
    client = await started(GrpcStatsSink(cfg))

    await client.stats_collect_wild_mon("dev01", [0, I64_MAX, U64_MAX], NOW)
    await client.stats_collect_mon_iv("dev01", U64_MAX, NOW + 1, True)
    await client.stats_collect_quest("dev01", NOW)
    await client.stats_collect_raid("dev01", NOW, 3)
    await client.stats_collect_location_data(LocationRecord("dev01", 52.5, 13.4, True, NOW, NOW + 2, 1, "mon_mitm",
                                                            1, NOW + 3))
    await client.stats_collect_seen_type([U64_MAX], "nearby_cell", NOW - 10)
    assert await client.flush()
    await handler.flush()

    [detect] = await rows(db.engine, TrsStatsDetect)
    assert (detect["worker"], detect["mon"], detect["mon_iv"], detect["quest"], detect["raid"]) == ("dev01", 3, 1, 1, 3)
    [location] = await rows(db.engine, TrsStatsLocation)
    assert (location["location_ok"], location["location_nok"], location["timestamp_scan"]) == (1, 0, NOW + 3)
    [raw_location] = await rows(db.engine, TrsStatsLocationRaw)
    assert (raw_location["lat"], raw_location["type"], raw_location["walker"], raw_location["transporttype"],
            raw_location["period"], raw_location["data_ts"]) == (52.5, 1, "mon_mitm", 1, NOW + 3, NOW + 2)
    raw = {r["encounter_id"]: r for r in await rows(db.engine, TrsStatsDetectWildMonRaw)}
    assert set(raw) == {0, I64_MAX, U64_MAX}
    assert raw[U64_MAX]["count"] == 2 and raw[U64_MAX]["is_shiny"]
    seen = {r["encounter_id"]: r for r in await rows(db.engine, TrsStatsDetectSeenType)}
    assert seen[U64_MAX]["nearby_cell"] is not None and seen[U64_MAX]["encounter"] is not None


async def test_records_wait_while_the_statshandler_is_down(migrated_cfg, started, database):
    cfg = rpc_cfg(migrated_cfg)
    db = await database(cfg)
    client = await started(GrpcStatsSink(cfg, deadline=2))
    await client.stats_collect_raid("dev01", NOW, 2)
    assert not await client.flush()  # nobody listens yet: kept, not lost
    assert len(client.pending) == 1 and client.health.down

    handler = StatsHandler(cfg, db.engine)
    await started(server(cfg, "statshandler", stats_server.register(handler)))
    for _ in range(50):
        if await client.flush():
            break
        await asyncio.sleep(0.1)
    await handler.flush()
    [detect] = await rows(db.engine, TrsStatsDetect)
    assert detect["raid"] == 2

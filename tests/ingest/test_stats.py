"""The StatsHandler: what receivers report is flushed to MAD's trs_stats_* tables, on its interval and on
stop (MAD lost what it held), and old stats are cleaned up after 7 days."""

from __future__ import annotations

import dataclasses
import time

from magneton.db.database import Database
from magneton.db.models import (
    TrsStatsDetect,
    TrsStatsDetectSeenType,
    TrsStatsDetectWildMonRaw,
    TrsStatsLocation,
    TrsStatsLocationRaw,
)
from magneton.stats import LocationRecord, StatsHandler
from tests.ingest.conftest import ORIGIN, Stack


async def test_ingest_counts_reach_trs_stats_detect_at_stop(make_stack):
    stack: Stack = await make_stack(scan_nearby_mons=True, game_stats_mon_seen=True)
    await stack.send("4_inventory_level35.json", "106_raid_boss.json", "106_wild_known_spawn.json",
                     "102_encounter.json", "101_quest_item_ar.json", "106_nearby.json")
    await stack.rt.stats.stop()  # flushes what it holds
    [detect] = await stack.rows(TrsStatsDetect)
    assert detect["worker"] == ORIGIN
    assert (detect["mon"], detect["raid"], detect["mon_iv"], detect["quest"]) == (1, 1, 1, 1)
    seen = {r["encounter_id"]: r for r in await stack.rows(TrsStatsDetectSeenType)}
    assert seen[6568401700513075410]["wild"] is not None and seen[6568401700513075410]["encounter"] is not None
    assert seen[1414998669923762478]["nearby_cell"] is not None
    assert seen[6881780369478743546]["nearby_stop"] is not None


async def test_raw_stats_merge_with_existing_rows_and_old_rows_are_cleaned(migrated_cfg):
    cfg = dataclasses.replace(migrated_cfg, game_stats_raw=True, game_stats_mon_seen=True)
    db = Database(cfg)
    await db.start(migrate=False)
    try:
        stats = StatsHandler(cfg, db.engine)
        now = int(time.time())
        await stats.stats_collect_wild_mon("dev", [7, 2**64 - 1], now - 100)
        await stats.stats_collect_mon_iv("dev", 7, now - 50, True)
        await stats.flush()
        await stats.stats_collect_wild_mon("dev", [7], now)
        await stats.stats_collect_seen_type([7], "lure_wild", now - 200)
        await stats.stats_collect_location_data(LocationRecord("dev", 52.5, 13.4, True, now, now, 0, "mon_mitm",
                                                               0, now))
        await stats.stats_collect_location_data(LocationRecord("dev", 52.5, 13.4, False, now, now, 0, "mon_mitm",
                                                               0, now))
        await stats.flush()
        async with db.engine.connect() as conn:
            from sqlalchemy import select

            raw = {r.encounter_id: r for r in (await conn.execute(select(TrsStatsDetectWildMonRaw))).all()}
            assert raw[7].count == 3 and raw[7].is_shiny is True
            assert raw[7].first_scanned.timestamp() == now - 100 and raw[7].last_scanned.timestamp() == now
            assert raw[2**64 - 1].count == 1
            [location] = (await conn.execute(select(TrsStatsLocation))).all()
            assert (location.location_ok, location.location_nok) == (1, 1)
            assert len((await conn.execute(select(TrsStatsLocationRaw))).all()) == 2
            seen = (await conn.execute(select(TrsStatsDetectSeenType)
                                       .where(TrsStatsDetectSeenType.encounter_id == 7))).one()
            assert seen.wild.timestamp() == now - 100 and seen.lure_wild.timestamp() == now - 200
            assert len((await conn.execute(select(TrsStatsDetect))).all()) == 2

            from sqlalchemy import update
            await conn.execute(update(TrsStatsDetect).values(timestamp_scan=now - 8 * 86400))
            await conn.commit()
        await stats.cleanup()
        async with db.engine.connect() as conn:
            assert (await conn.execute(select(TrsStatsDetect))).all() == []
            assert len((await conn.execute(select(TrsStatsDetectWildMonRaw))).all()) == 2  # recent
    finally:
        await db.stop()

"""DB cleanup on a table of 100,000 expired mons: deleted in short batches while ingest keeps writing."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from magneton.db.cleanup import DbCleanup
from magneton.db.models import Pokemon, PokemonDisplay, Pokestop, PokestopIncident
from magneton.db.upsert import upsert
from tests.webhooks.conftest import live

EXPIRED = 100_000


async def count(engine, *where) -> int:
    async with engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(Pokemon).where(*where))).scalar_one()


async def test_expired_mons_deleted_in_batches_while_ingest_writes(make_stack):
    stack = await make_stack(scan_nearby_mons=True)
    engine = stack.engine
    old = datetime.now(UTC) - timedelta(hours=5)
    rows = [{"encounter_id": (1 << 62) + i, "spawnpoint_id": i, "pokemon_id": 1 + i % 300, "latitude": 52.5,
             "longitude": 13.4, "disappear_time": old - timedelta(seconds=i % 3600), "last_modified": old,
             "seen_type": "wild"} for i in range(EXPIRED)]
    async with engine.begin() as conn:
        await upsert(conn, Pokemon, rows, chunk_size=10_000)
        await upsert(conn, PokemonDisplay, [{"encounter_id": (1 << 62) + i, "pokemon": 16} for i in range(100)])
    assert await count(engine) == EXPIRED

    cfg = dataclasses.replace(stack.cfg, delete_mons_n_hours=1, delete_mons_limit=5000)
    cleanup = DbCleanup(cfg, engine, pause=0.01)
    batch = live("106_city_batch.json")
    posted = 0

    async def ingest() -> None:
        nonlocal posted
        for entry in batch:  # one GMO per POST, as devices send them, while the cleanup runs
            response = await stack.post([entry])
            assert response.status == 200
            posted += 1
            await asyncio.sleep(0)
        await stack.drain()

    run, _ = await asyncio.gather(cleanup.run_once(), ingest())
    assert run.mons == EXPIRED and run.batches >= EXPIRED // 5000
    assert posted == len(batch)
    assert await count(engine, Pokemon.disappear_time < datetime.now(UTC) - timedelta(hours=1)) == 0
    assert await count(engine) == 289 + 287  # every live mon the GMOs carried (wild + nearby) is there
    async with engine.connect() as conn:  # the displays of deleted mons went with them (FK cascade)
        assert (await conn.execute(select(func.count()).select_from(PokemonDisplay))).scalar_one() == 0


async def test_expired_incidents_deleted_and_nothing_else(make_stack):
    stack = await make_stack()
    now = datetime.now(UTC)
    async with stack.engine.begin() as conn:
        await upsert(conn, Pokestop, [{"pokestop_id": "stop", "enabled": True, "latitude": 1.0, "longitude": 1.0,
                                       "last_modified": now}])
        await upsert(conn, PokestopIncident, [
            {"pokestop_id": "stop", "incident_id": str(i), "incident_start": now - timedelta(hours=h + 1),
             "incident_expiration": now - timedelta(hours=h)} for i, h in enumerate((0, 1, 3, 5, 7))])
    cfg = dataclasses.replace(stack.cfg, delete_incidents_n_hours=2, delete_mons_limit=2)
    run = await DbCleanup(cfg, stack.engine, pause=0).run_once()
    assert (run.incidents, run.mons, run.batches) == (3, 0, 2)
    assert {r["incident_id"] for r in await stack.rows(PokestopIncident)} == {"0", "1"}


async def test_cleanup_off_by_default(make_stack):
    stack = await make_stack()
    cleanup = DbCleanup(stack.cfg, stack.engine)
    assert not cleanup.enabled
    await cleanup.start()
    run = await cleanup.run_once()
    await cleanup.stop()
    assert (run.mons, run.incidents, run.batches) == (0, 0, 0)

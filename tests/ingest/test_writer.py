"""The coalescing writer: merges by key, flushes in bulk, loses nothing at stop, counts what it cannot write."""

from __future__ import annotations

import asyncio
import logging

import pytest

from magneton.db.database import Database
from magneton.db.models import Base, TrsS2Cell
from magneton.ingest import cell, pokestop
from magneton.ingest.writer import Writer
from tests.ingest.test_shutdown import cell_ids


async def _writer(cfg, **options) -> tuple[Database, Writer]:
    db = Database(cfg)
    await db.start(migrate=False)
    return db, Writer(db.engine, Base.metadata, **options)


async def _cells(db: Database) -> dict[int, int]:
    from sqlalchemy import select

    async with db.engine.connect() as conn:
        return dict((await conn.execute(select(TrsS2Cell.id, TrsS2Cell.updated))).all())


async def test_rows_with_one_key_are_coalesced_newest_wins(migrated_cfg):
    db, writer = await _writer(migrated_cfg)
    try:
        for updated in (1000, 3000, 2000):
            writer.put(cell.CELL, cell.cell_row(5163462868904968192, updated * 1000))
        assert writer.pending == 1
        await writer.flush()
        assert await _cells(db) == {5163462868904968192: 2000}
        assert writer.written["trs_s2cells"] == 1
    finally:
        await db.stop()


async def test_stop_during_a_flush_loses_nothing(migrated_cfg):
    db, writer = await _writer(migrated_cfg, interval=0.01)
    await writer.start()
    try:
        ids = cell_ids(3000)
        for cell_id in ids[:1500]:
            writer.put(cell.CELL, cell.cell_row(cell_id, 1_000_000))
        for _ in range(1000):  # until the loop is in the middle of writing the first half
            if writer._flushing.locked():
                break
            await asyncio.sleep(0)
        for cell_id in ids[1500:]:
            writer.put(cell.CELL, cell.cell_row(cell_id, 1_000_000))
        async with asyncio.timeout(120):  # a hang here is the failure mode of cancelling mid-flush
            await writer.stop()
        assert set(await _cells(db)) == set(ids)
    finally:
        await db.stop()


async def test_rows_that_cannot_be_written_are_counted_and_logged(migrated_cfg, caplog):
    """An incident whose stop does not exist violates its foreign key on MariaDB (SQLite enforces it too):
    that table's batch is lost, counted and logged; the other tables of the flush are written."""
    db, writer = await _writer(migrated_cfg)
    try:
        writer.put(pokestop.INCIDENT, {
            "pokestop_id": "missing.16", "incident_id": "1", "incident_start": None, "incident_expiration": None,
            "hide_incident": False, "incident_display_type": 1, "incident_display_order_priority": 0,
            "custom_display": None, "is_cross_stop_incident": False, "character_display": 4})
        writer.put(cell.CELL, cell.cell_row(5163462868904968192, 1_000_000))
        with caplog.at_level(logging.ERROR):
            await writer.flush()
        assert writer.lost["pokestop_incident"] == 1
        assert any("lost 1 pokestop_incident rows" in r.getMessage() for r in caplog.records)
        assert await _cells(db) == {5163462868904968192: 1000}
    finally:
        await db.stop()


@pytest.mark.mariadb
async def test_a_real_deadlock_is_classified_retryable(mariadb_database):
    """Two transactions locking two rows in opposite order: MariaDB kills one with error 1213, which the
    writer retries (a bounded number of times) instead of losing the batch."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from magneton.ingest.writer.writer import _retryable
    from tests.db.conftest import mariadb_url

    engine = create_async_engine(mariadb_url(mariadb_database()))
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INT PRIMARY KEY, v INT)"))
            await conn.execute(text("INSERT INTO t VALUES (1, 0), (2, 0)"))
        a, b = await engine.connect(), await engine.connect()
        await a.begin()
        await b.begin()
        await a.execute(text("UPDATE t SET v = 1 WHERE id = 1"))
        await b.execute(text("UPDATE t SET v = 1 WHERE id = 2"))
        results = await asyncio.gather(a.execute(text("UPDATE t SET v = 2 WHERE id = 2")),
                                       b.execute(text("UPDATE t SET v = 2 WHERE id = 1")),
                                       return_exceptions=True)
        errors = [r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and _retryable(errors[0])
        await a.close()
        await b.close()
    finally:
        await engine.dispose()

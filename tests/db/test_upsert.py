"""The bulk upsert helper on SQLite and MariaDB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.config import Config
from magneton.db.engine import create_engine
from magneton.db.models import PokemonDisplay, Pokemon, TrsQuest, TrsS2Cell, TrsSpawn, TrsStatsDetectWildMonRaw
from magneton.db.upsert import chunk_rows, excluded, greatest, least, upsert


@pytest.fixture
async def engine(migrated_cfg: Config) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_cfg)
    yield engine
    await engine.dispose()


def cell(cell_id: int, updated: int, level: int = 15) -> dict[str, object]:
    return {"id": cell_id, "level": level, "center_latitude": 52.5, "center_longitude": 13.4, "updated": updated}


async def cells(engine: AsyncEngine) -> dict[int, tuple[int, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(TrsS2Cell.id, TrsS2Cell.level, TrsS2Cell.updated))
        return {r.id: (r.level, r.updated) for r in rows}


async def test_insert_then_update_all_non_key_columns(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await upsert(conn, TrsS2Cell, [cell(1, 100), cell(2, 100)])
    async with engine.begin() as conn:
        await upsert(conn, TrsS2Cell, [cell(2, 200, level=13), cell(3, 300)])
    assert await cells(engine) == {1: (15, 100), 2: (13, 200), 3: (15, 300)}


async def test_update_only_chosen_columns(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await upsert(conn, TrsS2Cell, [cell(1, 100)])
        await upsert(conn, TrsS2Cell.__table__, [cell(1, 200, level=10)], ["updated"])
    assert await cells(engine) == {1: (15, 200)}


async def test_empty_update_list_keeps_existing_rows(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await upsert(conn, TrsS2Cell, [cell(1, 100)])
        await upsert(conn, TrsS2Cell, [cell(1, 999, level=1), cell(2, 5)], [])
    assert await cells(engine) == {1: (15, 100), 2: (15, 5)}


async def test_batches_larger_than_a_chunk(engine: AsyncEngine) -> None:
    dialect = engine.dialect.name
    n = chunk_rows(5, dialect) * 2 + 17
    async with engine.begin() as conn:
        await upsert(conn, TrsS2Cell, [cell(i, 1) for i in range(n)])
        await upsert(conn, TrsS2Cell, [cell(i, 2) for i in range(0, n, 2)], ["updated"], chunk_size=7)
    found = await cells(engine)
    assert len(found) == n
    assert all(updated == (2 if i % 2 == 0 else 1) for i, (_, updated) in found.items())


async def test_composite_primary_keys(engine: AsyncEngine) -> None:
    t0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)

    def quest(guid: str, layer: int, quest_type: int) -> dict[str, object]:
        return {"GUID": guid, "layer": layer, "quest_type": quest_type, "quest_timestamp": 1, "quest_stardust": 0,
                "quest_pokemon_id": 0, "quest_reward_type": 2, "quest_item_id": 1, "quest_item_amount": 3,
                "quest_target": 1}

    async with engine.begin() as conn:
        await upsert(conn, TrsQuest, [quest("a", 0, 1), quest("a", 1, 2)])
        await upsert(conn, TrsQuest, [quest("a", 1, 7), quest("b", 1, 3)], ["quest_type"])
        await upsert(conn, TrsStatsDetectWildMonRaw, [
            {"worker": "dev1", "encounter_id": 2**63 + 5, "count": 1, "first_scanned": t0, "last_scanned": t0}])
        await upsert(conn, TrsStatsDetectWildMonRaw, [
            {"worker": "dev1", "encounter_id": 2**63 + 5, "count": 2, "first_scanned": t0, "last_scanned": t0},
            {"worker": "dev2", "encounter_id": 2**63 + 5, "count": 1, "first_scanned": t0, "last_scanned": t0}],
            ["count"])
    async with engine.connect() as conn:
        quests = {(r.GUID, r.layer): r.quest_type for r in await conn.execute(select(TrsQuest))}
        raw = {r.worker: r.count for r in await conn.execute(select(TrsStatsDetectWildMonRaw))}
    assert quests == {("a", 0): 1, ("a", 1): 7, ("b", 1): 3}
    assert raw == {"dev1": 2, "dev2": 1}


async def test_update_expressions_keep_the_earliest_and_largest(engine: AsyncEngine) -> None:
    early, late = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)

    def spawn(first: datetime, seen: datetime, earliest_unseen: int) -> dict[str, object]:
        return {"spawnpoint": 42, "latitude": 1.0, "longitude": 2.0, "earliest_unseen": earliest_unseen,
                "first_detection": first, "last_scanned": seen}

    update = {
        "first_detection": least(TrsSpawn.first_detection, excluded("first_detection")),
        "earliest_unseen": greatest(TrsSpawn.earliest_unseen, excluded("earliest_unseen")),
        "last_scanned": "last_scanned",
    }
    async with engine.begin() as conn:
        await upsert(conn, TrsSpawn, [spawn(early, early, 900)])
        await upsert(conn, TrsSpawn, [spawn(late, late, 300)], update)
    async with engine.connect() as conn:
        row = (await conn.execute(select(TrsSpawn))).one()
    assert (row.first_detection, row.earliest_unseen, row.last_scanned) == (early, 900, late)


async def test_insert_ignore_with_a_session_and_a_foreign_key(engine: AsyncEngine) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    t = datetime(2024, 5, 1, tzinfo=UTC)
    mon = {"encounter_id": 7, "spawnpoint_id": 1, "pokemon_id": 25, "latitude": 1.0, "longitude": 2.0,
           "disappear_time": t}
    async with async_sessionmaker(engine)() as session:
        await upsert(session, Pokemon, [mon])
        await upsert(session, PokemonDisplay, [{"encounter_id": 7, "pokemon": 25, "form": 1}], [])
        await upsert(session, PokemonDisplay, [{"encounter_id": 7, "pokemon": 132, "form": 2}], [])
        await session.commit()
        display = (await session.execute(select(PokemonDisplay))).scalar_one()
        count = await session.scalar(select(func.count()).select_from(Pokemon))
    assert (display.pokemon, display.form, count) == (25, 1, 1)


async def test_rows_must_share_their_columns(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        with pytest.raises(ValueError, match="same columns"):
            await upsert(conn, TrsS2Cell, [cell(1, 1), {"id": 2, "level": 1}])
        with pytest.raises(ValueError, match="no column"):
            await upsert(conn, TrsS2Cell, [{"id": 1, "bogus": 2}])
        await upsert(conn, TrsS2Cell, [])

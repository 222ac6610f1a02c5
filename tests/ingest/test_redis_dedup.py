"""With `-ec/--enable_cache`, receivers share their dedup keys in Redis: an unchanged object posted to
two receivers is written once, and MAD's key names are used."""

from __future__ import annotations

import pytest
from redis import Redis

from magneton.db.models import Gym, TrsS2Cell
from tests.ingest.conftest import Stack, fixture

REDIS_DB = 14  # a database of its own, emptied before each test


@pytest.fixture
def redis_db():
    client = Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.mark.redis
async def test_two_receivers_write_an_unchanged_gym_once(make_stack, redis_db):
    first: Stack = await make_stack(enable_cache=True, cache_database=REDIS_DB)
    second: Stack = await make_stack(enable_cache=True, cache_database=REDIS_DB)
    await first.send("106_gym.json")
    await second.send("106_gym.json")
    assert await first.count(Gym) == 1 and await first.count(TrsS2Cell) == 1
    writer_1, writer_2 = first.rt.pipeline.state.writer, second.rt.pipeline.state.writer
    assert writer_1.written["gym"] == 1
    assert writer_2.written["gym"] == 0 and writer_2.written["trs_s2cells"] == 0
    keys = {k.decode() for k in redis_db.keys("*")}
    assert "gym89af4da070f32e4caa137ad6b5b32bde.161717239600.00" in keys
    assert f"s2cell{fixture('106_gym.json')[0]['payload']['cells'][0]['id']}" in keys


@pytest.mark.redis
async def test_a_changed_object_is_written_again(make_stack, redis_db):
    stack: Stack = await make_stack(enable_cache=True, cache_database=REDIS_DB)
    await stack.send("106_gym.json")
    changed = fixture("106_gym.json")
    fort = changed[0]["payload"]["cells"][0]["forts"][0]
    fort["last_modified_timestamp_ms"] += 60_000
    fort["gym_details"]["owned_by_team"] = 2
    assert (await stack.post(changed)).status == 200
    await stack.drain()
    assert (await stack.one(Gym))["team_id"] == 2

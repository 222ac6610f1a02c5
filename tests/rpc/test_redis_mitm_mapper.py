"""The redis MitmMapper: MAD's semantics, atomic under concurrent writers, TTLs, one namespace per instance."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from magneton.mitm_mapper import LatestEntry, Location, MemoryMitmMapper
from magneton.mitm_mapper.in_redis import RedisMitmMapper
from tests.rpc.conftest import I64_MAX, U64_MAX

pytestmark = pytest.mark.redis

REDIS_DB = 12  # this suite's own database, flushed per test


@pytest.fixture
async def redis():
    client = Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def test_same_answers_as_the_memory_mapper(redis):
    shared, memory = RedisMitmMapper(redis, "test"), MemoryMitmMapper()
    loc = Location(52.123456789012345, -13.4)
    for mapper in (shared, memory):
        await mapper.update_latest("dev01", "106", {"cells": [{"id": U64_MAX}]}, 100, 1000, loc, [1, 2])
        await mapper.update_latest("dev01", "106", {"stale": True}, 101, 999, loc, [3])  # retrieved earlier
        await mapper.update_latest("dev01", "106", {"cells": [{"id": I64_MAX}]}, 102, 1001, loc, [2, 5])
        await mapper.update_latest("dev01", "ids_iv", [U64_MAX], 0, 1002, Location(0.0, 0.0))
        await mapper.set_level("dev01", 31)
        await mapper.set_pokestop_visits("dev01", U64_MAX)
        await mapper.set_quests_held("dev01", [1, 2])
    for mapper in (shared, memory):
        assert await mapper.request_latest("dev01", "106") == LatestEntry(loc, 102, 1001,
                                                                           {"cells": [{"id": I64_MAX}]})
        assert await mapper.request_latest("dev01", "106", 1001) is None
        assert (await mapper.request_latest("dev01", "106", 1000)).timestamp_of_data_retrieval == 1001
        assert (await mapper.request_latest("dev01", "ids_iv")).data == [U64_MAX]
        assert await mapper.request_latest("dev02", "106") is None
        assert await mapper.get_injection_status("dev01") is True
        assert await mapper.get_last_known_location("dev01") == loc
        assert await mapper.get_last_possibly_moved("dev01") == 100  # [2, 5] shares cell 2: not moved
        assert await mapper.get_level("dev01") == 31
        assert await mapper.get_poke_stop_visits("dev01") == U64_MAX
        assert await mapper.get_quests_held("dev01") == [1, 2]
        assert await mapper.get_quests_held("dev02") is None
        assert await mapper.get_last_known_location("dev02") is None
        await mapper.update_latest("dev01", "106", {}, 103, 1003, loc, [7])  # new cells: moved
        assert await mapper.get_last_possibly_moved("dev01") == 103
        await mapper.set_injection_status("dev01", False)
        assert await mapper.get_injection_status("dev01") is False
        await mapper.set_quests_held("dev01", None)
        assert await mapper.get_quests_held("dev01") is None


async def test_stale_rule_holds_under_concurrent_writers(redis):
    """Many receivers write the same device at once, in any order: the newest retrieval time wins."""
    writers = [RedisMitmMapper(Redis(host="127.0.0.1", port=6379, db=REDIS_DB), "test") for _ in range(8)]
    stamps = list(range(1000, 1400))
    order = stamps[::2][::-1] + stamps[1::2]  # newest first for half of them

    async def write(i: int, ts: int) -> None:
        await writers[i % len(writers)].update_latest("dev01", "106", {"ts": ts}, ts, ts, Location(1.0, 2.0))
    await asyncio.gather(*(write(i, ts) for i, ts in enumerate(order)))
    entry = await writers[0].request_latest("dev01", "106")
    assert entry.timestamp_of_data_retrieval == entry.data["ts"] == max(stamps)
    for writer in writers:
        await writer.redis.aclose()


async def test_keys_have_ttls(redis):
    mapper = RedisMitmMapper(redis, "test", latest_ttl=1, state_ttl=60)
    await mapper.update_latest("dev01", "106", {}, 1, 1, Location(1.0, 2.0), [1])
    await mapper.set_level("dev01", 30)
    keys = [k async for k in redis.scan_iter("*")]
    assert keys and all([await redis.ttl(k) > 0 for k in keys])
    await asyncio.sleep(1.5)
    assert await mapper.request_latest("dev01", "106") is None  # expired
    assert await mapper.get_level("dev01") == 30


async def test_instances_are_namespaced(redis):
    ours, theirs = RedisMitmMapper(redis, "mad"), RedisMitmMapper(redis, "other")
    await ours.set_level("dev01", 30)
    await ours.update_latest("dev01", "106", {"x": 1}, 1, 1, Location(1.0, 2.0))
    assert await theirs.get_level("dev01") == 0
    assert await theirs.request_latest("dev01", "106") is None
    assert all(k.startswith(b"mitm:mad:") for k in [k async for k in redis.scan_iter("*")])

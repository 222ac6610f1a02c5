"""Delivery to real HTTP receivers: retries until acknowledged, isolation between URLs, bounded memory and
counted drops while a URL is down (the minute simulated with an injected clock), bounded stop."""

from __future__ import annotations

import asyncio

import orjson

from magneton.webhooks.delivery import Endpoint
from tests.webhooks.conftest import Receiver, free_port


def entries(start: int, count: int) -> list[bytes]:
    return [orjson.dumps({"type": "pokemon", "message": {"encounter_id": str(i)}}) for i in range(start, start + count)]


def ids(receiver: Receiver) -> list[str]:
    return [e["message"]["encounter_id"] for e in receiver.entries]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_server_errors_are_retried_until_every_message_arrives_once(receivers):
    hook = await receivers()
    hook.plan.extend([500, 503, 500])
    endpoint = Endpoint(hook.url, max_batch=4, backoff=0.01)
    await endpoint.start()
    try:
        endpoint.put(entries(0, 10))
        await asyncio.wait_for(endpoint.idle(), 30)
        assert sorted(ids(hook), key=int) == [str(i) for i in range(10)]  # each once, none lost
        assert hook.requests == 3 + 3  # three failures, then 4 + 4 + 2
        assert endpoint.stats.retries == 3 and endpoint.stats.sent == 10 and endpoint.stats.dropped == 0
    finally:
        await endpoint.stop()


async def test_client_errors_are_dropped_and_counted_not_retried(receivers):
    hook = await receivers()
    hook.plan.append(400)
    endpoint = Endpoint(hook.url, max_batch=5, backoff=0.01)
    await endpoint.start()
    try:
        endpoint.put(entries(0, 10))
        await asyncio.wait_for(endpoint.idle(), 30)
        assert ids(hook) == [str(i) for i in range(5, 10)]
        assert endpoint.stats.rejected == 5 and endpoint.stats.retries == 0
    finally:
        await endpoint.stop()


async def test_a_hanging_url_does_not_delay_another(receivers):
    stuck, healthy = await receivers(), await receivers()
    stuck.hang = True
    slow = Endpoint(stuck.url, timeout=3600, drain_timeout=0.2)
    fast = Endpoint(healthy.url)
    for endpoint in (slow, fast):
        await endpoint.start()
    try:
        for round_ in range(5):
            batch = entries(round_ * 10, 10)
            slow.put(batch)
            fast.put(batch)
            await asyncio.wait_for(fast.idle(), 30)
        assert len(ids(healthy)) == 50 and stuck.requests == 1 and not stuck.bodies
    finally:
        await fast.stop()
        await slow.stop()  # bounded: gives up on the hanging POST, counts what was left
    assert slow.stats.dropped_at_stop == 40 and slow.stats.sent == 0


async def test_a_url_down_for_a_minute_costs_bounded_memory_and_counted_drops(receivers):
    port = free_port()
    clock = Clock()
    endpoint = Endpoint(f"http://127.0.0.1:{port}/hook", max_batch=50, max_queue=200, max_age=30, backoff=0.01,
                        max_backoff=0.02, clock=clock)
    await endpoint.start()
    try:
        put = 0
        for _ in range(12):  # a minute of rounds, 5 s apart, 100 messages each, nobody listening
            endpoint.put(entries(put, 100))
            put += 100
            assert endpoint.queued <= 200  # bounded, whatever the outage
            await asyncio.sleep(0.05)  # retries keep failing meanwhile
            clock.now += 5
        assert endpoint.stats.dropped_overflow > 0 and endpoint.stats.sent == 0
        hook = await receivers(port)  # the URL comes back
        await asyncio.wait_for(endpoint.idle(), 30)
        stats = endpoint.stats
        assert stats.dropped_expired > 0  # the batch it kept retrying had grown too old
        assert stats.sent + stats.dropped == put  # every message is delivered or counted as dropped
        delivered = [int(i) for i in ids(hook)]
        assert len(delivered) == len(set(delivered)) == stats.sent
        assert delivered == sorted(delivered) and delivered[-1] == put - 1  # the newest survive, in order
    finally:
        await endpoint.stop()


async def test_stop_delivers_what_is_queued(receivers):
    hook = await receivers()
    endpoint = Endpoint(hook.url, max_batch=10)
    await endpoint.start()
    endpoint.put(entries(0, 35))
    await endpoint.stop()
    assert len(ids(hook)) == 35 and endpoint.stats.dropped == 0

"""Rarity buckets and the pokemon webhook's `rarity`; the event clock and `no_event_checker`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from magneton.db.models import Pokemon, Pokestop, TrsEvent
from magneton.db.upsert import upsert
from magneton.events import DEFAULT_EVENT, EventClock
from magneton.webhooks.rarity import Rarity, bucket
from tests.webhooks.conftest import deliver, send_live


@pytest.mark.parametrize(("count", "total", "rarity"), [
    (0, 100, 0), (1, 20_000, 5), (2, 10_000, 4), (4, 1000, 3), (7, 1000, 2), (10, 1000, 1), (5, 5, 1), (0, 0, 0)])
def test_buckets(count, total, rarity):
    assert bucket(count, total) == rarity


async def test_rarity_in_pokemon_webhook(hooked):
    stack, [hook] = await hooked()
    now = datetime.now(UTC)
    # 19 (the fixture's Rattata) is 1 in 2,000 sightings (0.05 % → 3); the rest are Pidgeys.
    async with stack.engine.begin() as conn:
        await upsert(conn, Pokemon, [{"encounter_id": i + 1, "spawnpoint_id": 0, "pokemon_id": 19 if i == 0 else 16,
                                      "latitude": 0.0, "longitude": 0.0, "disappear_time": now - timedelta(hours=1),
                                      "last_modified": now - timedelta(hours=2), "seen_type": "wild"}
                                     for i in range(2000)])
    rarity = stack.rt.webhooks.rarity = Rarity(stack.engine, hours=72)
    stack.rt.webhooks.feed.rarity = rarity.of
    await rarity.refresh()
    assert (rarity.of(19), rarity.of(16), rarity.of(151)) == (3, 1, 0)
    await send_live(stack, "106_wild_known_spawn.json")
    await deliver(stack)
    [mon] = hook.messages("pokemon")
    assert mon["rarity"] == 3


async def test_rarity_change_alone_does_not_resend(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "106_wild_known_spawn.json")
    await deliver(stack)
    stack.rt.webhooks.feed.rarity = lambda pokemon_id: 5
    await deliver(stack)
    assert len(hook.messages("pokemon")) == 1


async def _event(engine, lure_minutes: int) -> None:
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(insert(TrsEvent).values(id=7, event_name="Lure week", event_start=now - timedelta(days=1),
                                                   event_end=now + timedelta(days=1),
                                                   event_lure_duration=lure_minutes))


@pytest.mark.parametrize(("no_checker", "minutes"), [(False, 60), (True, 30)])
async def test_lures_follow_the_event_unless_no_event_checker(make_stack, no_checker, minutes):
    stack = await make_stack(no_event_checker=no_checker)
    await _event(stack.engine, 60)
    clock = EventClock(stack.engine, enabled=not no_checker)
    assert (await clock.current()) == (DEFAULT_EVENT if no_checker else type(DEFAULT_EVENT)(7, 60))
    await send_live(stack, "106_lured_stop.json")
    stop = await stack.one(Pokestop)
    assert stop["lure_expiration"] - stop["last_modified"] == timedelta(minutes=minutes)

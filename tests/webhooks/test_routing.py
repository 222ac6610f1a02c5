"""`[type …]url` routing, excluded areas, ex-raid filtering, payload splitting and sent-once rounds."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from magneton.config import ConfigError
from magneton.db.models import SettingsAreaIdle, SettingsGeofence, SettingsRoutecalc
from magneton.webhooks.routing import MESSAGE_TYPES, SEEN_TYPES, parse_targets, wanted_types
from tests.webhooks.conftest import deliver, live, send_live


def test_url_without_filter_receives_everything():
    [target] = parse_targets(" http://a/hook ")
    assert target.url == "http://a/hook"
    assert all(target.wants(t) for t in MESSAGE_TYPES if t != "pokemon")
    assert all(target.wants("pokemon", s) for s in SEEN_TYPES)


def test_filters_are_space_separated_types_and_seen_types():
    a, b, c = parse_targets("[raid gym]http://a, [pokemon wild]http://b,[nearby_cell|quest] http://c")
    assert a.wants("raid") and a.wants("gym") and not a.wants("weather") and not a.wants("pokemon", "encounter")
    assert b.seen_types == {"encounter", "wild"} and not b.wants("raid")  # pokemon means encounter mons
    assert c.wants("quest") and c.wants("pokemon", "nearby_cell") and not c.wants("pokemon", "wild")
    assert wanted_types([a, b, c]) == ({"raid", "gym", "quest"}, {"encounter", "wild", "nearby_cell"})


def test_pokemon_alone_is_encounters_whatever_other_urls_ask():
    """MAD sent every seen-type to [pokemon] once any other URL was unfiltered; here a URL's filter is its own."""
    filtered, _ = parse_targets("[pokemon]http://a, http://b")
    assert filtered.seen_types == {"encounter"}


@pytest.mark.parametrize(("value", "says"), [
    ("[raid mon]http://a", "unknown type 'mon'"),
    ("[raid http://a", "expected [types]url"),
    ("ftp://a", "not an http"),
])
def test_bad_webhook_url_names_the_problem(value, says):
    with pytest.raises(ConfigError, match=says.replace("[", r"\[")):
        parse_targets(value)


async def test_each_url_gets_what_it_asked_for(hooked):
    stack, [raids, mons, everything] = await hooked("[raid]{0}, [pokemon wild]{1}, {2}", 3)
    await send_live(stack, "4_inventory_level35.json", "106_raid_egg.json", "106_weather.json",
                    "106_wild_known_spawn.json", "106_wild_unknown_tth.json")
    await deliver(stack)
    await send_live(stack, "102_encounter.json")
    await deliver(stack)
    assert {e["type"] for e in raids.entries} == {"raid"}
    assert {e["type"] for e in mons.entries} == {"pokemon"}
    assert len(mons.messages("pokemon", seen_type="wild")) == 3 and len(mons.messages("pokemon", seen_type="encounter")) == 1
    assert {e["type"] for e in everything.entries} == {"raid", "gym", "weather", "pokemon"}
    assert len(everything.entries) == len(raids.entries) + len(mons.entries) + 2  # + gym + weather


async def test_each_change_is_sent_once(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "4_inventory_level35.json", "106_wild_known_spawn.json", "106_raid_egg.json")
    for _ in range(3):
        await deliver(stack)
    assert len(hook.entries) == 3  # mon, raid, gym: re-reading the window sends nothing new
    rescan = live("106_raid_egg.json")  # re-scanned 30 s later, unchanged
    rescan[0]["timestamp"] += 30
    await stack.post(rescan)
    await send_live(stack, "102_encounter.json")  # changed: now with IVs
    await deliver(stack)
    await deliver(stack)
    assert [e["message"].get("seen_type") for e in hook.entries if e["type"] == "pokemon"] == ["wild", "encounter"]
    assert len(hook.messages("raid")) == 1
    boss = live("106_raid_boss.json", 60)  # the egg hatches: same gym, now a boss
    boss[0]["payload"]["cells"][0]["forts"][0]["id"] = "42e040ccf82a4fa60275325184a57534.16"
    await stack.post(boss)
    await deliver(stack)
    assert [m["pokemon_id"] for m in hook.messages("raid")] == [0, 3]


async def _exclude_area(stack, name: str, fence: list[str]) -> None:
    db = stack.rt.db.db
    async with AsyncSession(db.engine, expire_on_commit=False) as session, session.begin():
        geofence = SettingsGeofence(instance_id=db.instance_id, name=f"{name} fence", fence_type="polygon",
                                    fence_data=json.dumps(fence))
        route = SettingsRoutecalc(instance_id=db.instance_id, recalc_status=False, routefile="[]")
        session.add_all([geofence, route])
        await session.flush()
        session.add(SettingsAreaIdle(instance_id=db.instance_id, name=name, geofence_included=geofence.geofence_id,
                                     routecalc=route.routecalc_id))
    await stack.rt.mapping.reload()


async def test_excluded_areas_drop_everything_but_weather(hooked):
    stack, [hook] = await hooked(webhook_excluded_areas="alex*, elsewhere")
    # Around Alexanderplatz: every fixture object is inside; the weather cell centre is not, and is never excluded.
    await _exclude_area(stack, "alex centre", ["[alex]", "52.50,13.39", "52.54,13.39", "52.54,13.43", "52.50,13.43"])
    await send_live(stack, "106_raid_egg.json", "106_weather.json", "106_incidents.json",
                    "106_wild_known_spawn.json")
    await deliver(stack)
    assert {e["type"] for e in hook.entries} == {"weather"}


async def test_areas_not_named_are_not_excluded(hooked):
    stack, [hook] = await hooked(webhook_excluded_areas="elsewhere")
    await _exclude_area(stack, "alex centre", ["[alex]", "52.50,13.39", "52.54,13.39", "52.54,13.43", "52.50,13.43"])
    await send_live(stack, "106_raid_egg.json")
    await deliver(stack)
    assert {e["type"] for e in hook.entries} == {"raid", "gym"}


@pytest.mark.parametrize("submit", [False, True])
async def test_ex_raids_only_when_asked(hooked, submit):
    stack, [hook] = await hooked(webhook_submit_exraids=submit)
    egg = live("106_raid_egg.json")
    egg[0]["payload"]["cells"][0]["forts"][0]["gym_details"]["raid_info"]["is_exclusive"] = True
    await stack.post(egg)
    await deliver(stack)
    raids = hook.messages("raid")
    assert ([r["is_exclusive"] for r in raids] == [True]) if submit else raids == []
    assert len(hook.messages("gym")) == 1


async def test_payload_split_by_max_payload_size(hooked):
    stack, [hook] = await hooked(webhook_max_payload_size=7)
    await send_live(stack, "106_city_batch.json")
    await deliver(stack)
    sizes = [len(body) for body in hook.bodies]
    assert len(sizes) > 10 and max(sizes) == 7 and all(0 < s <= 7 for s in sizes)
    keys = [(e["type"], e["message"].get("encounter_id") or e["message"].get("gym_id")
             or e["message"].get("pokestop_id") or e["message"].get("s2_cell_id")) for e in hook.entries]
    assert len(keys) == len(set(keys))  # nothing twice
    assert len(hook.messages("pokemon")) == 289 and len(hook.messages("raid")) == 65

"""Contract tests: for every webhook type and quest flavour, a real HTTP receiver gets MAD's keys with the value
types PokeAlarm and PoracleJS read (reference: peers-and-users.md §4, mad-data-path.md §5.3), for fixture
payloads posted through the receiver."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert

from magneton.db.models import Pokestop
from tests.webhooks.conftest import deliver, live, send_live

Num = (int, float)
Opt = type(None)

POKEMON_BASE = {"encounter_id": str, "pokemon_id": int, "display_pokemon_id": (int, Opt), "spawnpoint_id": int,
                "latitude": float, "longitude": float, "disappear_time": int, "verified": bool, "seen_type": str,
                "rarity": int}
POKEMON_IV = {"individual_attack": int, "individual_defense": int, "individual_stamina": int, "cp": int,
              "cp_multiplier": float, "pokemon_level": int, "move_1": int, "move_2": int, "weight": Num,
              "height": Num, "size": int, "gender": int, "costume": int, "base_catch": float,
              "great_catch": float, "ultra_catch": float}
POKEMON_OPTIONAL = {"form": int, "display_form": int, "display_costume": int, "display_gender": int, "weather": int,
                    "gender": int, "costume": int}
AT_STOP = {"pokestop_id": str, "pokestop_name": (str, Opt), "pokestop_url": (str, Opt)}
AT_CELL = {"cell_coords": list, "cell_id": int}
RAID = {"latitude": float, "longitude": float, "level": int, "pokemon_id": int, "team_id": int, "cp": int,
        "start": int, "end": int, "name": str, "evolution": int, "spawn": int}
RAID_OPTIONAL = {"move_1": int, "move_2": int, "gym_id": str, "url": str, "weather": int, "form": int,
                 "is_ex_raid_eligible": bool, "is_exclusive": bool, "gender": int, "costume": int}
GYM = {"gym_id": str, "latitude": float, "longitude": float, "team_id": int, "name": str, "slots_available": int,
       "is_ar_scan_eligible": bool, "is_in_battle": bool}
GYM_OPTIONAL = {"description": str, "url": str, "is_ex_raid_eligible": bool}
STOP = {"name": (str, Opt), "pokestop_id": str, "latitude": float, "longitude": float, "updated": int,
        "last_modified": int, "incidents": list}
STOP_OPTIONAL = {"lure_expiration": int, "lure_id": int, "url": str, "incident_start": int,
                 "incident_expiration": int, "incident_grunt_type": int, "incident_display_type": int}
INCIDENT = {"pokestop_id": str, "incident_id": str, "incident_start": int, "incident_expiration": int,
            "hide_incident": bool, "incident_display_type": int, "incident_display_order_priority": int,
            "custom_display": (str, Opt), "is_cross_stop_incident": bool, "character_display": int}
WEATHER = {"s2_cell_id": str, "condition": int, "alert_severity": int, "day": int, "time_changed": int,
           "latitude": float, "longitude": float, "coords": list}
QUEST = {"pokestop_id": str, "latitude": float, "longitude": float, "quest_type": str, "quest_type_raw": int,
         "item_type": str, "name": str, "url": str, "timestamp": int, "quest_reward_type": str,
         "quest_reward_type_raw": int, "quest_reward_raw": str, "quest_condition": str, "quest_target": int,
         "pokemon_id": int, "pokemon_form": int, "pokemon_costume": int, "item_amount": int, "item_id": int,
         "quest_task": str, "quest_template": str, "is_ar_scan_eligible": bool, "quest_title": str,
         "with_ar": bool}
PORACLE_EXTRA = {"template": str, "pokestop_name": str, "pokestop_url": str, "type": int, "target": int,
                 "updated": int, "rewards": list, "conditions": list}


def conforms(message: dict, required: dict[str, Any], optional: dict[str, Any] | None = None) -> None:
    allowed = {**(optional or {}), **required}
    assert set(required) <= set(message), f"missing {set(required) - set(message)}"
    assert set(message) <= set(allowed), f"unexpected {set(message) - set(allowed)}"
    for key, value in message.items():
        assert isinstance(value, allowed[key]), (key, value, allowed[key])
        assert not isinstance(value, bool) or allowed[key] is bool or bool in (allowed[key] if isinstance(
            allowed[key], tuple) else (allowed[key],)), (key, value)


def vertices(coords: list) -> None:
    assert len(coords) == 4 and all(len(c) == 2 and all(isinstance(v, float) for v in c) for c in coords)


async def test_wild_then_encounter(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "4_inventory_level35.json", "106_wild_known_spawn.json")
    await deliver(stack)
    [wild] = hook.messages("pokemon")
    conforms(wild, POKEMON_BASE, POKEMON_OPTIONAL)
    assert wild["encounter_id"] == "6568401700513075410" and wild["seen_type"] == "wild"
    assert wild["pokemon_id"] == 19 and wild["form"] == 45 and wild["verified"] is True
    assert wild["spawnpoint_id"] == 4924261923443 and wild["display_pokemon_id"] is None

    await send_live(stack, "102_encounter.json")
    await deliver(stack)
    [_, encounter] = hook.messages("pokemon")
    conforms(encounter, {**POKEMON_BASE, **POKEMON_IV}, POKEMON_OPTIONAL)
    assert encounter["seen_type"] == "encounter"
    assert (encounter["individual_attack"], encounter["individual_defense"], encounter["individual_stamina"]) == \
        (15, 13, 9)
    assert encounter["cp"] == 404 and encounter["pokemon_level"] == 20
    assert (encounter["base_catch"], encounter["great_catch"], encounter["ultra_catch"]) == (0.4167, 0.5774, 0.7129)
    assert encounter["disappear_time"] == wild["disappear_time"]


async def test_ditto_carries_its_disguise(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "4_inventory_level35.json", "102_ditto_boosted_low_iv.json")
    await deliver(stack)
    [ditto] = hook.messages("pokemon")
    conforms(ditto, {**POKEMON_BASE, **POKEMON_IV}, POKEMON_OPTIONAL)
    assert ditto["pokemon_id"] == 132 and ditto["display_pokemon_id"] == 16 and ditto["weather"] == 3
    assert ditto["display_gender"] == 1


async def test_nearby_mons(hooked):
    stack, [hook] = await hooked(scan_nearby_mons=True)
    await send_live(stack, "106_pokestop.json", "104_fort_details.json", "106_nearby.json")
    await deliver(stack)
    [at_stop] = hook.messages("pokemon", seen_type="nearby_stop")
    conforms(at_stop, {**POKEMON_BASE, **AT_STOP}, POKEMON_OPTIONAL)
    assert at_stop["pokestop_id"] == "8de77d7e21ba3c7338b02a08ddf164a4.16"
    assert at_stop["pokestop_name"] == "Weltzeituhr" and at_stop["verified"] is False
    [in_cell] = hook.messages("pokemon", seen_type="nearby_cell")
    conforms(in_cell, {**POKEMON_BASE, **AT_CELL}, POKEMON_OPTIONAL)
    assert in_cell["cell_id"] == 5163462868904968192 and in_cell["verified"] is False
    vertices(in_cell["cell_coords"])


async def test_lured_stop_and_lure_mons(hooked):
    stack, [hook] = await hooked(scan_lured_mons=True)
    await send_live(stack, "4_inventory_level35.json", "106_lured_stop.json")
    await deliver(stack)
    [stop] = hook.messages("pokestop")
    conforms(stop, STOP, STOP_OPTIONAL)
    assert stop["lure_id"] == 501 and stop["lure_expiration"] - stop["last_modified"] == 30 * 60
    assert stop["incidents"] == []
    [lure] = hook.messages("pokemon", seen_type="lure_wild")
    conforms(lure, {**POKEMON_BASE, **AT_STOP}, POKEMON_OPTIONAL)
    assert lure["verified"] is True and lure["pokestop_id"] == "3a4e1df8c347d59b8126d672fb169b7e.16"

    await send_live(stack, "145_lure_encounter.json")
    await deliver(stack)
    [encounter] = hook.messages("pokemon", seen_type="lure_encounter")
    conforms(encounter, {**POKEMON_BASE, **AT_STOP, **{k: v for k, v in POKEMON_IV.items()
                                                       if k not in ("size", "gender", "costume")}},
             {**POKEMON_OPTIONAL, "size": int})
    assert encounter["individual_attack"] == 14 and encounter["pokestop_id"] == lure["pokestop_id"]
    assert (encounter["latitude"], encounter["longitude"]) == (lure["latitude"], lure["longitude"])


async def test_incidents_in_pokestop(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "106_incidents.json")
    await deliver(stack)
    stops = {m["pokestop_id"]: m for m in hook.messages("pokestop")}
    assert set(stops) == {"ff8f1af3c22b14290ee627ef28e40b62.16", "2737e638c2e538928d1d1e0498551ce2.16"}
    for stop in stops.values():
        conforms(stop, STOP, STOP_OPTIONAL)
        for incident in stop["incidents"]:
            conforms(incident, INCIDENT)
    marienkirche = stops["ff8f1af3c22b14290ee627ef28e40b62.16"]
    assert [i["incident_id"] for i in marienkirche["incidents"]] == ["5329934045568150827"]
    assert marienkirche["incident_grunt_type"] == 4 and marienkirche["incident_display_type"] == 1
    assert marienkirche["incident_expiration"] - marienkirche["incident_start"] == 30 * 60
    rathaus = stops["2737e638c2e538928d1d1e0498551ce2.16"]
    assert len(rathaus["incidents"]) == 2
    assert rathaus["incident_grunt_type"] == 42  # the first incident (earliest start)


async def test_egg_and_raid_boss(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "106_raid_egg.json", "106_raid_boss.json")
    await deliver(stack)
    [egg] = hook.messages("raid", level=5)
    conforms(egg, RAID, RAID_OPTIONAL)
    assert egg["pokemon_id"] == 0 and egg["cp"] == 0 and (egg["move_1"], egg["move_2"]) == (1, 2)
    assert egg["gym_id"] == "42e040ccf82a4fa60275325184a57534.16" and egg["is_exclusive"] is False
    assert egg["end"] - egg["start"] == 45 * 60 and egg["start"] - egg["spawn"] == 3600
    [boss] = hook.messages("raid", level=6)
    conforms(boss, RAID, RAID_OPTIONAL)
    assert (boss["pokemon_id"], boss["cp"], boss["move_1"], boss["move_2"]) == (3, 36851, 214, 116)
    assert (boss["form"], boss["gender"], boss["evolution"]) == (169, 1, 1)
    assert {m["gym_id"] for m in hook.messages("gym")} == {egg["gym_id"], boss["gym_id"]}


async def test_gym_with_details(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "106_gym.json", "156_gym_info.json")
    await deliver(stack)
    [gym] = hook.messages("gym")
    conforms(gym, GYM, GYM_OPTIONAL)
    assert gym["name"] == "Berliner Fernsehturm" and gym["team_id"] == 1 and gym["slots_available"] == 2
    assert gym["description"].startswith("Fernsehturm") and gym["is_ex_raid_eligible"] is True


async def test_weather(hooked):
    stack, [hook] = await hooked()
    await send_live(stack, "106_weather.json")
    await deliver(stack)
    [weather] = hook.messages("weather")
    conforms(weather, WEATHER)
    assert weather["s2_cell_id"] == "5163463834198867968" and weather["condition"] == 3
    assert weather["alert_severity"] == 0 and weather["day"] == 1
    vertices(weather["coords"])


async def _quests(stack) -> None:
    await send_live(stack, "106_pokestop.json", "104_fort_details.json", "101_quest_item_ar.json")
    # The reward-variant stops are not in any map fixture: give them rows, as a GMO would.
    stops = {e["payload"]["fort_id"] for e in live("101_quest_reward_variants.json")}
    async with stack.engine.begin() as conn:
        await conn.execute(insert(Pokestop), [
            {"pokestop_id": s, "enabled": True, "latitude": 52.52, "longitude": 13.41,
             "last_modified": datetime.now(UTC), "is_ar_scan_eligible": False}
            for s in sorted(stops)])
    await send_live(stack, "101_quest_reward_variants.json")
    await deliver(stack)


async def test_quests_default_flavour(hooked):
    stack, [hook] = await hooked()
    await _quests(stack)
    quests = hook.messages("quest")
    assert len(quests) == 7
    for quest in quests:
        conforms(quest, QUEST)
    [item] = hook.messages("quest", pokestop_id="8de77d7e21ba3c7338b02a08ddf164a4.16")
    assert item["name"] == "Weltzeituhr" and item["item_id"] == 2 and item["item_amount"] == 5
    assert item["quest_reward_type"] == "Item" and item["quest_reward_type_raw"] == 2
    assert item["quest_type_raw"] == 4 and item["quest_target"] == 5 and item["with_ar"] is True
    assert item["quest_condition"] == '[{"type": 1, "with_pokemon_type": {"pokemon_type": [12]}}]'
    assert item["quest_title"] == "quest_catch_type_plural"
    by_reward = {q["quest_reward_type_raw"]: q for q in quests}
    assert by_reward[3]["item_amount"] == 1000 and by_reward[3]["quest_reward_type"] == "Stardust"
    assert by_reward[7]["pokemon_id"] == 327 and by_reward[7]["pokemon_form"] == 38
    assert by_reward[12]["pokemon_id"] == 6 and by_reward[12]["item_amount"] == 20


async def test_quests_poracle_flavour(hooked):
    stack, [hook] = await hooked(quest_webhook_flavor="poracle")
    await _quests(stack)
    quests = hook.messages("quest")
    assert len(quests) == 7
    poracle = {**{k: v for k, v in QUEST.items() if k != "quest_title"}, **PORACLE_EXTRA}
    for quest in quests:
        conforms(quest, poracle)
        [reward] = quest["rewards"]
        assert set(reward) == {"type", "info"} and reward["type"] == quest["quest_reward_type_raw"]
        for condition in quest["conditions"]:
            assert isinstance(condition["type"], int)
    [item] = hook.messages("quest", pokestop_id="8de77d7e21ba3c7338b02a08ddf164a4.16")
    assert item["pokestop_name"] == "Weltzeituhr" and item["type"] == 4 and item["target"] == 5
    assert item["rewards"] == [{"type": 2, "info": {"item_id": 2, "amount": 5}}]
    assert item["conditions"] == [{"type": 1, "info": {"pokemon_type_ids": [12]}}]
    by_reward = {q["quest_reward_type_raw"]: q["rewards"][0]["info"] for q in quests}
    assert by_reward[3] == {"amount": 1000}
    assert by_reward[7] == {"pokemon_id": 327, "form_id": 38, "costume_id": 0, "shiny": 0, "form": 38}
    assert by_reward[12] == {"pokemon_id": 6, "amount": 20}
    assert by_reward[4] == {"pokemon_id": 147, "amount": 3}


@pytest.mark.parametrize("flavour", ["default", "poracle"])
async def test_mon_weather_key_in_both_flavours(hooked, flavour):
    """PokeAlarm reads `weather` (or boosted_weather), Poracle `weather`: sent in both flavours."""
    stack, [hook] = await hooked(quest_webhook_flavor=flavour)
    await send_live(stack, "106_wild_unknown_tth.json")
    await deliver(stack)
    [boosted] = [m for m in hook.messages("pokemon") if "weather" in m]
    assert boosted["weather"] == 3 and boosted["verified"] is False

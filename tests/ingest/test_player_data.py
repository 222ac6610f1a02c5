"""Encounters (102, 145) gated by the player level from the inventory (4); quests (101); fort details
(104); gym info (156); routes (1405)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete

from magneton.db.models import (
    GymDetails,
    Pokemon,
    PokemonDisplay,
    Pokestop,
    Route,
    SettingsDevice,
    SettingsPogoauth,
    TrsQuest,
    TrsVisited,
)
from tests.ingest.conftest import ORIGIN, Stack, fixture
from tests.ingest.test_map_data import at


async def test_inventory_sets_level_in_mitm_mapper_and_account(stack: Stack):
    await stack.send("4_inventory_level35.json")
    assert await stack.rt.mitm.get_level(ORIGIN) == 35
    assert await stack.rt.mitm.get_poke_stop_visits(ORIGIN) == 4321
    assert (await stack.one(SettingsPogoauth))["level"] == 35


async def test_encounter_stores_ivs(stack: Stack):
    await stack.send("4_inventory_level35.json", "106_wild_known_spawn.json", "102_encounter.json")
    mon = await stack.one(Pokemon)
    assert mon["encounter_id"] == 6568401700513075410 and mon["seen_type"] == "encounter"
    assert (mon["pokemon_id"], mon["form"], mon["gender"], mon["costume"]) == (19, 45, 2, 0)
    assert (mon["individual_attack"], mon["individual_defense"], mon["individual_stamina"]) == (15, 13, 9)
    assert (mon["cp"], mon["move_1"], mon["move_2"], mon["size"]) == (404, 219, 131, 3)
    assert mon["cp_multiplier"] == pytest.approx(0.5974)
    assert mon["height"] == pytest.approx(0.31) and mon["weight"] == pytest.approx(3.52)
    assert (mon["catch_prob_1"], mon["catch_prob_2"], mon["catch_prob_3"]) == (0.4167, 0.5774, 0.7129)
    assert mon["spawnpoint_id"] == 4924261923443 and mon["cell_id"] is None
    assert mon["last_modified"] == at("12:00:20") and mon["disappear_time"] == at("12:01:14")
    assert mon["weather_boosted_condition"] == 0


async def test_wild_sighting_after_encounter_keeps_ivs(stack: Stack):
    await stack.send("4_inventory_level35.json", "106_wild_known_spawn.json", "102_encounter.json")
    again = fixture("106_wild_known_spawn.json")
    again[0]["timestamp"] += 40
    again[0]["payload"]["cells"][0]["wild_pokemon"][0]["pokemon_data"]["id"] = 19
    stack.rt.pipeline.state.dedup = type(stack.rt.pipeline.state.dedup)()  # forget: force the rewrite
    assert (await stack.post(again)).status == 200
    await stack.drain()
    mon = await stack.one(Pokemon)
    assert mon["seen_type"] == "encounter" and mon["individual_attack"] == 15
    assert mon["last_modified"] == at("12:00:40")


async def test_weather_change_rerolls_an_encountered_mon(stack: Stack):
    """A new weather boost re-rolls the mon: its old IVs are cleared (MAD kept them; a TODO there)."""
    await stack.send("4_inventory_level35.json", "106_wild_known_spawn.json", "102_encounter.json")
    boosted = fixture("106_wild_known_spawn.json")
    boosted[0]["timestamp"] += 40
    boosted[0]["payload"]["cells"][0]["wild_pokemon"][0]["pokemon_data"]["display"]["weather_boosted_value"] = 3
    assert (await stack.post(boosted)).status == 200
    await stack.drain()
    mon = await stack.one(Pokemon)
    assert mon["seen_type"] == "wild" and mon["weather_boosted_condition"] == 3
    assert mon["individual_attack"] is None and mon["cp"] is None and mon["catch_prob_1"] is None


async def test_encounter_below_level_30_is_not_stored(stack: Stack):
    await stack.send("106_wild_known_spawn.json", "102_encounter.json")
    mon = await stack.one(Pokemon)
    assert mon["seen_type"] == "wild" and mon["individual_attack"] is None


async def test_encounter_with_status_not_1_is_dropped(stack: Stack):
    await stack.send("4_inventory_level35.json", "106_wild_unknown_tth.json", "102_status_not_1.json")
    mon = await stack.one(Pokemon, Pokemon.encounter_id == 6232704224160425563)
    assert mon["seen_type"] == "wild" and mon["cp"] is None


@pytest.mark.parametrize(("name", "eid", "shown", "expected"), [
    ("102_ditto_boosted_low_iv.json", 1314476680465476413, {"pokemon": 16, "gender": 1, "form": 0, "costume": 0},
     {"individual_attack": 2, "individual_defense": 11, "individual_stamina": 7, "cp": 352,
      "weather_boosted_condition": 3}),
    ("102_ditto_high_cpm.json", 4442486444912669566, {"pokemon": 167, "gender": 2, "form": 0, "costume": 0},
     {"individual_attack": 10, "individual_defense": 12, "individual_stamina": 6,
      "weather_boosted_condition": 0}),
])
async def test_ditto(stack: Stack, name, eid, shown, expected):
    await stack.send("4_inventory_level35.json", name)
    mon = await stack.one(Pokemon)
    assert mon["encounter_id"] == eid and mon["seen_type"] == "encounter"
    assert (mon["pokemon_id"], mon["gender"], mon["form"], mon["costume"]) == (132, 3, 0, 0)
    assert (mon["move_1"], mon["move_2"]) == (242, 133)
    assert {k: mon[k] for k in expected} == expected
    display = await stack.one(PokemonDisplay)
    assert display["encounter_id"] == eid
    assert {k: display[k] for k in shown} == shown


async def test_lure_encounter_upgrades_the_lure_row(make_stack):
    stack: Stack = await make_stack(scan_lured_mons=True)
    await stack.send("4_inventory_level35.json", "106_lured_stop.json", "145_lure_encounter.json")
    mon = await stack.one(Pokemon)
    assert mon["encounter_id"] == 8166485032453275867 and mon["seen_type"] == "lure_encounter"
    assert (mon["individual_attack"], mon["individual_defense"], mon["individual_stamina"]) == (14, 15, 12)
    assert (mon["cp"], mon["move_1"], mon["move_2"]) == (204, 231, 133)
    assert mon["cp_multiplier"] == pytest.approx(0.69406867)
    assert (mon["catch_prob_1"], mon["catch_prob_2"], mon["catch_prob_3"]) == (0.9112, 0.9779, 0.9925)
    assert mon["last_modified"] == at("12:01:10")
    # Kept from the lure sighting: the stop's position, its id and the lure's end.
    assert (mon["latitude"], mon["longitude"]) == (52.519264, 13.406582)
    assert mon["fort_id"] == "3a4e1df8c347d59b8126d672fb169b7e.16"
    assert mon["disappear_time"] == at("12:06:52")


async def test_lure_encounter_without_a_lure_row(make_stack):
    stack: Stack = await make_stack(scan_lured_mons=True)
    await stack.send("4_inventory_level35.json", "145_lure_encounter.json")
    mon = await stack.one(Pokemon)
    assert mon["spawnpoint_id"] == 0 and mon["disappear_time"] == at("12:03:10")
    # Placed where the device stood (at the stop); MAD used (0, 0).
    assert (mon["latitude"], mon["longitude"]) == (52.519264, 13.406582)


async def test_lure_encounter_needs_scan_lured_mons(stack: Stack):
    await stack.send("4_inventory_level35.json", "145_lure_encounter.json")
    assert await stack.count(Pokemon) == 0


async def test_quest_ar_layer_visit_and_softban(stack: Stack):
    await stack.send("101_quest_item_ar.json")
    quest = await stack.one(TrsQuest)
    assert (quest["GUID"], quest["layer"]) == ("8de77d7e21ba3c7338b02a08ddf164a4.16", 0)
    assert (quest["quest_type"], quest["quest_target"], quest["quest_reward_type"]) == (4, 5, 2)
    assert (quest["quest_item_id"], quest["quest_item_amount"]) == (2, 5)
    assert (quest["quest_stardust"], quest["quest_pokemon_id"]) == (0, 0)
    assert quest["quest_template"] == "t2_2024_catch_type_grass_5"
    assert quest["quest_title"] == "quest_catch_type_plural"
    assert quest["quest_condition"] == '[{"type": 1, "with_pokemon_type": {"pokemon_type": [12]}}]'
    assert json.loads(quest["quest_reward"])[0]["item"] == {"item": 2, "amount": 5}
    assert quest["quest_task"] == "Catch 5 Grass-type Pokémon"
    assert quest["quest_timestamp"] == 1717243320
    visited = await stack.one(TrsVisited)
    assert (visited["pokestop_id"], visited["username"]) == ("8de77d7e21ba3c7338b02a08ddf164a4.16", "trainer01")
    account = await stack.one(SettingsPogoauth)
    assert account["last_softban_action"] == at("12:02:00")
    lat, lng = account["last_softban_action_location"]
    assert (round(lat, 6), round(lng, 6)) == (52.521256, 13.413363)


async def test_quest_non_ar_layer_keeps_the_ar_one(stack: Stack):
    await stack.send("101_quest_item_ar.json", "101_quest_item_nonar.json")
    quests = {q["layer"]: q for q in await stack.rows(TrsQuest)}
    assert set(quests) == {0, 1}
    non_ar = quests[1]
    assert (non_ar["quest_type"], non_ar["quest_target"], non_ar["quest_item_id"]) == (5, 3, 1)
    assert non_ar["quest_item_amount"] == 10
    assert non_ar["quest_condition"] == '[{"type": 12, "with_unique_pokestop": {}}]'


async def test_quest_reward_variants(stack: Stack):
    await stack.send("101_quest_reward_variants.json")
    quests = await stack.rows(TrsQuest)
    assert len(quests) == 6 and {q["layer"] for q in quests} == {0}
    by_reward = {q["quest_reward_type"]: q for q in quests}
    assert (by_reward[3]["quest_stardust"], by_reward[3]["quest_item_id"], by_reward[3]["quest_pokemon_id"]) \
        == (1000, 0, 0)
    encounter = by_reward[7]
    assert (encounter["quest_pokemon_id"], encounter["quest_pokemon_form_id"]) == (327, 38)
    assert encounter["quest_pokemon_costume_id"] == 0
    assert (by_reward[4]["quest_pokemon_id"], by_reward[4]["quest_item_amount"], by_reward[4]["quest_item_id"]) \
        == (147, 3, 0)
    assert (by_reward[9]["quest_pokemon_id"], by_reward[9]["quest_item_amount"]) == (143, 1)
    assert (by_reward[12]["quest_pokemon_id"], by_reward[12]["quest_item_amount"]) == (6, 20)
    xp = by_reward[1]
    assert (xp["quest_stardust"], xp["quest_item_amount"], xp["quest_pokemon_id"]) == (1500, 0, 0)


async def test_fort_search_out_of_range_stores_nothing(stack: Stack):
    await stack.send("101_result_out_of_range.json")
    assert await stack.count(TrsQuest) == 0 and await stack.count(TrsVisited) == 0
    assert (await stack.one(SettingsPogoauth))["last_softban_action"] is None


async def test_quest_without_quests_held_still_records_the_visit(stack: Stack):
    await stack.send("101_no_quests_held.json")
    assert await stack.count(TrsQuest) == 0
    assert await stack.count(TrsVisited) == 1
    assert (await stack.one(SettingsPogoauth))["last_softban_action"] is not None


async def test_fort_search_from_a_device_removed_meanwhile_is_still_stored(stack: Stack):
    """MAD answered 500 when the device row was missing; the quest is stored, the visit skipped."""
    async with stack.engine.begin() as conn:
        await conn.execute(delete(SettingsPogoauth))
        await conn.execute(delete(SettingsDevice).where(SettingsDevice.name == ORIGIN))
    response = await stack.post(fixture("101_quest_item_ar.json"))
    assert response.status == 200
    await stack.drain()
    assert await stack.count(TrsQuest) == 1 and await stack.count(TrsVisited) == 0


async def test_fort_details_name_a_stop(stack: Stack):
    await stack.send("106_pokestop.json", "104_fort_details.json")
    stop = await stack.one(Pokestop)
    assert stop["name"] == "Weltzeituhr"
    assert stop["image"] == fixture("104_fort_details.json")[0]["payload"]["image_urls"][0]
    assert stop["last_modified"] == at("11:06:23", "2024-05-30")
    assert stop["last_updated"] == datetime(2024, 6, 1, 12, 1, 30, tzinfo=UTC)
    assert stop["lure_expiration"] == datetime(1970, 1, 1, tzinfo=UTC)  # the map's value is kept


async def test_fort_details_create_a_missing_stop(stack: Stack):
    await stack.send("104_fort_details.json")
    stop = await stack.one(Pokestop)  # the gym entry of the same file is ignored
    assert (stop["pokestop_id"], stop["name"]) == ("8de77d7e21ba3c7338b02a08ddf164a4.16", "Weltzeituhr")
    assert (stop["latitude"], stop["longitude"], stop["enabled"]) == (52.521256, 13.413363, True)


async def test_gym_info_names_a_known_gym_only(stack: Stack):
    await stack.send("156_gym_info.json")
    assert await stack.count(GymDetails) == 0
    await stack.send("106_gym.json", "156_gym_info.json")
    details = await stack.one(GymDetails)
    assert details["name"] == "Berliner Fernsehturm"
    assert details["description"] == "Fernsehturm Berlin, 368 m, Alexanderplatz."
    assert details["url"] == fixture("156_gym_info.json")[0]["payload"]["url"]


async def test_routes(stack: Stack):
    await stack.send("1405_routes.json")
    route = await stack.one(Route)
    assert route["route_id"] == "b659575e5e2e1ca89b9d3b6015af1361"
    assert (route["name"], route["version"], route["type"], route["path_type"]) == ("Alex to Rathaus", 2, 0, 1)
    assert route["reversible"] is True
    assert route["submission_time"] == datetime(2023, 10, 1, 12, 0, tzinfo=UTC)
    assert (route["route_distance_meters"], route["route_duration_seconds"]) == (684, 620)
    assert len(json.loads(route["waypoints"])) == 4
    assert (route["pins"], route["tags"]) == ("[]", '["historic", "short"]')
    assert route["image_border_color_hex"] == "4A9BD1" and route["route_submission_status"] == 2
    assert route["route_submission_update_time"] == datetime(2023, 10, 3, 12, 0, tzinfo=UTC)
    assert route["start_poi_fort_id"] == "8de77d7e21ba3c7338b02a08ddf164a4.16"
    assert route["end_poi_fort_id"] == "2737e638c2e538928d1d1e0498551ce2.16"
    assert (route["end_poi_latitude"], route["end_poi_longitude"]) == (52.518575, 13.408412)
    assert route["last_updated"] == at("12:01:50")

"""Every GMO fixture produces the rows and column values the reference describes (on SQLite and MariaDB).

Where Magneton deliberately differs from MAD (named bugs), the test says so."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from magneton.db.models import (
    Gym,
    GymDetails,
    Pokemon,
    Pokestop,
    PokestopIncident,
    Raid,
    TrsS2Cell,
    TrsSpawn,
    Weather,
)
from tests.ingest.conftest import Stack, fixture

TWO_64 = 1 << 64


def at(hms: str, day: str = "2024-06-01") -> datetime:
    return datetime.fromisoformat(f"{day}T{hms}").replace(tzinfo=UTC)


async def test_wild_mon_with_timer_gets_exact_despawn_on_first_sighting(stack: Stack):
    """MAD lost the first sighting's timer (spawnpoint written concurrently): here it is exact at once."""
    await stack.send("106_wild_known_spawn.json")
    mon = await stack.one(Pokemon)
    assert mon["encounter_id"] == 6568401700513075410
    assert (mon["pokemon_id"], mon["form"], mon["gender"], mon["costume"]) == (19, 45, 2, 0)
    assert mon["weather_boosted_condition"] == 0
    assert mon["spawnpoint_id"] == int("47a84e1fa73", 16) == 4924261923443
    assert (round(mon["latitude"], 6), round(mon["longitude"], 6)) == (52.522358, 13.411169)
    assert mon["seen_type"] == "wild"
    assert mon["last_modified"] == at("12:00:00")
    assert mon["disappear_time"] == at("12:01:14")
    assert mon["individual_attack"] is None and mon["cp"] is None

    spawn = await stack.one(TrsSpawn)
    assert spawn["spawnpoint"] == 4924261923443
    assert (round(spawn["latitude"], 6), round(spawn["longitude"], 6)) == (52.522358, 13.411169)
    assert spawn["calc_endminsec"] == "01:14"
    assert spawn["earliest_unseen"] == 74123
    assert spawn["first_detection"] == spawn["last_scanned"] == at("12:00:00")
    assert spawn["last_non_scanned"] is None
    assert spawn["spawndef"] == 120  # minute 0 → first quarter moved to the low nibble
    assert spawn["eventid"] == 1


async def test_untrusted_timers_estimate_despawn_and_learn_nothing(stack: Stack):
    await stack.send("106_wild_unknown_tth.json")
    mons = {m["encounter_id"]: m for m in await stack.rows(Pokemon)}
    assert set(mons) == {6232704224160425563, 3900354867624103425}
    # Estimated from the data time (MAD used the wall clock): floor((12:00:00 + 3 min) / 1 min).
    assert all(m["disappear_time"] == at("12:03:00") for m in mons.values())
    assert mons[6232704224160425563]["weather_boosted_condition"] == 3
    spawns = {s["spawnpoint"]: s for s in await stack.rows(TrsSpawn)}
    assert set(spawns) == {4924261922093, 4924261932001}
    for spawn in spawns.values():
        assert spawn["calc_endminsec"] is None
        assert spawn["earliest_unseen"] == 99999999
        assert spawn["last_non_scanned"] == at("12:00:00")
        assert spawn["last_scanned"] is None
        assert spawn["spawndef"] == 120


async def test_known_spawnpoint_timer_serves_later_sightings_without_timer(stack: Stack):
    await stack.send("106_wild_known_spawn.json")
    later = fixture("106_wild_known_spawn.json")
    entry = later[0]
    entry["timestamp"] += 30
    mon = entry["payload"]["cells"][0]["wild_pokemon"][0]
    mon["time_till_hidden"] = -1
    mon["encounter_id"] = 1234567890123
    response = await stack.post(later)
    assert response.status == 200
    await stack.drain()
    row = await stack.one(Pokemon, Pokemon.encounter_id == 1234567890123)
    assert row["disappear_time"] == at("12:01:14")  # from calc_endminsec '01:14', not an estimate


async def test_negative_ids_are_stored_unsigned(stack: Stack):
    await stack.send("106_negative_ids.json")
    sent = fixture("106_negative_ids.json")[0]["payload"]["cells"][0]["id"]
    assert sent < 0
    assert (await stack.one(TrsS2Cell))["id"] == sent + TWO_64
    mon = await stack.one(Pokemon)
    assert mon["encounter_id"] == 15495323725259637209
    assert mon["pokemon_id"] == 129
    assert mon["spawnpoint_id"] == 9349653751315
    assert mon["disappear_time"] == at("12:00:45")
    assert (await stack.one(TrsSpawn))["calc_endminsec"] == "00:45"
    weather = await stack.one(Weather)
    # MAD kept this id negative, so gyms in such cells never found their weather; stored unsigned here.
    assert weather["s2_cell_id"] == str(-8642921156854153216 + TWO_64)
    assert weather["gameplay_weather"] == 1


async def test_plain_pokestop(stack: Stack):
    await stack.send("106_pokestop.json")
    stop = await stack.one(Pokestop)
    assert stop["pokestop_id"] == "8de77d7e21ba3c7338b02a08ddf164a4.16"
    assert (stop["latitude"], stop["longitude"]) == (52.521256, 13.413363)
    assert stop["enabled"] is True and stop["is_ar_scan_eligible"] is True
    assert stop["last_modified"] == at("11:06:23", "2024-05-30")
    assert stop["lure_expiration"] == datetime(1970, 1, 1, tzinfo=UTC)
    assert stop["active_fort_modifier"] is None
    assert stop["last_updated"] == at("12:00:00")
    assert stop["name"] is None and stop["image"] is None


@pytest.mark.parametrize("scan_lured", [False, True])
async def test_lured_stop_and_its_mon(make_stack, scan_lured: bool):
    stack: Stack = await make_stack(scan_lured_mons=scan_lured)
    await stack.send("106_lured_stop.json")
    stop = await stack.one(Pokestop)
    assert stop["active_fort_modifier"] == 501
    assert stop["last_modified"] == at("11:50:00")
    assert stop["lure_expiration"] == at("12:20:00")
    mons = await stack.rows(Pokemon)
    if not scan_lured:
        assert mons == []
        return
    [mon] = mons
    assert mon["encounter_id"] == 8166485032453275867
    assert mon["pokemon_id"] == 129 and mon["seen_type"] == "lure_wild" and mon["spawnpoint_id"] == 0
    assert (mon["latitude"], mon["longitude"]) == (52.519264, 13.406582)
    assert mon["fort_id"] == "3a4e1df8c347d59b8126d672fb169b7e.16"
    assert mon["disappear_time"] == at("12:06:52")


async def test_incidents_one_row_per_incident(stack: Stack):
    await stack.send("106_incidents.json")
    rows = {r["incident_id"]: r for r in await stack.rows(PokestopIncident)}
    assert set(rows) == {"5329934045568150827", "2723738965290812993", "3602989700273847706"}
    first = rows["5329934045568150827"]
    assert first["pokestop_id"] == "ff8f1af3c22b14290ee627ef28e40b62.16"
    assert (first["incident_start"], first["incident_expiration"]) == (at("11:55:00"), at("12:25:00"))
    assert (first["incident_display_type"], first["character_display"]) == (1, 4)
    second = rows["2723738965290812993"]
    assert (second["incident_display_type"], second["character_display"]) == (2, 42)
    assert (second["incident_start"], second["incident_expiration"]) == (at("11:45:00"), at("12:15:00"))
    assert second["incident_display_order_priority"] == 1
    third = rows["3602989700273847706"]
    assert (third["incident_display_type"], third["character_display"]) == (1, 39)
    assert (third["incident_start"], third["incident_expiration"]) == (at("11:59:00"), at("12:29:00"))
    for row in rows.values():
        assert row["custom_display"] == "" and row["hide_incident"] is False
        assert row["is_cross_stop_incident"] is False
    assert await stack.count(Pokestop) == 2


async def test_gym_and_its_weather_boost(stack: Stack):
    await stack.send("106_gym.json")
    gym = await stack.one(Gym)
    assert gym["gym_id"] == "89af4da070f32e4caa137ad6b5b32bde.16"
    assert (gym["team_id"], gym["guard_pokemon_id"], gym["slots_available"], gym["total_cp"]) == (1, 149, 2, 12875)
    assert gym["enabled"] is True and gym["is_in_battle"] is False
    assert gym["is_ex_raid_eligible"] is True and gym["is_ar_scan_eligible"] is True
    assert gym["last_modified"] == at("11:00:00") and gym["last_scanned"] == at("12:00:00")
    assert gym["weather_boosted_condition"] == 0
    details = await stack.one(GymDetails)
    assert details["name"] == "unknown"
    assert details["url"] == fixture("106_gym.json")[0]["payload"]["cells"][0]["forts"][0]["image_url"]
    assert details["last_scanned"] == at("12:00:00")

    await stack.send("106_weather.json", "106_gym.json")
    assert (await stack.one(Gym))["weather_boosted_condition"] == 3


async def test_raid_egg(stack: Stack):
    await stack.send("106_raid_egg.json")
    raid = await stack.one(Raid)
    assert raid["gym_id"] == "42e040ccf82a4fa60275325184a57534.16"
    assert raid["level"] == 5
    assert (raid["spawn"], raid["start"], raid["end"]) == (at("11:40:00"), at("12:40:00"), at("13:25:00"))
    assert raid["pokemon_id"] is None and raid["cp"] == 0
    assert (raid["move_1"], raid["move_2"]) == (1, 2)
    assert raid["form"] is None and raid["gender"] is None and raid["costume"] is None
    assert raid["evolution"] == 0 and raid["is_exclusive"] is False
    assert raid["last_scanned"] == at("12:00:00")
    gym = await stack.one(Gym)
    assert (gym["team_id"], gym["slots_available"]) == (3, 0)
    assert await stack.count(GymDetails) == 1


async def test_raid_boss(stack: Stack):
    await stack.send("106_raid_boss.json")
    raid = await stack.one(Raid)
    assert raid["gym_id"] == "1fb85d539d4b762a9d367a9c7d301de2.16"
    assert (raid["level"], raid["pokemon_id"], raid["cp"]) == (6, 3, 36851)
    assert (raid["move_1"], raid["move_2"], raid["form"], raid["gender"]) == (214, 116, 169, 1)
    assert (raid["costume"], raid["evolution"]) == (0, 1)
    assert (raid["spawn"], raid["start"], raid["end"]) == (at("10:50:00"), at("11:50:00"), at("12:35:00"))
    assert (await stack.one(Gym))["team_id"] == 2


async def test_older_raid_data_never_overwrites_newer(stack: Stack):
    await stack.send("106_raid_boss.json")
    old = fixture("106_raid_boss.json")
    old[0]["timestamp"] -= 600
    info = old[0]["payload"]["cells"][0]["forts"][0]["gym_details"]["raid_info"]
    info["raid_pokemon"]["cp"] = 1
    info["raid_end"] += 1000  # a different dedup key, so it really reaches the database
    assert (await stack.post(old)).status == 200
    await stack.drain()
    raid = await stack.one(Raid)
    assert raid["cp"] == 36851 and raid["last_scanned"] == at("12:00:00")


async def test_weather(stack: Stack):
    await stack.send("106_weather.json")
    weather = await stack.one(Weather)
    assert weather["s2_cell_id"] == "5163463834198867968"
    assert (round(weather["latitude"], 6), round(weather["longitude"], 6)) == (52.493805, 13.455292)
    assert (weather["gameplay_weather"], weather["cloud_level"], weather["rain_level"]) == (3, 2, 0)
    assert (weather["wind_level"], weather["snow_level"], weather["fog_level"]) == (1, 0, 0)
    assert weather["wind_direction"] == 245
    assert (weather["severity"], weather["warn_weather"], weather["world_time"]) == (0, 0, 1)
    assert weather["last_updated"] == at("12:00:00")
    assert await stack.count(TrsS2Cell) == 1


@pytest.mark.parametrize("scan_nearby", [False, True])
async def test_nearby_mons(make_stack, scan_nearby: bool):
    stack: Stack = await make_stack(scan_nearby_mons=scan_nearby)
    await stack.send("106_pokestop.json", "106_nearby.json")
    mons = {m["encounter_id"]: m for m in await stack.rows(Pokemon)}
    assert await stack.count(Pokestop) == 1 and await stack.count(TrsS2Cell) == 1
    if not scan_nearby:
        assert mons == {}
        return
    cell_mon, stop_mon = mons[1414998669923762478], mons[6881780369478743546]
    assert (cell_mon["pokemon_id"], cell_mon["seen_type"]) == (10, "nearby_cell")
    assert cell_mon["cell_id"] == 5163462868904968192 and cell_mon["fort_id"] is None
    assert (round(cell_mon["latitude"], 6), round(cell_mon["longitude"], 6)) == (52.521766, 13.412994)
    assert (stop_mon["pokemon_id"], stop_mon["seen_type"]) == (13, "nearby_stop")
    assert stop_mon["fort_id"] == "8de77d7e21ba3c7338b02a08ddf164a4.16"
    assert (stop_mon["latitude"], stop_mon["longitude"]) == (52.521256, 13.413363)
    for mon in (cell_mon, stop_mon):
        assert mon["spawnpoint_id"] == 0
        assert mon["disappear_time"] == at("12:15:30") and mon["last_modified"] == at("12:00:30")


async def test_wild_sighting_replaces_a_nearby_position(make_stack):
    """MAD kept a nearby mon's cell/stop position and spawnpoint 0 after it was seen wild."""
    stack: Stack = await make_stack(scan_nearby_mons=True)
    await stack.send("106_nearby.json")
    wild = fixture("106_wild_known_spawn.json")
    wild[0]["timestamp"] = 1717243240
    mon = wild[0]["payload"]["cells"][0]["wild_pokemon"][0]
    mon["encounter_id"], mon["pokemon_data"]["id"] = 1414998669923762478, 10
    mon["time_till_hidden"] = 30000
    assert (await stack.post(wild)).status == 200
    await stack.drain()
    row = await stack.one(Pokemon, Pokemon.encounter_id == 1414998669923762478)
    assert row["seen_type"] == "wild"
    assert row["spawnpoint_id"] == 4924261923443 and row["cell_id"] is None
    assert (round(row["latitude"], 6), round(row["longitude"], 6)) == (52.522358, 13.411169)
    assert row["disappear_time"] == at("12:01:10")


async def test_empty_gmo_and_raw_entries_store_nothing(stack: Stack):
    await stack.send("106_empty_cells.json", "106_raw.json")
    assert await stack.count(TrsS2Cell) == 0 and await stack.count(Weather) == 0
    assert stack.rt.pipeline.counters["accepted_entries"] == 0


async def test_city_batch_row_counts(make_stack):
    stack: Stack = await make_stack(scan_nearby_mons=True)
    await stack.send("106_city_batch.json")
    counts = {model.__tablename__: await stack.count(model)
              for model in (TrsS2Cell, TrsSpawn, Pokestop, PokestopIncident, Gym, GymDetails, Raid, Weather)}
    assert counts == {"trs_s2cells": 190, "trs_spawn": 289, "pokestop": 332, "pokestop_incident": 43,
                      "gym": 161, "gymdetails": 161, "raid": 65, "weather": 4}
    assert await stack.count(Pokemon, Pokemon.seen_type == "wild") == 289
    assert await stack.count(Pokemon, Pokemon.seen_type.in_(["nearby_cell", "nearby_stop"])) == 287
    assert await stack.count(Pokestop, Pokestop.active_fort_modifier.is_not(None)) == 52
    assert await stack.count(Raid, Raid.pokemon_id.is_not(None)) == 24


async def test_stream_of_one_device_session(make_stack):
    """stream_small.json: level first, 30 GMOs along a route, an encounter after every third GMO."""
    stack: Stack = await make_stack()
    await stack.send("stream_small.json")
    counts = {model.__tablename__: await stack.count(model)
              for model in (TrsS2Cell, TrsSpawn, Pokestop, PokestopIncident, Gym, Raid, Weather)}
    assert counts == {"trs_s2cells": 152, "trs_spawn": 205, "pokestop": 258, "pokestop_incident": 25,
                      "gym": 118, "raid": 39, "weather": 2}
    assert await stack.count(Pokemon) == 205
    ivs = await stack.rows(Pokemon, Pokemon.seen_type == "encounter")
    assert len(ivs) == 10 and all(m["individual_attack"] is not None for m in ivs)
    assert await stack.count(Pokestop, Pokestop.active_fort_modifier.is_not(None)) == 38
    assert await stack.count(Raid, Raid.pokemon_id.is_not(None)) == 12

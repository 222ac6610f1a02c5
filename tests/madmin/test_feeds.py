"""The map feeds with rows in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from magneton.db import Database
from magneton.db.models import (
    Gym,
    GymDetails,
    Pokemon,
    Pokestop,
    PokestopIncident,
    Raid,
    TrsQuest,
    TrsS2Cell,
    TrsSpawn,
    TrsStatus,
)
from magneton.madmin.route_source import AreaRoute, PrioEvent, RecalcRefused, SubRoute
from tests.mapping.conftest import Seeded

NOW = datetime.now(UTC).replace(microsecond=0)
BOX = {"neLat": "52.6", "neLon": "13.5", "swLat": "52.4", "swLon": "13.3"}


async def fill(database: Database, seeded: Seeded) -> None:
    async with database.engine.begin() as conn:
        await conn.execute(insert(Pokemon.__table__), [
            {"encounter_id": 2 ** 63 + 5, "spawnpoint_id": 77, "pokemon_id": 25, "latitude": 52.51,
             "longitude": 13.41, "disappear_time": NOW + timedelta(minutes=20), "last_modified": NOW,
             "seen_type": "wild"},
            {"encounter_id": 6, "spawnpoint_id": 78, "pokemon_id": 1, "latitude": 52.51, "longitude": 13.41,
             "disappear_time": NOW - timedelta(minutes=1), "last_modified": NOW, "seen_type": "wild"},
            {"encounter_id": 7, "spawnpoint_id": 79, "pokemon_id": 4, "latitude": 48.0, "longitude": 11.0,
             "disappear_time": NOW + timedelta(minutes=20), "last_modified": NOW, "seen_type": "wild"}])
        await conn.execute(insert(Gym.__table__), [{
            "gym_id": "g1", "team_id": 1, "guard_pokemon_id": 0, "slots_available": 3, "enabled": True,
            "latitude": 52.5, "longitude": 13.4, "total_cp": 0, "is_in_battle": False, "last_modified": NOW,
            "last_scanned": NOW}])
        await conn.execute(insert(GymDetails.__table__), [{"gym_id": "g1", "name": "Fountain", "url": "http://x",
                                                           "last_scanned": NOW}])
        await conn.execute(insert(Raid.__table__), [{
            "gym_id": "g1", "level": 5, "spawn": NOW, "start": NOW, "end": NOW + timedelta(minutes=45),
            "pokemon_id": 150, "last_scanned": NOW}])
        await conn.execute(insert(Pokestop.__table__), [
            {"pokestop_id": "s1", "enabled": True, "latitude": 52.505, "longitude": 13.405, "last_modified": NOW,
             "last_updated": NOW, "name": "Statue"},
            {"pokestop_id": "s2", "enabled": True, "latitude": 52.515, "longitude": 13.415, "last_modified": NOW,
             "last_updated": NOW, "name": "Bench"}])
        await conn.execute(insert(TrsQuest.__table__), [{
            "GUID": "s1", "quest_type": 4, "quest_timestamp": int(NOW.timestamp()), "quest_stardust": 0,
            "quest_pokemon_id": 0, "quest_reward_type": 2, "quest_item_id": 1, "quest_item_amount": 5,
            "quest_target": 3, "quest_reward": '[{"type": 2}]', "quest_task": "Catch 3", "layer": 1}])
        await conn.execute(insert(PokestopIncident.__table__), [{
            "pokestop_id": "s2", "incident_id": "i1", "incident_start": NOW,
            "incident_expiration": NOW + timedelta(minutes=30), "character_display": 4}])
        await conn.execute(insert(TrsSpawn.__table__), [{
            "spawnpoint": 77, "latitude": 52.51, "longitude": 13.41, "earliest_unseen": 0, "calc_endminsec": "12:34",
            "last_scanned": NOW, "first_detection": datetime(2024, 1, 2, 15, 4, 5, tzinfo=UTC), "eventid": 1}])
        await conn.execute(insert(TrsS2Cell.__table__), [{"id": 5163874440385380352, "level": 15,
                                                          "center_latitude": 52.51, "center_longitude": 13.41,
                                                          "updated": int(NOW.timestamp())}])
        await conn.execute(insert(TrsStatus.__table__), [{"device_id": seeded.ids["dev01"],
                                                          "instance_id": seeded.instance_id,
                                                          "currentPos": (52.5, 13.4)}])


async def test_viewport_feeds(database: Database, seeded: Seeded, start_madmin) -> None:
    await fill(database, seeded)
    api = (await start_madmin()).client
    mons = (await api.get("/get_map_mons", params=BOX)).body
    assert [m["pokemon_id"] for m in mons] == [25]  # not the despawned one, not the one outside the box
    assert mons[0]["encounter_id"] == str(2 ** 63 + 5) and isinstance(mons[0]["disappear_time"], int)
    gyms = (await api.get("/get_gymcoords", params=BOX)).body
    assert gyms[0]["name"] == "Fountain" and gyms[0]["raid"]["mon"] == 150 and gyms[0]["raid"]["level"] == 5
    stops = {s["pokestop_id"]: s for s in (await api.get("/get_stops", params=BOX)).body}
    assert stops["s1"]["has_quest"] and not stops["s2"]["has_quest"]
    assert stops["s2"]["incidents"][0]["character_display"] == 4
    quests = (await api.get("/get_quests", params=BOX)).body
    assert quests[0]["pokestop_id"] == "s1" and quests[0]["quest_reward"] == [{"type": 2}]
    assert (await api.get("/get_quests", params={**BOX, "layer": "0"})).body == []
    spawns = (await api.get("/get_spawns", params=BOX)).body
    assert spawns[0]["EVENT"] == "DEFAULT"
    assert spawns[0]["Coords"][0]["endtime"] == "12:34"
    assert spawns[0]["Coords"][0]["first_detection"] == "2024-01-02 15:04:05"
    cells = (await api.get("/get_cells", params=BOX)).body
    assert len(cells) == 1 and len(cells[0]["polygon"]) == 4
    # the previous box equals no part of the new one: only what is new is sent
    moved = {**BOX, "oNeLat": "52.6", "oNeLon": "13.5", "oSwLat": "52.4", "oSwLon": "13.3", "neLat": "52.7"}
    assert (await api.get("/get_stops", params=moved)).body == []
    later = {**BOX, "timestamp": str(int(NOW.timestamp()) + 60)}
    assert (await api.get("/get_stops", params=later)).body == []
    assert (await api.get("/get_stops", params={**BOX, "neLat": "north"})).status == 400
    assert (await api.get("/get_workers")).body == [{"name": "dev01", "lat": 52.5, "lon": 13.4}]
    twelve = (await start_madmin(madmin_time=12)).client
    assert (await twelve.get("/get_spawns", params=BOX)).body[0]["Coords"][0]["first_detection"] == \
        "2024-01-02 03:04:05 PM"


async def test_fences_areas_routes(database: Database, seeded: Seeded, start_madmin) -> None:
    api = (await start_madmin()).client
    fences = {f["name"]: f for f in (await api.get("/get_geofences")).body}
    assert fences["town"]["coordinates"][0] == [52.5, 13.4] and len(fences["town"]["coordinates"]) == 4
    areas = {a["name"]: a for a in (await api.get("/get_areas")).body}
    include, exclude = areas["town mons"]["coordinates"][0]
    assert len(include) == 4 and len(exclude) == 1  # park excluded
    route = f"/api/routecalc/{seeded.ids['route']}"
    assert (await api.patch(route, {"routefile": ["52.51,13.41", "52.515,13.42"]})).status == 204
    routes = {r["name"]: r for r in (await api.get("/get_route")).body}
    assert routes["town mons"]["coordinates"] == [[52.51, 13.41], [52.515, 13.42]]
    assert "night" not in routes  # idle areas have no route
    assert (await api.get("/get_prioroute")).body == []


class Routes:
    """A route-manager registry as the RouteSource protocol describes it."""

    def __init__(self) -> None:
        self.recalculated: list[int] = []

    async def route(self, area_id: int) -> AreaRoute | None:
        return AreaRoute(area_id, [(1.0, 2.0), (3.0, 4.0)], [SubRoute("dev01", [(1.0, 2.0)]),
                                                             SubRoute(None, [(3.0, 4.0)])])

    async def prio_queue(self, area_id: int) -> list[PrioEvent]:
        return [PrioEvent(1700000000, 5.0, 6.0)]

    async def recalculate(self, area_id: int) -> None:
        if self.recalculated:
            raise RecalcRefused("a recalculation is already running")
        self.recalculated.append(area_id)

    async def recalculating(self) -> list[int]:
        return list(self.recalculated)


async def test_route_source(database: Database, seeded: Seeded, start_madmin) -> None:
    routes = Routes()
    api = (await start_madmin(routes=routes)).client
    live = {r["name"]: r for r in (await api.get("/get_route")).body}["town mons"]
    assert live["coordinates"] == [[1.0, 2.0], [3.0, 4.0]]
    assert [s["tag"] for s in live["subroutes"]] == ["subroute", "unapplied"]
    prio = {p["name"]: p for p in (await api.get("/get_prioroute")).body}
    assert prio["town mons"]["coordinates"] == [{"timestamp": 1700000000, "latitude": 5.0, "longitude": 6.0}]
    rpc = {"Content-Type": "application/json-rpc"}
    area = f"/api/area/{seeded.ids['quests']}"
    assert (await api.post(area, {"call": "recalculate", "args": {}}, headers=rpc)).status == 204
    assert routes.recalculated == [seeded.ids["quests"]]
    again = await api.post(area, {"call": "recalculate"}, headers=rpc)
    assert again.status == 422 and "already" in again.body["error"]
    assert (await api.get("/recalc_status")).body == [seeded.ids["quests"]]

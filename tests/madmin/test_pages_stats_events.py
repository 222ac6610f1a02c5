"""Web pages, statistics, quests per area and the events API."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import insert

from magneton.db import Database
from magneton.db.models import Pokestop, TrsQuest, TrsSpawn, TrsStatsDetect, TrsStatsLocation
from tests.madmin.test_feeds import NOW
from tests.mapping.conftest import Seeded

HTML = {"Accept": "text/html"}


@pytest.mark.parametrize("path", ["/devices", "/map", "/settings", "/settings/area", "/settings/walker",
                                  "/statistics", "/quests", "/events", "/login"])
async def test_pages_render(api, path: str) -> None:
    page = await api.get(path, headers=HTML)
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "<main>" in page.body and "common.js" in page.body


async def test_static_and_unknown_pages(api) -> None:
    assert (await api.get("/settings/nothing")).status == 404
    root = await api.get("/")
    assert root.status == 302 and root.headers["Location"] == "/devices"
    page = (await api.get("/map")).body
    leaflet = page.split('src="')[2].split('"')[0]  # after common.js
    assert "leaflet.js" in leaflet and (await api.get(leaflet)).status == 200


async def test_statistics(database: Database, seeded: Seeded, api) -> None:
    now = int(time.time())
    async with database.engine.begin() as conn:
        await conn.execute(insert(TrsStatsDetect.__table__), [
            {"worker": "dev01", "timestamp_scan": now - 60, "mon": 10, "mon_iv": 3, "raid": 1, "quest": 0},
            {"worker": "dev02", "timestamp_scan": now - 120, "mon": 5, "mon_iv": 1, "raid": 0, "quest": 2},
            {"worker": "dev02", "timestamp_scan": now - 90000, "mon": 99, "mon_iv": 0, "raid": 0, "quest": 0}])
        await conn.execute(insert(TrsStatsLocation.__table__), [
            {"worker": "dev01", "timestamp_scan": now - 60, "location_ok": 8, "location_nok": 2}])
        await conn.execute(insert(TrsSpawn.__table__), [
            {"spawnpoint": 1, "latitude": 52.51, "longitude": 13.41, "earliest_unseen": 0, "calc_endminsec": "01:02",
             "eventid": 1},
            {"spawnpoint": 2, "latitude": 52.51, "longitude": 13.42, "earliest_unseen": 0, "calc_endminsec": None,
             "eventid": 1}])
        await conn.execute(insert(Pokestop.__table__), [
            {"pokestop_id": "in1", "enabled": True, "latitude": 52.51, "longitude": 13.41, "last_modified": NOW,
             "name": "In"},
            {"pokestop_id": "in2", "enabled": True, "latitude": 52.515, "longitude": 13.42, "last_modified": NOW,
             "name": "In too"},
            {"pokestop_id": "out", "enabled": True, "latitude": 48.0, "longitude": 11.0, "last_modified": NOW,
             "name": None}])
        await conn.execute(insert(TrsQuest.__table__), [
            {"GUID": guid, "quest_type": 1, "quest_timestamp": now, "quest_stardust": 100, "quest_pokemon_id": 0,
             "quest_reward_type": 3, "quest_item_id": 0, "quest_item_amount": 0, "quest_target": 1, "layer": layer}
            for guid, layer in (("in1", 0), ("in2", 1), ("out", 0))])
    detections = (await api.get("/api/stats/detections?hours=24")).body
    assert sum(s["mon"] for s in detections["series"]) == 15  # not the day-old row
    assert (await api.get("/api/stats/detections?hours=0")).status == 400
    assert (await api.get("/api/stats/locations")).body == [{"worker": "dev01", "ok": 8, "nok": 2}]
    assert (await api.get("/api/stats/spawns")).body == [
        {"event": "DEFAULT", "eventid": 1, "total": 2, "known_despawn": 1, "seen_24h": 0}]
    per_area = (await api.get("/api/stats/quests")).body
    assert per_area == [{"area": "town quests", "area_id": seeded.ids["quests"], "layer": 0, "stops": 2,
                         "quests": 1}]
    in_area = (await api.get(f"/api/quests?area={seeded.ids['quests']}&layer=0")).body
    assert [q["pokestop_id"] for q in in_area] == ["in1"]
    assert len((await api.get("/api/quests")).body) == 3
    assert (await api.get("/api/quests/areas")).body[0]["name"] == "town quests"


async def test_events(database: Database, seeded: Seeded, api) -> None:
    events = (await api.get("/api/events")).body
    assert events[0]["event_name"] == "DEFAULT"
    bad = await api.post("/api/events", {"event_name": "", "event_start": "soon", "event_end": 1})
    assert bad.status == 422 and bad.body["missing"] == ["event_name"]
    created = await api.post("/api/events", {"event_name": "Community Day", "event_start": "2024-05-01T10:00:00Z",
                                             "event_end": 1714564800 + 6 * 3600, "event_lure_duration": 180})
    assert created.status == 201, created.body
    uri = created.headers["X-Uri"]
    assert created.body["event_start"] == 1714557600
    assert (await api.patch(uri, {"event_lure_duration": 60})).status == 204
    async with database.engine.begin() as conn:
        await conn.execute(insert(TrsSpawn.__table__), [{"spawnpoint": 3, "latitude": 1.0, "longitude": 1.0,
                                                         "earliest_unseen": 0, "eventid": created.body["id"]}])
    assert (await api.delete(uri)).status == 202
    assert (await api.get("/api/stats/spawns")).body[0]["eventid"] == 1  # its spawnpoint went back to DEFAULT
    assert (await api.delete("/api/events/1")).status == 422
    assert (await api.delete(uri)).status == 404

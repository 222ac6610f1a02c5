"""Cross-site state-changing requests are refused (Sec-Fetch-Site, else Origin vs Host); reads, same-origin
browsers and header-less clients (scripts, ReactMap's server, LocalAPI) pass. Real HTTP to a running MADmin."""

from __future__ import annotations

from magneton.db import Database
from magneton.mapping import MappingManager
from tests.madmin.conftest import Client
from tests.madmin.test_auth import ADMIN
from tests.madmin.test_control import fleet, texts  # noqa: F401 (fixture)
from tests.mapping.conftest import Seeded

CROSS = {"Sec-Fetch-Site": "cross-site"}
SAME = {"Sec-Fetch-Site": "same-origin"}
FENCE = {"name": "forged", "fence_type": "polygon", "fence_data": ["1.0,1.0", "1.0,2.0", "2.0,2.0"]}


async def fence_names(api: Client) -> list[str]:
    listed = await api.get("/api/geofence?hide_resource=1&fetch_all=1")
    assert listed.status == 200, listed.body
    return sorted(f["name"] for f in listed.body.values())


async def test_cross_site_post_is_refused_and_writes_nothing(database: Database, seeded: Seeded,
                                                             start_madmin) -> None:
    api = (await start_madmin()).client
    before = await fence_names(api)
    for headers in (CROSS, {"Sec-Fetch-Site": "same-site"}, {**CROSS, "Origin": "http://evil.example"}):
        refused = await api.post("/api/geofence", FENCE, headers=headers)
        assert refused.status == 403, (headers, refused.body)
        assert refused.body["error"].startswith("cross-site request refused: Sec-Fetch-Site is ")
    # the other state-changing methods too, and MAD's JSON-RPC POSTs on an object
    device = f"/api/device/{seeded.ids['dev03']}"
    assert (await api.delete(device, headers=CROSS)).status == 403
    assert (await api.patch(device, {"origin": "renamed"}, headers=CROSS)).status == 403
    assert (await api.call("POST", "/reload", headers=CROSS)).status == 403
    assert await fence_names(api) == before
    assert (await api.get(device)).body["origin"] == "dev03"
    # a same-origin page and a page typed into the address bar ("none") may write
    assert (await api.post("/api/geofence", FENCE, headers=SAME)).status == 201
    typed = await api.post("/api/geofence", {**FENCE, "name": "typed"}, headers={"Sec-Fetch-Site": "none"})
    assert typed.status == 201
    assert await fence_names(api) == sorted([*before, "forged", "typed"])


async def test_clients_without_browser_headers_pass(database: Database, seeded: Seeded, mapping: MappingManager,
                                                    start_madmin) -> None:
    api = (await start_madmin(mapping=mapping)).client
    assert (await api.post("/api/geofence", FENCE)).status == 201
    assert (await api.get("/reload")).status == 200
    assert (await api.get("/reload", headers=CROSS)).status == 403
    assert "forged" in await fence_names(api)


async def test_origin_must_match_host_without_sec_fetch_site(database: Database, seeded: Seeded,
                                                             start_madmin) -> None:
    running = await start_madmin()
    api, port = running.client, running.madmin.port
    for origin in ("http://evil.example", f"http://evil.example:{port}", "http://127.0.0.1:1", "null"):
        refused = await api.post("/api/geofence", FENCE, headers={"Origin": origin})
        assert refused.status == 403, origin
        assert refused.body == {"error": f"cross-site request refused: Origin {origin} is not 127.0.0.1:{port}"}
    assert "forged" not in await fence_names(api)
    assert (await api.post("/api/geofence", FENCE, headers={"Origin": f"http://127.0.0.1:{port}"})).status == 201
    # Sec-Fetch-Site, when sent, decides: a matching Origin does not rescue a cross-site fetch
    both = {"Origin": f"http://127.0.0.1:{port}", **CROSS}
    assert (await api.post("/api/geofence", {**FENCE, "name": "f2"}, headers=both)).status == 403


async def test_cross_site_reads_are_not_refused(database: Database, seeded: Seeded, start_madmin) -> None:
    api = (await start_madmin()).client
    for path in ("/get_geofences", "/get_status", "/api/geofence", "/get_map_mons", "/devices"):
        for headers in (CROSS, {"Origin": "http://evil.example"}):
            answer = await api.get(path, headers=headers)
            assert answer.status == 200, (path, headers, answer.body)
    assert (await api.call("HEAD", "/get_geofences", headers=CROSS)).status == 200


async def test_cross_site_control_gets_do_not_reach_the_device(fleet) -> None:  # noqa: F811 (fixture)
    running, rgc = fleet
    api = running.client
    for path in ("/quit_pogo?origin=dev01", "/quit_pogo?origin=dev01&restart=1",
                 "/send_gps?origin=dev01&coords=1.5,2.5", "/restart_phone?origin=dev01",
                 "/device_key?origin=dev01&key=home", "/click_screenshot?origin=dev01&clickx=1&clicky=2",
                 "/take_screenshot?origin=dev01"):
        refused = await api.get(path, headers=CROSS)
        assert refused.status == 403, (path, refused.body)
        assert refused.body == {"error": "cross-site request refused: Sec-Fetch-Site is cross-site"}
        assert (await api.get(path, headers={"Origin": "http://evil.example"})).status == 403, path
    assert (await api.call("HEAD", "/quit_pogo?origin=dev01", headers=CROSS)).status == 403
    # the device answers commands one at a time, so once this allowed one is through, nothing else was sent
    assert (await api.get("/send_gps?origin=dev01&coords=3.5,4.5", headers=SAME)).status == 200
    sent = texts(rgc)
    assert "geo fix 3.5 4.5 0" in sent
    assert not any("1.5 2.5" in t or "reboot" in t or "screen" in t or "keyevent" in t for t in sent), sent
    assert not any("pokemongo" in t for t in sent), sent  # neither stopped nor restarted
    # MAD's clients and ReactMap call these GETs server side, without browser headers
    assert (await api.get("/quit_pogo?origin=dev01")).status == 200
    assert any("pokemongo" in t for t in texts(rgc))


async def test_base_path(database: Database, seeded: Seeded, start_madmin) -> None:
    running = await start_madmin(madmin_base_path="/madmin/")
    api = running.client  # its base URL already ends in /madmin
    assert (await api.post("/api/geofence", FENCE, headers=CROSS)).status == 403
    # control paths are matched without the base path: refused cross-site, answered otherwise (no devices: not 403)
    assert (await api.get("/send_gps?origin=dev01&coords=1,1", headers=CROSS)).status == 403
    assert (await api.get("/send_gps?origin=dev01&coords=1,1", headers=SAME)).status != 403
    assert (await api.get("/get_geofences", headers=CROSS)).status == 200
    assert (await api.post("/api/geofence", FENCE, headers=SAME)).status == 201


async def test_refused_before_authentication(database: Database, seeded: Seeded, start_madmin) -> None:
    api = (await start_madmin(madmin_enable_auth=True)).client
    # a cached Basic login rides along on a forged request: still refused, and nothing written
    forged = await api.post("/api/geofence", FENCE, headers={**ADMIN, **CROSS})
    assert forged.status == 403 and forged.body["error"].startswith("cross-site request refused")
    assert (await api.get("/send_gps?origin=dev01&coords=1,1", headers={**ADMIN, **CROSS})).status == 403
    # login CSRF: a foreign page cannot log the browser in either
    login = await api.call("POST", "/login", data={"username": "admin", "password": "adminpass"}, headers=CROSS)
    assert login.status == 403 and "magneton_madmin" not in login.headers.get("Set-Cookie", "")
    listed = await api.get("/api/geofence?hide_resource=1&fetch_all=1", headers=ADMIN)
    assert "forged" not in [f["name"] for f in listed.body.values()]
    assert (await api.post("/api/geofence", FENCE, headers={**ADMIN, **SAME})).status == 201

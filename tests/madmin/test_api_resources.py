"""The REST resources against MAD's documented contract, on SQLite and MariaDB."""

from __future__ import annotations

import pytest

from tests.madmin import builders as b
from tests.madmin.conftest import Client

MODES = "idle,iv_mitm,mon_mitm,pokestops,raids_mitm,init"


def ident(uri: str) -> int:
    return int(uri.rsplit("/", 1)[1])


# --- collections ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["auth", "device", "devicepool", "geofence", "monivlist", "pogoauth",
                                      "routecalc", "walker", "walkerarea"])
async def test_landing_page(api: Client, resource: str) -> None:
    answer = await api.get(f"/api/{resource}")
    assert answer.status == 200
    assert set(answer.body) == {"resource", "results"}
    assert len(answer.body["resource"]["fields"]) > 0
    bare = await api.get(f"/api/{resource}?hide_resource=1")
    assert bare.status == 200 and "resource" not in bare.body
    assert (await api.get(f"/api/{resource}/-1")).status == 404
    assert (await api.get(f"/api/{resource}/999999")).status == 404


async def test_collection_keys_uris_and_fetch_all(api: Client) -> None:
    uri = await b.geofence(api)
    listed = await api.get("/api/geofence?hide_resource=1")
    assert isinstance(listed.body[uri], str)  # the display field
    full = await api.get("/api/geofence?hide_resource=1&fetch_all=1")
    assert all(isinstance(v, dict) for v in full.body.values())
    assert full.body[uri]["fence_type"] == "polygon"


async def test_area_modes(api: Client) -> None:
    answer = await api.get("/api/area")
    assert answer.body["resource"] == f"Please specify a mode for resource information Valid modes: {MODES}"
    idle = await api.get("/api/area", headers={"X-Mode": "idle"})
    assert len(idle.body["resource"]["fields"]) > 0
    uri = await b.area(api, "idle")
    assert uri in (await api.get("/api/area?mode=idle&hide_resource=1")).body
    assert uri not in (await api.get("/api/area?mode=raids_mitm&hide_resource=1")).body
    no_mode = await api.post("/api/area", {"name": "x"})
    assert no_mode.status == 400
    assert no_mode.body == {"error": f"Please specify a mode for resource information.  Valid modes: {MODES}"}
    fake = await api.post("/api/area", {"name": "x"}, headers={"X-Mode": "fake-mode"})
    assert fake.status == 400
    assert fake.body == {"error": f"Invalid mode specified [fake-mode].  Valid modes: {MODES}"}
    # the async UI sends the mode in the body
    fence = await b.geofence(api)
    body_mode = await api.post("/api/area", {"name": "flat", "mode": "init", "geofence_included": ident(fence),
                                             "init_type": "forts"})
    assert body_mode.status == 201, body_mode.body
    assert body_mode.body["mode"] == "init" and body_mode.body["routecalc"].startswith("/api/routecalc/")


# --- validation ---------------------------------------------------------------------------------------------


async def test_area_invalid_post(api: Client) -> None:
    answer = await api.post("/api/area", {"name": "a", "geofence_included": "test_geofence.txt",
                                          "routecalc": "test_calc", "username": "x"},
                            headers={"X-Mode": "raids_mitm"})
    assert answer.status == 422
    assert answer.body == {
        "unknown": ["username"],
        "invalid": [["geofence_included", "Integer (1,2,3)"], ["routecalc", "Integer (1,2,3)"]],
        "invalid_uri": [["geofence_included", "geofence", "test_geofence.txt"], ["routecalc", "routecalc", "test_calc"]],
    } or answer.body == {
        "invalid": [["geofence_included", "Integer (1,2,3)"], ["routecalc", "Integer (1,2,3)"]],
        "invalid_uri": [["geofence_included", "geofence", "test_geofence.txt"], ["routecalc", "routecalc", "test_calc"]],
        "unknown": ["username"],
    }


async def test_area_excluded_same_as_included(api: Client) -> None:
    uri = await b.area(api)
    got = (await api.get(uri)).body
    answer = await api.patch(uri, {"geofence_excluded": got["geofence_included"]})
    assert answer.status == 422
    assert answer.body == {"invalid": [["geofence_excluded", "Cannot be the same as geofence_included"]]}
    init = await api.patch(uri, {"init": True})
    assert init.status == 422 and init.body["invalid"][0][0] == "init"


async def test_missing_fields(api: Client) -> None:
    assert (await api.post("/api/auth", {"username": ""})).body == {"missing": ["username", "password"]}
    assert (await api.post("/api/geofence", {"name": ""})).body == {"missing": ["name", "fence_type"]}
    assert (await api.post("/api/pogoauth", {"username": ""})).body == {
        "missing": ["login_type", "username", "password"]}
    assert (await api.post("/api/monivlist", {})).body == {"missing": ["monlist"]}
    assert (await api.post("/api/walker", {})).body == {"missing": ["walkername"]}
    assert (await api.post("/api/walkerarea", {"walkertype": "coords"})).body == {"missing": ["walkerarea"]}
    assert (await api.post("/api/devicepool", {})).body == {"missing": ["devicepool"]}
    answer = await api.post("/api/device", {"origin": "d"})
    assert answer.status == 422 and answer.body == {"missing": ["walker"]}


async def test_invalid_values(api: Client) -> None:
    fence = await api.post("/api/geofence", {"name": "f", "fence_type": "polygon",
                                             "fence_data": ["1.00,1.00", "1.00,a"]})
    assert fence.status == 422
    assert fence.body == {"invalid": [["fence_data", "Must be one coord set per line (float,float)"]]}
    route = await api.post("/api/routecalc", {"routefile": "not a list"})
    assert route.body == {"invalid": [["routefile", "Comma-delimited list"],
                                      ["routefile", "Must be one coord set per line (float,float)"]]}
    walker = await api.post("/api/walker", {"walkername": "w", "setup": "String"})
    assert walker.body == {"invalid": [["setup", "Comma-delimited list"]],
                           "invalid_uri": [["setup", "walkerarea", "String"]]}
    typed = await api.post("/api/devicepool", {"devicepool": "p", "settings": {
        "post_walk_delay": "soon", "reboot": "maybe", "restart_pogo": 1.5, "screenshot_type": "gif"}})
    assert typed.status == 422
    assert typed.body == {"invalid": [["post_walk_delay", "Decimal (1.0, 1.5)"], ["reboot", "True|False"],
                                      ["restart_pogo", "Integer (1,2,3)"], ["screenshot_type", "jpeg|png"]]}
    unknown = await api.post("/api/auth", {"username": "u", "password": "p", "usernamez": "x"})
    assert unknown.body == {"unknown": ["usernamez"]}
    dangling = await api.post("/api/walkerarea", {"walkerarea": "/api/area/99999", "walkertype": "coords"})
    assert dangling.body == {"invalid_uri": [["walkerarea", "area", "/api/area/99999"]]}


async def test_bad_json_and_methods(api: Client) -> None:
    broken = await api.call("POST", "/api/auth", data=b"{nope", headers={"Content-Type": "application/json"})
    assert broken.status == 400 and "not valid JSON" in broken.body["error"]
    array = await api.post("/api/auth", [1, 2])
    assert array.status == 400 and "JSON object" in array.body["error"]
    assert (await api.put("/api/auth", {})).status == 405
    assert (await api.delete("/api/auth")).status == 405
    assert (await api.patch("/api/auth/424242", {"username": "x"})).status == 404


# --- create, read, replace, update ------------------------------------------------------------------------


async def test_post_echoes_the_payload(api: Client) -> None:
    payloads = {
        "auth": {"username": b.unique("user"), "password": "pw"},
        "geofence": {"name": b.unique("f"), "fence_type": "polygon", "fence_data": b.FENCE},
        "monivlist": {"monlist": b.unique("list"), "mon_ids_iv": [1, 4, 7]},
        "routecalc": {"routefile": ["0,0"]},
        "devicepool": {"devicepool": b.unique("pool"), "settings": {"screenshot_type": "jpeg"}},
        "pogoauth": {"login_type": "ptc", "username": b.unique("Trainer"), "password": "pw"},
        "walker": {"walkername": b.unique("w"), "setup": []},
    }
    for resource, payload in payloads.items():
        answer = await api.post(f"/api/{resource}", payload)
        assert answer.status == 201, (resource, answer.body)
        assert answer.body == payload, resource
        uri = answer.headers["X-Uri"]
        assert uri.startswith(f"/api/{resource}/") and ident(uri) > 0
        assert (await api.get(uri)).body == payload
        assert (await api.delete(uri)).status == 202
        assert (await api.get(uri)).status == 404
        assert (await api.delete(uri)).status == 404


async def test_raids_area_round_trip_and_issue_495(api: Client) -> None:
    fence, route = await b.geofence(api), await b.routecalc(api)
    payload = {"name": "raids", "geofence_included": fence, "routecalc": route, "including_stops": True,
               "init": False, "settings": {"starve_route": False, "delay_after_prio_event": 30}}
    created = await api.post("/api/area", payload, headers={"X-Mode": "raids_mitm"})
    assert created.status == 201 and created.body == {**payload, "mode": "raids_mitm"}
    uri = created.headers["X-Uri"]
    patched = await api.patch(uri, {"settings": {"delay_after_prio_event": None}})
    assert patched.status == 204
    expected = {**payload, "mode": "raids_mitm", "settings": {"starve_route": False}}
    assert (await api.get(uri)).body == expected
    # a GET body PUTs back unchanged
    assert (await api.put(uri, expected)).status == 204
    assert (await api.get(uri)).body == expected
    mode_change = await api.put(uri, expected, headers={"X-Mode": "idle"})
    assert mode_change.status == 422


async def test_put_replaces_patch_updates(api: Client) -> None:
    uri = await b.create(api, "geofence", {"name": b.unique("f"), "fence_type": "polygon", "fence_data": b.FENCE})
    name = b.unique("g")
    assert (await api.put(uri, {"name": name, "fence_type": "polygon"})).status == 204
    assert (await api.get(uri)).body == {"name": name, "fence_type": "polygon", "fence_data": []}
    missing = await api.put(uri, {"fence_type": "polygon"})
    assert missing.status == 422 and missing.body == {"missing": ["name"]}
    assert (await api.patch(uri, {"fence_data": [[52.5, 13.4], [52.6, 13.4], [52.6, 13.5]]})).status == 204
    assert (await api.get(uri)).body["fence_data"] == ["52.5,13.4", "52.6,13.4", "52.6,13.5"]
    assert (await api.patch(uri, {"name": ""})).body == {"missing": ["name"]}


async def test_flat_column_names(api: Client) -> None:
    fence = await b.geofence(api)
    area = await api.post("/api/area", {"name": "flat", "mode": "mon_mitm", "geofence_included": str(ident(fence)),
                                        "speed": "0", "max_clustering": "5", "starve_route": "true",
                                        "area_id": 77, "guid": None, "instance_id": 1},
                          headers={"X-Mode": "mon_mitm"})
    assert area.status == 201, area.body
    assert area.body["settings"] == {"speed": 0.0, "max_clustering": 5, "starve_route": True}
    walkerarea = await api.post("/api/walkerarea", {"area_id": ident(area.headers["X-Uri"]), "algo_type": "period",
                                                    "algo_value": "06:00-22:00", "max_walkers": "2"})
    assert walkerarea.status == 201, walkerarea.body
    assert walkerarea.body == {"walkerarea": area.headers["X-Uri"], "walkertype": "period",
                               "walkervalue": "06:00-22:00", "walkermax": 2, "walkertext": "", "eventid": ""}
    walker = await b.create(api, "walker", {"walkername": "w", "setup": []})
    # the async UI's walkerarea editor appends the walker area to a walker by walker_id
    assert (await api.patch(walkerarea.headers["X-Uri"], {"walker_id": ident(walker)})).status == 204
    assert (await api.get(walker)).body["setup"] == [walkerarea.headers["X-Uri"]]
    auth = await api.post("/api/auth", {"username": b.unique("u"), "password": "p",
                                        "auth_level": "MADMIN_ADMIN,MITM_DATA"})
    assert auth.body["auth_level"] == "MITM_DATA,MADMIN_ADMIN"


async def test_monivlist_append(api: Client) -> None:
    uri = await b.create(api, "monivlist", {"monlist": "l", "mon_ids_iv": [1]})
    assert (await api.patch(uri, {"mon_ids_iv": [2]}, headers={"X-Append": "1"})).status == 204
    assert (await api.get(uri)).body["mon_ids_iv"] == [1, 2]
    assert (await api.patch(uri, {"mon_ids_iv": [3]})).status == 204
    assert (await api.get(uri)).body["mon_ids_iv"] == [3]


async def test_walker_setup(api: Client) -> None:
    first, second = await b.walkerarea(api), await b.walkerarea(api)
    uri = await b.create(api, "walker", {"walkername": "w"})
    assert (await api.get(uri)).body == {"walkername": "w", "setup": []}
    assert (await api.patch(uri, {"setup": [first]})).status == 204
    assert (await api.patch(uri, {"setup": [second, first]}, headers={"X-Append": "1"})).status == 204
    assert (await api.get(uri)).body["setup"] == [first, second, first]
    assert (await api.patch(uri, {"setup": None})).status == 204
    assert (await api.get(uri)).body["setup"] == []


async def test_pogoauth_and_device_accounts(api: Client) -> None:
    google = await api.post("/api/pogoauth", {"login_type": "google", "username": "Mixed@Example.org",
                                              "password": "pw"})
    assert google.body["username"] == "mixed@example.org"
    ptc = await api.post("/api/pogoauth", {"login_type": "ptc", "username": "MixedCase", "password": "pw"})
    assert ptc.body["username"] == "MixedCase"
    duplicate = await api.post("/api/pogoauth", {"login_type": "ptc", "username": "MixedCase", "password": "x"})
    assert duplicate.status == 422 and duplicate.body["invalid"][0][0] == "username"
    device = await b.device(api)
    wrong = await api.patch(device, {"settings": {"ptc_login": google.headers["X-Uri"]}})
    assert wrong.status == 422 and wrong.body["invalid"][0][0] == "ptc_login"
    wrong = await api.patch(device, {"settings": {"ggl_login": ptc.headers["X-Uri"]}})
    assert wrong.status == 422 and wrong.body["invalid"][0][0] == "ggl_login"
    assert (await api.patch(device, {"settings": {"ptc_login": ptc.headers["X-Uri"]}})).status == 204
    assert (await api.get(device)).body["settings"]["ptc_login"] == ptc.headers["X-Uri"]
    assert (await api.get(ptc.headers["X-Uri"])).body["device_id"] == device
    # an account in use cannot be deleted; deleting the device frees it
    refused = await api.delete(ptc.headers["X-Uri"])
    assert refused.status == 412 and refused.body[0]["uri"] == device
    assert (await api.delete(device)).status == 202
    assert "device_id" not in (await api.get(ptc.headers["X-Uri"])).body
    assert (await api.delete(ptc.headers["X-Uri"])).status == 202


async def test_device_round_trip_and_rules(api: Client) -> None:
    uri = await b.device(api, settings={"screenshot_type": "png", "mac_address": "aa:bb:cc:dd:ee:ff"})
    got = (await api.get(uri)).body
    assert set(got) == {"origin", "walker", "pool", "settings"}
    assert (await api.put(uri, got)).status == 204
    assert (await api.get(uri)).body == got
    without_origin = {k: v for k, v in got.items() if k != "origin"}
    assert (await api.put(uri, without_origin)).body == {"missing": ["origin"]}
    assert (await api.patch(uri, {"origin": ""})).status == 422
    assert (await api.patch(uri, {"origin": "renamed"})).status == 204
    other = await b.device(api)
    dup_mac = await api.patch(other, {"settings": {"mac_address": "aa:bb:cc:dd:ee:ff"}})
    assert dup_mac.status == 422 and dup_mac.body["invalid"][0][0] == "mac_address"
    dup_origin = await api.patch(other, {"origin": "renamed"})
    assert dup_origin.status == 422 and dup_origin.body["invalid"][0][0] == "origin"
    flush = await api.post(uri, {"call": "flush_level", "args": {}},
                           headers={"Content-Type": "application/json-rpc"})
    assert flush.status == 204
    unknown = await api.post(uri, {"call": "explode"}, headers={"Content-Type": "application/json-rpc"})
    assert unknown.status == 501


# --- delete: dependencies and cascades -----------------------------------------------------------------------


async def test_dependencies_refuse_delete(api: Client) -> None:
    device = await b.device(api)
    got = (await api.get(device)).body
    walker, pool = got["walker"], got["pool"]
    walkerarea = (await api.get(walker)).body["setup"][0]
    area = (await api.get(walkerarea)).body["walkerarea"]
    area_body = (await api.get(area)).body
    for uri, user in ((walker, device), (pool, device), (walkerarea, walker), (area, walkerarea),
                      (area_body["geofence_included"], area), (area_body["routecalc"], area)):
        answer = await api.delete(uri)
        assert answer.status == 412, uri
        assert user in [d["uri"] for d in answer.body] and all("name" in d for d in answer.body)
    monlist = await b.create(api, "monivlist", {"monlist": "m", "mon_ids_iv": [1]})
    assert (await api.patch(area, {"settings": {"mon_ids_iv": monlist}})).status == 204
    assert (await api.delete(monlist)).status == 412


async def test_delete_cascades(api: Client) -> None:
    area = await b.area(api)
    walkerarea = await b.walkerarea(api, area)
    walker = await b.walker(api, [walkerarea])
    shared_walker = await b.walker(api, [walkerarea])
    assert (await api.delete(walker)).status == 202
    assert (await api.get(walkerarea)).status == 200  # still used by the other walker
    assert (await api.delete(shared_walker)).status == 202
    assert (await api.get(walkerarea)).status == 404  # the walker's own areas go with it
    routecalc = (await api.get(area)).body["routecalc"]
    assert (await api.delete(area)).status == 202
    assert (await api.get(routecalc)).status == 404  # the area's route goes with it


async def test_recalculate_without_route_managers(api: Client) -> None:
    area = await b.area(api, "mon_mitm")
    answer = await api.post(area, {"call": "recalculate", "args": {}}, headers={"Content-Type": "application/json-rpc"})
    assert answer.status == 503 and "route" in answer.body["error"]
    idle = await b.area(api, "idle")
    answer = await api.post(idle, {"call": "recalculate"}, headers={"Content-Type": "application/json-rpc"})
    assert answer.status == 422


async def test_openapi(api: Client) -> None:
    doc = (await api.get("/api/openapi.json")).body
    assert doc["openapi"].startswith("3.")
    assert "/api/device/{ident}" in doc["paths"] and "area_raids_mitm" in doc["components"]["schemas"]

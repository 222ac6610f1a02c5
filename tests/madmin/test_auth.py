"""madmin_enable_auth: Basic auth for API clients, a session login for browsers, levels per path."""

from __future__ import annotations

import base64

from sqlalchemy import insert

from magneton.db import Database
from magneton.db.models import SettingsAuth
from tests.mapping.conftest import Seeded

def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


ADMIN = basic("admin", "adminpass")
HTML = {"Accept": "text/html"}


async def add_public_user(database: Database, seeded: Seeded) -> None:
    async with database.engine.begin() as conn:
        await conn.execute(insert(SettingsAuth.__table__).values(instance_id=seeded.instance_id, username="viewer",
                                                                 password="viewpass", auth_level=1))


async def test_everything_but_login_needs_a_user(database: Database, seeded: Seeded, start_madmin) -> None:
    await add_public_user(database, seeded)
    api = (await start_madmin(madmin_enable_auth=True)).client
    for path in ("/api/device", "/api/openapi.json", "/get_status", "/get_map_mons", "/send_gps?origin=x",
                 "/quests", "/statistics"):
        refused = await api.get(path)
        assert refused.status == 401, path
        assert refused.headers["WWW-Authenticate"] == 'Basic realm="madmin"'
    page = await api.get("/devices", headers=HTML)
    assert page.status == 302 and page.headers["Location"].startswith("/login?next=/devices")
    assert (await api.get("/login")).status == 200
    assert (await api.get("/api/device", headers=ADMIN)).status == 200
    assert (await api.get("/api/device", headers=basic("admin", "wrong"))).status == 401
    assert (await api.get("/api/device", headers=basic("theirs", "x"))).status == 401  # other instance
    viewer = basic("viewer", "viewpass")
    assert (await api.get("/api/device", headers=viewer)).status == 403
    assert (await api.get("/quests", headers=viewer)).status == 200
    assert (await api.get("/statistics", headers=viewer)).status == 200
    assert (await api.get("/quests", headers=ADMIN)).status == 200  # admins see public pages too


async def test_quests_public(database: Database, seeded: Seeded, start_madmin) -> None:
    api = (await start_madmin(madmin_enable_auth=True, quests_public=True)).client
    assert (await api.get("/quests")).status == 200
    assert (await api.get("/get_quests")).status == 200
    assert (await api.get("/get_stops")).status == 401


async def test_session_login(database: Database, seeded: Seeded, start_madmin) -> None:
    running = await start_madmin(madmin_enable_auth=True)
    api = running.client
    wrong = await api.call("POST", "/login", data={"username": "admin", "password": "nope", "next": "/devices"})
    assert wrong.status == 401 and "wrong" in wrong.body.lower()
    ok = await api.call("POST", "/login", data={"username": "admin", "password": "adminpass", "next": "/devices"})
    assert ok.status == 302 and ok.headers["Location"] == "/devices"
    # the session cookie now opens pages and the API for this client
    assert (await api.get("/devices", headers=HTML)).status == 200
    assert (await api.get("/api/walker")).status == 200
    # an open redirect is refused
    evil = await api.call("POST", "/login", data={"username": "admin", "password": "adminpass",
                                                  "next": "//evil.example/"})
    assert evil.headers["Location"] == "/"
    assert (await api.get("/logout")).status == 302
    assert (await api.get("/api/walker")).status == 401


async def test_auth_off_by_default(database: Database, seeded: Seeded, start_madmin) -> None:
    api = (await start_madmin()).client
    assert (await api.get("/api/device")).status == 200
    assert (await api.get("/devices", headers=HTML)).status == 200


async def test_base_path(database: Database, seeded: Seeded, start_madmin) -> None:
    running = await start_madmin(madmin_base_path="/madmin/", madmin_enable_auth=True)
    api = running.client  # its base URL already ends in /madmin
    assert (await api.get("/api/device", headers=ADMIN)).status == 200
    page = await api.get("/devices", headers=HTML)
    assert page.status == 302 and page.headers["Location"].startswith("/madmin/login?next=/madmin/devices")

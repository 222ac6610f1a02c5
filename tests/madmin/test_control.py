"""/reload, /get_status, /send_gps and device control against a real websocket server and a fake RGC."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest

from magneton.db import Database
from magneton.devices import WebsocketServer
from magneton.mapping import MappingManager
from tests.devices.rgc import FakeRgc, Received
from tests.madmin.conftest import Running
from tests.mapping.conftest import Seeded

JPEG = b"\xff\xd8\xff\xe0fake-jpeg"
ZIP = b"PK\x03\x04logcat"


def answer(received: Received) -> str | bytes:
    text = received.text or ""
    if text.startswith("screen capture"):
        return JPEG
    if text.startswith("more logcat"):
        return ZIP
    return "OK"


@pytest.fixture
async def fleet(database: Database, seeded: Seeded, mapping: MappingManager,
                start_madmin) -> AsyncIterator[tuple[Running, FakeRgc]]:
    cfg = dataclasses.replace(database.cfg, ws_ip="127.0.0.1", ws_port=0)
    server = WebsocketServer(cfg, mapping, duplicate_close_delay=(0.0, 0.0))
    await server.start()
    running = await start_madmin(mapping=mapping, devices=server)
    rgc = FakeRgc(f"ws://127.0.0.1:{server.port}/", origin="dev01", answer=answer)
    await rgc.connect()
    await asyncio.wait_for(server.wait_connected("dev01"), 5)
    yield running, rgc
    await rgc.close()
    await server.stop()


def texts(rgc: FakeRgc) -> list[str]:
    return [r.text.strip() for r in rgc.received if r.text]


async def test_send_gps_moves_the_device(fleet) -> None:
    running, rgc = fleet
    api = running.client
    moved = await api.get("/send_gps?origin=dev01&coords=[52.51,13.41]&sleeptime=0")
    assert moved.status == 200, moved.body
    assert "geo fix 52.51 13.41 0" in texts(rgc)
    # ReactMap's JSON list form, several points
    many = await api.get("/send_gps", params={"origin": "dev01", "coords": "[[52.52,13.42],[52.53,13.43]]",
                                              "sleeptime": "0"})
    assert many.status == 200 and many.body["queued"] == [[52.53, 13.43]]
    for _ in range(100):
        if "geo fix 52.53 13.43 0" in texts(rgc):
            break
        await asyncio.sleep(0.05)
    assert "geo fix 52.52 13.42 0" in texts(rgc) and "geo fix 52.53 13.43 0" in texts(rgc)
    workers = (await api.get("/get_workers")).body
    assert {"name": "dev01", "lat": 52.53, "lon": 13.43} in workers or {"name": "dev01", "lat": 52.52,
                                                                       "lon": 13.42} in workers
    assert (await api.get("/send_gps?origin=dev02&coords=1,1")).status == 409  # known, not connected
    assert (await api.get("/send_gps?origin=nobody&coords=1,1")).status == 404
    assert (await api.get("/send_gps?origin=dev01&coords=north")).status == 400


async def test_device_control(fleet) -> None:
    running, rgc = fleet
    api = running.client
    shot = await api.get("/take_screenshot?origin=dev01")
    assert shot.status == 200 and shot.raw == JPEG and shot.headers["Content-Type"] == "image/jpeg"
    assert (await api.get("/click_screenshot?origin=dev01&clickx=540&clicky=1700")).status == 200
    assert (await api.get("/device_key?origin=dev01&key=back")).status == 200
    assert (await api.get("/device_key?origin=dev01&key=home")).status == 200
    assert (await api.get("/quit_pogo?origin=dev01&restart=1")).status == 200
    assert (await api.get("/restart_phone?origin=dev01")).status == 200
    logcat = await api.get("/download_logcat?origin=dev01")
    assert logcat.raw == ZIP and "attachment" in logcat.headers["Content-Disposition"]
    sent = texts(rgc)
    assert "screen click 540 1700" in sent and "screen capture jpeg 80" in sent
    assert any(t.startswith("more reboot") or "reboot" in t for t in sent)
    assert (await api.get("/device_key?origin=dev01&key=power")).status == 400
    assert (await api.get("/click_screenshot?origin=dev01&clickx=a&clicky=1")).status == 400


async def test_status_pause_and_reload(fleet, seeded: Seeded, mapping: MappingManager) -> None:
    running, _ = fleet
    api = running.client
    status = {d["origin"]: d for d in (await api.get("/get_status")).body}
    assert status["dev01"]["connected"] and not status["dev02"]["connected"]
    device = f"/api/device/{seeded.ids['dev01']}"
    rpc = {"Content-Type": "application/json-rpc"}
    assert (await api.post(device, {"call": "device_state", "args": {"active": 0}}, headers=rpc)).status == 200
    assert (await mapping.device_state("dev01")).paused
    assert {d["origin"]: d for d in (await api.get("/get_status")).body}["dev01"]["paused"]
    assert (await api.post(device, {"call": "device_state", "args": {"active": 1}}, headers=rpc)).status == 200
    assert not (await mapping.device_state("dev01")).paused
    # a new device exists for the MappingManager once the settings are applied
    walker = f"/api/walker/{seeded.ids['walker']}"
    assert (await api.post("/api/device", {"origin": "dev09", "walker": walker})).status == 201
    assert (await api.get("/settings_state")).body["unapplied"] is True
    assert "dev09" not in await mapping.loaded_origins()
    applied = await api.post("/reload")
    assert applied.status == 200 and applied.body["added"] == ["dev09"]
    assert "dev09" in await mapping.loaded_origins()
    assert (await api.get("/settings_state")).body["unapplied"] is False

"""The receiver's contract with PogoDroid and with bad input: clear 4xx answers, logged and counted skips,
and a good entry in the same body as a bad one is still stored."""

from __future__ import annotations

import asyncio

import json
import logging

import pytest

from magneton.db.models import TrsS2Cell
from magneton.mitm_mapper import Location
from tests.ingest.conftest import FIXTURES, ORIGIN, Stack, fixture

AUTH_PROBE_CELL = 5163462886084837376


async def test_single_entry_object(stack: Stack):
    await stack.send("envelope_single_dict.json")
    row = await stack.one(TrsS2Cell)
    assert (row["id"], row["updated"]) == (5163462881789870080, 1717243599)


async def test_list_handled_in_order(stack: Stack):
    await stack.send("envelope_list.json")
    rows = {r["id"]: r["updated"] for r in await stack.rows(TrsS2Cell)}
    assert rows == {5163462843135164416: 1717243609, 5163462840987680768: 1717243610}


async def test_ignored_types_are_skipped_quietly(stack: Stack):
    await stack.send("envelope_ignored_types.json")
    row = await stack.one(TrsS2Cell)
    assert (row["id"], row["updated"]) == (5163462866757484544, 1717243622)
    counters = stack.rt.pipeline.counters
    assert counters["accepted_entries"] == 1


async def test_location_out_of_range_is_recorded_as_zero(stack: Stack):
    await stack.send("envelope_latlng_out_of_range.json")
    assert (await stack.one(TrsS2Cell))["id"] == 5163462864610000896
    assert await stack.rt.mitm.get_last_known_location(ORIGIN) == Location(0.0, 0.0)


async def test_gzip_body(stack: Stack):
    body = (FIXTURES / "envelope_gzip.json.gz").read_bytes()
    headers = {**stack.headers(), "Content-Encoding": "gzip"}
    async with stack.session.post(stack.url + "/", data=body, headers=headers) as response:
        assert response.status == 200
    await stack.drain()
    assert (await stack.one(TrsS2Cell))["id"] == 5163462838840197120


async def test_gzip_body_without_header(stack: Stack):
    """PD's default gzip without Content-Encoding still parses."""
    body = (FIXTURES / "envelope_gzip.json.gz").read_bytes()
    async with stack.session.post(stack.url + "/", data=body, headers=stack.headers()) as response:
        assert response.status == 200
    await stack.drain()
    assert await stack.count(TrsS2Cell) == 1


@pytest.mark.parametrize(("headers", "reason"), [
    ({"origin": None}, "missing Origin header"),
    ({"origin": "stranger"}, "unknown origin"),
    ({"user": None}, "missing Basic auth"),
    ({"password": "wrong"}, "bad credentials"),
    ({"user": "madminonly", "password": "pw"}, "bad credentials"),  # no MITM_DATA bit
])
async def test_auth_failures_are_401_and_store_nothing(stack: Stack, caplog, headers, reason):
    with caplog.at_level(logging.WARNING):
        response = await stack.post(fixture("envelope_auth_probe.json"), **headers)
    assert response.status == 401
    await stack.drain()
    assert await stack.count(TrsS2Cell) == 0
    assert any(reason in record.getMessage() for record in caplog.records)


async def test_auth_probe_accepted_with_valid_credentials(stack: Stack):
    await stack.send("envelope_auth_probe.json")
    row = await stack.one(TrsS2Cell)
    assert (row["id"], row["updated"]) == (AUTH_PROBE_CELL, 1717243639)


async def test_insecure_auth_needs_only_the_origin(make_stack):
    stack: Stack = await make_stack(insecure_auth=True)
    assert (await stack.post(fixture("envelope_auth_probe.json"), user=None)).status == 200
    assert (await stack.post(fixture("envelope_auth_probe.json"), origin="stranger", user=None)).status == 401


async def test_malformed_basic_auth_is_401(stack: Stack):
    headers = {**stack.headers(), "Authorization": "Basic !!!not-base64"}
    async with stack.session.post(stack.url + "/", data=b"[]", headers=headers) as response:
        assert response.status == 401


@pytest.mark.parametrize(("body", "reason"), [
    (b"{not json", "malformed JSON body"),
    (b"[1, 2", "malformed JSON body"),
    (b'"a string"', "body must be a JSON list"),
    (b"", "body must be a JSON list"),
    (b"\x1f\x8b\x08garbage", "corrupt gzip body"),
])
async def test_unusable_body_is_400_with_reason(stack: Stack, body, reason):
    async with stack.session.post(stack.url + "/", data=body, headers=stack.headers()) as response:
        assert response.status == 400
        assert reason in await response.text()


async def test_oversize_body_is_413(stack: Stack):
    body = b"[" + b" " * (21 * 1024 * 1024) + b"]"
    async with stack.session.post(stack.url + "/", data=body, headers=stack.headers()) as response:
        assert response.status == 413
    # The receiver is unaffected.
    await stack.send("envelope_auth_probe.json")
    assert await stack.count(TrsS2Cell) == 1


def _good_entry() -> dict:
    return fixture("envelope_auth_probe.json")[0]


@pytest.mark.parametrize("bad", [
    {"type": 106, "payload": {"cells": [{"id": "not a number"}]}, "timestamp": 1717243700},  # wrong type
    {"type": 106, "payload": {"cells": [{"current_timestamp": 1}]}, "timestamp": 1717243700},  # missing key
    {"type": "106", "payload": {}},  # envelope type as text
    {"type": 106, "lat": "north"},  # wrong envelope value
    {"type": 102, "payload": {"status": 1, "wild_pokemon": {"encounter_id": 1, "spawnpoint_id": "xyz!",
                                                            "latitude": 1, "longitude": 2,
                                                            "pokemon_data": {"id": 1}}}},  # bad spawn token
    {"type": 101, "payload": "not an object"},
    [1, 2, 3],  # an entry that is not an object
])
async def test_bad_entry_is_skipped_and_the_good_one_stored(stack: Stack, caplog, bad):
    with caplog.at_level(logging.WARNING):
        response = await stack.post([bad, _good_entry()])
    assert response.status == 200
    assert response.headers["X-Magneton-Skipped"] == "1"
    await stack.drain()
    assert (await stack.one(TrsS2Cell))["id"] == AUTH_PROBE_CELL
    assert stack.rt.mitm is not None
    assert any("entry 0 skipped" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("name", ["106_empty_cells.json", "102_status_not_1.json", "101_result_out_of_range.json",
                                  "106_raw.json"])
async def test_payloads_without_data_are_dropped_with_200(stack: Stack, name):
    body = fixture(name) + [_good_entry()]
    response = await stack.post(body)
    assert response.status == 200 and "X-Magneton-Skipped" not in response.headers
    await stack.drain()
    assert [r["id"] for r in await stack.rows(TrsS2Cell)] == [AUTH_PROBE_CELL]


async def test_full_queue_answers_503_and_keeps_what_it_accepted(make_stack):
    stack: Stack = await make_stack(mitmreceiver_queue_size=1)
    await stack.rt.pipeline.stop()  # no workers: the queue stays full
    first = asyncio.create_task(stack.post(fixture("envelope_single_dict.json")))  # answered once stored
    while stack.rt.pipeline.queued == 0:
        await asyncio.sleep(0.01)
    response = await stack.post(fixture("envelope_auth_probe.json"))
    assert response.status == 503 and response.headers["Retry-After"] == "1"
    assert stack.rt.pipeline.counters["rejected_entries"] == 1
    assert not first.done()
    await stack.rt.pipeline.start()
    assert (await first).status == 200
    assert (await stack.one(TrsS2Cell))["id"] == 5163462881789870080


async def test_get_latest_mitm_shape(stack: Stack):
    mitm = stack.rt.mitm
    await mitm.update_latest(ORIGIN, "ids_iv", [1, 2], 0, 1, Location(0, 0))
    await mitm.update_latest(ORIGIN, "injected_settings", {"scanmode": "ivs"}, 0, 1, Location(0, 0))
    async with stack.session.get(stack.url + "/get_latest_mitm", headers=stack.headers()) as response:
        assert response.status == 200
        data = await response.json()
    assert data == {"ids_iv": [1, 2], "injected_settings": {"values": {"scanmode": "ivs"}},
                    "ids_encountered": None, "safe_items": [], "lvl_mode": False, "unquest_stops": [],
                    "check_lured": False, "quest_layer_scan": None}
    async with stack.session.get(stack.url + "/get_latest_mitm", headers=stack.headers(origin="x")) as response:
        assert response.status == 401


async def test_get_addresses(stack: Stack, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with stack.session.get(stack.url + "/get_addresses", headers=stack.headers()) as response:
        assert await response.json() == {}
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "addresses.json").write_text(json.dumps({"0.300.0_64": {"a": 1}, "bad": 3}))
    async with stack.session.get(stack.url + "/get_addresses", headers=stack.headers()) as response:
        assert await response.json() == {"0.300.0_64": {"a": 1}, "bad": {}}


async def test_gmo_updates_the_mitm_mapper_for_workers(stack: Stack):
    await stack.send("106_wild_known_spawn.json")
    mitm = stack.rt.mitm
    latest = await mitm.request_latest(ORIGIN, "106")
    assert latest is not None and latest.timestamp_received == 1717243200
    assert await mitm.request_latest(ORIGIN, "106", latest.timestamp_of_data_retrieval) is None
    assert await mitm.get_injection_status(ORIGIN) is True
    assert await mitm.get_last_possibly_moved(ORIGIN) == 1717243200
    assert await mitm.get_last_known_location(ORIGIN) == Location(52.5219, 13.4132)


async def test_a_stuck_client_does_not_affect_others(stack: Stack):
    """An authorised client whose body never completes holds only its own request; others are served."""
    import asyncio

    reader, writer = await asyncio.open_connection("127.0.0.1", stack.cfg.mitmreceiver_port)
    head = "".join(f"{k}: {v}\r\n" for k, v in stack.headers().items())
    writer.write(f"POST / HTTP/1.1\r\nHost: x\r\n{head}Content-Length: 1000\r\n\r\n[".encode())
    await writer.drain()
    await stack.send("envelope_auth_probe.json")
    assert await stack.count(TrsS2Cell) == 1
    assert not reader.at_eof()  # the stuck request is still open, not answered or dropped
    writer.close()
    await writer.wait_closed()



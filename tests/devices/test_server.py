"""The websocket server against real RGC-like clients: admission, framing, ids, timeouts, duplicates, reconnects."""

from __future__ import annotations

import asyncio
import logging
import struct

import pytest

from magneton.devices import CommandTimeout, DeviceDisconnected, WebsocketServer
from magneton.devices.framing import ID_MODULUS, decode, encode_binary, encode_text, next_id
from tests.devices.rgc import FakeRgc, Received


def silent(r: Received) -> None:
    return None


# --- admission ---------------------------------------------------------------------------------------

async def test_device_with_good_credentials_is_admitted(server: WebsocketServer, rgc) -> None:
    with server.subscribe() as events:
        await rgc()
        event = await asyncio.wait_for(events.get(), 5)
    assert (event.origin, event.kind, event.connection) == ("dev01", "connected", 1)
    assert server.connected_origins() == ["dev01"] and server.is_connected("dev01")
    await server.communicator("dev01").back()  # commands round-trip


@pytest.mark.parametrize("fields, reason", [
    ({"password": "wrong"}, "wrong credentials for user 'mitmuser'"),
    ({"user": "nobody"}, "wrong credentials for user 'nobody'"),
    ({"user": None}, "no valid Basic Authorization header"),
    ({"origin": "dev99"}, "unknown origin"),
    ({"origin": None}, "no Origin header"),
])
async def test_refused_devices_are_closed_and_logged(server: WebsocketServer, rgc, caplog, fields, reason) -> None:
    caplog.set_level(logging.WARNING, "magneton.devices.server")
    device = await rgc(wait=False, **fields)
    assert await asyncio.wait_for(device.closed(), 5) == 1000  # closed normally after the upgrade, as MAD does
    assert server.connected_origins() == []
    [record] = [r for r in caplog.records if "refused device connection" in r.getMessage()]
    assert reason in record.getMessage()
    assert (fields.get("origin", "dev01") or "no origin") in record.getMessage()


async def test_without_any_mitm_auth_row_everyone_is_refused(server, rgc, directory) -> None:
    directory.credentials.clear()
    device = await rgc(wait=False)
    await asyncio.wait_for(device.closed(), 5)
    assert server.connected_origins() == []


async def test_insecure_auth_admits_without_credentials(make_server, directory) -> None:
    server = await make_server(insecure_auth=True)
    device = await FakeRgc(f"ws://127.0.0.1:{server.port}/", user=None).connect()
    try:
        await asyncio.wait_for(server.wait_connected("dev01"), 5)
        assert server.connected_origins() == ["dev01"]
    finally:
        await device.close()


def test_basic_header_parsing() -> None:
    from magneton.auth import basic_credentials
    assert basic_credentials("Basic dXNlcjpwYTpzcw==") == ("user", "pa:ss")  # split on the first ':'
    assert basic_credentials("Basic dXNlcg==") is None  # no ':'
    assert basic_credentials("Bearer dXNlcjpwYXNz") is None
    assert basic_credentials("Basic not*base64") is None
    assert basic_credentials(None) is None


# --- framing and ids ---------------------------------------------------------------------------------

def test_frames() -> None:
    assert encode_text(7, "more screen on\r\n") == "7;more screen on\r\n"
    assert encode_binary(7, 2, b"zip") == b"\x00\x00\x00\x07\x00\x00\x00\x02zip"
    assert decode("12;a;b") == (12, "a;b")
    assert decode("x;OK") is None and decode("OK") is None
    assert decode(b"\x00\x01\x86\x9f" + b"png") == (99999, b"png")
    assert decode(b"\x00\x01") is None
    assert [next_id(i) for i in (0, 1, 99998, 99999)] == [1, 2, 99999, 0]
    assert ID_MODULUS == 100_000


async def test_ids_wrap_at_100000(server: WebsocketServer, rgc) -> None:
    device = await rgc()
    server.session("dev01").last_id = 99997
    communicator = server.communicator("dev01")
    for _ in range(4):
        await communicator.back()
    assert [r.message_id for r in device.received] == [99998, 99999, 0, 1]


async def test_answers_without_a_numeric_id_or_a_waiter_are_dropped(server: WebsocketServer, rgc) -> None:
    device = await rgc(answer=silent)
    communicator = server.communicator("dev01")
    pending = asyncio.create_task(communicator.topmost_app())
    while not device.received:
        await asyncio.sleep(0.01)
    await device.socket.send("garbage;answer")
    await device.socket.send("4711;unsolicited")
    await device.socket.send(struct.pack(">I", 4712) + b"unsolicited")
    await device.socket.send(f"{device.received[0].message_id};com.nianticlabs.pokemongo/x")
    assert await pending == "com.nianticlabs.pokemongo/x"


# --- timeouts ----------------------------------------------------------------------------------------

async def test_connection_is_dropped_after_six_timeouts_in_a_row(make_server, rgc) -> None:
    server = await make_server(websocket_command_timeout=0.05)
    answering = {"on": False}
    device = await rgc(answer=lambda r: "OK" if answering["on"] else None)
    communicator = server.communicator("dev01")
    for _ in range(5):
        with pytest.raises(CommandTimeout):
            await communicator.back()
    answering["on"] = True
    await communicator.back()  # an answer resets the streak
    assert server.session("dev01").consecutive_timeouts == 0
    answering["on"] = False
    for _ in range(5):
        with pytest.raises(CommandTimeout):
            await communicator.back()
    assert server.is_connected("dev01")
    with pytest.raises(CommandTimeout):
        await communicator.back()
    await asyncio.wait_for(device.closed(), 5)
    with pytest.raises(DeviceDisconnected):
        await communicator.back()


async def test_late_answer_after_a_timeout_is_ignored(make_server, rgc) -> None:
    server = await make_server(websocket_command_timeout=0.05)
    device = await rgc(answer=silent)
    communicator = server.communicator("dev01")
    with pytest.raises(CommandTimeout):
        await communicator.topmost_app()
    await device.socket.send(f"{device.received[0].message_id};late")
    device.answer = lambda r: "fresh"
    assert await communicator.topmost_app() == "fresh"


# --- concurrency ---------------------------------------------------------------------------------------

async def test_one_command_at_a_time_except_passthrough(server: WebsocketServer, rgc) -> None:
    device = await rgc(answer=lambda r: "done" if r.text.startswith("passthrough") else None)
    communicator = server.communicator("dev01")
    first = asyncio.create_task(communicator.topmost_app())
    while not device.received:
        await asyncio.sleep(0.01)
    second = asyncio.create_task(communicator.screen_size())
    assert await communicator.passthrough("echo hi") == "done"  # overlaps the pending command
    assert [r.text for r in device.received] == ["more topmost app\r\n", "passthrough echo hi"]
    await device.socket.send(f"{device.received[0].message_id};front")
    assert await first == "front"
    while len(device.received) < 3:
        await asyncio.sleep(0.01)
    assert device.received[2].text == "screen size"
    await device.socket.send(f"{device.received[2].message_id};720 1280")
    assert await second == (720, 1280)


async def test_pending_command_fails_when_the_device_disconnects(server: WebsocketServer, rgc) -> None:
    device = await rgc(answer=silent)
    pending = asyncio.create_task(server.communicator("dev01").reboot())
    while not device.received:
        await asyncio.sleep(0.01)
    await device.close()
    with pytest.raises(DeviceDisconnected) as info:
        await pending
    assert info.value.command == "more reboot now"


async def test_commands_to_a_device_that_never_connected_fail_at_once(server: WebsocketServer) -> None:
    with pytest.raises(DeviceDisconnected):
        await server.communicator("dev02").topmost_app()


# --- duplicates and reconnects -------------------------------------------------------------------------

async def test_second_connection_of_an_open_origin_is_refused(server: WebsocketServer, rgc, caplog) -> None:
    caplog.set_level(logging.WARNING, "magneton.devices.server")
    first = await rgc(answer=lambda r: "first")
    second = await rgc(wait=False, answer=lambda r: "second")
    await asyncio.wait_for(second.closed(), 5)
    assert "refused a second connection" in caplog.text
    assert await server.communicator("dev01").topmost_app() == "first"
    assert server.session("dev01").connections == 1
    assert first.socket.close_code is None


async def test_reconnect_resumes_the_same_session(server: WebsocketServer, rgc) -> None:
    with server.subscribe() as events:
        first = await rgc()
        communicator = server.communicator("dev01")
        await communicator.back()
        await first.close()
        assert [(e.kind, e.connection) for e in [await events.get(), await events.get()]] == [
            ("connected", 1), ("disconnected", 1)]
        assert not server.is_connected("dev01") and server.connected_origins() == []

        waiting = asyncio.create_task(server.wait_connected("dev01"))
        second = await rgc()
        assert await waiting is communicator  # the worker's communicator survives the reconnect
        assert (await events.get()).connection == 2
    await communicator.back()
    assert [r.message_id for r in first.received + second.received] == [1, 2]  # ids continue
    assert server.session("dev01").connections == 2


async def test_two_devices_are_independent(server: WebsocketServer, rgc) -> None:
    one = await rgc(origin="dev01", answer=lambda r: "one")
    two = await rgc(origin="dev02", answer=lambda r: "two")
    assert server.connected_origins() == ["dev01", "dev02"]
    assert await server.communicator("dev02").topmost_app() == "two"
    assert await server.communicator("dev01").topmost_app() == "one"
    assert len(one.received) == len(two.received) == 1


# --- keepalive and shutdown ----------------------------------------------------------------------------

async def test_long_sleep_sends_keepalives(server: WebsocketServer, rgc) -> None:
    device = await rgc()
    await server.communicator("dev01").sleep(0.05, keepalive_every=0.01)
    texts = {r.text for r in device.received}
    assert texts == {"passthrough true"}


async def test_big_binary_answers_fit(server: WebsocketServer, rgc) -> None:
    image = b"\xff\xd8" + bytes(20 * 2 ** 20)  # 20 MiB screenshot
    await rgc(answer=lambda r: image)
    assert await server.communicator("dev01").screenshot() == image


async def test_stop_says_exit_to_connected_devices(make_server, directory) -> None:
    server = await make_server()
    device = await FakeRgc(f"ws://127.0.0.1:{server.port}/").connect()
    await asyncio.wait_for(server.wait_connected("dev01"), 5)
    await server.stop()
    await asyncio.wait_for(device.closed(), 5)
    assert [r.text for r in device.received] == ["exit\r\n"]

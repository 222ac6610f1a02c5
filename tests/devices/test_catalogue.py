"""Every command of RGC's catalogue over a real websocket: the exact frame sent, and how answers are judged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from magneton.devices import CommandFailed, Communicator, commands
from magneton.devices.framing import INSTALL_APK, INSTALL_BUNDLE

GAME = "com.nianticlabs.pokemongo"
TOPMOST = "mResumedActivity: ActivityRecord{1 u0 com.nianticlabs.pokemongo/com.unity3d.player.UnityPlayerActivity}"
PERMISSIONS = ("su -c 'pm grant com.nianticlabs.pokemongo android.permission.ACCESS_FINE_LOCATION && "
               "pm grant com.nianticlabs.pokemongo android.permission.ACCESS_COARSE_LOCATION && "
               "pm grant com.nianticlabs.pokemongo android.permission.CAMERA && "
               "pm grant com.nianticlabs.pokemongo android.permission.GET_ACCOUNTS && "
               "magiskhide --add com.nianticlabs.pokemongo'")
PD_STOP = ("su -c 'am broadcast -a com.mad.pogodroid.SET_INTENTIONAL_STOP -c android.intent.category.DEFAULT "
           "-n com.mad.pogodroid/.IntentionalStopSetterReceiver --ez value {}'")
JPEG = b"\xff\xd8\xff\xe0fakejpeg"
ZIP = b"PK\x03\x04logcat"

Call = Callable[[Communicator], Awaitable[Any]]
FAILS = CommandFailed

# (name, call, wire text sent, answer, expected result or FAILS)
CASES: list[tuple[str, Call, str, str | bytes, Any]] = [
    ("geo fix", lambda c: c.set_location(52.5, 13.4), "geo fix 52.5 13.4 0\r\n", "OK", "OK"),
    ("geo fix KO", lambda c: c.set_location(52.5, 13.4), "geo fix 52.5 13.4 0\r\n", "KO: no mock", FAILS),
    ("geo walk", lambda c: c.walk(52.5, 13.4, 52.501, 13.4, 11),
     "geo walk 52.5 13.4 52.501 13.4 11\r\n", "OK", "OK"),
    ("start app", lambda c: c.start_app(), f"more start {GAME}\r\n", "OK", None),
    ("start app, OK with whitespace", lambda c: c.start_app(), f"more start {GAME}\r\n", " OK\r\n", None),
    ("start app KO", lambda c: c.start_app(), f"more start {GAME}\r\n", "KO: failed", FAILS),
    ("start RGC", lambda c: c.start_app("de.grennith.rgc.remotegpscontroller"),
     "more start de.grennith.rgc.remotegpscontroller\r\n", "OK", None),
    ("stop app", lambda c: c.stop_app(), f"more stop {GAME}\r\n", "OK", None),
    ("stop app not OK", lambda c: c.stop_app(), f"more stop {GAME}\r\n", "OKAY", FAILS),
    ("restart app", lambda c: c.restart_app(), f"more restart {GAME}\r\n", "OK", None),
    ("reset app data", lambda c: c.reset_app_data(), f"more reset {GAME}\r\n", "OK", None),
    ("clear app cache", lambda c: c.clear_app_cache(), f"more cache {GAME}\r\n", "OK", None),
    ("reboot", lambda c: c.reboot(), "more reboot now\r\n", "OK", None),
    ("screen on", lambda c: c.turn_screen_on(), "more screen on\r\n", "OK", None),
    ("screen state on", lambda c: c.is_screen_on(), "more state screen\r\n", "on", True),
    ("screen state off", lambda c: c.is_screen_on(), "more state screen\r\n", "off", False),
    ("screen state KO", lambda c: c.is_screen_on(), "more state screen\r\n", "KO: unknown", FAILS),
    ("topmost app", lambda c: c.topmost_app(), "more topmost app\r\n", TOPMOST, TOPMOST),
    ("game topmost", lambda c: c.is_app_topmost(), "more topmost app\r\n", TOPMOST, True),
    ("game not topmost", lambda c: c.is_app_topmost(), "more topmost app\r\n",
     "mResumedActivity: com.android.launcher3/.Launcher", False),
    ("topmost KO", lambda c: c.is_app_topmost(), "more topmost app\r\n", "KO: dumpsys failed", FAILS),
    ("uiautomator", lambda c: c.uiautomator(), "more uiautomator", "<hierarchy><node/></hierarchy>",
     "<hierarchy><node/></hierarchy>"),
    ("logcat", lambda c: c.logcat(), "more logcat\r\n", ZIP, ZIP),
    ("logcat KO", lambda c: c.logcat(), "more logcat\r\n", "KO: no logcat", FAILS),
    ("http get", lambda c: c.http_get("https://example.org/x"), "more http get https://example.org/x\r\n",
     "body", "body"),
    ("http get failed", lambda c: c.http_get("https://example.org/x"), "more http get https://example.org/x\r\n",
     "Failed: timeout", FAILS),
    ("external ip", lambda c: c.external_ip(), "more http get https://checkip.amazonaws.com\r\n",
     "203.0.113.7\n", "203.0.113.7"),
    ("external ip none", lambda c: c.external_ip(), "more http get https://checkip.amazonaws.com\r\n",
     "<html>no</html>", FAILS),
    ("ptc head", lambda c: c.http_head(), "more http head https://sso.pokemon.com/sso/login\r\n", "403", 403),
    ("ptc head garbage", lambda c: c.http_head(), "more http head https://sso.pokemon.com/sso/login\r\n",
     "Failed", FAILS),
    ("screenshot", lambda c: c.screenshot(), "screen capture jpeg 80\r\n", JPEG, JPEG),
    ("screenshot png 50", lambda c: c.screenshot("png", 50), "screen capture png 50\r\n", b"\x89PNG", b"\x89PNG"),
    ("screenshot KO", lambda c: c.screenshot(), "screen capture jpeg 80\r\n", "KO: no permission", FAILS),
    ("screen size", lambda c: c.screen_size(), "screen size", "1080 1920", (1080, 1920)),
    ("screen size garbage", lambda c: c.screen_size(), "screen size", "1080", FAILS),
    ("screen offset", lambda c: c.screen_offset(), "screen offset", "126", 126),
    ("click", lambda c: c.click(540, 1700), "screen click 540 1700\r\n", "OK", None),
    ("click rounds to ints", lambda c: c.click(540.7, 10.2), "screen click 540 10\r\n", "OK", None),
    ("back", lambda c: c.back(), "screen back\r\n", "OK", None),
    ("home", lambda c: c.home(), "touch keyevent 3", "OK", None),
    ("text", lambda c: c.type_text("trainer; 01"), "touch text trainer; 01", "OK", None),
    ("swipe", lambda c: c.swipe(1, 2, 3, 4), "touch swipe 1 2 3 4\r\n", "done", "done"),
    ("drag", lambda c: c.drag(1, 2, 3, 4), "touch swipe 1 2 3 4 3000", "OK", None),
    ("drag 500 ms", lambda c: c.drag(1, 2, 3, 4, 500), "touch swipe 1 2 3 4 500", "OK", None),
    ("passthrough", lambda c: c.passthrough("ls /sdcard"), "passthrough ls /sdcard", "a;b\nc", "a;b\nc"),
    ("passthrough KO", lambda c: c.passthrough("ls /x"), "passthrough ls /x", "KO: no such file", FAILS),
    ("keepalive", lambda c: c.keep_alive(), "passthrough true", "OK", None),
    ("exit", lambda c: c.exit(), "exit\r\n", "OK", None),
    ("grant permissions", lambda c: c.run(commands.grant_permissions()), f"passthrough {PERMISSIONS}", "", ""),
    ("magiskhide off", lambda c: c.run(commands.magiskhide(False)), "passthrough su -c magiskhide --disable",
     "", ""),
    ("magiskhide on", lambda c: c.run(commands.magiskhide(True)), "passthrough su -c magiskhide --enable", "", ""),
    ("PD intentional stop", lambda c: c.run(commands.pd_intentional_stop(True)),
     f"passthrough {PD_STOP.format('true')}", "Broadcast completed", "Broadcast completed"),
    ("PD intentional stop off", lambda c: c.run(commands.pd_intentional_stop(False)),
     f"passthrough {PD_STOP.format('false')}", "", ""),
    ("PD start service", lambda c: c.run(commands.pd_start_service()),
     "passthrough su -c 'am start-foreground-service -n com.mad.pogodroid/.services.HookReceiverService'", "", ""),
    ("PD stop service", lambda c: c.run(commands.pd_stop_service()),
     "passthrough su -c 'am stopservice -n com.mad.pogodroid/.services.HookReceiverService'", "", ""),
    ("cpu abi bracketed", lambda c: c.run(commands.cpu_abi()), "passthrough getprop ro.product.cpu.abi",
     "[arm64-v8a]", "arm64-v8a"),
    ("cpu abi plain", lambda c: c.run(commands.cpu_abi()), "passthrough getprop ro.product.cpu.abi",
     "armeabi-v7a\n", "armeabi-v7a"),
    ("installed version", lambda c: c.run(commands.installed_version(GAME)),
     f"passthrough dumpsys package {GAME} | grep versionName", "    versionName=0.301.1\n", "0.301.1"),
    ("not installed", lambda c: c.run(commands.installed_version(GAME)),
     f"passthrough dumpsys package {GAME} | grep versionName", "OK", None),
]


@pytest.mark.parametrize("call, wire, answer, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_command(server, rgc, call: Call, wire: str, answer: str | bytes, expected: Any) -> None:
    device = await rgc(answer=lambda r: answer)
    communicator = server.communicator("dev01")
    if expected is FAILS:
        with pytest.raises(CommandFailed) as info:
            await call(communicator)
        assert info.value.origin == "dev01" and info.value.answer == answer
        assert info.value.is_ko == (isinstance(answer, str) and answer.startswith("KO:"))
    else:
        assert await call(communicator) == expected
    assert [r.text for r in device.received] == [wire]


@pytest.mark.parametrize("install, byte_command", [("apk", INSTALL_APK), ("bundle", INSTALL_BUNDLE)])
async def test_install_is_a_binary_frame_with_its_byte_command(server, rgc, install: str, byte_command: int) -> None:
    device = await rgc(answer=lambda r: "OK")
    communicator = server.communicator("dev01")
    blob = bytes(range(256)) * 4
    await (communicator.install_apk(blob) if install == "apk" else communicator.install_bundle(blob))
    [got] = device.received
    assert (got.text, got.byte_command, got.payload) == (None, byte_command, blob)
    assert got.message_id == 1


async def test_install_failure_and_rgc_self_update(server, rgc) -> None:
    await rgc(answer=lambda r: "KO: install failed")
    communicator = server.communicator("dev01")
    with pytest.raises(CommandFailed):
        await communicator.install_apk(b"apk")
    await communicator.install_apk(b"RemoteGpsController", rgc_update=True)  # RGC restarts itself: success


def test_command_timeouts() -> None:
    assert commands.start_app(GAME).wait_for(30) == 30
    assert commands.exit_session().wait_for(30) == 5
    assert commands.install_apk(b"").wait_for(30) == 300
    assert commands.install_bundle(b"").wait_for(30) == 600
    assert commands.install_bundle(b"", timeout=300).wait_for(30) == 300
    # 111.2 m at 11 km/h (3.06 m/s) take ~36.4 s on top of the default timeout
    walk = commands.geo_walk(52.5, 13.4, 52.501, 13.4, 11)
    assert walk.wait_for(30) == pytest.approx(30 + 111.2 / (11 / 3.6), abs=0.2)
    assert commands.passthrough("true").exclusive is False
    assert commands.start_app(GAME).exclusive is True


def test_invalid_arguments_are_refused_before_sending() -> None:
    with pytest.raises(ValueError):
        commands.screenshot("gif")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        commands.screenshot("jpeg", 5)
    with pytest.raises(ValueError):
        commands.geo_walk(1, 2, 3, 4, 0)


def test_every_catalogue_function_is_covered() -> None:
    """Guard: a command added to commands.py without a wire test here fails this test."""
    import inspect
    builders = {name for name, f in inspect.getmembers(commands, inspect.isfunction)
                if f.__module__ == commands.__name__ and not name.startswith("_")
                and inspect.signature(f).return_annotation.startswith("Command")}
    source = inspect.getsource(inspect.getmodule(test_command))
    communicator_calls = {
        "geo_fix": "set_location", "geo_walk": "walk", "screen_on": "turn_screen_on", "screen_state": "is_screen_on",
        "exit_session": "c.exit()", "keep_alive": "keep_alive", "passthrough": "c.passthrough",
    }
    missing = [b for b in builders if communicator_calls.get(b, b) not in source]
    assert missing == []

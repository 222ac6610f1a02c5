"""RGC's command catalogue: the exact wire strings MAD sends and how each answer is judged.

Each function returns a `Command[T]`: the text (or binary payload) to send, its timeout class, and
`judge`, which turns the device's answer into a `T` or raises `BadAnswer`. The communicator only
sends commands and applies their judges, so this module is the one place that knows the protocol.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from magneton.devices.framing import INSTALL_APK, INSTALL_BUNDLE

T = TypeVar("T")
Answer = str | bytes

GAME = "com.nianticlabs.pokemongo"
RGC = "de.grennith.rgc.remotegpscontroller"
PD = "com.mad.pogodroid"

EOL = "\r\n"
EXIT_TIMEOUT = 5.0
INSTALL_TIMEOUT = 300.0
BUNDLE_TIMEOUT = 600.0
DEFAULT_IP_SERVICE = "https://checkip.amazonaws.com"
PTC_LOGIN_URL = "https://sso.pokemon.com/sso/login"
DEFAULT_DRAG_MS = 3000

_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_VERSION_NAME = re.compile(r"versionName=([\d.]+)")
_BRACKETED = re.compile(r"\[([^\]]+)\]")


class BadAnswer(Exception):
    """The answer does not mean success for this command; the message says why."""


@dataclass(frozen=True)
class Command(Generic[T]):
    """One request to RGC.

    text: what follows `"<id>;"` in a text frame; payload + byte_command: a binary frame instead.
    timeout: seconds to wait for the answer; None = the configured websocket_command_timeout, plus
    `travel_seconds` (walks). exclusive: False only for passthrough, which may overlap other commands.
    """

    text: str
    judge: Callable[[Answer], T]
    timeout: float | None = None
    travel_seconds: float = 0.0
    exclusive: bool = True
    payload: bytes | None = None
    byte_command: int | None = None

    def wait_for(self, default_timeout: float) -> float:
        return self.timeout if self.timeout is not None else default_timeout + self.travel_seconds

    @property
    def shown(self) -> str:
        """The command as it appears in logs and errors (no line end, no binary payload)."""
        if self.payload is not None:
            return f"{self.text} ({len(self.payload)} bytes)"
        return self.text.rstrip()


# --- judges ------------------------------------------------------------------------------------------


def _text(answer: Answer) -> str:
    if not isinstance(answer, str):
        raise BadAnswer("expected text, got binary data")
    if answer.startswith("KO:"):
        raise BadAnswer("the device reported a failure")
    return answer


def _ok(answer: Answer) -> None:
    if not isinstance(answer, str) or answer.strip() != "OK":
        raise BadAnswer("expected OK")


def _binary(answer: Answer) -> bytes:
    if not isinstance(answer, bytes):
        raise BadAnswer("expected binary data")
    return answer


def _screen_on(answer: Answer) -> bool:
    return "on" in _text(answer)


def _http_body(answer: Answer) -> str:
    body = _text(answer)
    if body.startswith("Failed"):
        raise BadAnswer("the device could not fetch the URL")
    return body


def _first_ipv4(answer: Answer) -> str:
    found = _IPV4.search(_http_body(answer))
    if found is None:
        raise BadAnswer("no IPv4 address in the answer")
    return found.group(0)


def _integer(answer: Answer) -> int:
    try:
        return int(_text(answer).strip())
    except ValueError:
        raise BadAnswer("expected an integer") from None


def _size(answer: Answer) -> tuple[int, int]:
    parts = _text(answer).split()
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise BadAnswer("expected 'width height'") from None


def _version_name(answer: Answer) -> str | None:
    text = _text(answer)
    if text.strip().splitlines()[:1] == ["OK"]:
        return None  # RGC answers a bare OK when grep found nothing: not installed
    found = _VERSION_NAME.search(text)
    if found is None:
        raise BadAnswer("no versionName in the answer")
    return found.group(1)


def _cpu_abi(answer: Answer) -> str:
    # MAD reads the value from inside [...]; a plain line is accepted too (RGC's format is unverified).
    text = _text(answer)
    found = _BRACKETED.search(text)
    value = (found.group(1) if found else text).strip()
    if not value:
        raise BadAnswer("empty ABI")
    return value


# --- location -----------------------------------------------------------------------------------------


def geo_fix(lat: float, lng: float, alt: float = 0) -> Command[str]:
    """Teleport. Latitude first; MAD always sends altitude 0. The answer's content is not checked."""
    return Command(f"geo fix {lat} {lng} {alt}{EOL}", _text)


def travel_seconds(lat1: float, lng1: float, lat2: float, lng2: float, speed_kmh: float) -> float:
    if speed_kmh <= 0:
        raise ValueError("walking speed must be positive")
    return distance_m(lat1, lng1, lat2, lng2) / (speed_kmh / 3.6)


def geo_walk(lat1: float, lng1: float, lat2: float, lng2: float, speed_kmh: float) -> Command[str]:
    """Walk; RGC answers when it arrives, so the timeout grows by the travel time."""
    return Command(f"geo walk {lat1} {lng1} {lat2} {lng2} {speed_kmh}{EOL}", _text,
                   travel_seconds=travel_seconds(lat1, lng1, lat2, lng2, speed_kmh))


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine, mean earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(h)))


# --- apps, screen, device -------------------------------------------------------------------------------


def start_app(package: str) -> Command[None]:
    return Command(f"more start {package}{EOL}", _ok)


def stop_app(package: str) -> Command[None]:
    return Command(f"more stop {package}{EOL}", _ok)


def restart_app(package: str) -> Command[None]:
    return Command(f"more restart {package}{EOL}", _ok)


def reset_app_data(package: str) -> Command[None]:
    """Clear the app's data (logs the account out)."""
    return Command(f"more reset {package}{EOL}", _ok)


def clear_app_cache(package: str) -> Command[None]:
    return Command(f"more cache {package}{EOL}", _ok)


def reboot() -> Command[None]:
    return Command(f"more reboot now{EOL}", _ok)


def screen_on() -> Command[None]:
    return Command(f"more screen on{EOL}", _ok)


def screen_state() -> Command[bool]:
    """True when the screen is on (the answer contains "on")."""
    return Command(f"more state screen{EOL}", _screen_on)


def topmost_app() -> Command[str]:
    """The foreground package/activity (from `dumpsys activity activities`)."""
    return Command(f"more topmost app{EOL}", _text)


def uiautomator() -> Command[str]:
    """The uiautomator XML dump of the screen."""
    return Command("more uiautomator", _text)


def logcat() -> Command[bytes]:
    """A zip of the device's logcat."""
    return Command(f"more logcat{EOL}", _binary)


def http_get(url: str) -> Command[str]:
    return Command(f"more http get {url}{EOL}", _http_body)


def external_ip(ip_service: str = DEFAULT_IP_SERVICE) -> Command[str]:
    """The device's public IPv4 address, as an IP echo service sees it."""
    return Command(f"more http get {ip_service}{EOL}", _first_ipv4)


def http_head(url: str = PTC_LOGIN_URL) -> Command[int]:
    """HTTP status of a HEAD request from the device (PTC login page: 200 ok, 403 IP banned)."""
    return Command(f"more http head {url}{EOL}", _integer)


def screenshot(image_type: Literal["jpeg", "png"] = "jpeg", quality: int = 80) -> Command[bytes]:
    if image_type not in ("jpeg", "png"):
        raise ValueError(f"screenshot type must be jpeg or png, not {image_type!r}")
    if not 10 <= quality <= 100:
        raise ValueError(f"screenshot quality must be 10…100, not {quality}")
    return Command(f"screen capture {image_type} {quality}{EOL}", _binary)


def screen_size() -> Command[tuple[int, int]]:
    return Command("screen size", _size)


def screen_offset() -> Command[int]:
    """Height of the soft navigation bar (asked only for devices with softbar_enabled)."""
    return Command("screen offset", _integer)


def click(x: int, y: int) -> Command[None]:
    return Command(f"screen click {int(x)} {int(y)}{EOL}", _ok)


def back() -> Command[None]:
    return Command(f"screen back{EOL}", _ok)


def home() -> Command[None]:
    return Command("touch keyevent 3", _ok)


def type_text(text: str) -> Command[None]:
    return Command(f"touch text {text}", _ok)


def swipe(x1: int, y1: int, x2: int, y2: int) -> Command[str]:
    return Command(f"touch swipe {int(x1)} {int(y1)} {int(x2)} {int(y2)}{EOL}", _text)


def drag(x1: int, y1: int, x2: int, y2: int, duration_ms: int = DEFAULT_DRAG_MS) -> Command[None]:
    """A swipe held for `duration_ms` (drag / long press)."""
    return Command(f"touch swipe {int(x1)} {int(y1)} {int(x2)} {int(y2)} {int(duration_ms)}", _ok)


def exit_session() -> Command[None]:
    return Command(f"exit{EOL}", _ok, timeout=EXIT_TIMEOUT)


def install_apk(apk: bytes, timeout: float = INSTALL_TIMEOUT) -> Command[None]:
    return Command("install apk", _ok, timeout=timeout, payload=apk, byte_command=INSTALL_APK)


def install_bundle(zipped_apks: bytes, timeout: float = BUNDLE_TIMEOUT) -> Command[None]:
    """A zip of split APKs (MAD uses 300 s instead of 600 s during a smart update)."""
    return Command("install bundle", _ok, timeout=timeout, payload=zipped_apks, byte_command=INSTALL_BUNDLE)


# --- shell (passthrough) ----------------------------------------------------------------------------------


def passthrough(shell: str, judge: Callable[[Answer], T] = _text) -> Command[T]:  # type: ignore[assignment]
    """A shell command; its stdout comes back as text. May overlap other commands."""
    return Command(f"passthrough {shell}", judge, exclusive=False)


def keep_alive() -> Command[str]:
    return passthrough("true")


_PERMISSIONS = ("ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION", "CAMERA", "GET_ACCOUNTS")


def grant_permissions(package: str = GAME) -> Command[str]:
    """Sent before every game start: runtime permissions, and hide root from the game."""
    grants = " && ".join(f"pm grant {package} android.permission.{p}" for p in _PERMISSIONS)
    return passthrough(f"su -c '{grants} && magiskhide --add {package}'")


def magiskhide(enabled: bool) -> Command[str]:
    return passthrough(f"su -c magiskhide --{'enable' if enabled else 'disable'}")


def pd_intentional_stop(stopped: bool) -> Command[str]:
    """Tell PogoDroid whether the next stop of its service is intended (it restarts itself otherwise)."""
    return passthrough("su -c 'am broadcast -a com.mad.pogodroid.SET_INTENTIONAL_STOP "
                       "-c android.intent.category.DEFAULT -n com.mad.pogodroid/.IntentionalStopSetterReceiver "
                       f"--ez value {'true' if stopped else 'false'}'")


def pd_start_service() -> Command[str]:
    return passthrough("su -c 'am start-foreground-service -n com.mad.pogodroid/.services.HookReceiverService'")


def pd_stop_service() -> Command[str]:
    return passthrough("su -c 'am stopservice -n com.mad.pogodroid/.services.HookReceiverService'")


def cpu_abi() -> Command[str]:
    return passthrough("getprop ro.product.cpu.abi", _cpu_abi)


def installed_version(package: str) -> Command[str | None]:
    """versionName of an installed package; None when it is not installed."""
    return passthrough(f"dumpsys package {package} | grep versionName", _version_name)

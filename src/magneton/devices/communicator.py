"""The per-device command API workers, MADmin and jobs use: one method per RGC command.

Results are typed; a failure raises `DeviceDisconnected`, `CommandTimeout` or `CommandFailed` (with
the origin, the command and the answer). Ordinary commands run one at a time per device (a lock in
the session, shared by every caller); passthrough commands may overlap them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Literal, TypeVar

from magneton.devices import commands as cmd
from magneton.devices.commands import GAME, BadAnswer, Command
from magneton.devices.errors import CommandFailed, CommandTimeout, DeviceDisconnected
from magneton.devices.session import DeviceSession

log = logging.getLogger(__name__)

T = TypeVar("T")


class Communicator:
    def __init__(self, session: DeviceSession, command_timeout: float) -> None:
        self._session = session
        self.command_timeout = float(command_timeout)

    @property
    def origin(self) -> str:
        return self._session.origin

    @property
    def is_alive(self) -> bool:
        return self._session.is_alive

    async def wait_alive(self) -> None:
        await self._session.wait_alive()

    async def run(self, command: Command[T]) -> T:
        """Send any catalogue command and judge its answer."""
        timeout = command.wait_for(self.command_timeout)
        if command.exclusive:
            async with self._session.lock:
                answer = await self._request(command, timeout)
        else:
            answer = await self._request(command, timeout)
        try:
            return command.judge(answer)
        except BadAnswer as why:
            raise CommandFailed(self.origin, command.shown, answer, str(why)) from None

    async def _request(self, command: Command[T], timeout: float) -> str | bytes:
        log.debug("[%s] > %s", self.origin, command.shown)
        return await self._session.request(command.text, timeout, shown=command.shown, payload=command.payload,
                                           byte_command=command.byte_command)

    # --- location ----------------------------------------------------------------------------------
    async def set_location(self, lat: float, lng: float, alt: float = 0) -> str:
        return await self.run(cmd.geo_fix(lat, lng, alt))

    async def walk(self, lat1: float, lng1: float, lat2: float, lng2: float, speed_kmh: float) -> str:
        return await self.run(cmd.geo_walk(lat1, lng1, lat2, lng2, speed_kmh))

    # --- apps ----------------------------------------------------------------------------------------
    async def start_app(self, package: str = GAME) -> None:
        await self.run(cmd.start_app(package))

    async def stop_app(self, package: str = GAME) -> None:
        await self.run(cmd.stop_app(package))

    async def restart_app(self, package: str = GAME) -> None:
        await self.run(cmd.restart_app(package))

    async def reset_app_data(self, package: str = GAME) -> None:
        await self.run(cmd.reset_app_data(package))

    async def clear_app_cache(self, package: str = GAME) -> None:
        await self.run(cmd.clear_app_cache(package))

    async def topmost_app(self) -> str:
        return await self.run(cmd.topmost_app())

    async def is_app_topmost(self, package: str = GAME) -> bool:
        return package in await self.topmost_app()

    # --- screen and input ----------------------------------------------------------------------------
    async def turn_screen_on(self) -> None:
        await self.run(cmd.screen_on())

    async def is_screen_on(self) -> bool:
        return await self.run(cmd.screen_state())

    async def screenshot(self, image_type: Literal["jpeg", "png"] = "jpeg", quality: int = 80) -> bytes:
        return await self.run(cmd.screenshot(image_type, quality))

    async def screen_size(self) -> tuple[int, int]:
        return await self.run(cmd.screen_size())

    async def screen_offset(self) -> int:
        return await self.run(cmd.screen_offset())

    async def uiautomator(self) -> str:
        return await self.run(cmd.uiautomator())

    async def click(self, x: int, y: int) -> None:
        await self.run(cmd.click(x, y))

    async def swipe(self, x1: int, y1: int, x2: int, y2: int) -> str:
        return await self.run(cmd.swipe(x1, y1, x2, y2))

    async def drag(self, x1: int, y1: int, x2: int, y2: int, duration_ms: int = cmd.DEFAULT_DRAG_MS) -> None:
        await self.run(cmd.drag(x1, y1, x2, y2, duration_ms))

    async def back(self) -> None:
        await self.run(cmd.back())

    async def home(self) -> None:
        await self.run(cmd.home())

    async def type_text(self, text: str) -> None:
        await self.run(cmd.type_text(text))

    # --- device --------------------------------------------------------------------------------------
    async def reboot(self) -> None:
        await self.run(cmd.reboot())

    async def logcat(self) -> bytes:
        return await self.run(cmd.logcat())

    async def http_get(self, url: str) -> str:
        return await self.run(cmd.http_get(url))

    async def external_ip(self, ip_service: str = cmd.DEFAULT_IP_SERVICE) -> str:
        return await self.run(cmd.external_ip(ip_service))

    async def http_head(self, url: str = cmd.PTC_LOGIN_URL) -> int:
        return await self.run(cmd.http_head(url))

    async def passthrough(self, shell: str) -> str:
        return await self.run(cmd.passthrough(shell))

    async def keep_alive(self) -> None:
        await self.run(cmd.keep_alive())

    async def sleep(self, seconds: float, keepalive_every: float = 60.0) -> None:
        """Sleep for minutes without letting RGC idle out: `passthrough true` every `keepalive_every` s."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while (left := end - loop.time()) > 0:
            await asyncio.sleep(min(left, keepalive_every))
            if end - loop.time() > 0:
                try:
                    await self.keep_alive()
                except (CommandTimeout, CommandFailed) as exc:
                    log.warning("[%s] keepalive failed: %s", self.origin, exc)

    async def install_apk(self, apk: bytes, *, timeout: float = cmd.INSTALL_TIMEOUT, rgc_update: bool = False) -> None:
        """Install one APK. Updating RGC itself always counts as success: RGC restarts and drops us."""
        try:
            await self.run(cmd.install_apk(apk, timeout))
        except (CommandFailed, CommandTimeout, DeviceDisconnected) as exc:
            if not rgc_update:
                raise
            log.info("[%s] RGC update sent (%s); RGC restarts itself", self.origin, exc)

    async def install_bundle(self, zipped_apks: bytes, *, timeout: float = cmd.BUNDLE_TIMEOUT) -> None:
        await self.run(cmd.install_bundle(zipped_apks, timeout))

    async def exit(self) -> None:
        await self.run(cmd.exit_session())

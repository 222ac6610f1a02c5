"""Who may post data: device origins of this instance and MITM credentials (settings_auth rows whose
auth_level has the MITM_DATA bit). Reloaded every few seconds, so a device added in MADmin is accepted
within seconds (MAD's receivers cached origins for 6 minutes)."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.auth import AuthLevel
from magneton.db.models import SettingsAuth, SettingsDevice

log = logging.getLogger(__name__)



class DeviceAccess:
    name = "device access"

    def __init__(self, engine: AsyncEngine, instance_id: int, refresh: float = 3.0) -> None:
        self.engine, self.instance_id, self.refresh = engine, instance_id, refresh
        self.origins: frozenset[str] = frozenset()
        self._credentials: dict[str, str] = {}
        self._task: asyncio.Task | None = None
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every reload that changed the origins or the credentials."""
        self._listeners.append(listener)

    @property
    def credentials(self) -> dict[str, str]:
        """MITM credentials: username -> password."""
        return dict(self._credentials)

    def is_known(self, origin: str | None) -> bool:
        return bool(origin) and origin in self.origins

    def mitm_auth_ok(self, username: str, password: str) -> bool:
        expected = self._credentials.get(username)
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())

    async def reload(self) -> None:
        async with self.engine.connect() as conn:
            devices = await conn.execute(select(SettingsDevice.name)
                                         .where(SettingsDevice.instance_id == self.instance_id))
            auths = await conn.execute(select(SettingsAuth.username, SettingsAuth.password, SettingsAuth.auth_level)
                                       .where(SettingsAuth.instance_id == self.instance_id))
            origins = frozenset(row.name for row in devices)
            credentials = {r.username: r.password for r in auths if (r.auth_level or 0) & AuthLevel.MITM_DATA}
        added = origins - self.origins
        if added and self.origins:
            log.info("accepting new device(s): %s", ", ".join(sorted(added)))
        changed = origins != self.origins or credentials != self._credentials
        self.origins, self._credentials = origins, credentials
        if changed:
            for listener in self._listeners:
                listener()

    async def start(self) -> None:
        await self.reload()
        self._task = asyncio.create_task(self._loop(), name="device-access-reload")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.refresh)
            try:
                await self.reload()
            except Exception as exc:  # keep the last known lists; the database may be back soon
                log.warning("could not reload devices and MITM credentials: %s", exc)

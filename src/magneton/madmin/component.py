"""MADmin as a Component of a process role: serves the app on madmin_ip:madmin_port or a unix socket."""

from __future__ import annotations

import logging

from aiohttp import web

from magneton.madmin.app import build_app
from magneton.madmin.context import MadminContext

log = logging.getLogger(__name__)


class Madmin:
    name = "MADmin"

    def __init__(self, ctx: MadminContext) -> None:
        self.ctx = ctx
        self._runner: web.AppRunner | None = None
        self._site: web.BaseSite | None = None

    async def start(self) -> None:
        cfg = self.ctx.cfg
        self._runner = web.AppRunner(build_app(self.ctx), access_log=None)
        await self._runner.setup()
        if cfg.madmin_unix_socket:
            self._site = web.UnixSite(self._runner, cfg.madmin_unix_socket)
        else:
            self._site = web.TCPSite(self._runner, cfg.madmin_ip, cfg.madmin_port)
        await self._site.start()
        where = cfg.madmin_unix_socket or f"http://{cfg.madmin_ip}:{self.port}{cfg.madmin_base_path}"
        log.info("MADmin listening on %s (auth %s)", where, "on" if cfg.madmin_enable_auth else "off")

    @property
    def port(self) -> int:
        server = getattr(self._site, "_server", None)
        if server is None or not server.sockets:
            raise RuntimeError("MADmin is not listening on TCP")
        return int(server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._site = None

"""Device control and fleet state: apply settings (`/reload`), the status table (`/get_status`),
`/send_gps` as ReactMap's "scan next" calls it, and remote control of a device over its RGC connection
(screenshot, tap, swipe, keys, restart the game, reboot, logcat). Paths and parameters are MAD's."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from sqlalchemy import select

from magneton.db.models import SettingsArea, SettingsDevice, SettingsPogoauth, TrsStatus
from magneton.devices import CommandFailed, CommandTimeout, DeviceDisconnected, DeviceError
from magneton.devices.communicator import Communicator
from magneton.madmin.api.fields import epoch
from magneton.madmin.api.resource import ApiError
from magneton.madmin.context import MadminContext
from magneton.madmin.security import current_user
from magneton.madmin.jsonio import respond
from magneton.mapping import StatusUpdate, UnknownDevice

log = logging.getLogger(__name__)

MAX_SLEEP = 3600.0


def parse_coords(text: str) -> list[tuple[float, float]]:
    """`lat,lng`, `[lat,lng]`, `[[lat,lng],…]` or `[{"lat":…,"lon":…},…]` (ReactMap's forms)."""
    raw = text.strip()
    try:
        value: Any = json.loads(raw) if raw.startswith("[") else [[float(v) for v in raw.split(",")]]
    except ValueError:
        raise ApiError(400, {"error": f"coords must be 'lat,lng' or a JSON list of points, got {text!r}"}) from None
    if value and isinstance(value[0], (int, float)):
        value = [value]
    points = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            item = [item.get("lat"), item.get("lon", item.get("lng"))]
        try:
            lat, lng = float(item[0]), float(item[1])
        except (TypeError, ValueError, IndexError, KeyError):
            raise ApiError(400, {"error": f"not a point: {item!r}"}) from None
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ApiError(400, {"error": f"point out of range: {lat},{lng}"})
        points.append((lat, lng))
    if not points:
        raise ApiError(400, {"error": "coords holds no point"})
    return points


class Control:
    def __init__(self, ctx: MadminContext) -> None:
        self.ctx = ctx
        self._background: set[asyncio.Task[None]] = set()

    # --- helpers ------------------------------------------------------------------------------------
    async def _known_origins(self) -> set[str]:
        d = SettingsDevice.__table__
        async with self.ctx.engine.connect() as conn:
            return set((await conn.scalars(select(d.c.name).where(d.c.instance_id == self.ctx.instance_id))).all())

    async def communicator(self, request: web.Request) -> Communicator:
        origin = request.query.get("origin", "").strip()
        if not origin:
            raise ApiError(400, {"error": "origin is required"})
        if self.ctx.devices is None:
            raise ApiError(503, {"error": "this process runs no device websocket"})
        if origin not in await self._known_origins() and not self.ctx.devices.is_connected(origin):
            raise ApiError(404, {"error": f"no device {origin!r} in this instance"})
        if not self.ctx.devices.is_connected(origin):
            raise ApiError(409, {"error": f"{origin} is not connected"})
        return self.ctx.devices.communicator(origin)

    async def run(self, request: web.Request, what: str,
                  action: Callable[[Communicator], Awaitable[Any]]) -> Any:
        comm = await self.communicator(request)
        try:
            result = await action(comm)
        except DeviceDisconnected:
            raise ApiError(409, {"error": f"{comm.origin} disconnected during {what}"}) from None
        except CommandTimeout:
            raise ApiError(504, {"error": f"{comm.origin} did not answer {what} in time"}) from None
        except CommandFailed as why:
            raise ApiError(502, {"error": f"{comm.origin} failed {what}: {why}"}) from None
        except DeviceError as why:
            raise ApiError(502, {"error": f"{comm.origin}: {why}"}) from None
        log.info("[%s] %s by %s", comm.origin, what, current_user(request) or "anonymous")
        return result

    @staticmethod
    def _int(request: web.Request, name: str) -> int:
        try:
            return int(float(request.query[name]))
        except (KeyError, ValueError):
            raise ApiError(400, {"error": f"{name} must be a number"}) from None

    # --- settings and state ---------------------------------------------------------------------------
    async def reload(self, request: web.Request) -> web.Response:
        if self.ctx.mapping is None:
            raise ApiError(503, {"error": "this process runs no MappingManager"})
        result = await (self.ctx.apply_settings or self.ctx.mapping.reload)()
        self.ctx.unapplied = False
        log.info("settings applied by %s: added %s, removed %s, changed %s", current_user(request) or "anonymous",
                 list(result.added), list(result.removed), list(result.changed))
        return respond({"added": result.added, "removed": result.removed, "changed": result.changed})

    async def settings_state(self, request: web.Request) -> web.Response:
        recalculating = await self.ctx.routes.recalculating() if self.ctx.routes else []
        return respond({"unapplied": self.ctx.unapplied, "recalculating": recalculating,
                        "route_managers": self.ctx.routes is not None, "mapping": self.ctx.mapping is not None})

    async def recalc_status(self, request: web.Request) -> web.Response:
        return respond(await self.ctx.routes.recalculating() if self.ctx.routes else [])

    async def status(self, request: web.Request) -> web.Response:
        d, s, a, p = SettingsDevice.__table__, TrsStatus.__table__, SettingsArea.__table__, SettingsPogoauth.__table__
        stmt = (select(d.c.device_id, d.c.name, s, a.c.name.label("rmname"), a.c.mode, p.c.username, p.c.level)
                .outerjoin(s, s.c.device_id == d.c.device_id).outerjoin(a, a.c.area_id == s.c.area_id)
                .outerjoin(p, p.c.device_id == d.c.device_id)
                .where(d.c.instance_id == self.ctx.instance_id).order_by(d.c.name))
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(stmt)).all()
        paused = set(await self.ctx.mapping.paused_origins()) if self.ctx.mapping else set()
        connected = set(self.ctx.devices.connected_origins()) if self.ctx.devices else set()
        out = []
        for r in rows:
            out.append({
                "device_id": r.device_id, "origin": r.name, "name": r.name, "area_id": r.area_id,
                "rmname": r.rmname, "mode": r.mode, "routePos": r.routePos, "routeMax": r.routeMax,
                "idle": bool(r.idle), "lastProtoDateTime": epoch(r.lastProtoDateTime),
                "lastPogoRestart": epoch(r.lastPogoRestart), "lastPogoReboot": epoch(r.lastPogoReboot),
                "restartCounter": r.restartCounter, "rebootCounter": r.rebootCounter,
                "globalrestartcount": r.globalrestartcount, "globalrebootcount": r.globalrebootcount,
                "currentSleepTime": r.currentSleepTime,
                "currentPos": list(r.currentPos) if r.currentPos else None, "account": r.username,
                "account_level": r.level, "connected": r.name in connected, "paused": r.name in paused})
        return respond(out)

    async def all_workers(self, request: web.Request) -> web.Response:
        return respond(self.ctx.devices.connected_origins() if self.ctx.devices else [])

    # --- moving a device ----------------------------------------------------------------------------
    async def send_gps(self, request: web.Request) -> web.Response:
        points = parse_coords(request.query.get("coords", ""))
        try:
            sleeptime = min(MAX_SLEEP, max(0.0, float(request.query.get("sleeptime") or 0)))
        except ValueError:
            raise ApiError(400, {"error": "sleeptime must be a number of seconds"}) from None
        comm = await self.communicator(request)
        first, rest = points[0], points[1:]
        await self.run(request, f"geo fix {first[0]},{first[1]}", lambda c: c.set_location(*first))
        await self._record_position(comm.origin, first)
        if rest:
            # further points follow in the background, sleeptime apart, so the caller is not held up
            task = asyncio.create_task(self._walk_points(comm, rest, sleeptime))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        return respond({"origin": comm.origin, "sent": [list(first)], "queued": [list(p) for p in rest],
                        "sleeptime": sleeptime})

    async def _walk_points(self, comm: Communicator, points: list[tuple[float, float]], sleeptime: float) -> None:
        for lat, lng in points:
            await asyncio.sleep(sleeptime)
            try:
                await comm.set_location(lat, lng)
                await self._record_position(comm.origin, (lat, lng))
            except DeviceError as why:
                log.warning("[%s] send_gps stopped at %s,%s: %s", comm.origin, lat, lng, why)
                return

    async def _record_position(self, origin: str, point: tuple[float, float]) -> None:
        if self.ctx.mapping is None:
            return
        try:
            await self.ctx.mapping.report_status(origin, StatusUpdate(position=point))
        except UnknownDevice:
            pass  # connected but not loaded (settings not applied yet): nothing to record

    # --- remote control -----------------------------------------------------------------------------
    async def screenshot(self, request: web.Request) -> web.Response:
        kind = "png" if request.query.get("type") == "png" else "jpeg"
        image = await self.run(request, "screenshot", lambda c: c.screenshot(kind, 80))
        return web.Response(body=image, content_type=f"image/{kind}", headers={
            "Cache-Control": "no-store", "X-Taken": datetime.now(UTC).isoformat(timespec="seconds")})

    async def click(self, request: web.Request) -> web.Response:
        x, y = self._int(request, "clickx"), self._int(request, "clicky")
        await self.run(request, f"tap {x},{y}", lambda c: c.click(x, y))
        return respond({"clicked": [x, y]})

    async def swipe(self, request: web.Request) -> web.Response:
        x1, y1 = self._int(request, "clickx"), self._int(request, "clicky")
        x2, y2 = self._int(request, "clickxe"), self._int(request, "clickye")
        await self.run(request, f"swipe {x1},{y1} → {x2},{y2}", lambda c: c.swipe(x1, y1, x2, y2))
        return respond({"swiped": [[x1, y1], [x2, y2]]})

    async def key(self, request: web.Request) -> web.Response:
        key = request.query.get("key")
        actions = {"back": lambda c: c.back(), "home": lambda c: c.home()}
        if key not in actions:
            raise ApiError(400, {"error": "key must be back or home"})
        await self.run(request, f"key {key}", actions[key])
        return respond({"key": key})

    async def send_text(self, request: web.Request) -> web.Response:
        text = request.query.get("text", "")
        await self.run(request, "text input", lambda c: c.type_text(text))
        return respond({"sent": len(text)})

    async def quit_pogo(self, request: web.Request) -> web.Response:
        restart = request.query.get("restart", "0") in ("1", "true")
        if restart:
            await self.run(request, "game restart", lambda c: c.restart_app())
        else:
            await self.run(request, "game stop", lambda c: c.stop_app())
        return respond({"restarted" if restart else "stopped": True})

    async def reboot(self, request: web.Request) -> web.Response:
        await self.run(request, "reboot", lambda c: c.reboot())
        return respond({"rebooting": True})

    async def logcat(self, request: web.Request) -> web.Response:
        data = await self.run(request, "logcat", lambda c: c.logcat())
        origin = request.query["origin"]
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return web.Response(body=data, content_type="application/zip", headers={
            "Content-Disposition": f'attachment; filename="logcat_{origin}_{stamp}.zip"'})


# GETs that act on devices or settings (MAD's clients and ReactMap call them as GETs, so they stay GETs):
# crossorigin.py refuses them cross-site like any POST. A new GET that changes something belongs here.
ACTING_GETS = frozenset({"/reload", "/send_gps", "/take_screenshot", "/click_screenshot", "/swipe_screenshot",
                         "/device_key", "/send_text", "/quit_pogo", "/restart_phone"})


def add_routes(app: web.Application, ctx: MadminContext) -> None:
    control = Control(ctx)
    app.router.add_route("GET", "/reload", control.reload)
    app.router.add_route("POST", "/reload", control.reload)
    app.router.add_get("/settings_state", control.settings_state)
    app.router.add_get("/recalc_status", control.recalc_status)
    app.router.add_get("/get_status", control.status)
    app.router.add_get("/get_all_workers", control.all_workers)
    app.router.add_get("/send_gps", control.send_gps)
    app.router.add_get("/take_screenshot", control.screenshot)
    app.router.add_get("/click_screenshot", control.click)
    app.router.add_get("/swipe_screenshot", control.swipe)
    app.router.add_get("/device_key", control.key)
    app.router.add_get("/send_text", control.send_text)
    app.router.add_get("/quit_pogo", control.quit_pogo)
    app.router.add_get("/restart_phone", control.reboot)
    app.router.add_get("/download_logcat", control.logcat)

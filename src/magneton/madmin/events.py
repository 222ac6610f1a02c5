"""/api/events: the trs_event editor's API (events group the spawnpoints found during them)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from sqlalchemy import delete, insert, select, update

from magneton.db.models import TrsEvent, TrsSpawn
from magneton.madmin.api.fields import Problems, epoch
from magneton.madmin.api.resource import ApiError
from magneton.madmin.context import MadminContext
from magneton.madmin.security import current_user
from magneton.madmin.jsonio import read_object, respond

log = logging.getLogger(__name__)

EVENTS = TrsEvent.__table__
DEFAULT_EVENT = 1  # "DEFAULT", created with the database


def _when(value: Any) -> datetime | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _shown(row: Any) -> dict[str, Any]:
    return {"id": row.id, "event_name": row.event_name, "event_start": epoch(row.event_start),
            "event_end": epoch(row.event_end), "event_lure_duration": row.event_lure_duration}


def _values(body: dict[str, Any], partial: bool) -> dict[str, Any]:
    problems, values = Problems(), {}
    known = {"event_name", "event_start", "event_end", "event_lure_duration", "id"}
    problems.unknown.extend(k for k in body if k not in known)
    if "event_name" in body or not partial:
        name = body.get("event_name")
        if not isinstance(name, str) or not name.strip():
            problems.missing.append("event_name")
        else:
            values["event_name"] = name.strip()
    for key in ("event_start", "event_end"):
        if key in body or not partial:
            when = _when(body.get(key))
            if when is None:
                problems.bad(key, "epoch seconds or ISO 8601 time")
            else:
                values[key] = when
    if "event_lure_duration" in body:
        minutes = body["event_lure_duration"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
            problems.bad("event_lure_duration", "Integer (1,2,3)")
        else:
            values["event_lure_duration"] = minutes
    if "event_start" in values and "event_end" in values and values["event_end"] <= values["event_start"]:
        problems.bad("event_end", "Must be after event_start")
    if problems:
        raise ApiError(422, problems.body())
    return values


class Events:
    def __init__(self, ctx: MadminContext) -> None:
        self.ctx = ctx

    def _ident(self, request: web.Request) -> int:
        text = request.match_info["ident"]
        if not text.isdigit():
            raise ApiError(404, {"error": f"no event {text!r}"})
        return int(text)

    async def list(self, request: web.Request) -> web.Response:
        async with self.ctx.engine.connect() as conn:
            rows = (await conn.execute(select(EVENTS).order_by(EVENTS.c.event_start))).all()
        return respond([_shown(r) for r in rows])

    async def create(self, request: web.Request) -> web.Response:
        values = _values(await read_object(request), partial=False)
        async with self.ctx.engine.begin() as conn:
            result = await conn.execute(insert(EVENTS).values(**values))
            ident = int(result.inserted_primary_key[0])
            row = (await conn.execute(select(EVENTS).where(EVENTS.c.id == ident))).first()
        log.info("%s created event %d %r", current_user(request) or "anonymous", ident, values["event_name"])
        return respond(_shown(row), 201, {"X-Uri": f"/api/events/{ident}"})

    async def patch(self, request: web.Request) -> web.Response:
        ident = self._ident(request)
        values = _values(await read_object(request), partial=True)
        async with self.ctx.engine.begin() as conn:
            if (await conn.execute(select(EVENTS.c.id).where(EVENTS.c.id == ident))).first() is None:
                raise ApiError(404, {"error": f"no event {ident}"})
            if values:
                await conn.execute(update(EVENTS).where(EVENTS.c.id == ident).values(**values))
        return respond(None, 204)

    async def delete(self, request: web.Request) -> web.Response:
        ident = self._ident(request)
        if ident == DEFAULT_EVENT:
            raise ApiError(422, {"error": "the DEFAULT event cannot be deleted"})
        spawns = TrsSpawn.__table__
        async with self.ctx.engine.begin() as conn:
            if (await conn.execute(select(EVENTS.c.id).where(EVENTS.c.id == ident))).first() is None:
                raise ApiError(404, {"error": f"no event {ident}"})
            # MAD deleted the event's spawnpoints; they are still spawnpoints, so they go back to DEFAULT
            await conn.execute(update(spawns).where(spawns.c.eventid == ident).values(eventid=DEFAULT_EVENT))
            await conn.execute(delete(EVENTS).where(EVENTS.c.id == ident))
        log.info("%s deleted event %d", current_user(request) or "anonymous", ident)
        return respond(None, 202)


def add_routes(app: web.Application, ctx: MadminContext) -> None:
    events = Events(ctx)
    app.router.add_get("/api/events", events.list)
    app.router.add_post("/api/events", events.create)
    app.router.add_patch("/api/events/{ident}", events.patch)
    app.router.add_delete("/api/events/{ident}", events.delete)

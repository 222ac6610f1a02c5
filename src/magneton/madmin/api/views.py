"""HTTP handlers of the resource endpoints: `/api/<resource>` and `/api/<resource>/<id>`."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.madmin.api.area import NO_MODE_ERROR, invalid_mode
from magneton.madmin.api.area_tables import MODES
from magneton.madmin.api.fields import Problems, uri_of
from magneton.madmin.api.resource import ApiError, Resource, Write
from magneton.madmin.context import MadminContext
from magneton.madmin.security import current_user
from magneton.madmin.jsonio import read_object, respond

log = logging.getLogger(__name__)

TRUE = ("1", "true", "yes")


def _who(request: web.Request) -> str:
    return current_user(request) or "anonymous"


class ResourceEndpoints:
    def __init__(self, resource: Resource, ctx: MadminContext, registry: dict[str, Resource]) -> None:
        self.res, self.ctx, self.registry = resource, ctx, registry

    # --- helpers ------------------------------------------------------------------------------------
    def _mode(self, request: web.Request, body: dict[str, Any] | None = None) -> str | None:
        if self.res.name != "area":
            return None
        mode = request.headers.get("X-Mode") or request.query.get("mode") or (body or {}).get("mode")
        if mode is not None and mode not in MODES:
            raise ApiError(400, {"error": invalid_mode(str(mode))})
        return mode

    def _ident(self, request: web.Request) -> int:
        text = request.match_info["ident"]
        if not text.isdigit():
            raise ApiError(404, {"error": f"no {self.res.name} with id {text!r}"})
        return int(text)

    async def _row(self, conn: AsyncConnection, ident: int) -> dict[str, Any]:
        row = await self.res.exists(conn, self.ctx, ident)
        if row is None:
            raise ApiError(404, {"error": f"no {self.res.name} with id {ident}"})
        return row

    async def _validate(self, conn: AsyncConnection, write: Write, problems: Problems, ident: int | None,
                        mode: str | None) -> None:
        for f in self.res.fields_for(mode):
            if f.kind not in ("uri", "uri_list") or write.given.get(f.name) is None:
                continue
            target = self.registry[f.uri or ""]
            values = write.given[f.name] if f.kind == "uri_list" else [write.given[f.name]]
            for value in values:
                if await target.exists(conn, self.ctx, value) is None:
                    problems.invalid_uri.append([f.name, f.uri, uri_of(f.uri or "", value)])
        await self.res.check(conn, self.ctx, ident, write, mode, problems)
        if problems:
            raise ApiError(422, problems.body())

    def _changed(self) -> None:
        self.ctx.unapplied = True

    # --- collection ---------------------------------------------------------------------------------
    async def collection(self, request: web.Request) -> web.Response:
        if request.method == "GET":
            return await self.list(request)
        if request.method == "POST":
            return await self.create(request)
        raise ApiError(405, {"error": f"{request.method} needs an object: /api/{self.res.name}/<id>"})

    async def list(self, request: web.Request) -> web.Response:
        mode = self._mode(request)
        fetch_all = request.query.get("fetch_all", "0").lower() in TRUE
        async with self.ctx.engine.connect() as conn:
            rows = await self.res.rows(conn, self.ctx, mode=mode)
        results: dict[str, Any] = {}
        for row in rows:
            shown = self.res.render(row, self.res.mode_of(row))
            key = uri_of(self.res.name, row[self.res.pk])
            if fetch_all:
                results[key] = shown
            else:
                results[key] = shown.get(self.res.display, shown.get("settings", {}).get(self.res.display,
                                                                                         row.get(self.res.display)))
        if request.query.get("hide_resource", "0") not in ("0", ""):
            return respond(results)
        return respond({"resource": self.res.definition(mode), "results": results})

    async def create(self, request: web.Request) -> web.Response:
        body = await read_object(request)
        mode = self._mode(request, body)
        if self.res.name == "area" and mode is None:
            raise ApiError(400, {"error": NO_MODE_ERROR})
        write, problems = self.res.prepare(body, "POST", mode)
        async with self.ctx.engine.begin() as conn:
            await self._validate(conn, write, problems, None, mode)
            ident = await self.res.insert(conn, self.ctx, write.columns, mode)
            await self.res.store_virtual(conn, self.ctx, ident, write.virtual, append=False)
            row = (await self.res.rows(conn, self.ctx, ident, mode))[0]
        self._changed()
        uri = uri_of(self.res.name, ident)
        log.info("%s created %s", _who(request), uri)
        return respond(self.res.render(row, self.res.mode_of(row)), 201,
                       {"X-Uri": uri, "Location": uri, "X-Status": "Successfully created the object"})

    # --- item ---------------------------------------------------------------------------------------
    async def item(self, request: web.Request) -> web.Response:
        method = request.method
        if method == "GET":
            ident = self._ident(request)
            async with self.ctx.engine.connect() as conn:
                row = await self._row(conn, ident)
                full = await self.res.rows(conn, self.ctx, ident, self.res.mode_of(row))
            return respond(self.res.render(full[0], self.res.mode_of(row)))
        if method in ("PUT", "PATCH"):
            return await self.write(request)
        if method == "DELETE":
            return await self.delete(request)
        if method == "POST":
            return await self.rpc(request)
        raise ApiError(405, {"error": f"{method} is not supported on /api/{self.res.name}/<id>"})

    async def write(self, request: web.Request) -> web.Response:
        ident = self._ident(request)
        body = await read_object(request)
        asked = self._mode(request, body)
        append = request.headers.get("X-Append", "0").lower() in TRUE
        async with self.ctx.engine.begin() as conn:
            row = await self._row(conn, ident)
            mode = self.res.mode_of(row)
            if asked is not None and asked != mode:
                raise ApiError(422, {"invalid": [["mode", f"Cannot change the mode of an existing area ({mode}); "
                                                           "create a new area"]]})
            write, problems = self.res.prepare(body, request.method, mode)
            await self._validate(conn, write, problems, ident, mode)
            await self.res.update(conn, self.ctx, ident, write.columns, mode)
            await self.res.store_virtual(conn, self.ctx, ident, write.virtual, append=append)
        self._changed()
        log.info("%s %s %s", _who(request), "replaced" if request.method == "PUT" else "updated",
                 uri_of(self.res.name, ident))
        return respond(None, 204, {"X-Status": "Successfully updated the object"})

    async def delete(self, request: web.Request) -> web.Response:
        ident = self._ident(request)
        async with self.ctx.engine.begin() as conn:
            row = await self._row(conn, ident)
            dependants = await self.res.dependants(conn, self.ctx, ident)
            if dependants:
                raise ApiError(412, dependants)
            await self.res.remove(conn, self.ctx, ident, row)
        self._changed()
        log.info("%s deleted %s", _who(request), uri_of(self.res.name, ident))
        return respond(None, 202, {"X-Status": "Successfully deleted the object"})

    async def rpc(self, request: web.Request) -> web.Response:
        ident = self._ident(request)
        if "json-rpc" not in request.content_type and "json" not in request.content_type:
            raise ApiError(405, {"error": "POST to an object is a JSON-RPC call (Content-Type: application/json-rpc)"})
        body = await read_object(request)
        call, args = body.get("call"), body.get("args") or {}
        if not isinstance(call, str) or not isinstance(args, dict):
            raise ApiError(400, {"error": 'JSON-RPC body: {"call": "<name>", "args": {…}}'})
        async with self.ctx.engine.connect() as conn:
            row = await self._row(conn, ident)
        status, answer = await self.res.rpc(self.ctx, ident, row, call, args)
        log.info("%s called %s on %s", _who(request), call, uri_of(self.res.name, ident))
        return respond(answer, status)


def integrity_error(error: sa_exc.IntegrityError) -> ApiError:
    orig = getattr(error, "orig", error)
    args = getattr(orig, "args", ())
    reason = args[1] if len(args) >= 2 and isinstance(args[1], str) else str(orig).splitlines()[0]
    return ApiError(409, {"error": f"the database refused the change: {reason}"})

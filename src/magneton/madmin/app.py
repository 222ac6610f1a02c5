"""The MADmin aiohttp application: REST API, map feeds, device control, web pages, static files."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from sqlalchemy import exc as sa_exc

from magneton.madmin import api, control, events, feeds, pages, stats
from magneton.madmin.api.openapi import openapi_document
from magneton.madmin.api.resource import ApiError
from magneton.madmin.api.views import integrity_error
from magneton.madmin.context import MadminContext
from magneton.madmin.crossorigin import cross_origin_guard
from magneton.madmin.jsonio import respond
from magneton.madmin.security import Gate
from magneton.workers.metrics import CONTENT_TYPE

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
MAX_BODY = 32 * 1024 * 1024  # fence and route uploads can be large
CTX = web.AppKey("ctx", MadminContext)
GATE = web.AppKey("gate", Gate)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """ApiError and database refusals become JSON answers; anything unexpected is logged and a 500."""
    try:
        return await handler(request)
    except ApiError as error:
        if error.status >= 500 or error.status in (409, 412):
            log.warning("%s %s: %d %s", request.method, request.path, error.status, error.body)
        else:
            log.info("%s %s: %d %s", request.method, request.path, error.status, error.body)
        return respond(error.body, error.status, error.headers)
    except sa_exc.IntegrityError as error:
        answer = integrity_error(error)
        log.warning("%s %s: %s", request.method, request.path, answer.body)
        return respond(answer.body, answer.status)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("%s %s failed", request.method, request.path)
        return respond({"error": "internal error (see the MADmin log)"}, 500)


def base_path(raw: str) -> str:
    """'' for the root, else '/prefix' without a trailing slash."""
    cleaned = "/" + raw.strip().strip("/")
    return "" if cleaned == "/" else cleaned


def build_app(ctx: MadminContext) -> web.Application:
    base = base_path(ctx.cfg.madmin_base_path)
    gate = Gate(ctx, base)
    # the cross-site guard before the gate: a forged request is refused before anything is looked up
    app = web.Application(middlewares=[errors, cross_origin_guard(base), gate.middleware], client_max_size=MAX_BODY)
    app[CTX] = ctx
    app[GATE] = gate
    api.add_routes(app, ctx)
    document = openapi_document(base)

    async def openapi(_request: web.Request) -> web.Response:
        return respond(document)

    app.router.add_get("/api/openapi.json", openapi)
    if ctx.metrics is not None:
        metrics = ctx.metrics

        async def prometheus(_request: web.Request) -> web.Response:
            return web.Response(text=metrics.render(), headers={"Content-Type": CONTENT_TYPE})

        app.router.add_get("/metrics", prometheus)  # behind the gate like the API: MADMIN_ADMIN with auth
    feeds.add_routes(app, ctx)
    control.add_routes(app, ctx)
    stats.add_routes(app, ctx)
    events.add_routes(app, ctx)
    pages.add_routes(app, ctx, gate, base)
    app.router.add_static("/static/", STATIC, append_version=True, name="static")
    if not base:
        return app
    root = web.Application(client_max_size=MAX_BODY)
    root.add_subapp(base, app)
    return root

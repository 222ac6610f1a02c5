"""Refuse cross-site state-changing requests (CSRF). The session cookie is SameSite=Lax and browsers cache
Basic credentials, so both still ride along on a top-level cross-site GET, and with auth off (the default)
any website the operator visits could drive a LAN-only MADmin. Header-based, like Go 1.25's
net/http.CrossOriginProtection: no tokens, and clients that are not browsers (curl, ReactMap's server,
MAD's LocalAPI clients) send neither header and pass."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from magneton.madmin.control import ACTING_GETS
from magneton.madmin.jsonio import respond

log = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_ORIGIN = frozenset({"same-origin", "none"})  # "none": typed into the address bar, a bookmark

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Middleware = Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]


def changes_state(method: str, path: str) -> bool:
    """`path` without the base path. HEAD follows GET: aiohttp answers it with the GET handler."""
    return method not in SAFE_METHODS or (method in ("GET", "HEAD") and path in ACTING_GETS)


def refusal(request: web.Request) -> tuple[str, str] | None:
    """None: allowed; else (why, the offending header) for a cross-site request."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:  # every current browser sends it, and a page cannot forge it
        return None if fetch_site.lower() in SAME_ORIGIN else (
            f"Sec-Fetch-Site is {fetch_site}", f"Sec-Fetch-Site: {fetch_site}")
    origin = request.headers.get("Origin")
    if origin is None:  # a script or a server (and browsers too old to send either: not protected)
        return None
    # older browsers: the Origin's host[:port] must be the one the request was sent to. Only Host counts: no
    # setting says a proxy's X-Forwarded-Host is to be trusted (enable_x_forwarded_path_madmin is about paths).
    host = request.headers.get("Host", "").lower()
    try:
        origin_host = urlsplit(origin).netloc.lower()  # "null" (sandboxed frames, some redirects): ""
    except ValueError:
        origin_host = ""
    if host and origin_host == host:
        return None
    return f"Origin {origin} is not {host or 'this host'}", f"Origin: {origin}"


def cross_origin_guard(base: str) -> Middleware:
    """The middleware for an app under the base path `base` ('' for the root); placed before the auth gate,
    so a forged request neither touches the database nor reaches a handler."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path[len(base):] if base and request.path.startswith(base) else request.path
        if not changes_state(request.method, path or "/"):
            return await handler(request)
        refused = refusal(request)
        if refused is None:
            return await handler(request)
        why, header = refused
        log.warning("refused cross-site %s %s from %s (%s)", request.method, request.path, request.remote, header)
        return respond({"error": f"cross-site request refused: {why}"}, 403)

    return guard

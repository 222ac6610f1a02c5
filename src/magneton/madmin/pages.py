"""The web pages: small server-rendered shells (layout, navigation, login form) whose content the page's
script builds from the REST API and the feeds, so the UI shows exactly what API clients get."""

from __future__ import annotations

import html
import logging

from aiohttp import web

from magneton.madmin.api import RESOURCES
from magneton.madmin.context import MadminContext
from magneton.madmin.security import COOKIE, SESSION_SECONDS, Gate, current_user

log = logging.getLogger(__name__)

NAV = (("devices", "Devices"), ("map", "Map"), ("settings", "Settings"), ("statistics", "Statistics"),
       ("quests", "Quests"), ("events", "Events"))
SETTINGS_ORDER = ("device", "devicepool", "walker", "walkerarea", "area", "geofence", "routecalc", "monivlist",
                  "pogoauth", "auth")
TITLES = {"device": "Devices", "devicepool": "Shared settings", "walker": "Walkers", "walkerarea": "Walker areas",
          "area": "Areas", "geofence": "Geofences", "routecalc": "Routes", "monivlist": "IV lists",
          "pogoauth": "Game accounts", "auth": "MADmin users"}


def _static(request: web.Request, path: str) -> str:
    return str(request.app.router["static"].url_for(filename=path))


def layout(request: web.Request, base: str, title: str, body: str, scripts: tuple[str, ...] = (),
           styles: tuple[str, ...] = (), page: str = "") -> web.Response:
    user = current_user(request)
    nav = "".join(f'<a href="{base}/{key}" class="{"active" if key == page else ""}">{label}</a>'
                  for key, label in NAV)
    who = (f'<span class="who">{html.escape(user)} · <a href="{base}/logout">log out</a></span>' if user else "")
    css = "".join(f'<link rel="stylesheet" href="{_static(request, s)}">' for s in ("madmin.css", *styles))
    js = "".join(f'<script src="{_static(request, s)}"></script>' for s in ("common.js", *scripts))
    text = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · MADmin</title>{css}</head>
<body data-base="{html.escape(base)}" data-page="{page}">
<header><a class="brand" href="{base}/">MADmin</a><nav>{nav}</nav>
<button id="apply" class="apply" title="Load the saved settings into the running system">Apply settings</button>
{who}</header>
<main>{body}</main>{js}</body></html>"""
    return web.Response(text=text, content_type="text/html")


class Pages:
    def __init__(self, ctx: MadminContext, gate: Gate, base: str) -> None:
        self.ctx, self.gate, self.base = ctx, gate, base

    def _safe_next(self, target: str | None) -> str:
        # only paths of this site: no scheme, no host (//evil), no backslashes
        if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
            return f"{self.base}/"
        return target

    async def login_form(self, request: web.Request, error: str = "", status: int = 200,
                         target: str | None = None) -> web.Response:
        target = html.escape(self._safe_next(target or request.query.get("next")))
        message = f'<p class="error">{html.escape(error)}</p>' if error else ""
        body = f"""<form class="login" method="post" action="{self.base}/login">
<h1>Log in</h1>{message}
<label>User <input name="username" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<input type="hidden" name="next" value="{target}"><button type="submit">Log in</button></form>"""
        response = layout(request, self.base, "Log in", body, page="login")
        response.set_status(status)
        return response

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        user = await self.gate.check_password(username, password)
        if user is None:
            log.info("failed MADmin login for %r from %s", username, request.remote)
            return await self.login_form(request, "Wrong user name or password.", 401, str(form.get("next", "")))
        target = self._safe_next(str(form.get("next", "")))
        response = web.HTTPFound(target)
        response.set_cookie(COOKIE, self.gate.sessions.issue(user), max_age=SESSION_SECONDS, httponly=True,
                            samesite="Lax", path=self.base or "/")
        log.info("%s logged in from %s", user.username, request.remote)
        raise response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        response = web.HTTPFound(f"{self.base}/login")
        response.del_cookie(COOKIE, path=self.base or "/")
        raise response

    async def root(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"{self.base}/devices")

    async def devices(self, request: web.Request) -> web.Response:
        body = """<h1>Devices</h1><div id="devices" class="table-wrap">Loading…</div>
<section id="control" hidden><h2 id="control-title"></h2>
<div class="buttons"><button data-act="screenshot">Screenshot</button><button data-act="back">Back</button>
<button data-act="home">Home</button><button data-act="restart">Restart game</button>
<button data-act="reboot" class="danger">Reboot</button><a id="logcat" class="button">Logcat</a>
<button data-act="close">Close</button></div>
<p class="hint">Tap the screenshot to tap the device.</p><p id="control-msg" class="msg"></p>
<img id="screen" alt="screenshot"></section>"""
        return layout(request, self.base, "Devices", body, ("devices.js",), page="devices")

    async def map(self, request: web.Request) -> web.Response:
        body = """<div id="map-tools"><span id="layers"></span>
<span class="fence-tools"><button id="draw">Draw fence</button><button id="save-fence" hidden>Save fence</button>
<button id="cancel-fence" hidden>Cancel</button><select id="edit-fence"><option value="">Edit fence…</option></select>
</span><span id="map-msg" class="msg"></span></div><div id="map"></div>"""
        return layout(request, self.base, "Map", body, ("vendor/leaflet/leaflet.js", "map.js"),
                      ("vendor/leaflet/leaflet.css",), page="map")

    async def settings(self, request: web.Request) -> web.Response:
        resource = request.match_info.get("resource", "device")
        if resource not in RESOURCES:
            raise web.HTTPNotFound(text=f"no settings page {resource!r}")
        tabs = "".join(f'<a href="{self.base}/settings/{r}" class="{"active" if r == resource else ""}">'
                       f"{TITLES[r]}</a>" for r in SETTINGS_ORDER)
        body = f"""<nav class="tabs">{tabs}</nav>
<div class="settings" data-resource="{resource}"><section id="list"></section><section id="editor" hidden></section>
</div>"""
        return layout(request, self.base, TITLES[resource], body, ("settings.js",), page="settings")

    async def statistics(self, request: web.Request) -> web.Response:
        body = """<h1>Statistics</h1><label>Period <select id="hours"><option value="6">6 h</option>
<option value="24" selected>24 h</option><option value="168">7 days</option></select></label>
<section><h2>Detections over time</h2><div id="detections" class="chart"></div></section>
<section><h2>Location success per device</h2><div id="locations" class="chart"></div></section>
<section><h2>Spawnpoint coverage</h2><div id="spawns" class="chart"></div></section>
<section><h2>Quests per area</h2><div id="quests" class="chart"></div></section>"""
        return layout(request, self.base, "Statistics", body, ("stats.js",), page="statistics")

    async def quests(self, request: web.Request) -> web.Response:
        body = """<h1>Quests</h1><div class="filters"><label>Area <select id="area"><option value="">all</option>
</select></label><label>Layer <select id="layer"><option value="">all</option><option value="1">non-AR (1)</option>
<option value="0">AR (0)</option></select></label><input id="search" placeholder="Search stop or reward"></div>
<div id="quest-list" class="table-wrap">Loading…</div>"""
        return layout(request, self.base, "Quests", body, ("quests.js",), page="quests")

    async def events(self, request: web.Request) -> web.Response:
        body = """<h1>Events</h1><p class="hint">Spawnpoints found during an event belong to it
(trs_event); walker areas may run only during an event.</p><div id="event-list" class="table-wrap"></div>
<form id="event-form"><h2>New event</h2><input type="hidden" name="event_id">
<label>Name <input name="event_name" required></label>
<label>Start <input name="event_start" type="datetime-local" required></label>
<label>End <input name="event_end" type="datetime-local" required></label>
<label>Lure duration (min) <input name="event_lure_duration" type="number" min="1" value="30"></label>
<button type="submit">Save</button><button type="reset">New</button><p class="msg" id="event-msg"></p></form>"""
        return layout(request, self.base, "Events", body, ("events.js",), page="events")

    async def robots(self, request: web.Request) -> web.Response:
        return web.Response(text="User-agent: *\nDisallow: /\n")


def add_routes(app: web.Application, ctx: MadminContext, gate: Gate, base: str) -> None:
    pages = Pages(ctx, gate, base)
    app.router.add_get("/", pages.root)
    app.router.add_get("/login", pages.login_form)
    app.router.add_post("/login", pages.login)
    app.router.add_get("/logout", pages.logout)
    app.router.add_get("/devices", pages.devices)
    app.router.add_get("/map", pages.map)
    app.router.add_get("/settings", pages.settings)
    app.router.add_get("/settings/{resource}", pages.settings)
    app.router.add_get("/statistics", pages.statistics)
    app.router.add_get("/quests", pages.quests)
    app.router.add_get("/quests_pub", pages.quests)
    app.router.add_get("/events", pages.events)
    app.router.add_get("/robots.txt", pages.robots)

"""Who may use MADmin: with `madmin_enable_auth`, every path but the login page and static files needs a
settings_auth user of this instance. API clients send HTTP Basic auth (as MAD's clients do); browsers log
in once and carry a signed session cookie. MADMIN_ADMIN opens everything; MADMIN_PUBLIC_PAGE opens the
public pages (quests, statistics); with `quests_public` the quest pages need no login at all."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from sqlalchemy import select

from magneton.auth import AuthLevel, basic_credentials
from magneton.db.models import SettingsAuth
from magneton.madmin.context import MadminContext

log = logging.getLogger(__name__)

COOKIE = "magneton_madmin"
SESSION_SECONDS = 7 * 24 * 3600
OPEN_PATHS = ("/login", "/logout", "/robots.txt", "/favicon.ico")
OPEN_PREFIXES = ("/static/",)
QUEST_PATHS = ("/quests", "/quests_pub", "/get_quests", "/api/quests")
PUBLIC_PREFIXES = ("/statistics", "/api/stats/")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# a typed request key where aiohttp has them (3.12+), else a plain string key
USER: Any = web.RequestKey("madmin_user", str) if hasattr(web, "RequestKey") else "madmin_user"


def current_user(request: web.Request) -> str | None:
    """The logged-in user of the request; None without auth."""
    return request.get(USER)


@dataclass(frozen=True)
class User:
    username: str
    password: str
    level: int


def required_level(path: str, quests_public: bool) -> AuthLevel | None:
    """The level a path needs; None: open to everyone."""
    if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
        return None
    if path.startswith(QUEST_PATHS):
        return None if quests_public else AuthLevel.MADMIN_PUBLIC_PAGE
    if path.startswith(PUBLIC_PREFIXES):
        return AuthLevel.MADMIN_PUBLIC_PAGE
    return AuthLevel.MADMIN_ADMIN


def allows(level: int, needed: AuthLevel) -> bool:
    # an admin may see the public pages too
    return bool(level & needed) or bool(level & AuthLevel.MADMIN_ADMIN)


class Sessions:
    """Signed session cookies; the signature covers the password, so changing it ends the sessions."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, username: str, expires: int, password: str) -> str:
        pw = hashlib.sha256(password.encode()).hexdigest()
        return hmac.new(self._secret, f"{username}|{expires}|{pw}".encode(), hashlib.sha256).hexdigest()

    def issue(self, user: User, now: float | None = None) -> str:
        expires = int((now or time.time()) + SESSION_SECONDS)
        name = base64.urlsafe_b64encode(user.username.encode()).decode()
        return f"{name}.{expires}.{self._sign(user.username, expires, user.password)}"

    @staticmethod
    def username(cookie: str) -> str | None:
        try:
            return base64.urlsafe_b64decode(cookie.split(".")[0].encode()).decode()
        except (ValueError, UnicodeDecodeError):
            return None

    def valid(self, cookie: str, user: User, now: float | None = None) -> bool:
        try:
            _, expires_text, signature = cookie.split(".")
            expires = int(expires_text)
        except ValueError:
            return False
        return expires > (now or time.time()) and hmac.compare_digest(
            signature, self._sign(user.username, expires, user.password))


class Gate:
    def __init__(self, ctx: MadminContext, base_path: str) -> None:
        self.ctx = ctx
        self.base = base_path
        self.sessions = Sessions()

    @property
    def enabled(self) -> bool:
        return bool(self.ctx.cfg.madmin_enable_auth)

    async def user(self, username: str) -> User | None:
        async with self.ctx.engine.connect() as conn:
            row = (await conn.execute(select(SettingsAuth.username, SettingsAuth.password, SettingsAuth.auth_level)
                                      .where(SettingsAuth.username == username,
                                             SettingsAuth.instance_id == self.ctx.instance_id))).first()
        return User(row.username, row.password, int(row.auth_level or 0)) if row else None

    async def check_password(self, username: str, password: str) -> User | None:
        user = await self.user(username)
        if user is None or not hmac.compare_digest(user.password.encode(), password.encode()):
            return None
        return user

    async def identify(self, request: web.Request) -> User | None:
        credentials = basic_credentials(request.headers.get("Authorization"))
        if credentials is not None:
            return await self.check_password(*credentials)
        cookie = request.cookies.get(COOKIE)
        if cookie:
            username = Sessions.username(cookie)
            user = await self.user(username) if username else None
            if user is not None and self.sessions.valid(cookie, user):
                return user
        return None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.enabled:
            return await handler(request)
        path = request.path[len(self.base):] if self.base and request.path.startswith(self.base) else request.path
        needed = required_level(path or "/", self.ctx.cfg.quests_public)
        if needed is None:
            return await handler(request)
        user = await self.identify(request)
        if user is None:
            if _wants_page(request):
                raise web.HTTPFound(f"{self.base}/login?next={request.path_qs}")
            log.info("refused %s %s from %s: not logged in", request.method, request.path, request.remote)
            raise web.HTTPUnauthorized(text='{"error": "authentication required"}', content_type="application/json",
                                       headers={"WWW-Authenticate": 'Basic realm="madmin"'})
        if not allows(user.level, needed):
            log.info("refused %s %s to %s: needs %s", request.method, request.path, user.username, needed.name)
            raise web.HTTPForbidden(text=f'{{"error": "{user.username} lacks the level {needed.name}"}}',
                                    content_type="application/json")
        request[USER] = user.username
        return await handler(request)


def _wants_page(request: web.Request) -> bool:
    return (request.method == "GET" and not request.path.startswith("/api/")
            and "text/html" in request.headers.get("Accept", ""))

"""A simulated phone: RGC (a websocket client executing the server's commands) and PogoDroid (an HTTP
client posting what the game sees at the phone's position) over one synthetic world.

It behaves like the real pair as far as a back end can tell: the game must be started before data
flows, a teleport changes what the next GMO holds, encounters follow the targets announced by
`/get_latest_mitm`, quest mode spins the stop at hand, a reboot drops the connection for a while.
Faults can be switched on to exercise a back end's escalation: `stall` (one post, then no data), `ko`
(every command answers KO:), `silent` (commands are never answered)."""

from __future__ import annotations

import asyncio
import base64
import logging
import struct
import time
from dataclasses import dataclass, field

import aiohttp
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from magneton.geo.distance import haversine_m
from magneton.sim.screen import screen_png
from magneton.sim.world import World, inventory

log = logging.getLogger(__name__)

GAME = "com.nianticlabs.pokemongo"
FAULTS = ("stall", "ko", "silent")
SPIN_DELAY = 1.0  # seconds between arriving at a stop and the spin (the game needs to reach it)


@dataclass
class SimConfig:
    ws_url: str  # the core's device websocket, e.g. ws://127.0.0.1:8080
    mitm_url: str  # the MITM receiver, e.g. http://127.0.0.1:8000 (or through nginx)
    user: str = ""
    password: str = ""
    gmo_interval: float = 2.0  # seconds between GMO posts while the game runs
    reboot_seconds: float = 3.0
    reconnect_seconds: float = 1.0
    player_level: int = 35


@dataclass
class SimDevice:
    origin: str
    world: World
    cfg: SimConfig
    lat: float = 0.0
    lng: float = 0.0
    fault: str | None = None
    game_running: bool = False
    received: list[str] = field(default_factory=list)  # every command text, for tests and demos
    posts: int = 0
    # the phone's own delay per move: seconds from the move to the POST of the first GMO a MAD worker takes
    # as fresh (stamped in a later second than the move); what a back end adds comes on top of this
    data_delays: list[float] = field(default_factory=list)
    _encountered: set[int] = field(default_factory=set)
    _spun: set[str] = field(default_factory=set)
    _arrived: float = 0.0
    _moved_second: int | None = None  # the second of the last move until fresh data for it was posted
    _socket: ClientConnection | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _moved: asyncio.Event = field(default_factory=asyncio.Event)

    # --- lifecycle -------------------------------------------------------------------------------------
    async def run(self) -> None:
        """Stay connected (reconnecting like RGC) and post data while the game runs, until `stop()`."""
        async with aiohttp.ClientSession() as http:
            data = asyncio.create_task(self._pogodroid(http))
            try:
                while not self._stop.is_set():
                    await self._rgc_session()
                    await self._sleep(self.cfg.reconnect_seconds)
            finally:
                data.cancel()
                await asyncio.gather(data, return_exceptions=True)

    def stop(self) -> None:
        self._stop.set()
        if self._socket is not None:
            asyncio.ensure_future(self._socket.close())

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except TimeoutError:
            pass

    def _auth(self) -> dict[str, str]:
        if not self.cfg.user:
            return {}
        token = base64.b64encode(f"{self.cfg.user}:{self.cfg.password}".encode()).decode()
        return {"Authorization": f"Basic {token}"}

    # --- RGC -------------------------------------------------------------------------------------------
    async def _rgc_session(self) -> None:
        try:
            async with connect(self.cfg.ws_url, origin=self.origin, additional_headers=self._auth(),
                               max_size=2 ** 25, proxy=None) as socket:
                self._socket = socket
                async for message in socket:
                    await self._command(socket, message)
        except (OSError, InvalidStatus, WebSocketException, ConnectionClosed) as exc:
            log.debug("%s: websocket: %s", self.origin, exc)
        finally:
            self._socket = None

    async def _command(self, socket: ClientConnection, message: str | bytes) -> None:
        if isinstance(message, bytes):  # an APK install
            message_id = struct.unpack_from(">I", message)[0]
            await socket.send(f"{message_id};OK")
            return
        head, _, text = message.partition(";")
        text = text.strip()
        self.received.append(text)
        if self.fault == "silent" or (self.fault == "ko" and text != "exit"):
            if self.fault == "ko":
                await socket.send(f"{head};KO: simulated failure")
            return
        answer = await self._answer(text)
        if isinstance(answer, bytes):
            await socket.send(struct.pack(">I", int(head)) + answer)
        else:
            await socket.send(f"{head};{answer}")
        if text == "more reboot now":
            await socket.close()
            self.game_running = False
            await self._sleep(self.cfg.reboot_seconds)

    async def _answer(self, text: str) -> str | bytes:
        words = text.split()
        if text.startswith("geo fix"):
            self._move(float(words[2]), float(words[3]))
            return "OK"
        if text.startswith("geo walk"):
            lat1, lng1, lat2, lng2, speed = (float(w) for w in words[2:7])
            seconds = haversine_m(lat1, lng1, lat2, lng2) / max(speed / 3.6, 0.1)
            await self._sleep(min(seconds, 30.0))
            self._move(lat2, lng2)
            return "OK"
        if text == "more topmost app":
            return f"{GAME}/com.unity3d.player.UnityPlayerActivity" if self.game_running else "com.android.launcher3"
        if text.startswith(("more start", "more restart")) and GAME in text:
            self.game_running = True
            self._moved.set()
            return "OK"
        if text.startswith(("more stop", "more reset")) and GAME in text:
            self.game_running = False
            return "OK"
        if text == "more state screen":
            return "on"
        if text == "screen size":
            return "1080 1920"
        if text == "screen offset":
            return "0"
        if text.startswith("screen capture"):
            return screen_png(self.lat, self.lng)
        if text.startswith("more http get"):
            return "203.0.113.7"
        if text.startswith("more http head"):
            return "200"
        if text == "more logcat":
            return b"PK\x05\x06" + b"\x00" * 18  # an empty zip
        if text.startswith("passthrough"):
            return "[arm64-v8a]" if "getprop" in text else "OK"
        if text == "more uiautomator":
            return "<hierarchy/>"
        return "OK"

    def _move(self, lat: float, lng: float) -> None:
        self.lat, self.lng = lat, lng
        self._arrived = time.monotonic()
        self._moved_second = int(time.time())
        self._moved.set()

    # --- PogoDroid -------------------------------------------------------------------------------------
    async def _pogodroid(self, http: aiohttp.ClientSession) -> None:
        level_sent = False
        while not self._stop.is_set():
            try:
                await asyncio.wait_for(self._moved.wait(), self.cfg.gmo_interval)
            except TimeoutError:
                pass
            self._moved.clear()
            stalled = self.fault == "stall" and self.posts > 0  # injects once, then the data stops
            if not self.game_running or stalled or (self.lat, self.lng) == (0.0, 0.0):
                level_sent = level_sent and self.game_running
                continue
            await asyncio.sleep(0.05)  # the game answers a moment after the move
            try:
                entries = [] if level_sent else [self._entry(4, inventory(self.cfg.player_level))]
                gmo = self._entry(106, self.world.gmo(self.lat, self.lng, int(time.time())))
                entries.append(gmo)
                targets, scanmode, layer = await self._latest(http)
                entries += self._encounters(targets)
                if scanmode == "quests" and time.monotonic() - self._arrived >= SPIN_DELAY:
                    entries += self._spin(layer)
                if self._moved_second is not None and gmo["timestamp"] > self._moved_second:
                    self.data_delays.append(time.monotonic() - self._arrived)
                    self._moved_second = None
                if await self._post(http, entries):
                    level_sent = True
            except aiohttp.ClientError as exc:
                log.debug("%s: receiver: %s", self.origin, exc)

    def _entry(self, proto: int, payload: dict, quests_held: list[int] | None = None) -> dict:
        entry = {"type": proto, "payload": payload, "timestamp": int(time.time()), "lat": self.lat,
                 "lng": self.lng, "raw": False}
        if quests_held is not None:
            entry["quests_held"] = quests_held
        return entry

    async def _latest(self, http: aiohttp.ClientSession) -> tuple[set[int], str | None, int | None]:
        async with http.get(self.cfg.mitm_url + "/get_latest_mitm",
                            headers={"Origin": self.origin, **self._auth()}) as response:
            if response.status != 200:
                return set(), None, None
            latest = await response.json()
        settings = (latest.get("injected_settings") or {}).get("values") or {}
        return set(latest.get("ids_iv") or []), settings.get("scanmode"), latest.get("quest_layer_scan")

    def _encounters(self, targets: set[int]) -> list[dict]:
        entries = []
        now = int(time.time())
        for eid, pokemon_id, spawn in self.world.wild_mons_near(self.lat, self.lng, now):
            if (pokemon_id in targets or eid in targets) and eid not in self._encountered:
                self._encountered.add(eid)
                entries.append(self._entry(102, self.world.encounter(eid, pokemon_id, spawn, now)))
        return entries

    def _spin(self, layer: int | None) -> list[dict]:
        """PogoDroid spins every stop in reach once (quest mode)."""
        held = [46] if layer == 1 else [4]  # holding an AR quest puts the scan on the non-AR layer
        entries = []
        for stop in self.world.stops_near(self.lat, self.lng):
            if stop.id not in self._spun:
                self._spun.add(stop.id)
                entries.append(self._entry(101, self.world.fort_search(stop, int(time.time())), held))
        return entries

    async def _post(self, http: aiohttp.ClientSession, entries: list[dict]) -> bool:
        async with http.post(self.cfg.mitm_url + "/", json=entries,
                             headers={"Origin": self.origin, **self._auth()}) as response:
            await response.read()
            self.posts += response.status == 200
            return response.status == 200

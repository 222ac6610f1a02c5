"""The MITM receiver: PogoDroid's HTTP endpoint (`POST /`, `GET /get_latest_mitm`, `GET /get_addresses`).

Every request first passes the Origin check (a device of this instance) and Basic auth (a settings_auth
user with the MITM_DATA bit, unless `insecure_auth`): 401 otherwise. A body is decoded entry by entry; a
malformed entry is skipped, logged and counted, and the rest of the body goes on. Accepted entries update
the MitmMapper at once (workers wait for them) and are queued for the database; when the queue is full
the whole body is answered 503 with Retry-After. A body is answered 200 only once its rows are committed
(500 if they could not be stored), so nothing confirmed is ever lost, even when the process is killed."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
from aiohttp import web

from magneton.auth import basic_credentials
from magneton.config import Config
from magneton.ingest import player
from magneton.ingest.access import DeviceAccess
from magneton.ingest.envelope import (
    BodyError,
    Entry,
    ProtoType,
    decode_entry,
    entry_timestamp,
    inflate,
    sanitize_location,
    split_entries,
)
from magneton.ingest.pipeline import Pipeline
from magneton.ingest.processor import PAYLOAD_TYPES, Accepted, drop_reason
from magneton.mitm_mapper import Location, MitmMapper

log = logging.getLogger(__name__)

MAX_BODY = 20 * 1024 * 1024  # MAD's limit; aiohttp answers 413 above it
KEPT_TYPES = frozenset(int(t) for t in ProtoType)
_DECODERS = {int(t): msgspec.json.Decoder(cls) for t, cls in PAYLOAD_TYPES.items()}


class MitmReceiver:
    name = "mitm receiver"

    def __init__(self, cfg: Config, pipeline: Pipeline, access: DeviceAccess, mitm: MitmMapper) -> None:
        self.cfg, self.pipeline, self.access, self.mitm = cfg, pipeline, access, mitm
        self.started = int(time.time())
        self.counters: Counter[str] = Counter()
        self._runner: web.AppRunner | None = None
        self.app = web.Application(client_max_size=MAX_BODY)
        self.app.router.add_post("/", self.post_data)
        self.app.router.add_get("/get_latest_mitm", self.get_latest_mitm)
        self.app.router.add_get("/get_addresses", self.get_addresses)

    # --- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        if self.cfg.mitm_unix_socket:
            path = Path(self.cfg.mitm_unix_socket)
            path.unlink(missing_ok=True)  # a socket left by a killed process
            site = web.UnixSite(self._runner, str(path))
            await site.start()
            os.chmod(path, 0o666)  # the proxy in front (nginx) runs as another user
            log.info("MITM receiver listening on unix socket %s", path)
        else:
            site = web.TCPSite(self._runner, self.cfg.mitmreceiver_ip, self.cfg.mitmreceiver_port)
            await site.start()
            log.info("MITM receiver listening on %s:%d", self.cfg.mitmreceiver_ip, self.cfg.mitmreceiver_port)

    async def stop(self) -> None:
        """Stop accepting; requests in flight finish (their entries are queued and drained by the pipeline)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- access ----------------------------------------------------------------------------------------
    def _refuse(self, request: web.Request) -> web.Response | None:
        origin = request.headers.get("Origin")
        if not self.access.is_known(origin):
            return self._deny(request, "unknown origin" if origin else "missing Origin header")
        if self.cfg.insecure_auth:
            return None
        header = request.headers.get("Authorization")
        if not header:
            return self._deny(request, "missing Basic auth")
        credentials = basic_credentials(header)
        if credentials is None:
            return self._deny(request, "malformed Basic auth")
        username, password = credentials
        if not self.access.mitm_auth_ok(username, password):
            return self._deny(request, f"bad credentials for user {username!r}")
        return None

    def _deny(self, request: web.Request, reason: str) -> web.Response:
        self.counters["unauthorized"] += 1
        log.warning("401 %s %s from %s (origin %r): %s", request.method, request.path, request.remote,
                    request.headers.get("Origin"), reason)
        return web.Response(status=401, text=f"unauthorized: {reason}\n")

    # --- POST / ----------------------------------------------------------------------------------------
    async def post_data(self, request: web.Request) -> web.Response:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        origin = request.headers["Origin"]
        try:
            raw_entries = split_entries(inflate(await request.read()))
        except BodyError as exc:
            self.counters["bad_bodies"] += 1
            log.warning("400 from %s: %s", origin, exc)
            return web.Response(status=400, text=f"{exc}\n")

        now = int(time.time())
        accepted: list[tuple[Accepted, list[int] | None]] = []
        skipped = 0
        for index, raw in enumerate(raw_entries):
            try:
                item = self._accept(origin, decode_entry(raw), now)
            except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as exc:
                skipped += 1
                self.counters["bad_entries"] += 1
                log.warning("%s: entry %d skipped: %s", origin, index, exc)
                continue
            if item is not None:
                accepted.append(item)

        stored = self.pipeline.submit([item for item, _ in accepted])
        if stored is None:
            self.counters["rejected_bodies"] += 1
            log.warning("503 for %s: ingest queue full (%d queued); %d entries refused, device will resend",
                        origin, self.pipeline.queued, len(accepted))
            return web.Response(status=503, headers={"Retry-After": "1"}, text="ingest queue full\n")

        for item, cell_ids in accepted:
            await self._tell_mitm_mapper(item, cell_ids)
        if not await stored:
            self.counters["unstored_bodies"] += 1
            return web.Response(status=500, text="not stored; please resend\n")
        headers = {"X-Magneton-Skipped": str(skipped)} if skipped else None
        return web.Response(status=200, headers=headers)

    def _accept(self, origin: str, entry: Entry, now: int) -> tuple[Accepted, list[int] | None] | None:
        """Validate one entry; None for entries MAD ignores on purpose (counted, not logged as errors)."""
        if not entry.type:
            self.counters["untyped_entries"] += 1
            return None
        ts = entry_timestamp(entry, now)
        if self.cfg.mitm_ignore_pre_boot and ts < self.started:
            self.counters["pre_boot_entries"] += 1
            return None
        if entry.type not in KEPT_TYPES:
            self.counters["ignored_types"] += 1
            return None
        if entry.raw:
            self.counters["raw_entries"] += 1
            return None
        proto = ProtoType(entry.type)
        payload = _DECODERS[entry.type].decode(entry.payload)
        reason = drop_reason(proto, payload)
        if reason is not None:
            self.counters["dropped_entries"] += 1
            log.debug("%s: %s dropped", origin, reason)
            return None
        lat, lng = sanitize_location(entry.lat, entry.lng)
        cells = [cell.id for cell in payload.cells] if proto is ProtoType.GMO else None
        return Accepted(origin, entry.type, payload, ts, now, lat, lng, entry.quests_held), cells

    async def _tell_mitm_mapper(self, item: Accepted, cell_ids: list[int] | None) -> None:
        mitm = self.mitm
        await mitm.set_quests_held(item.origin, item.quests_held)
        await mitm.update_latest(item.origin, str(item.type), item.payload, item.timestamp, item.received,
                                 Location(item.lat, item.lng), cell_ids)
        if item.type == ProtoType.INVENTORY:
            # Set here, not in the workers: a 102 later in the same body must already see the level.
            stats = player.player_stats(item.payload)
            if stats is not None:
                await mitm.set_level(item.origin, stats.level)
                await mitm.set_pokestop_visits(item.origin, stats.poke_stop_visits)

    # --- GET endpoints ---------------------------------------------------------------------------------
    async def get_latest_mitm(self, request: web.Request) -> web.Response:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        origin = request.headers["Origin"]

        async def latest(key: str) -> Any:
            entry = await self.mitm.request_latest(origin, key)
            return entry.data if entry is not None else None

        injected = await latest("injected_settings")
        return web.json_response({
            "ids_iv": await latest("ids_iv") or [],
            "injected_settings": {"values": injected} if injected is not None else None,
            "ids_encountered": await latest("ids_encountered"),
            "safe_items": await latest("safe_items") or [],
            "lvl_mode": bool(await latest("lvl_mode")),
            "unquest_stops": await latest("unquest_stops") or [],
            "check_lured": bool(self.cfg.scan_lured_mons),
            "quest_layer_scan": await latest("quest_layer_scan"),
        })

    async def get_addresses(self, request: web.Request) -> web.Response:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        for name in ("configs/addresses.json", "configs/version_codes.json"):
            try:
                data = msgspec.json.decode(Path(name).read_bytes())
            except (OSError, msgspec.DecodeError):
                continue
            if isinstance(data, dict):
                return web.json_response({k: v if isinstance(v, dict) else {} for k, v in data.items()})
        return web.json_response({})

"""One worker per device: the loop that moves the phone along its area's route and makes sure data
arrives after every move.

    forever: wait for the device → pick the walker area → start the game, wait for injection →
             per location: check the walker, keep the game up, move, wait for fresh data,
             escalate on silence (restart the game, then reboot) → leave the area when told

The worker holds no state the device could not lose: a reconnect resumes the same Worker object, with
its counters, and the route manager keeps the device's place in the route."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from magneton.config import Config
from magneton.devices.communicator import Communicator
from magneton.devices.errors import CommandFailed, CommandTimeout, DeviceDisconnected
from magneton.geo.distance import haversine_m
from magneton.mapping.interface import MappingManagerApi
from magneton.mapping.status import StatusUpdate
from magneton.mapping.walker import WalkerContext
from magneton.mitm_mapper import Location as MitmLocation
from magneton.mitm_mapper import MitmMapper
from magneton.stats import LocationRecord, StatsSink
from magneton.workers import data
from magneton.workers.escalation import Action, Escalation
from magneton.workers.metrics import StepMetrics
from magneton.workers.movement import plan_move, softban_cooldown

log = logging.getLogger(__name__)

GMO, FORT_SEARCH, ENCOUNTER = "106", "101", "102"
START_ATTEMPTS = 10


@dataclass(frozen=True)
class Timing:
    """Waits that are MAD's constants; tests shorten them."""

    injection_poll: float = 20.0  # seconds between injection checks after a game start
    reconnect_pause: float = 5.0  # after losing the device or leaving an area
    idle_sleep: float = 60.0  # between checks while idle or paused
    softban_cooldown: bool = True  # quest mode: wait as long as the account could have travelled


class AreaRoute(Protocol):
    """What a worker needs of its area's route manager."""

    def join(self, origin: str, position: tuple[float, float] | None = None) -> None: ...

    def leave(self, origin: str) -> None: ...

    async def next_location(self, origin: str, now: float | None = None) -> Any: ...

    def finished(self, origin: str) -> bool: ...


class RouteRegistry(Protocol):
    def get(self, area_id: int) -> AreaRoute | None: ...


class Hub(Protocol):
    async def wait_connected(self, origin: str) -> Communicator: ...


class GameNotStarted(Exception):
    """The game is not in front after the start attempts."""


class LeaveArea(Exception):
    """End the scan of the current area (the outer loop chooses again)."""


class Worker:
    def __init__(self, origin: str, cfg: Config, hub: Hub, mapping: MappingManagerApi, routes: RouteRegistry,
                 mitm: MitmMapper, stats: StatsSink, timing: Timing = Timing(),
                 metrics: StepMetrics | None = None) -> None:
        self.origin, self.cfg, self.hub, self.mapping, self.routes = origin, cfg, hub, mapping, routes
        self.mitm, self.stats, self.timing = mitm, stats, timing
        self.metrics = metrics or StepMetrics()
        self.escalation: Escalation | None = None
        self.position: tuple[float, float] | None = None
        self.last_fort_action: tuple[float, tuple[float, float]] | None = None  # quests: (time, where)
        self._stop = asyncio.Event()

    # --- outer loop ------------------------------------------------------------------------------------
    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                comm = await self.hub.wait_connected(self.origin)
                await self._scan(comm)
            except DeviceDisconnected:
                log.info("[%s] device disconnected; waiting for it", self.origin)
            except LeaveArea as reason:
                log.info("[%s] leaving the area: %s", self.origin, reason)
            except (CommandTimeout, CommandFailed) as exc:
                log.warning("[%s] %s", self.origin, exc)
            await self._pause(self.timing.reconnect_pause)

    def stop(self) -> None:
        self._stop.set()

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stop.wait(), seconds)
        except TimeoutError:
            pass

    # --- one area ------------------------------------------------------------------------------------
    async def _scan(self, comm: Communicator) -> None:
        if (await self.mapping.device_state(self.origin)).paused:
            await self.mapping.report_status(self.origin, StatusUpdate(idle=True))
            await self._pause(self.timing.idle_sleep)
            return
        choice = await self.mapping.choose_walker_area(self.origin, self._walker_context())
        area = await self.mapping.area(choice.walker_area.area_id) if choice else None
        route = self.routes.get(area.area_id) if area else None
        if area is None or area.mode == "idle" or route is None:
            await self.mapping.report_status(self.origin, StatusUpdate(idle=True))
            await self._pause(self.timing.idle_sleep)
            return
        settings = await self.mapping.device_settings(self.origin)
        self.escalation = self.escalation or Escalation(settings.restart_thresh, settings.reboot_thresh,
                                                        settings.reboot)
        log.info("[%s] scanning area %s (%s)", self.origin, area.name, area.mode)
        await self._ensure_game(comm, settings, fresh_start=True)
        route.join(self.origin, self.position)
        first_move = True
        try:
            while not self._stop.is_set():
                if (await self.mapping.device_state(self.origin)).paused:
                    raise LeaveArea("paused in MADmin")
                verdict = await self.mapping.check_walker_area(self.origin, self._walker_context(),
                                                               route_exhausted=route.finished(self.origin))
                if verdict.leave:
                    await self.mapping.mark_area_finished(self.origin)
                    raise LeaveArea(verdict.reason or "walker says so")
                await self._ensure_game(comm, settings)
                location = await route.next_location(self.origin)
                if location is None:
                    if route.finished(self.origin):
                        await self.mapping.mark_area_finished(self.origin)
                        raise LeaveArea("route finished")
                    await self._pause(self.timing.idle_sleep)  # nothing due for this device right now
                    continue
                await self._visit(comm, area, settings, location, first_move)
                first_move = False
        finally:
            route.leave(self.origin)

    def _walker_context(self) -> WalkerContext:
        return WalkerContext(now=datetime.now(UTC))

    # --- game and injection --------------------------------------------------------------------------
    async def _ensure_game(self, comm: Communicator, settings, fresh_start: bool = False) -> None:
        """Keep the game in front; after a (re)start wait until PogoDroid is injected (posts a GMO).
        A device that cannot start the game (no success, `KO:` answers, silence) climbs the ladder."""
        try:
            if not fresh_start and await comm.is_app_topmost():
                return
            if fresh_start:
                await self.mitm.set_injection_status(self.origin, False)
            for _ in range(START_ATTEMPTS):
                if await comm.is_app_topmost():
                    break
                await comm.turn_screen_on()
                await comm.start_app()
            else:
                raise GameNotStarted(f"not in front after {START_ATTEMPTS} starts")
        except (CommandFailed, CommandTimeout, GameNotStarted) as exc:
            await self._act(comm, self.escalation.start_failed(), f"the game did not start ({exc})")
            return
        await self._pause(settings.post_pogo_start_delay)
        for _ in range(max(1, settings.injection_thresh_reboot)):
            if await self.mitm.get_injection_status(self.origin):
                return
            await self._pause(self.timing.injection_poll)
        log.warning("[%s] not injected after %d checks", self.origin, settings.injection_thresh_reboot)
        await self._act(comm, Action.REBOOT if settings.reboot else Action.RESTART, "no injection")

    async def _act(self, comm: Communicator, action: Action, why: str) -> None:
        if action is Action.NONE:
            return
        now = datetime.now(UTC)
        log.warning("[%s] %s: %s", self.origin, why, action.value)
        if action is Action.RESTART:
            await self.mitm.set_injection_status(self.origin, False)
            try:
                await comm.stop_app()
                await comm.clear_app_cache()
                await comm.start_app()
            except (CommandFailed, CommandTimeout) as exc:
                log.warning("[%s] restart failed: %s", self.origin, exc)
            await self.mapping.report_status(self.origin, StatusUpdate(pogo_restarted_at=now,
                                                                       **self._counters()))
            return
        await self.mapping.report_status(self.origin, StatusUpdate(rebooted_at=now, rebooting_option=True,
                                                                   **self._counters()))
        try:
            await comm.reboot()
        except CommandFailed as exc:
            log.warning("[%s] reboot refused: %s", self.origin, exc)
        raise LeaveArea("rebooting")

    def _counters(self) -> dict[str, int]:
        esc = self.escalation
        return {"restart_count": esc.timeouts, "reboot_count": esc.restarts} if esc else {}

    # --- one location --------------------------------------------------------------------------------
    async def _visit(self, comm: Communicator, area, settings, location, first_move: bool) -> None:
        target = (location.lat, location.lng)
        await self._tell_pogodroid(area, location)
        distance = haversine_m(*self.position, *target) if self.position else 0.0
        move = plan_move(distance, area.speed, area.max_distance, first_move or self.position is None, settings)
        sent = time.monotonic()  # the step is timed from here: the move command sent, its answer included
        if move.walk:
            await comm.walk(*self.position, *target, area.speed)
        else:
            await comm.set_location(*target)
        moved_at = int(time.time())
        self.position = target
        delay = move.delay
        if area.mode == "pokestops":
            delay = max(delay, self._quest_cooldown(target))
        await self._pause(delay)
        ok = await self._wait_for_data(area.mode, target, moved_at, settings)
        kind = "walk" if move.walk else "teleport"
        if ok:
            self.metrics.observe(kind, time.monotonic() - sent)
        elif not self._stop.is_set():  # a worker being stopped did not miss its data
            self.metrics.failed(kind)
        await self.stats.stats_collect_location_data(LocationRecord(
            self.origin, target[0], target[1], ok, moved_at, int(time.time()), 0, area.mode, int(move.walk),
            int(time.time())))
        if ok:
            self.escalation.success()
            if area.mode == "pokestops":
                self.last_fort_action = (time.time(), target)
            await self.mapping.report_status(self.origin, StatusUpdate(
                position=target, area_id=area.area_id, idle=False, last_proto_time=datetime.now(UTC),
                route_pos=(location.stop or 0) + 1 if getattr(location, "stop", None) is not None else None,
                route_max=getattr(location, "of", None),
                **self._counters()))
            return
        action = self.escalation.timeout()
        await self.mapping.report_status(self.origin, StatusUpdate(position=target, **self._counters()))
        await self._act(comm, action, f"no data at {target[0]:.5f},{target[1]:.5f}")

    async def _tell_pogodroid(self, area, location) -> None:
        """What /get_latest_mitm hands PogoDroid before the move: scan mode and encounter targets."""
        now = int(time.time())
        here = MitmLocation(location.lat, location.lng)
        event = getattr(location, "event", None)
        if area.mode == "iv_mitm":  # the encounters this event stands for
            targets = [key[1] for key in getattr(event, "keys", ()) if isinstance(key, tuple) and key[0] == "encounter"]
        else:
            targets = list(await self.mapping.area_mon_ids(area.area_id))
        for key, value in (("injected_settings", {"scanmode": data.scanmode(area.mode)}), ("ids_iv", targets),
                           ("quest_layer_scan", area.layer if area.mode == "pokestops" else None)):
            await self.mitm.update_latest(self.origin, key, value, now, now, here)

    def _quest_cooldown(self, target: tuple[float, float]) -> float:
        if self.last_fort_action is None or not self.timing.softban_cooldown:
            return 0.0
        at, where = self.last_fort_action
        return max(0.0, softban_cooldown(haversine_m(*where, *target)) - (time.time() - at))

    async def _wait_for_data(self, mode: str, target: tuple[float, float], moved_at: int, settings) -> bool:
        """Poll the MitmMapper until fresh data with the mode's content arrives, or the timeout."""
        deadline = time.monotonic() + settings.mitm_wait_timeout
        key = FORT_SEARCH if mode == "pokestops" else GMO
        while time.monotonic() < deadline and not self._stop.is_set():
            if await self._fresh(mode, key, target, moved_at):
                return True
            await self._pause(self.cfg.wait_for_data_sleep_duration)
        return False

    async def _fresh(self, mode: str, key: str, target: tuple[float, float], moved_at: int) -> bool:
        where = await self.mitm.get_last_known_location(self.origin)
        if where is None or (where.lat, where.lng) == (0.0, 0.0):
            return False
        if key == GMO and haversine_m(where.lat, where.lng, *target) > self.cfg.maximum_valid_distance:
            return False
        latest = await self.mitm.request_latest(self.origin, key, moved_at)
        if latest is None:
            return False
        if key == FORT_SEARCH:
            return True
        try:
            return data.has_content(mode, data.as_gmo(latest.data), *target)
        except (ValueError, TypeError) as exc:
            log.warning("[%s] unreadable GMO in the MitmMapper: %s", self.origin, exc)
            return False

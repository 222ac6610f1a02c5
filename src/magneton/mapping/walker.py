"""Which walker area a device works in, and when it leaves it: MAD's walker rules as pure functions.

Time is an input (`now`, an aware datetime); a walker area's time values are read in the time zone of
its area (UTC unless the caller knows better). Time values: `HH:MM` ("until") or `HH:MM-HH:MM` (a
window, which may cross midnight); windows include their start and exclude their end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo

from magneton.mapping.records import WalkerArea

TIMED = frozenset({"timer", "period", "coords", "idle"})


@dataclass(frozen=True)
class TimeValue:
    start: time | None  # None: "until end"
    end: time


def parse_time_value(value: str) -> TimeValue | None:
    """`HH:MM` or `HH:MM-HH:MM`; None when the value is neither."""
    try:
        if "-" in value:
            start, end = value.split("-", 1)
            return TimeValue(_hhmm(start), _hhmm(end))
        return TimeValue(None, _hhmm(value))
    except ValueError:
        return None


def _hhmm(text: str) -> time:
    hours, minutes = text.strip().split(":")
    return time(int(hours), int(minutes))


def in_time(value: TimeValue, now: time) -> bool:
    if value.start is None:
        return now < value.end
    if value.start <= value.end:
        return value.start <= now < value.end
    return now >= value.start or now < value.end


def time_value_ends(value: TimeValue, now: datetime) -> datetime:
    """When the running time value (until / window) ends, as an aware datetime in now's zone."""
    end = now.replace(hour=value.end.hour, minute=value.end.minute, second=0, microsecond=0)
    return end if end > now else end + timedelta(days=1)


@dataclass(frozen=True)
class WalkerContext:
    """What the rules need besides the walker: all per area_id, absent = nothing known."""

    now: datetime
    event_id: int | None = None
    registered: Mapping[int, int] = field(default_factory=dict)  # workers in the area, this device excluded
    scannable: Mapping[int, int] = field(default_factory=dict)   # coordinates the area's route can still scan
    rounds: Mapping[int, int] = field(default_factory=dict)      # rounds this device completed in the area
    zones: Mapping[int, tzinfo] = field(default_factory=dict)    # time zone at the area's fence centre

    def local_now(self, area_id: int) -> datetime:
        return self.now.astimezone(self.zones.get(area_id, UTC))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None  # type: ignore[arg-type]
    except ValueError:
        return None


def qualifies(area: WalkerArea, ctx: WalkerContext) -> bool:
    """MAD's pre-check: may a device start working in this walker area now?"""
    others = ctx.registered.get(area.area_id, 0)
    if area.max_walkers and 0 < area.max_walkers <= others:
        return False
    if area.eventid is not None and area.eventid != ctx.event_id:
        return False
    if others == 0 and ctx.scannable.get(area.area_id) == 0:
        return False
    if area.algo_type in TIMED and area.algo_value:
        parsed = parse_time_value(area.algo_value)
        return parsed is not None and in_time(parsed, ctx.local_now(area.area_id).time())
    if area.algo_type == "round":
        limit = _int(area.algo_value)
        return limit is not None and ctx.rounds.get(area.area_id, 0) < limit
    return True


@dataclass(frozen=True)
class WalkerChoice:
    position: int  # index in the walker's area list
    walker_area: WalkerArea


def choose(areas: Sequence[WalkerArea], current: int | None, finished: bool, ctx: WalkerContext) -> WalkerChoice | None:
    """The walker area to work in next.

    An unfinished current area is resumed (if it still qualifies); otherwise the search starts after the
    current one. Areas that fail the pre-check are skipped, wrapping around the list once; None when
    none qualifies (the device idles). MAD stored "next index" and stepped back one to resume, which
    resumed the first area instead of an interrupted last one; keeping the position avoids that.
    """
    if not areas:
        return None
    if current is None or current >= len(areas):
        start = 0
    else:
        start = current if not finished else current + 1
    for step in range(len(areas)):
        position = (start + step) % len(areas)
        if qualifies(areas[position], ctx):
            return WalkerChoice(position, areas[position])
    return None


@dataclass(frozen=True)
class WalkerVerdict:
    leave: bool
    reason: str = ""
    idle_until: datetime | None = None  # idle areas: stay idle (game stopped) until then; None = open-ended


def check(area: WalkerArea, ctx: WalkerContext, started_at: datetime, route_exhausted: bool = False) -> WalkerVerdict:
    """MAD's check_walker, run every iteration: should the device leave the walker area it works in?"""
    if area.eventid is not None and area.eventid != ctx.event_id:
        return WalkerVerdict(True, "event changed")
    value = area.algo_value or ""
    local = ctx.local_now(area.area_id)
    parsed = parse_time_value(value) if value else None
    if area.algo_type == "idle":
        if not value:
            return WalkerVerdict(False, "idle without end")
        if parsed is None or not in_time(parsed, local.time()):
            return WalkerVerdict(True, "idle time is over")
        return WalkerVerdict(False, "idle", time_value_ends(parsed, local))
    if route_exhausted:
        return WalkerVerdict(True, "route has no more coordinates")
    if area.algo_type == "countdown":
        seconds = _int(value)
        if seconds is not None and (ctx.now - started_at).total_seconds() >= seconds:
            return WalkerVerdict(True, f"countdown of {seconds} s is over")
    elif area.algo_type in TIMED and value:
        if parsed is None or not in_time(parsed, local.time()):
            return WalkerVerdict(True, f"outside {value}")
    elif area.algo_type == "round":
        limit = _int(value)
        if limit is None or ctx.rounds.get(area.area_id, 0) >= limit:
            return WalkerVerdict(True, f"{ctx.rounds.get(area.area_id, 0)} of {limit} rounds done")
    return WalkerVerdict(False)

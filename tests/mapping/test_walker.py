"""MAD's walker rules as pure functions, with time injected."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from magneton.mapping.records import WalkerArea
from magneton.mapping.walker import (
    TimeValue,
    WalkerContext,
    check,
    choose,
    in_time,
    parse_time_value,
    qualifies,
)

NOON = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def wa(area_id: int, algo_type: str = "coords", value: str | None = None, *, max_walkers: int | None = None,
       eventid: int | None = None) -> WalkerArea:
    return WalkerArea(100 + area_id, area_id, algo_type, value, max_walkers, eventid, f"wa{area_id}")


def ctx(now: datetime = NOON, **kw) -> WalkerContext:
    return WalkerContext(now=now, event_id=kw.pop("event_id", 1), **kw)


# --- time values -----------------------------------------------------------------------------------

def test_parse_time_values() -> None:
    assert parse_time_value("07:30") == TimeValue(None, time(7, 30))
    assert parse_time_value("22:00-06:00") == TimeValue(time(22), time(6))
    assert parse_time_value(" 8:05 - 9:00 ") == TimeValue(time(8, 5), time(9))
    assert parse_time_value("soon") is None
    assert parse_time_value("25:00") is None
    assert parse_time_value("300") is None


@pytest.mark.parametrize("value, now, inside", [
    ("13:00", time(12, 59), True), ("13:00", time(13, 0), False),
    ("08:00-18:00", time(8, 0), True), ("08:00-18:00", time(17, 59), True), ("08:00-18:00", time(18, 0), False),
    ("08:00-18:00", time(7, 59), False),
    ("22:00-06:00", time(23, 0), True), ("22:00-06:00", time(5, 59), True), ("22:00-06:00", time(6, 0), False),
    ("22:00-06:00", time(12, 0), False),
])
def test_in_time(value: str, now: time, inside: bool) -> None:
    assert in_time(parse_time_value(value), now) is inside


# --- pre-check ---------------------------------------------------------------------------------------

def test_qualifies_rules() -> None:
    assert qualifies(wa(1, "coords"), ctx())
    assert qualifies(wa(1, "countdown", "600"), ctx())
    # max walkers counts the others registered in the area
    assert qualifies(wa(1, max_walkers=2), ctx(registered={1: 1}))
    assert not qualifies(wa(1, max_walkers=2), ctx(registered={1: 2}))
    assert qualifies(wa(1, max_walkers=0), ctx(registered={1: 5}))
    # events
    assert qualifies(wa(1, eventid=1), ctx(event_id=1))
    assert not qualifies(wa(1, eventid=2), ctx(event_id=1))
    # nothing to scan and nobody there
    assert not qualifies(wa(1), ctx(scannable={1: 0}))
    assert qualifies(wa(1), ctx(scannable={1: 0}, registered={1: 1}))
    assert qualifies(wa(1), ctx(scannable={1: 10}))
    # time types
    for algo in ("timer", "period", "coords", "idle"):
        assert qualifies(wa(1, algo, "11:00-13:00"), ctx()), algo
        assert not qualifies(wa(1, algo, "13:00-14:00"), ctx()), algo
        assert qualifies(wa(1, algo, ""), ctx()), algo
        assert not qualifies(wa(1, algo, "nonsense"), ctx()), algo
    assert qualifies(wa(1, "timer", "12:30"), ctx())
    assert not qualifies(wa(1, "timer", "11:30"), ctx())
    # rounds
    assert qualifies(wa(1, "round", "3"), ctx(rounds={1: 2}))
    assert not qualifies(wa(1, "round", "3"), ctx(rounds={1: 3}))
    assert not qualifies(wa(1, "round", None), ctx())


def test_time_is_read_in_the_zone_of_the_area() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # 12:00 UTC = 14:00 in Berlin in May
    area = wa(1, "period", "13:30-15:00")
    assert not qualifies(area, ctx())
    assert qualifies(area, ctx(zones={1: berlin}))


# --- choosing --------------------------------------------------------------------------------------

AREAS = (wa(1, "period", "06:00-10:00"), wa(2, "coords"), wa(3, "round", "2"))


def test_first_choice_skips_areas_that_do_not_qualify() -> None:
    choice = choose(AREAS, None, False, ctx())
    assert (choice.position, choice.walker_area.area_id) == (1, 2)


def test_an_unfinished_area_is_resumed_and_a_finished_one_is_followed() -> None:
    assert choose(AREAS, 2, False, ctx()).position == 2
    assert choose(AREAS, 1, True, ctx()).position == 2


def test_the_search_wraps_around_once() -> None:
    # after the last area, the first qualifying one from the top
    early = ctx(NOON.replace(hour=7))
    assert choose(AREAS, 2, True, early).position == 0
    assert choose(AREAS, 2, True, ctx()).position == 1
    # the interrupted last area resumes (MAD resumed the first one)
    assert choose(AREAS, 2, False, ctx(rounds={3: 1})).position == 2


def test_nothing_qualifies() -> None:
    assert choose(AREAS, None, False, ctx(rounds={3: 2}, scannable={2: 0})) is None
    assert choose((), None, False, ctx()) is None


# --- leaving ------------------------------------------------------------------------------------------

def test_countdown() -> None:
    area = wa(1, "countdown", "600")
    assert not check(area, ctx(), NOON - timedelta(seconds=599)).leave
    assert check(area, ctx(), NOON - timedelta(seconds=600)).leave


def test_timer_and_period() -> None:
    assert not check(wa(1, "timer", "12:01"), ctx(), NOON).leave
    assert check(wa(1, "timer", "12:00"), ctx(), NOON).leave
    assert not check(wa(1, "period", "11:00-13:00"), ctx(), NOON).leave
    assert check(wa(1, "period", "13:00-14:00"), ctx(), NOON).leave


def test_rounds() -> None:
    assert not check(wa(1, "round", "2"), ctx(rounds={1: 1}), NOON).leave
    verdict = check(wa(1, "round", "2"), ctx(rounds={1: 2}), NOON)
    assert verdict.leave and "2 of 2" in verdict.reason


def test_coords_leave_when_the_route_is_exhausted_or_time_is_up() -> None:
    assert not check(wa(1, "coords"), ctx(), NOON).leave
    assert check(wa(1, "coords"), ctx(), NOON, route_exhausted=True).leave
    assert check(wa(1, "coords", "09:00-10:00"), ctx(), NOON).leave


def test_event_change_leaves() -> None:
    assert check(wa(1, "coords", eventid=1), ctx(event_id=2), NOON).leave


def test_idle_until_the_window_ends() -> None:
    verdict = check(wa(1, "idle", "22:00-06:00"), ctx(NOON.replace(hour=23)), NOON)
    assert not verdict.leave and verdict.idle_until == datetime(2024, 5, 2, 6, 0, tzinfo=UTC)
    verdict = check(wa(1, "idle", "22:00-06:00"), ctx(NOON.replace(hour=1)), NOON)
    assert verdict.idle_until == datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    assert check(wa(1, "idle", "22:00-06:00"), ctx(), NOON).leave
    assert check(wa(1, "idle", ""), ctx(), NOON) == check(wa(1, "idle", None), ctx(), NOON)
    assert not check(wa(1, "idle"), ctx(), NOON).leave

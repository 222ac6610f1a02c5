"""The role lifecycle: start in order, stop in reverse, bounded stops, clean failure, uvloop."""

from __future__ import annotations

import asyncio

import pytest

from magneton.lifecycle import StartupError, run_components, run_event_loop


class Recorder:
    """A component that records what happens to it; `hang_on_stop` simulates a stuck shutdown."""

    def __init__(self, name: str, events: list[str], fail_on_start: bool = False,
                 hang_on_stop: bool = False) -> None:
        self.name, self.events = name, events
        self.fail_on_start, self.hang_on_stop = fail_on_start, hang_on_stop

    async def start(self) -> None:
        if self.fail_on_start:
            raise StartupError(f"{self.name} cannot start")
        self.events.append(f"start {self.name}")

    async def stop(self) -> None:
        if self.hang_on_stop:
            await asyncio.sleep(3600)
        self.events.append(f"stop {self.name}")


async def test_start_in_order_stop_in_reverse():
    events: list[str] = []
    stop = asyncio.Event()
    task = asyncio.create_task(run_components([lambda n=n: Recorder(n, events) for n in "abc"], stop))
    await asyncio.sleep(0.01)
    assert events == ["start a", "start b", "start c"]
    stop.set()
    await task
    assert events[3:] == ["stop c", "stop b", "stop a"]


async def test_a_stuck_stop_is_abandoned_and_the_rest_still_stop():
    events: list[str] = []
    stop = asyncio.Event()
    stop.set()
    components = [Recorder("a", events), Recorder("stuck", events, hang_on_stop=True), Recorder("c", events)]
    await run_components([lambda c=c: c for c in components], stop, stop_timeout=0.05)
    assert events == ["start a", "start stuck", "start c", "stop c", "stop a"]


async def test_failed_start_stops_what_already_started():
    events: list[str] = []
    components = [Recorder("a", events), Recorder("b", events, fail_on_start=True), Recorder("c", events)]
    with pytest.raises(StartupError, match="b cannot start"):
        await run_components([lambda c=c: c for c in components], asyncio.Event())
    assert events == ["start a", "stop a"]


def test_event_loop_is_uvloop_when_installed():
    uvloop = pytest.importorskip("uvloop")

    async def loop_type():
        return type(asyncio.get_running_loop())

    assert run_event_loop(loop_type()) is uvloop.Loop

"""The process lifecycle every role shares: start components in order, run until SIGINT/SIGTERM, stop them
in reverse order, each stop bounded in time so one stuck component cannot hang the shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)

STOP_TIMEOUT = 15.0


@runtime_checkable
class Component(Protocol):
    """A long-lived part of a process (database, receiver, websocket server, gRPC server, …)."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class StartupError(Exception):
    """A component could not start for a reason the operator can fix; its message is one line."""


async def run_components(factories: Sequence[Callable[[], Component]], stop: asyncio.Event,
                         stop_timeout: float = STOP_TIMEOUT) -> None:
    """Build and start components in order, wait for `stop`, then stop the started ones in reverse order.

    Each component is built only when the ones before it have started, so it can use them (the
    database engine exists once the database has started). If a start fails, the components already
    started are stopped before the error propagates."""
    started: list[Component] = []
    try:
        for factory in factories:
            component = factory()
            log.debug("starting %s", component.name)
            await component.start()
            started.append(component)
            log.info("%s started", component.name)
        log.info("ready: %s", ", ".join(c.name for c in started) or "nothing to run")
        await stop.wait()
        log.info("stopping")
    finally:
        for component in reversed(started):
            try:
                await asyncio.wait_for(component.stop(), stop_timeout)
                log.info("%s stopped", component.name)
            except TimeoutError:
                log.error("%s did not stop within %.0f s; abandoned", component.name, stop_timeout)
            except Exception:
                log.exception("%s failed while stopping", component.name)


def install_signal_handlers(stop: asyncio.Event) -> None:
    """First SIGINT/SIGTERM asks for a clean stop; a second one while stopping exits at once."""
    loop = asyncio.get_running_loop()

    def request_stop(signame: str) -> None:
        if stop.is_set():
            log.warning("%s again: exiting without waiting for components", signame)
            raise SystemExit(130)
        log.info("%s received", signame)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, request_stop, sig.name)


def run_event_loop(main) -> int:
    """Run the coroutine `main` on uvloop when it is installed, else on asyncio's default loop."""
    try:
        import uvloop
        factory = uvloop.new_event_loop
    except ImportError:  # uvloop is optional (e.g. on Windows)
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)

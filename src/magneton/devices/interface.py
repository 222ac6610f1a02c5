"""What the device side offers to workers and MADmin, and what it needs to admit devices."""

from __future__ import annotations

from typing import Protocol

from magneton.devices.communicator import Communicator
from magneton.devices.events import EventSubscription


class DeviceHub(Protocol):
    """Connected RGC devices (the websocket server implements it)."""

    def communicator(self, origin: str) -> Communicator:
        """The communicator of `origin`: the same object across reconnects. Commands raise
        DeviceDisconnected while the device is not connected."""
        ...

    def connected_origins(self) -> list[str]: ...

    def is_connected(self, origin: str) -> bool: ...

    async def wait_connected(self, origin: str) -> Communicator:
        """Return once `origin` has an open connection (at once if it has one); wrap in a timeout if needed."""
        ...

    def subscribe(self) -> EventSubscription:
        """Connect/disconnect events from now on; close() the subscription (or use `with`) when done."""
        ...


class OriginDirectory(Protocol):
    """Who may connect: the loaded device origins and the MITM credentials (the MappingManager)."""

    async def is_known(self, origin: str) -> bool: ...

    async def mitm_auth_ok(self, username: str, password: str) -> bool: ...

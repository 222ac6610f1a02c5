"""What can go wrong talking to a device; every error names the device origin."""

from __future__ import annotations


class DeviceError(Exception):
    """A command to a device did not give a usable answer."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin


class DeviceDisconnected(DeviceError):
    """The device has no open websocket (never connected, or it closed while the command was pending)."""

    def __init__(self, origin: str, command: str | None = None) -> None:
        super().__init__(origin, "not connected" if command is None else f"disconnected during {command!r}")
        self.command = command


class CommandTimeout(DeviceError):
    """No answer within the command's timeout (counted towards dropping the connection)."""

    def __init__(self, origin: str, command: str, timeout: float) -> None:
        super().__init__(origin, f"no answer to {command!r} within {timeout:.0f} s")
        self.command, self.timeout = command, timeout


class CommandFailed(DeviceError):
    """The device answered, but not with success: a `KO: …` answer or one the command does not accept."""

    def __init__(self, origin: str, command: str, answer: str | bytes, reason: str) -> None:
        shown = answer if isinstance(answer, str) else f"<{len(answer)} bytes>"
        super().__init__(origin, f"{command!r} failed: {reason} (answer {shown[:200]!r})")
        self.command, self.answer, self.reason = command, answer, reason

    @property
    def is_ko(self) -> bool:
        """RGC itself reported the failure (`KO: …`), e.g. `KO: Busy processing too many commands`."""
        return isinstance(self.answer, str) and self.answer.startswith("KO:")

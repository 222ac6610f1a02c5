"""The escalation ladder of a worker: data timeouts lead to game restarts, repeated restarts to a reboot.

Pure bookkeeping (the worker executes the actions), so the thresholds are easy to test and to read:
more than `restart_thresh` timeouts in a row restart the game; more than `reboot_thresh` restarts
without a success in between reboot the device (if rebooting is allowed). Any success resets both."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Action(enum.Enum):
    NONE = "none"
    RESTART = "restart game"
    REBOOT = "reboot device"


@dataclass
class Escalation:
    restart_thresh: int
    reboot_thresh: int
    reboot_allowed: bool
    timeouts: int = 0  # data timeouts since the last success or restart (trs_status.restartCounter)
    restarts: int = 0  # game restarts since the last success (trs_status.rebootCounter)

    def success(self) -> None:
        self.timeouts = self.restarts = 0

    def timeout(self) -> Action:
        self.timeouts += 1
        if self.timeouts <= self.restart_thresh:
            return Action.NONE
        self.timeouts = 0
        return self._restart()

    def start_failed(self) -> Action:
        """The game would not start: that is a failed restart."""
        return self._restart()

    def _restart(self) -> Action:
        self.restarts += 1
        if self.restarts > self.reboot_thresh and self.reboot_allowed:
            self.restarts = 0
            return Action.REBOOT
        return Action.RESTART

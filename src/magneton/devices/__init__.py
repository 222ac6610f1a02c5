"""The RGC side of devices: the websocket server, per-origin sessions and the command communicator."""

from magneton.devices.commands import GAME, PD, RGC, Command
from magneton.devices.communicator import Communicator
from magneton.devices.errors import CommandFailed, CommandTimeout, DeviceDisconnected, DeviceError
from magneton.devices.events import DeviceEvent, EventSubscription
from magneton.devices.interface import DeviceHub, OriginDirectory
from magneton.devices.server import WebsocketServer

__all__ = [
    "GAME", "PD", "RGC", "Command", "CommandFailed", "CommandTimeout", "Communicator", "DeviceDisconnected",
    "DeviceError", "DeviceEvent", "DeviceHub", "EventSubscription", "OriginDirectory", "WebsocketServer",
]

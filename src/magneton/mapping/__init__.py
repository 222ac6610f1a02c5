"""The MappingManager: areas, geofences, devices, pools, walkers, monlists, accounts and auth of one instance."""

from magneton.mapping.device_settings import DeviceSettings
from magneton.mapping.interface import MappingManagerApi
from magneton.mapping.manager import MappingManager, UnknownDevice
from magneton.mapping.records import (
    Area,
    AuthEntry,
    Device,
    GameAccount,
    Geofence,
    MonList,
    ReloadResult,
    Walker,
    WalkerArea,
)
from magneton.mapping.state import DeviceState
from magneton.mapping.status import StatusUpdate
from magneton.mapping.walker import WalkerChoice, WalkerContext, WalkerVerdict

__all__ = [
    "Area", "AuthEntry", "Device", "DeviceSettings", "DeviceState", "GameAccount", "Geofence", "MappingManager",
    "MappingManagerApi", "MonList", "ReloadResult", "StatusUpdate", "UnknownDevice", "Walker", "WalkerArea",
    "WalkerChoice", "WalkerContext", "WalkerVerdict",
]

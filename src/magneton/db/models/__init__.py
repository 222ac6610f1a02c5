"""MAD's tables as SQLAlchemy models; `Base.metadata` holds all of them."""

from magneton.db.models.base import Base, table_args
from magneton.db.models.map_data import (
    SEEN_TYPES,
    Gym,
    GymDetails,
    Pokemon,
    PokemonDisplay,
    Pokestop,
    PokestopIncident,
    Raid,
    Route,
    ScannedLocation,
    Spawnpoint,
    TrsEvent,
    TrsQuest,
    TrsS2Cell,
    TrsSpawn,
    TrsVisited,
    Weather,
)
from magneton.db.models.other import (
    FilestoreChunk,
    FilestoreMeta,
    MadApk,
    MadApkAutosearch,
    OriginHopper,
    Version,
)
from magneton.db.models.settings import (
    AREA_MODES,
    AutoconfigFile,
    AutoconfigLog,
    AutoconfigRegistration,
    MadminInstance,
    SettingsArea,
    SettingsAreaIdle,
    SettingsAreaInitMitm,
    SettingsAreaIvMitm,
    SettingsAreaMonMitm,
    SettingsAreaPokestops,
    SettingsAreaRaidsMitm,
    SettingsAuth,
    SettingsDevice,
    SettingsDevicepool,
    SettingsGeofence,
    SettingsMonivlist,
    SettingsMonivlistToMon,
    SettingsPogoauth,
    SettingsRoutecalc,
    SettingsWalker,
    SettingsWalkerarea,
    SettingsWalkerToWalkerarea,
)
from magneton.db.models.stats import (
    TrsStatsDetect,
    TrsStatsDetectSeenType,
    TrsStatsDetectWildMonRaw,
    TrsStatsLocation,
    TrsStatsLocationRaw,
    TrsStatus,
    TrsUsage,
)

metadata = Base.metadata

__all__ = [
    "AREA_MODES", "SEEN_TYPES", "AutoconfigFile", "AutoconfigLog", "AutoconfigRegistration", "Base",
    "FilestoreChunk", "FilestoreMeta", "Gym", "GymDetails", "MadApk", "MadApkAutosearch", "MadminInstance",
    "OriginHopper", "Pokemon", "PokemonDisplay", "Pokestop", "PokestopIncident", "Raid", "Route",
    "ScannedLocation", "SettingsArea", "SettingsAreaIdle", "SettingsAreaInitMitm", "SettingsAreaIvMitm",
    "SettingsAreaMonMitm", "SettingsAreaPokestops", "SettingsAreaRaidsMitm", "SettingsAuth", "SettingsDevice",
    "SettingsDevicepool", "SettingsGeofence", "SettingsMonivlist", "SettingsMonivlistToMon", "SettingsPogoauth",
    "SettingsRoutecalc", "SettingsWalker", "SettingsWalkerarea", "SettingsWalkerToWalkerarea", "Spawnpoint",
    "TrsEvent", "TrsQuest", "TrsS2Cell", "TrsSpawn", "TrsStatsDetect", "TrsStatsDetectSeenType",
    "TrsStatsDetectWildMonRaw", "TrsStatsLocation", "TrsStatsLocationRaw", "TrsStatus", "TrsUsage",
    "TrsVisited", "Version", "Weather", "metadata", "table_args",
]

"""Map data: the RocketMap-style tables plus MAD's trs_* ones that map front ends read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Double,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from magneton.db.models.base import Base, table_args
from magneton.db.types import UTCDateTime, enum, int_w, longtext, smallint, tinyint, ubigint

SEEN_TYPES = ("wild", "encounter", "nearby_stop", "nearby_cell", "lure_wild", "lure_encounter")


class Pokemon(Base):
    __tablename__ = "pokemon"
    __table_args__ = table_args(
        Index("pokemon_spawnpoint_id", "spawnpoint_id"),
        Index("pokemon_pokemon_id", "pokemon_id"),
        Index("pokemon_last_modified", "last_modified"),
        Index("pokemon_latitude_longitude", "latitude", "longitude"),
        Index("pokemon_disappear_time_pokemon_id", "disappear_time", "pokemon_id"),
        Index("individual_attack", "individual_attack"),
        Index("pokemon_iv", "individual_attack", "individual_defense", "individual_stamina"),
        Index("pokemon_disappear_time", "disappear_time"),
        Index("pokemon_seen_type", "seen_type"),
    )

    encounter_id: Mapped[int] = mapped_column(ubigint(), primary_key=True, autoincrement=False)
    spawnpoint_id: Mapped[int] = mapped_column(ubigint())
    pokemon_id: Mapped[int] = mapped_column(SmallInteger)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    disappear_time: Mapped[datetime] = mapped_column(UTCDateTime)
    individual_attack: Mapped[int | None] = mapped_column(SmallInteger)
    individual_defense: Mapped[int | None] = mapped_column(SmallInteger)
    individual_stamina: Mapped[int | None] = mapped_column(SmallInteger)
    move_1: Mapped[int | None] = mapped_column(SmallInteger)
    move_2: Mapped[int | None] = mapped_column(SmallInteger)
    cp: Mapped[int | None] = mapped_column(SmallInteger)
    cp_multiplier: Mapped[float | None] = mapped_column(Float)
    weight: Mapped[float | None] = mapped_column(Float)
    height: Mapped[float | None] = mapped_column(Float)
    gender: Mapped[int | None] = mapped_column(SmallInteger)
    form: Mapped[int | None] = mapped_column(SmallInteger)
    costume: Mapped[int | None] = mapped_column(SmallInteger)
    catch_prob_1: Mapped[float | None] = mapped_column(Double)
    catch_prob_2: Mapped[float | None] = mapped_column(Double)
    catch_prob_3: Mapped[float | None] = mapped_column(Double)
    rating_attack: Mapped[str | None] = mapped_column(String(2))
    rating_defense: Mapped[str | None] = mapped_column(String(2))
    weather_boosted_condition: Mapped[int | None] = mapped_column(SmallInteger)
    last_modified: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fort_id: Mapped[str | None] = mapped_column(String(50))
    cell_id: Mapped[int | None] = mapped_column(ubigint())
    # NOT NULL in MAD's model, but MAD's migration (and so every MAD database) left it nullable.
    seen_type: Mapped[str | None] = mapped_column(enum(*SEEN_TYPES, name="ck_pokemon_seen_type"))
    size: Mapped[int | None] = mapped_column(SmallInteger)


class PokemonDisplay(Base):
    __tablename__ = "pokemon_display"
    __table_args__ = table_args(
        ForeignKeyConstraint(["encounter_id"], ["pokemon.encounter_id"], name="pokemon_encounter_id_casc",
                             ondelete="CASCADE"),
        Index("ix_pokemon_display_pokemon", "pokemon"),
    )

    # AUTO_INCREMENT in MAD's database (a leftover of its migration); values are always given.
    encounter_id: Mapped[int] = mapped_column(ubigint(), primary_key=True, autoincrement="ignore_fk")
    pokemon: Mapped[int] = mapped_column(SmallInteger)
    gender: Mapped[int | None] = mapped_column(SmallInteger)
    form: Mapped[int | None] = mapped_column(SmallInteger)
    costume: Mapped[int | None] = mapped_column(SmallInteger)


class Gym(Base):
    __tablename__ = "gym"
    __table_args__ = table_args(
        Index("gym_last_modified", "last_modified"),
        Index("gym_last_scanned", "last_scanned"),
        Index("gym_latitude_longitude", "latitude", "longitude"),
        Index("gym_team_id", "team_id"),
    )

    gym_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    team_id: Mapped[int] = mapped_column(SmallInteger)
    guard_pokemon_id: Mapped[int] = mapped_column(SmallInteger)
    slots_available: Mapped[int] = mapped_column(SmallInteger)
    enabled: Mapped[bool] = mapped_column(Boolean)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    total_cp: Mapped[int] = mapped_column(SmallInteger)
    is_in_battle: Mapped[bool] = mapped_column(Boolean)
    weather_boosted_condition: Mapped[int | None] = mapped_column(SmallInteger)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)
    last_scanned: Mapped[datetime] = mapped_column(UTCDateTime)
    is_ex_raid_eligible: Mapped[bool | None] = mapped_column(Boolean)
    is_ar_scan_eligible: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class GymDetails(Base):
    __tablename__ = "gymdetails"

    gym_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    name: Mapped[str] = mapped_column(String(191))
    description: Mapped[str | None] = mapped_column(longtext())
    url: Mapped[str] = mapped_column(String(191))
    last_scanned: Mapped[datetime] = mapped_column(UTCDateTime)


class Raid(Base):
    __tablename__ = "raid"
    __table_args__ = table_args(
        Index("raid_level", "level"),
        Index("raid_spawn", "spawn"),
        Index("raid_start", "start"),
        Index("raid_end", "end"),
        Index("raid_last_scanned", "last_scanned"),
        Index("raid_pokemon_id", "pokemon_id"),
    )

    gym_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    spawn: Mapped[datetime] = mapped_column(UTCDateTime)
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    pokemon_id: Mapped[int | None] = mapped_column(SmallInteger)
    cp: Mapped[int | None] = mapped_column(Integer)
    move_1: Mapped[int | None] = mapped_column(SmallInteger)
    move_2: Mapped[int | None] = mapped_column(SmallInteger)
    last_scanned: Mapped[datetime] = mapped_column(UTCDateTime)
    form: Mapped[int | None] = mapped_column(SmallInteger)
    is_exclusive: Mapped[bool | None] = mapped_column(Boolean)
    gender: Mapped[int | None] = mapped_column(tinyint(1))
    costume: Mapped[int | None] = mapped_column(tinyint(1))
    evolution: Mapped[int | None] = mapped_column(SmallInteger)


class Pokestop(Base):
    __tablename__ = "pokestop"
    __table_args__ = table_args(
        Index("pokestop_last_modified", "last_modified"),
        Index("pokestop_lure_expiration", "lure_expiration"),
        Index("pokestop_active_fort_modifier", "active_fort_modifier"),
        Index("pokestop_last_updated", "last_updated"),
        Index("pokestop_latitude_longitude", "latitude", "longitude"),
    )

    pokestop_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)
    lure_expiration: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active_fort_modifier: Mapped[int | None] = mapped_column(SmallInteger)
    last_updated: Mapped[datetime | None] = mapped_column(UTCDateTime)
    name: Mapped[str | None] = mapped_column(String(128))
    image: Mapped[str | None] = mapped_column(String(255))
    is_ar_scan_eligible: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class PokestopIncident(Base):
    __tablename__ = "pokestop_incident"
    __table_args__ = table_args(
        PrimaryKeyConstraint("pokestop_id", "incident_id"),
        ForeignKeyConstraint(["pokestop_id"], ["pokestop.pokestop_id"], name="pokestop_incident_ibfk_1",
                             ondelete="CASCADE"),
        Index("ix_pokestop_incident_incident_id", "incident_id", unique=True),
        Index("ix_pokestop_incident_incident_expiration", "incident_expiration"),
    )

    pokestop_id: Mapped[str] = mapped_column(String(50))
    incident_id: Mapped[str] = mapped_column(String(50))
    # NOT NULL as MAD's migration created them (MAD's model says nullable).
    incident_start: Mapped[datetime] = mapped_column(UTCDateTime)
    incident_expiration: Mapped[datetime] = mapped_column(UTCDateTime)
    hide_incident: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    incident_display_type: Mapped[int | None] = mapped_column(smallint(3))
    incident_display_order_priority: Mapped[int | None] = mapped_column(Integer)
    custom_display: Mapped[str | None] = mapped_column(String(50))
    is_cross_stop_incident: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    character_display: Mapped[int | None] = mapped_column(smallint(4))


class TrsQuest(Base):
    __tablename__ = "trs_quest"
    __table_args__ = table_args(
        PrimaryKeyConstraint("GUID", "layer"),
        Index("quest_type", "quest_type"),
        Index("trs_quest_quest_timestamp", "quest_timestamp"),
    )

    GUID: Mapped[str] = mapped_column(String(50))
    quest_type: Mapped[int] = mapped_column(tinyint(3))
    quest_timestamp: Mapped[int] = mapped_column(Integer)
    quest_stardust: Mapped[int] = mapped_column(smallint(4))
    quest_pokemon_id: Mapped[int] = mapped_column(smallint(4))
    quest_reward_type: Mapped[int] = mapped_column(smallint(3))
    quest_item_id: Mapped[int] = mapped_column(smallint(3))
    quest_item_amount: Mapped[int] = mapped_column(tinyint(2))
    quest_target: Mapped[int] = mapped_column(tinyint(3))
    quest_condition: Mapped[str | None] = mapped_column(String(2500))
    quest_reward: Mapped[str | None] = mapped_column(String(2560))
    quest_template: Mapped[str | None] = mapped_column(String(100))
    quest_task: Mapped[str | None] = mapped_column(String(150))
    quest_pokemon_form_id: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    quest_pokemon_costume_id: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    quest_title: Mapped[str | None] = mapped_column(String(100))
    # 1 = the non-AR quest, 0 = the AR quest of the same stop.
    layer: Mapped[int] = mapped_column(tinyint(3), server_default=text("1"))


class TrsSpawn(Base):
    __tablename__ = "trs_spawn"
    __table_args__ = table_args(
        Index("event_lat_long", "eventid", "latitude", "longitude"),
        Index("trs_spawn_eventid", "eventid"),
        Index("trs_spawn_calc_endminsec", "calc_endminsec"),
        Index("trs_spawn_lat_lng", "latitude", "longitude"),
        Index("trs_spawn_last_scanned", "last_scanned"),
        Index("trs_spawn_last_non_scanned", "last_non_scanned"),
    )

    spawnpoint: Mapped[int] = mapped_column(ubigint(), primary_key=True, autoincrement=False)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    spawndef: Mapped[int] = mapped_column(Integer, server_default=text("240"))
    earliest_unseen: Mapped[int] = mapped_column(int_w(6))
    last_scanned: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_detection: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.current_timestamp())
    last_non_scanned: Mapped[datetime | None] = mapped_column(UTCDateTime)
    calc_endminsec: Mapped[str | None] = mapped_column(String(5))
    # trs_event.id, deliberately without a foreign key (as in MAD).
    eventid: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class TrsEvent(Base):
    __tablename__ = "trs_event"
    __table_args__ = table_args(Index("trs_event_event_start_end", "event_start", "event_end"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_name: Mapped[str | None] = mapped_column(String(100))
    event_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_lure_duration: Mapped[int] = mapped_column(Integer, server_default=text("30"))


class Weather(Base):
    __tablename__ = "weather"
    __table_args__ = table_args(Index("weather_last_updated", "last_updated"))

    s2_cell_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    cloud_level: Mapped[int | None] = mapped_column(SmallInteger)
    rain_level: Mapped[int | None] = mapped_column(SmallInteger)
    wind_level: Mapped[int | None] = mapped_column(SmallInteger)
    snow_level: Mapped[int | None] = mapped_column(SmallInteger)
    fog_level: Mapped[int | None] = mapped_column(SmallInteger)
    wind_direction: Mapped[int | None] = mapped_column(SmallInteger)
    gameplay_weather: Mapped[int | None] = mapped_column(SmallInteger)
    severity: Mapped[int | None] = mapped_column(SmallInteger)
    warn_weather: Mapped[int | None] = mapped_column(SmallInteger)
    world_time: Mapped[int | None] = mapped_column(SmallInteger)
    last_updated: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrsS2Cell(Base):
    __tablename__ = "trs_s2cells"
    __table_args__ = table_args(
        Index("trs_s2cells_center_lat_lng", "center_latitude", "center_longitude"),
        Index("trs_s2cells_updated", "updated"),
    )

    id: Mapped[int] = mapped_column(ubigint(), primary_key=True, autoincrement=False)
    level: Mapped[int] = mapped_column(Integer)
    center_latitude: Mapped[float] = mapped_column(Double)
    center_longitude: Mapped[float] = mapped_column(Double)
    updated: Mapped[int] = mapped_column(Integer)


class Route(Base):
    """In-game Routes. MAD's migration made pins…image_border_color_hex NOT NULL and the POI
    coordinates nullable (its model says the opposite); the database is what counts."""

    __tablename__ = "route"

    route_id: Mapped[str] = mapped_column(String(50), primary_key=True)
    waypoints: Mapped[str] = mapped_column(longtext())
    type: Mapped[int] = mapped_column(tinyint(2), server_default=text("0"))
    path_type: Mapped[int] = mapped_column(tinyint(2), server_default=text("0"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column(Integer)
    reversible: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    submission_time: Mapped[datetime] = mapped_column(UTCDateTime)
    route_distance_meters: Mapped[int] = mapped_column(Integer)
    route_duration_seconds: Mapped[int] = mapped_column(Integer)
    pins: Mapped[str] = mapped_column(longtext())
    tags: Mapped[str] = mapped_column(longtext())
    image: Mapped[str] = mapped_column(String(255))
    image_border_color_hex: Mapped[str] = mapped_column(String(8))
    route_submission_status: Mapped[int] = mapped_column(tinyint(2), server_default=text("0"))
    route_submission_update_time: Mapped[datetime] = mapped_column(UTCDateTime)
    start_poi_fort_id: Mapped[str] = mapped_column(String(50))
    start_poi_latitude: Mapped[float | None] = mapped_column(Double)
    start_poi_longitude: Mapped[float | None] = mapped_column(Double)
    start_poi_image_url: Mapped[str] = mapped_column(String(255))
    end_poi_fort_id: Mapped[str] = mapped_column(String(50))
    end_poi_latitude: Mapped[float | None] = mapped_column(Double)
    end_poi_longitude: Mapped[float | None] = mapped_column(Double)
    end_poi_image_url: Mapped[str] = mapped_column(String(255))
    last_updated: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.current_timestamp())


class ScannedLocation(Base):
    """Legacy RocketMap table, still created by MAD."""

    __tablename__ = "scannedlocation"
    __table_args__ = table_args(
        Index("scannedlocation_last_modified", "last_modified"),
        Index("scannedlocation_latitude_longitude", "latitude", "longitude"),
    )

    cellid: Mapped[int] = mapped_column(ubigint(), primary_key=True, autoincrement=False)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    last_modified: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done: Mapped[bool] = mapped_column(Boolean)
    band1: Mapped[int] = mapped_column(SmallInteger)
    band2: Mapped[int] = mapped_column(SmallInteger)
    band3: Mapped[int] = mapped_column(SmallInteger)
    band4: Mapped[int] = mapped_column(SmallInteger)
    band5: Mapped[int] = mapped_column(SmallInteger)
    midpoint: Mapped[int] = mapped_column(SmallInteger)
    width: Mapped[int] = mapped_column(SmallInteger)


class Spawnpoint(Base):
    """Legacy RocketMap table, still created by MAD (MAD's spawns live in trs_spawn)."""

    __tablename__ = "spawnpoint"
    __table_args__ = table_args(
        Index("spawnpoint_last_scanned", "last_scanned"),
        Index("spawnpoint_latitude_longitude", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(ubigint(), primary_key=True, autoincrement=False)
    latitude: Mapped[float] = mapped_column(Double)
    longitude: Mapped[float] = mapped_column(Double)
    last_scanned: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(4))
    links: Mapped[str] = mapped_column(String(4))
    missed_count: Mapped[int] = mapped_column(Integer)
    latest_seen: Mapped[int] = mapped_column(SmallInteger)
    earliest_unseen: Mapped[int] = mapped_column(SmallInteger)


class TrsVisited(Base):
    """Which account (username) spun which stop."""

    __tablename__ = "trs_visited"
    __table_args__ = table_args(PrimaryKeyConstraint("pokestop_id", "username"))

    pokestop_id: Mapped[str] = mapped_column(String(50))
    username: Mapped[str] = mapped_column(String(50))


__all__ = [
    "SEEN_TYPES", "Gym", "GymDetails", "Pokemon", "PokemonDisplay", "Pokestop", "PokestopIncident", "Raid",
    "Route", "ScannedLocation", "Spawnpoint", "TrsEvent", "TrsQuest", "TrsS2Cell", "TrsSpawn", "TrsVisited",
    "Weather",
]

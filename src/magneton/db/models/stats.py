"""Live device status (trs_status) and the statistics tables MADmin charts."""

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
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from magneton.db.models.base import Base, table_args
from magneton.db.types import Point, UTCDateTime, int_w, tinyint, ubigint, uint


class TrsStatus(Base):
    """One row per device. The column names are camelCase, as MAD, PMSF and MADmin use them."""

    __tablename__ = "trs_status"
    __table_args__ = table_args(
        Index("fk_ts_instance", "instance_id"),
        Index("fk_ts_areaid", "area_id"),
        ForeignKeyConstraint(["area_id"], ["settings_area.area_id"], name="fk_ts_areaid", ondelete="CASCADE"),
        ForeignKeyConstraint(["device_id"], ["settings_device.device_id"], name="fk_ts_dev_id", ondelete="CASCADE"),
        ForeignKeyConstraint(["instance_id"], ["madmin_instance.instance_id"], name="fk_ts_instance",
                             ondelete="CASCADE"),
    )

    instance_id: Mapped[int] = mapped_column(uint())
    device_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    currentPos: Mapped[tuple[float, float] | None] = mapped_column(Point("POINT"))
    lastPos: Mapped[tuple[float, float] | None] = mapped_column(Point("POINT"))
    routePos: Mapped[int | None] = mapped_column(Integer)
    routeMax: Mapped[int | None] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(uint())
    idle: Mapped[int | None] = mapped_column(tinyint(4), server_default=text("0"))
    rebootCounter: Mapped[int | None] = mapped_column(Integer)
    lastProtoDateTime: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lastPogoRestart: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rebootingOption: Mapped[bool | None] = mapped_column(Boolean)
    restartCounter: Mapped[int | None] = mapped_column(Integer)
    lastPogoReboot: Mapped[datetime | None] = mapped_column(UTCDateTime)
    globalrebootcount: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    globalrestartcount: Mapped[int | None] = mapped_column(Integer, server_default=text("0"))
    currentSleepTime: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class TrsStatsDetect(Base):
    __tablename__ = "trs_stats_detect"
    __table_args__ = table_args(
        Index("worker", "worker"),
        Index("trs_stats_detect_timestamp_scan", "timestamp_scan"),
    )

    id: Mapped[int] = mapped_column(int_w(100), primary_key=True)
    worker: Mapped[str] = mapped_column(String(100))
    timestamp_scan: Mapped[int] = mapped_column(Integer)
    mon: Mapped[int | None] = mapped_column(int_w(255))
    raid: Mapped[int | None] = mapped_column(int_w(255))
    mon_iv: Mapped[int | None] = mapped_column(Integer)
    quest: Mapped[int | None] = mapped_column(int_w(100))


class TrsStatsDetectSeenType(Base):
    """When a mon was first seen through each channel."""

    __tablename__ = "trs_stats_detect_seen_type"

    # AUTO_INCREMENT in MAD's database; values are always the encounter id.
    encounter_id: Mapped[int] = mapped_column(ubigint(), primary_key=True)
    encounter: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wild: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nearby_stop: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nearby_cell: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lure_encounter: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lure_wild: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TrsStatsDetectWildMonRaw(Base):
    __tablename__ = "trs_stats_detect_wild_mon_raw"
    __table_args__ = table_args(
        PrimaryKeyConstraint("worker", "encounter_id"),
        Index("encounter_id", "encounter_id"),
        # MAD's database carries this index twice, under two names.
        Index("ix_trs_stats_detect_wild_mon_raw_is_shiny", "is_shiny"),
        Index("trs_stats_detect_wild_mon_raw_is_shiny", "is_shiny"),
        Index("trs_stats_detect_wild_mon_raw_last_scanned", "last_scanned"),
    )

    worker: Mapped[str] = mapped_column(String(128))
    encounter_id: Mapped[int] = mapped_column(ubigint())
    count: Mapped[int] = mapped_column(Integer)
    is_shiny: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    first_scanned: Mapped[datetime] = mapped_column(UTCDateTime)
    last_scanned: Mapped[datetime] = mapped_column(UTCDateTime)


class TrsStatsLocation(Base):
    __tablename__ = "trs_stats_location"
    __table_args__ = table_args(
        # Named `worker` like trs_stats_detect's index; SQLite gets a table-prefixed name (see types).
        Index("worker", "worker"),
        Index("trs_stats_location_timestamp_scan", "timestamp_scan"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    worker: Mapped[str] = mapped_column(String(100))
    timestamp_scan: Mapped[int] = mapped_column(Integer)
    location_ok: Mapped[int] = mapped_column(Integer)
    location_nok: Mapped[int] = mapped_column(Integer)


class TrsStatsLocationRaw(Base):
    __tablename__ = "trs_stats_location_raw"
    __table_args__ = table_args(
        Index("latlng", "lat", "lng"),
        Index("trs_stats_location_raw_success", "success"),
        Index("trs_stats_location_raw_type", "type"),
        Index("trs_stats_location_raw_walker", "walker", mysql_length={"walker": 191}),
        Index("trs_stats_location_raw_worker", "worker"),
        Index("trs_stats_location_raw_period", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    worker: Mapped[str] = mapped_column(String(100))
    lat: Mapped[float] = mapped_column(Double)
    lng: Mapped[float] = mapped_column(Double)
    fix_ts: Mapped[int] = mapped_column(Integer)
    data_ts: Mapped[int] = mapped_column(Integer)
    type: Mapped[int] = mapped_column(tinyint(1))
    walker: Mapped[str] = mapped_column(String(255))
    success: Mapped[bool] = mapped_column(Boolean)
    period: Mapped[int] = mapped_column(Integer)
    transporttype: Mapped[int] = mapped_column(tinyint(1))


class TrsUsage(Base):
    __tablename__ = "trs_usage"
    __table_args__ = table_args(
        Index("trs_usage_inst_ts", "instance", "timestamp"),
        Index("trs_usage_instance", "instance"),
        Index("trs_usage_timestamp", "timestamp"),
    )

    usage_id: Mapped[int] = mapped_column(int_w(10), primary_key=True)
    instance: Mapped[str | None] = mapped_column(String(100))
    cpu: Mapped[float | None] = mapped_column(Float)
    memory: Mapped[float | None] = mapped_column(Float)
    garbage: Mapped[int | None] = mapped_column(int_w(5))
    timestamp: Mapped[int | None] = mapped_column(Integer)

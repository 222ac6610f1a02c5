"""MAD's configuration tables (settings_*, autoconfig_*), scoped per MADmin instance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from magneton.db.models.base import Base, table_args
from magneton.db.types import Point, UTCDateTime, enum, int_w, longblob, longtext, mediumblob, tinyint, uint

AREA_MODES = ("idle", "iv_mitm", "mon_mitm", "pokestops", "raids_mitm", "init")


def _instance_fk(name: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["instance_id"], ["madmin_instance.instance_id"], name=name, ondelete="CASCADE")


class MadminInstance(Base):
    """One row per `status_name`; created at start-up."""

    __tablename__ = "madmin_instance"
    __table_args__ = table_args(UniqueConstraint("name", name="name"))

    instance_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))


# --- areas (joined-table inheritance on settings_area.mode) -----------------------------------------


class SettingsArea(Base):
    __tablename__ = "settings_area"
    __table_args__ = table_args(_instance_fk("fk_sa_instance"), Index("fk_sa_instance", "instance_id"))

    area_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str] = mapped_column(String(128))
    # NOT NULL in MAD's model; its migrations left the column nullable.
    mode: Mapped[str | None] = mapped_column(enum(*AREA_MODES, name="ck_settings_area_mode"))

    __mapper_args__ = {"polymorphic_on": "mode"}


def _area_fks(area_fk: str, geofence_fk: str, routecalc_fk: str) -> tuple[ForeignKeyConstraint, ...]:
    return (
        ForeignKeyConstraint(["area_id"], ["settings_area.area_id"], name=area_fk, ondelete="CASCADE"),
        ForeignKeyConstraint(["geofence_included"], ["settings_geofence.geofence_id"], name=geofence_fk),
        ForeignKeyConstraint(["routecalc"], ["settings_routecalc.routecalc_id"], name=routecalc_fk),
    )


class SettingsAreaIdle(SettingsArea):
    __tablename__ = "settings_area_idle"
    __table_args__ = table_args(
        *_area_fks("fk_area_idle", "fk_area_idle_geofence", "fk_area_idle_routecalc"),
        Index("fk_area_idle_geofence", "geofence_included"),
        Index("fk_area_idle_routecalc", "routecalc"),
    )
    __mapper_args__ = {"polymorphic_identity": "idle"}

    area_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    geofence_included: Mapped[int] = mapped_column(uint())
    routecalc: Mapped[int] = mapped_column(uint())


class SettingsAreaInitMitm(SettingsArea):
    __tablename__ = "settings_area_init_mitm"
    __table_args__ = table_args(
        ForeignKeyConstraint(["area_id"], ["settings_area.area_id"], name="settings_area_init_mitm_ibfk_1",
                             ondelete="CASCADE"),
        ForeignKeyConstraint(["geofence_included"], ["settings_geofence.geofence_id"],
                             name="settings_area_init_mitm_ibfk_2"),
        ForeignKeyConstraint(["routecalc"], ["settings_routecalc.routecalc_id"],
                             name="settings_area_init_mitm_ibfk_3"),
        ForeignKeyConstraint(["monlist_id"], ["settings_monivlist.monlist_id"],
                             name="settings_area_init_mitm_ibfk_4"),
        Index("ix_settings_area_init_mitm_geofence_included", "geofence_included"),
        Index("ix_settings_area_init_mitm_routecalc", "routecalc"),
        Index("ix_settings_area_init_mitm_monlist_id", "monlist_id"),
    )
    __mapper_args__ = {"polymorphic_identity": "init"}

    # AUTO_INCREMENT in MAD's database (unlike the other area tables); ids come from settings_area.
    area_id: Mapped[int] = mapped_column(uint(), primary_key=True, autoincrement="ignore_fk")
    geofence_included: Mapped[int] = mapped_column(uint())
    geofence_excluded: Mapped[str | None] = mapped_column(String(256))
    routecalc: Mapped[int] = mapped_column(uint())
    init_mode_rounds: Mapped[int | None] = mapped_column(uint(11))
    monlist_id: Mapped[int | None] = mapped_column(uint())
    all_mons: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    speed: Mapped[float | None] = mapped_column(Float)
    max_distance: Mapped[float | None] = mapped_column(Float)
    init_type: Mapped[str] = mapped_column(enum("mons", "forts", name="ck_settings_area_init_mitm_init_type"))


class SettingsAreaIvMitm(SettingsArea):
    __tablename__ = "settings_area_iv_mitm"
    __table_args__ = table_args(
        ForeignKeyConstraint(["monlist_id"], ["settings_monivlist.monlist_id"], name="fk_ai_monid"),
        *_area_fks("fk_area_iv_mitm", "fk_area_iv_mitm_geofence", "fk_area_iv_mitm_routecalc"),
        Index("fk_ai_monid", "monlist_id"),
        Index("fk_area_iv_mitm_geofence", "geofence_included"),
        Index("fk_area_iv_mitm_routecalc", "routecalc"),
    )
    __mapper_args__ = {"polymorphic_identity": "iv_mitm"}

    area_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    geofence_included: Mapped[int] = mapped_column(uint())
    geofence_excluded: Mapped[str | None] = mapped_column(String(256))
    routecalc: Mapped[int] = mapped_column(uint())
    speed: Mapped[float | None] = mapped_column(Float)
    max_distance: Mapped[float | None] = mapped_column(Float)
    delay_after_prio_event: Mapped[int | None] = mapped_column(Integer)
    priority_queue_clustering_timedelta: Mapped[float | None] = mapped_column(Float)
    remove_from_queue_backlog: Mapped[bool | None] = mapped_column(Boolean)
    starve_route: Mapped[bool | None] = mapped_column(Boolean)
    monlist_id: Mapped[int | None] = mapped_column(uint())
    all_mons: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    min_time_left_seconds: Mapped[int | None] = mapped_column(Integer)
    encounter_all: Mapped[bool | None] = mapped_column(Boolean)


class SettingsAreaMonMitm(SettingsArea):
    __tablename__ = "settings_area_mon_mitm"
    __table_args__ = table_args(
        ForeignKeyConstraint(["monlist_id"], ["settings_monivlist.monlist_id"], name="fk_am_monid"),
        *_area_fks("fk_area_mon_mitm", "fk_area_mon_mitm_geofence", "fk_area_mon_mitm_routecalc"),
        Index("fk_am_monid", "monlist_id"),
        Index("fk_area_mon_mitm_geofence", "geofence_included"),
        Index("fk_area_mon_mitm_routecalc", "routecalc"),
    )
    __mapper_args__ = {"polymorphic_identity": "mon_mitm"}

    area_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    geofence_included: Mapped[int] = mapped_column(uint())
    geofence_excluded: Mapped[str | None] = mapped_column(String(256))
    routecalc: Mapped[int] = mapped_column(uint())
    coords_spawns_known: Mapped[bool | None] = mapped_column(Boolean)
    speed: Mapped[float | None] = mapped_column(Float)
    max_distance: Mapped[float | None] = mapped_column(Float)
    delay_after_prio_event: Mapped[int | None] = mapped_column(Integer)
    priority_queue_clustering_timedelta: Mapped[float | None] = mapped_column(Float)
    # FLOAT here (BOOL on iv_mitm): as MAD has it.
    remove_from_queue_backlog: Mapped[float | None] = mapped_column(Float)
    starve_route: Mapped[bool | None] = mapped_column(Boolean)
    monlist_id: Mapped[int | None] = mapped_column(uint())
    all_mons: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    min_time_left_seconds: Mapped[int | None] = mapped_column(Integer)
    max_clustering: Mapped[int | None] = mapped_column(Integer)
    include_event_id: Mapped[int | None] = mapped_column(Integer)
    encounter_all: Mapped[bool | None] = mapped_column(Boolean)


class SettingsAreaPokestops(SettingsArea):
    __tablename__ = "settings_area_pokestops"
    __table_args__ = table_args(
        *_area_fks("fk_area_pokestops", "fk_area_pokestops_geofence", "fk_area_pokestops_routecalc"),
        Index("fk_area_pokestops_geofence", "geofence_included"),
        Index("fk_area_pokestops_routecalc", "routecalc"),
    )
    __mapper_args__ = {"polymorphic_identity": "pokestops"}

    area_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    geofence_included: Mapped[int] = mapped_column(uint())
    geofence_excluded: Mapped[str | None] = mapped_column(String(256))
    routecalc: Mapped[int] = mapped_column(uint())
    level: Mapped[bool | None] = mapped_column(Boolean)
    speed: Mapped[float | None] = mapped_column(Float)
    max_distance: Mapped[float | None] = mapped_column(Float)
    ignore_spinned_stops: Mapped[bool | None] = mapped_column(Boolean)
    cleanup_every_spin: Mapped[bool | None] = mapped_column(Boolean)
    layer: Mapped[int] = mapped_column(tinyint(3), server_default=text("1"))


class SettingsAreaRaidsMitm(SettingsArea):
    __tablename__ = "settings_area_raids_mitm"
    __table_args__ = table_args(
        ForeignKeyConstraint(["monlist_id"], ["settings_monivlist.monlist_id"], name="fk_ar_monid"),
        *_area_fks("fk_area_raids_mitm", "fk_area_raids_mitm_geofence",
                   "fk_area_raids_mitm_routecalc"),
        Index("fk_ar_monid", "monlist_id"),
        Index("fk_area_raids_mitm_geofence", "geofence_included"),
        Index("fk_area_raids_mitm_routecalc", "routecalc"),
    )
    __mapper_args__ = {"polymorphic_identity": "raids_mitm"}

    area_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    geofence_included: Mapped[int] = mapped_column(uint())
    geofence_excluded: Mapped[str | None] = mapped_column(String(256))
    routecalc: Mapped[int] = mapped_column(uint())
    including_stops: Mapped[bool | None] = mapped_column(Boolean)
    speed: Mapped[float | None] = mapped_column(Float)
    max_distance: Mapped[float | None] = mapped_column(Float)
    delay_after_prio_event: Mapped[int | None] = mapped_column(Integer)
    priority_queue_clustering_timedelta: Mapped[float | None] = mapped_column(Float)
    remove_from_queue_backlog: Mapped[float | None] = mapped_column(Float)
    starve_route: Mapped[bool | None] = mapped_column(Boolean)
    monlist_id: Mapped[int | None] = mapped_column(uint())
    all_mons: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    encounter_all: Mapped[bool | None] = mapped_column(Boolean)


# --- geofences, routes, walkers ----------------------------------------------------------------------


class SettingsGeofence(Base):
    """fence_data: text of a JSON array of strings, `"[name]"` headers and `"lat,lng"` lines."""

    __tablename__ = "settings_geofence"
    __table_args__ = table_args(UniqueConstraint("name", "instance_id", name="name"))

    geofence_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())  # no FK in MAD
    name: Mapped[str] = mapped_column(String(128))
    fence_type: Mapped[str] = mapped_column(enum("polygon", "geojson", name="ck_settings_geofence_fence_type"),
                                            server_default="polygon")
    fence_data: Mapped[str] = mapped_column(longtext())


class SettingsRoutecalc(Base):
    __tablename__ = "settings_routecalc"
    __table_args__ = table_args(Index("settings_routecalc_instance_id", "instance_id"))

    routecalc_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())  # no FK in MAD
    recalc_status: Mapped[bool | None] = mapped_column(Boolean, server_default=text("0"))
    last_updated: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.current_timestamp())
    routefile: Mapped[str | None] = mapped_column(longtext())


class SettingsWalker(Base):
    __tablename__ = "settings_walker"
    __table_args__ = table_args(_instance_fk("fk_w_instance"), Index("fk_w_instance", "instance_id"))

    walker_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str] = mapped_column(String(128))


class SettingsWalkerarea(Base):
    __tablename__ = "settings_walkerarea"
    __table_args__ = table_args(
        _instance_fk("fk_wa_instance"),
        ForeignKeyConstraint(["area_id"], ["settings_area.area_id"], name="settings_walkerarea_ibfk_1"),
        Index("fk_wa_instance", "instance_id"),
        Index("settings_walkerarea_ibfk_1", "area_id"),
    )

    walkerarea_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str | None] = mapped_column(String(128))
    area_id: Mapped[int] = mapped_column(uint())
    algo_type: Mapped[str] = mapped_column(enum("countdown", "timer", "round", "period", "coords", "idle",
                                                name="ck_settings_walkerarea_algo_type"))
    algo_value: Mapped[str | None] = mapped_column(String(256))
    max_walkers: Mapped[int | None] = mapped_column(Integer)
    eventid: Mapped[int | None] = mapped_column(Integer)


class SettingsWalkerToWalkerarea(Base):
    __tablename__ = "settings_walker_to_walkerarea"
    __table_args__ = table_args(
        PrimaryKeyConstraint("walker_id", "walkerarea_id", "area_order"),
        ForeignKeyConstraint(["walker_id"], ["settings_walker.walker_id"],
                             name="settings_walker_to_walkerarea_ibfk_1", ondelete="CASCADE"),
        ForeignKeyConstraint(["walkerarea_id"], ["settings_walkerarea.walkerarea_id"],
                             name="settings_walker_to_walkerarea_ibfk_2"),
        Index("walker_id", "walker_id"),
        Index("walkerarea_id", "walkerarea_id"),
    )

    walker_id: Mapped[int] = mapped_column(uint())
    walkerarea_id: Mapped[int] = mapped_column(uint())
    area_order: Mapped[int] = mapped_column(Integer)


# --- devices, pools, accounts, auth --------------------------------------------------------------------

_SCREENSHOT_TYPES = ("jpeg", "png")


class SettingsDevicepool(Base):
    """"Shared settings" in MADmin: defaults a device inherits."""

    __tablename__ = "settings_devicepool"
    __table_args__ = table_args(_instance_fk("fk_sds_instance"), Index("fk_sds_instance", "instance_id"))

    pool_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str] = mapped_column(String(128))
    post_walk_delay: Mapped[float | None] = mapped_column(Float)
    post_teleport_delay: Mapped[float | None] = mapped_column(Float)
    walk_after_teleport_distance: Mapped[float | None] = mapped_column(Float)
    cool_down_sleep: Mapped[bool | None] = mapped_column(Boolean)
    post_turn_screen_on_delay: Mapped[float | None] = mapped_column(Float)
    post_pogo_start_delay: Mapped[float | None] = mapped_column(Float)
    restart_pogo: Mapped[int | None] = mapped_column(Integer)
    inventory_clear_rounds: Mapped[int | None] = mapped_column(Integer)
    mitm_wait_timeout: Mapped[float | None] = mapped_column(Float)
    vps_delay: Mapped[float | None] = mapped_column(Float)
    reboot: Mapped[bool | None] = mapped_column(Boolean)
    reboot_thresh: Mapped[int | None] = mapped_column(Integer)
    restart_thresh: Mapped[int | None] = mapped_column(Integer)
    post_screenshot_delay: Mapped[float | None] = mapped_column(Float)
    screenshot_x_offset: Mapped[int | None] = mapped_column(Integer)
    screenshot_y_offset: Mapped[int | None] = mapped_column(Integer)
    screenshot_type: Mapped[str | None] = mapped_column(
        enum(*_SCREENSHOT_TYPES, name="ck_settings_devicepool_screenshot_type"))
    screenshot_quality: Mapped[int | None] = mapped_column(Integer)
    startcoords_of_walker: Mapped[str | None] = mapped_column(String(256))
    injection_thresh_reboot: Mapped[int | None] = mapped_column(Integer)
    screendetection: Mapped[bool | None] = mapped_column(Boolean)
    enhanced_mode_quest_safe_items: Mapped[str | None] = mapped_column(String(500))
    extended_login: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class SettingsDevice(Base):
    """A device; `name` is its origin (not unique in the database, as in MAD)."""

    __tablename__ = "settings_device"
    __table_args__ = table_args(
        _instance_fk("fk_sd_instance"),
        ForeignKeyConstraint(["walker_id"], ["settings_walker.walker_id"], name="settings_device_ibfk_1"),
        ForeignKeyConstraint(["pool_id"], ["settings_devicepool.pool_id"], name="settings_device_ibfk_2"),
        Index("settings_device_ibfk_1", "walker_id"),
        Index("settings_device_ibfk_2", "pool_id"),
        Index("fk_sd_instance", "instance_id"),
    )

    device_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str] = mapped_column(String(128))
    walker_id: Mapped[int] = mapped_column(uint())
    pool_id: Mapped[int | None] = mapped_column(uint())
    adbname: Mapped[str | None] = mapped_column(String(128))
    post_walk_delay: Mapped[float | None] = mapped_column(Float)
    post_teleport_delay: Mapped[float | None] = mapped_column(Float)
    walk_after_teleport_distance: Mapped[float | None] = mapped_column(Float)
    cool_down_sleep: Mapped[bool | None] = mapped_column(Boolean)
    post_turn_screen_on_delay: Mapped[float | None] = mapped_column(Float)
    post_pogo_start_delay: Mapped[float | None] = mapped_column(Float)
    restart_pogo: Mapped[int | None] = mapped_column(Integer)
    inventory_clear_rounds: Mapped[int | None] = mapped_column(Integer)
    mitm_wait_timeout: Mapped[float | None] = mapped_column(Float)
    vps_delay: Mapped[float | None] = mapped_column(Float)
    reboot: Mapped[bool | None] = mapped_column(Boolean)
    reboot_thresh: Mapped[int | None] = mapped_column(Integer)
    restart_thresh: Mapped[int | None] = mapped_column(Integer)
    post_screenshot_delay: Mapped[float | None] = mapped_column(Float)
    screenshot_x_offset: Mapped[int | None] = mapped_column(Integer)
    screenshot_y_offset: Mapped[int | None] = mapped_column(Integer)
    screenshot_type: Mapped[str | None] = mapped_column(
        enum(*_SCREENSHOT_TYPES, name="ck_settings_device_screenshot_type"))
    screenshot_quality: Mapped[int | None] = mapped_column(Integer)
    startcoords_of_walker: Mapped[str | None] = mapped_column(String(256))
    screendetection: Mapped[bool | None] = mapped_column(Boolean)
    ggl_login_mail: Mapped[str | None] = mapped_column(String(256))
    clear_game_data: Mapped[bool | None] = mapped_column(Boolean)
    account_rotation: Mapped[bool | None] = mapped_column(Boolean)
    rotation_waittime: Mapped[float | None] = mapped_column(Float)
    rotate_on_lvl_30: Mapped[bool | None] = mapped_column(Boolean)
    injection_thresh_reboot: Mapped[int | None] = mapped_column(Integer)
    enhanced_mode_quest_safe_items: Mapped[str | None] = mapped_column(String(500))
    mac_address: Mapped[str | None] = mapped_column(String(17))
    interface_type: Mapped[str | None] = mapped_column(
        enum("lan", "wlan", name="ck_settings_device_interface_type"), server_default="lan")
    softbar_enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    # NOT NULL without a server default in MAD's database: inserts must give it.
    extended_permission_toggling: Mapped[bool] = mapped_column(Boolean, default=False)
    extended_login: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class SettingsPogoauth(Base):
    """Game accounts."""

    __tablename__ = "settings_pogoauth"
    __table_args__ = table_args(
        UniqueConstraint("login_type", "username", name="settings_pogoauth_u1"),
        UniqueConstraint("device_id", name="unique_device_id"),
        Index("fk_ac_g_instance", "instance_id"),
        Index("fk_spa_device_id", "device_id"),
        Index("settings_pogoauth_login_type", "login_type"),
        _instance_fk("fk_ac_g_instance"),
        ForeignKeyConstraint(["device_id"], ["settings_device.device_id"], name="fk_spa_device_id",
                             ondelete="CASCADE"),
    )

    instance_id: Mapped[int] = mapped_column(uint())
    account_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    device_id: Mapped[int | None] = mapped_column(uint())
    login_type: Mapped[str] = mapped_column(enum("google", "ptc", name="ck_settings_pogoauth_login_type"))
    username: Mapped[str] = mapped_column(String(128))
    password: Mapped[str] = mapped_column(String(128))
    key_blob: Mapped[bytes | None] = mapped_column(mediumblob())
    level: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    last_burn: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_burn_type: Mapped[str | None] = mapped_column(
        enum("ban", "suspended", "maintenance", name="ck_settings_pogoauth_last_burn_type"))
    last_softban_action: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_softban_action_location: Mapped[tuple[float, float] | None] = mapped_column(Point("GEOMETRY"))


class SettingsAuth(Base):
    """MADmin / MITM credentials. auth_level is a bitmask: 1 public page, 2 MITM data, 4 admin."""

    __tablename__ = "settings_auth"
    __table_args__ = table_args(
        UniqueConstraint("username", name="unique_username"),
        Index("fk_sauth_instance", "instance_id"),
        _instance_fk("fk_sauth_instance"),
    )

    auth_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    username: Mapped[str] = mapped_column(String(32))
    password: Mapped[str] = mapped_column(String(32))
    # Nullable in MAD's database (its model says NOT NULL).
    auth_level: Mapped[int | None] = mapped_column(uint(), server_default=text("0"))


class SettingsMonivlist(Base):
    __tablename__ = "settings_monivlist"
    __table_args__ = table_args(_instance_fk("fk_mil_instance"), Index("fk_mil_instance", "instance_id"))

    monlist_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    guid: Mapped[str | None] = mapped_column(String(32))
    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str] = mapped_column(String(128))


class SettingsMonivlistToMon(Base):
    __tablename__ = "settings_monivlist_to_mon"
    __table_args__ = table_args(
        PrimaryKeyConstraint("monlist_id", "mon_id"),
        ForeignKeyConstraint(["monlist_id"], ["settings_monivlist.monlist_id"],
                             name="settings_monivlist_to_mon_ibfk_1", ondelete="CASCADE"),
        Index("monlist_id", "monlist_id"),
        Index("mon_id", "mon_id"),
    )

    monlist_id: Mapped[int] = mapped_column(uint())
    mon_id: Mapped[int] = mapped_column(Integer)
    mon_order: Mapped[int] = mapped_column(Integer)


# --- device self-registration ------------------------------------------------------------------------


class AutoconfigRegistration(Base):
    """status: 0 pending, 1 accepted, 2 rejected, 4 completed."""

    __tablename__ = "autoconfig_registration"
    __table_args__ = table_args(
        Index("fk_ac_r_instance", "instance_id"),
        Index("fk_ac_r_device", "device_id"),
        ForeignKeyConstraint(["device_id"], ["settings_device.device_id"], name="fk_ac_r_device",
                             ondelete="CASCADE"),
        _instance_fk("fk_ac_r_instance"),
    )

    instance_id: Mapped[int] = mapped_column(uint())
    session_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    device_id: Mapped[int | None] = mapped_column(uint())
    ip: Mapped[str] = mapped_column(String(39))
    status: Mapped[int | None] = mapped_column(int_w(10))


class AutoconfigLog(Base):
    __tablename__ = "autoconfig_logs"
    __table_args__ = table_args(
        Index("k_acl", "instance_id", "session_id"),
        Index("fk_ac_l_instance", "session_id"),
        ForeignKeyConstraint(["session_id"], ["autoconfig_registration.session_id"], name="fk_ac_l_instance",
                             ondelete="CASCADE"),
    )

    log_id: Mapped[int] = mapped_column(uint(), primary_key=True)
    instance_id: Mapped[int] = mapped_column(uint())
    session_id: Mapped[int] = mapped_column(uint())
    log_time: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.current_timestamp())
    level: Mapped[int] = mapped_column(int_w(10), server_default=text("2"))
    msg: Mapped[str] = mapped_column(String(1024))


class AutoconfigFile(Base):
    """The PogoDroid ('pd') and RGC ('rgc') configuration, as JSON bytes."""

    __tablename__ = "autoconfig_file"
    __table_args__ = table_args(PrimaryKeyConstraint("instance_id", "name"), _instance_fk("fk_ac_f_instance"))

    instance_id: Mapped[int] = mapped_column(uint())
    name: Mapped[str] = mapped_column(String(128))
    data: Mapped[bytes] = mapped_column(longblob())

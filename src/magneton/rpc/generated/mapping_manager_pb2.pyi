from magneton.rpc.generated import shared_pb2 as _shared_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AuthenticationCredentialsRequest(_message.Message):
    __slots__ = ("auth_level",)
    AUTH_LEVEL_FIELD_NUMBER: _ClassVar[int]
    auth_level: int
    def __init__(self, auth_level: _Optional[int] = ...) -> None: ...

class AuthCredentialEntry(_message.Message):
    __slots__ = ("username", "password", "auth_level")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    AUTH_LEVEL_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    auth_level: int
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., auth_level: _Optional[int] = ...) -> None: ...

class AuthenticationCredentialsResponse(_message.Message):
    __slots__ = ("allowed_credentials",)
    class AllowedCredentialsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: AuthCredentialEntry
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[AuthCredentialEntry, _Mapping]] = ...) -> None: ...
    ALLOWED_CREDENTIALS_FIELD_NUMBER: _ClassVar[int]
    allowed_credentials: _containers.MessageMap[str, AuthCredentialEntry]
    def __init__(self, allowed_credentials: _Optional[_Mapping[str, AuthCredentialEntry]] = ...) -> None: ...

class LoadedOrigins(_message.Message):
    __slots__ = ("loaded_origins",)
    LOADED_ORIGINS_FIELD_NUMBER: _ClassVar[int]
    loaded_origins: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, loaded_origins: _Optional[_Iterable[str]] = ...) -> None: ...

class SafeItems(_message.Message):
    __slots__ = ("item_ids",)
    ITEM_IDS_FIELD_NUMBER: _ClassVar[int]
    item_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, item_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class LevelmodeResponse(_message.Message):
    __slots__ = ("is_levelmode",)
    IS_LEVELMODE_FIELD_NUMBER: _ClassVar[int]
    is_levelmode: bool
    def __init__(self, is_levelmode: _Optional[bool] = ...) -> None: ...

class QuestLayerResponse(_message.Message):
    __slots__ = ("layer",)
    LAYER_FIELD_NUMBER: _ClassVar[int]
    layer: int
    def __init__(self, layer: _Optional[int] = ...) -> None: ...

class LoginTrackingResponse(_message.Message):
    __slots__ = ("incremented",)
    INCREMENTED_FIELD_NUMBER: _ClassVar[int]
    incremented: bool
    def __init__(self, incremented: _Optional[bool] = ...) -> None: ...

class ConfigChange(_message.Message):
    __slots__ = ("version", "origins", "mitm_auths", "reload")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ORIGINS_FIELD_NUMBER: _ClassVar[int]
    MITM_AUTHS_FIELD_NUMBER: _ClassVar[int]
    RELOAD_FIELD_NUMBER: _ClassVar[int]
    version: int
    origins: _containers.RepeatedScalarFieldContainer[str]
    mitm_auths: _containers.RepeatedCompositeFieldContainer[AuthEntry]
    reload: ReloadResult
    def __init__(self, version: _Optional[int] = ..., origins: _Optional[_Iterable[str]] = ..., mitm_auths: _Optional[_Iterable[_Union[AuthEntry, _Mapping]]] = ..., reload: _Optional[_Union[ReloadResult, _Mapping]] = ...) -> None: ...

class Flag(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: bool
    def __init__(self, value: _Optional[bool] = ...) -> None: ...

class Id(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class Ids(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, ids: _Optional[_Iterable[int]] = ...) -> None: ...

class Credentials(_message.Message):
    __slots__ = ("username", "password")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ...) -> None: ...

class SetFlagRequest(_message.Message):
    __slots__ = ("worker", "value")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    value: bool
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., value: _Optional[bool] = ...) -> None: ...

class LatLng(_message.Message):
    __slots__ = ("lat", "lng")
    LAT_FIELD_NUMBER: _ClassVar[int]
    LNG_FIELD_NUMBER: _ClassVar[int]
    lat: float
    lng: float
    def __init__(self, lat: _Optional[float] = ..., lng: _Optional[float] = ...) -> None: ...

class DateTime(_message.Message):
    __slots__ = ("micros", "naive", "zone")
    MICROS_FIELD_NUMBER: _ClassVar[int]
    NAIVE_FIELD_NUMBER: _ClassVar[int]
    ZONE_FIELD_NUMBER: _ClassVar[int]
    micros: int
    naive: bool
    zone: Zone
    def __init__(self, micros: _Optional[int] = ..., naive: _Optional[bool] = ..., zone: _Optional[_Union[Zone, _Mapping]] = ...) -> None: ...

class Zone(_message.Message):
    __slots__ = ("name", "utc_offset_seconds")
    NAME_FIELD_NUMBER: _ClassVar[int]
    UTC_OFFSET_SECONDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    utc_offset_seconds: int
    def __init__(self, name: _Optional[str] = ..., utc_offset_seconds: _Optional[int] = ...) -> None: ...

class Geofence(_message.Message):
    __slots__ = ("geofence_id", "name", "fence_type", "fence_data")
    GEOFENCE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    FENCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FENCE_DATA_FIELD_NUMBER: _ClassVar[int]
    geofence_id: int
    name: str
    fence_type: str
    fence_data: str
    def __init__(self, geofence_id: _Optional[int] = ..., name: _Optional[str] = ..., fence_type: _Optional[str] = ..., fence_data: _Optional[str] = ...) -> None: ...

class Area(_message.Message):
    __slots__ = ("area_id", "name", "mode", "geofence_included", "geofence_excluded", "routecalc_id", "speed", "max_distance", "monlist_id", "all_mons", "encounter_all", "coords_spawns_known", "including_stops", "delay_after_prio_event", "priority_queue_clustering_timedelta", "remove_from_queue_backlog", "starve_route", "min_time_left_seconds", "max_clustering", "include_event_id", "level", "ignore_spinned_stops", "cleanup_every_spin", "layer", "init_mode_rounds", "init_type")
    AREA_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    GEOFENCE_INCLUDED_FIELD_NUMBER: _ClassVar[int]
    GEOFENCE_EXCLUDED_FIELD_NUMBER: _ClassVar[int]
    ROUTECALC_ID_FIELD_NUMBER: _ClassVar[int]
    SPEED_FIELD_NUMBER: _ClassVar[int]
    MAX_DISTANCE_FIELD_NUMBER: _ClassVar[int]
    MONLIST_ID_FIELD_NUMBER: _ClassVar[int]
    ALL_MONS_FIELD_NUMBER: _ClassVar[int]
    ENCOUNTER_ALL_FIELD_NUMBER: _ClassVar[int]
    COORDS_SPAWNS_KNOWN_FIELD_NUMBER: _ClassVar[int]
    INCLUDING_STOPS_FIELD_NUMBER: _ClassVar[int]
    DELAY_AFTER_PRIO_EVENT_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_QUEUE_CLUSTERING_TIMEDELTA_FIELD_NUMBER: _ClassVar[int]
    REMOVE_FROM_QUEUE_BACKLOG_FIELD_NUMBER: _ClassVar[int]
    STARVE_ROUTE_FIELD_NUMBER: _ClassVar[int]
    MIN_TIME_LEFT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    MAX_CLUSTERING_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    IGNORE_SPINNED_STOPS_FIELD_NUMBER: _ClassVar[int]
    CLEANUP_EVERY_SPIN_FIELD_NUMBER: _ClassVar[int]
    LAYER_FIELD_NUMBER: _ClassVar[int]
    INIT_MODE_ROUNDS_FIELD_NUMBER: _ClassVar[int]
    INIT_TYPE_FIELD_NUMBER: _ClassVar[int]
    area_id: int
    name: str
    mode: str
    geofence_included: int
    geofence_excluded: int
    routecalc_id: int
    speed: float
    max_distance: float
    monlist_id: int
    all_mons: bool
    encounter_all: bool
    coords_spawns_known: bool
    including_stops: bool
    delay_after_prio_event: int
    priority_queue_clustering_timedelta: float
    remove_from_queue_backlog: float
    starve_route: bool
    min_time_left_seconds: int
    max_clustering: int
    include_event_id: int
    level: bool
    ignore_spinned_stops: bool
    cleanup_every_spin: bool
    layer: int
    init_mode_rounds: int
    init_type: str
    def __init__(self, area_id: _Optional[int] = ..., name: _Optional[str] = ..., mode: _Optional[str] = ..., geofence_included: _Optional[int] = ..., geofence_excluded: _Optional[int] = ..., routecalc_id: _Optional[int] = ..., speed: _Optional[float] = ..., max_distance: _Optional[float] = ..., monlist_id: _Optional[int] = ..., all_mons: _Optional[bool] = ..., encounter_all: _Optional[bool] = ..., coords_spawns_known: _Optional[bool] = ..., including_stops: _Optional[bool] = ..., delay_after_prio_event: _Optional[int] = ..., priority_queue_clustering_timedelta: _Optional[float] = ..., remove_from_queue_backlog: _Optional[float] = ..., starve_route: _Optional[bool] = ..., min_time_left_seconds: _Optional[int] = ..., max_clustering: _Optional[int] = ..., include_event_id: _Optional[int] = ..., level: _Optional[bool] = ..., ignore_spinned_stops: _Optional[bool] = ..., cleanup_every_spin: _Optional[bool] = ..., layer: _Optional[int] = ..., init_mode_rounds: _Optional[int] = ..., init_type: _Optional[str] = ...) -> None: ...

class WalkerArea(_message.Message):
    __slots__ = ("walkerarea_id", "area_id", "algo_type", "algo_value", "max_walkers", "eventid", "name")
    WALKERAREA_ID_FIELD_NUMBER: _ClassVar[int]
    AREA_ID_FIELD_NUMBER: _ClassVar[int]
    ALGO_TYPE_FIELD_NUMBER: _ClassVar[int]
    ALGO_VALUE_FIELD_NUMBER: _ClassVar[int]
    MAX_WALKERS_FIELD_NUMBER: _ClassVar[int]
    EVENTID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    walkerarea_id: int
    area_id: int
    algo_type: str
    algo_value: str
    max_walkers: int
    eventid: int
    name: str
    def __init__(self, walkerarea_id: _Optional[int] = ..., area_id: _Optional[int] = ..., algo_type: _Optional[str] = ..., algo_value: _Optional[str] = ..., max_walkers: _Optional[int] = ..., eventid: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class Walker(_message.Message):
    __slots__ = ("walker_id", "name", "areas")
    WALKER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    AREAS_FIELD_NUMBER: _ClassVar[int]
    walker_id: int
    name: str
    areas: _containers.RepeatedCompositeFieldContainer[WalkerArea]
    def __init__(self, walker_id: _Optional[int] = ..., name: _Optional[str] = ..., areas: _Optional[_Iterable[_Union[WalkerArea, _Mapping]]] = ...) -> None: ...

class DeviceSettings(_message.Message):
    __slots__ = ("post_walk_delay", "post_teleport_delay", "walk_after_teleport_distance", "cool_down_sleep", "post_turn_screen_on_delay", "post_pogo_start_delay", "restart_pogo", "inventory_clear_rounds", "mitm_wait_timeout", "vps_delay", "reboot", "reboot_thresh", "restart_thresh", "post_screenshot_delay", "screenshot_x_offset", "screenshot_y_offset", "screenshot_type", "screenshot_quality", "startcoords_of_walker", "injection_thresh_reboot", "screendetection", "enhanced_mode_quest_safe_items", "extended_login", "adbname", "ggl_login_mail", "clear_game_data", "account_rotation", "rotation_waittime", "rotate_on_lvl_30", "mac_address", "interface_type", "softbar_enabled", "extended_permission_toggling")
    POST_WALK_DELAY_FIELD_NUMBER: _ClassVar[int]
    POST_TELEPORT_DELAY_FIELD_NUMBER: _ClassVar[int]
    WALK_AFTER_TELEPORT_DISTANCE_FIELD_NUMBER: _ClassVar[int]
    COOL_DOWN_SLEEP_FIELD_NUMBER: _ClassVar[int]
    POST_TURN_SCREEN_ON_DELAY_FIELD_NUMBER: _ClassVar[int]
    POST_POGO_START_DELAY_FIELD_NUMBER: _ClassVar[int]
    RESTART_POGO_FIELD_NUMBER: _ClassVar[int]
    INVENTORY_CLEAR_ROUNDS_FIELD_NUMBER: _ClassVar[int]
    MITM_WAIT_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    VPS_DELAY_FIELD_NUMBER: _ClassVar[int]
    REBOOT_FIELD_NUMBER: _ClassVar[int]
    REBOOT_THRESH_FIELD_NUMBER: _ClassVar[int]
    RESTART_THRESH_FIELD_NUMBER: _ClassVar[int]
    POST_SCREENSHOT_DELAY_FIELD_NUMBER: _ClassVar[int]
    SCREENSHOT_X_OFFSET_FIELD_NUMBER: _ClassVar[int]
    SCREENSHOT_Y_OFFSET_FIELD_NUMBER: _ClassVar[int]
    SCREENSHOT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SCREENSHOT_QUALITY_FIELD_NUMBER: _ClassVar[int]
    STARTCOORDS_OF_WALKER_FIELD_NUMBER: _ClassVar[int]
    INJECTION_THRESH_REBOOT_FIELD_NUMBER: _ClassVar[int]
    SCREENDETECTION_FIELD_NUMBER: _ClassVar[int]
    ENHANCED_MODE_QUEST_SAFE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_LOGIN_FIELD_NUMBER: _ClassVar[int]
    ADBNAME_FIELD_NUMBER: _ClassVar[int]
    GGL_LOGIN_MAIL_FIELD_NUMBER: _ClassVar[int]
    CLEAR_GAME_DATA_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ROTATION_FIELD_NUMBER: _ClassVar[int]
    ROTATION_WAITTIME_FIELD_NUMBER: _ClassVar[int]
    ROTATE_ON_LVL_30_FIELD_NUMBER: _ClassVar[int]
    MAC_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    INTERFACE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SOFTBAR_ENABLED_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_PERMISSION_TOGGLING_FIELD_NUMBER: _ClassVar[int]
    post_walk_delay: float
    post_teleport_delay: float
    walk_after_teleport_distance: float
    cool_down_sleep: bool
    post_turn_screen_on_delay: float
    post_pogo_start_delay: float
    restart_pogo: int
    inventory_clear_rounds: int
    mitm_wait_timeout: float
    vps_delay: float
    reboot: bool
    reboot_thresh: int
    restart_thresh: int
    post_screenshot_delay: float
    screenshot_x_offset: int
    screenshot_y_offset: int
    screenshot_type: str
    screenshot_quality: int
    startcoords_of_walker: LatLng
    injection_thresh_reboot: int
    screendetection: bool
    enhanced_mode_quest_safe_items: _containers.RepeatedScalarFieldContainer[int]
    extended_login: bool
    adbname: str
    ggl_login_mail: str
    clear_game_data: bool
    account_rotation: bool
    rotation_waittime: float
    rotate_on_lvl_30: bool
    mac_address: str
    interface_type: str
    softbar_enabled: bool
    extended_permission_toggling: bool
    def __init__(self, post_walk_delay: _Optional[float] = ..., post_teleport_delay: _Optional[float] = ..., walk_after_teleport_distance: _Optional[float] = ..., cool_down_sleep: _Optional[bool] = ..., post_turn_screen_on_delay: _Optional[float] = ..., post_pogo_start_delay: _Optional[float] = ..., restart_pogo: _Optional[int] = ..., inventory_clear_rounds: _Optional[int] = ..., mitm_wait_timeout: _Optional[float] = ..., vps_delay: _Optional[float] = ..., reboot: _Optional[bool] = ..., reboot_thresh: _Optional[int] = ..., restart_thresh: _Optional[int] = ..., post_screenshot_delay: _Optional[float] = ..., screenshot_x_offset: _Optional[int] = ..., screenshot_y_offset: _Optional[int] = ..., screenshot_type: _Optional[str] = ..., screenshot_quality: _Optional[int] = ..., startcoords_of_walker: _Optional[_Union[LatLng, _Mapping]] = ..., injection_thresh_reboot: _Optional[int] = ..., screendetection: _Optional[bool] = ..., enhanced_mode_quest_safe_items: _Optional[_Iterable[int]] = ..., extended_login: _Optional[bool] = ..., adbname: _Optional[str] = ..., ggl_login_mail: _Optional[str] = ..., clear_game_data: _Optional[bool] = ..., account_rotation: _Optional[bool] = ..., rotation_waittime: _Optional[float] = ..., rotate_on_lvl_30: _Optional[bool] = ..., mac_address: _Optional[str] = ..., interface_type: _Optional[str] = ..., softbar_enabled: _Optional[bool] = ..., extended_permission_toggling: _Optional[bool] = ...) -> None: ...

class Device(_message.Message):
    __slots__ = ("device_id", "name", "walker_id", "pool_id", "settings")
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    WALKER_ID_FIELD_NUMBER: _ClassVar[int]
    POOL_ID_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    device_id: int
    name: str
    walker_id: int
    pool_id: int
    settings: DeviceSettings
    def __init__(self, device_id: _Optional[int] = ..., name: _Optional[str] = ..., walker_id: _Optional[int] = ..., pool_id: _Optional[int] = ..., settings: _Optional[_Union[DeviceSettings, _Mapping]] = ...) -> None: ...

class MonList(_message.Message):
    __slots__ = ("monlist_id", "name", "mon_ids")
    MONLIST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MON_IDS_FIELD_NUMBER: _ClassVar[int]
    monlist_id: int
    name: str
    mon_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, monlist_id: _Optional[int] = ..., name: _Optional[str] = ..., mon_ids: _Optional[_Iterable[int]] = ...) -> None: ...

class GameAccount(_message.Message):
    __slots__ = ("account_id", "device_id", "login_type", "username", "password", "level", "last_burn", "last_burn_type", "last_softban_action", "last_softban_action_location")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    LOGIN_TYPE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    LAST_BURN_FIELD_NUMBER: _ClassVar[int]
    LAST_BURN_TYPE_FIELD_NUMBER: _ClassVar[int]
    LAST_SOFTBAN_ACTION_FIELD_NUMBER: _ClassVar[int]
    LAST_SOFTBAN_ACTION_LOCATION_FIELD_NUMBER: _ClassVar[int]
    account_id: int
    device_id: int
    login_type: str
    username: str
    password: str
    level: int
    last_burn: DateTime
    last_burn_type: str
    last_softban_action: DateTime
    last_softban_action_location: LatLng
    def __init__(self, account_id: _Optional[int] = ..., device_id: _Optional[int] = ..., login_type: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., level: _Optional[int] = ..., last_burn: _Optional[_Union[DateTime, _Mapping]] = ..., last_burn_type: _Optional[str] = ..., last_softban_action: _Optional[_Union[DateTime, _Mapping]] = ..., last_softban_action_location: _Optional[_Union[LatLng, _Mapping]] = ...) -> None: ...

class AuthEntry(_message.Message):
    __slots__ = ("username", "password", "auth_level")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    AUTH_LEVEL_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    auth_level: int
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., auth_level: _Optional[int] = ...) -> None: ...

class ReloadResult(_message.Message):
    __slots__ = ("added", "removed", "changed")
    ADDED_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    added: _containers.RepeatedScalarFieldContainer[str]
    removed: _containers.RepeatedScalarFieldContainer[str]
    changed: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, added: _Optional[_Iterable[str]] = ..., removed: _Optional[_Iterable[str]] = ..., changed: _Optional[_Iterable[str]] = ...) -> None: ...

class DeviceState(_message.Message):
    __slots__ = ("paused", "job_active", "walker_position", "area_finished", "area_id", "area_started_at", "last_mode", "route_pos", "route_max", "position")
    PAUSED_FIELD_NUMBER: _ClassVar[int]
    JOB_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    WALKER_POSITION_FIELD_NUMBER: _ClassVar[int]
    AREA_FINISHED_FIELD_NUMBER: _ClassVar[int]
    AREA_ID_FIELD_NUMBER: _ClassVar[int]
    AREA_STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_MODE_FIELD_NUMBER: _ClassVar[int]
    ROUTE_POS_FIELD_NUMBER: _ClassVar[int]
    ROUTE_MAX_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    paused: bool
    job_active: bool
    walker_position: int
    area_finished: bool
    area_id: int
    area_started_at: DateTime
    last_mode: str
    route_pos: int
    route_max: int
    position: LatLng
    def __init__(self, paused: _Optional[bool] = ..., job_active: _Optional[bool] = ..., walker_position: _Optional[int] = ..., area_finished: _Optional[bool] = ..., area_id: _Optional[int] = ..., area_started_at: _Optional[_Union[DateTime, _Mapping]] = ..., last_mode: _Optional[str] = ..., route_pos: _Optional[int] = ..., route_max: _Optional[int] = ..., position: _Optional[_Union[LatLng, _Mapping]] = ...) -> None: ...

class StatusUpdate(_message.Message):
    __slots__ = ("position", "area_id", "idle", "route_pos", "route_max", "last_proto_time", "restart_count", "reboot_count", "rebooting_option", "current_sleep_time", "pogo_restarted_at", "rebooted_at")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    AREA_ID_FIELD_NUMBER: _ClassVar[int]
    IDLE_FIELD_NUMBER: _ClassVar[int]
    ROUTE_POS_FIELD_NUMBER: _ClassVar[int]
    ROUTE_MAX_FIELD_NUMBER: _ClassVar[int]
    LAST_PROTO_TIME_FIELD_NUMBER: _ClassVar[int]
    RESTART_COUNT_FIELD_NUMBER: _ClassVar[int]
    REBOOT_COUNT_FIELD_NUMBER: _ClassVar[int]
    REBOOTING_OPTION_FIELD_NUMBER: _ClassVar[int]
    CURRENT_SLEEP_TIME_FIELD_NUMBER: _ClassVar[int]
    POGO_RESTARTED_AT_FIELD_NUMBER: _ClassVar[int]
    REBOOTED_AT_FIELD_NUMBER: _ClassVar[int]
    position: LatLng
    area_id: int
    idle: bool
    route_pos: int
    route_max: int
    last_proto_time: DateTime
    restart_count: int
    reboot_count: int
    rebooting_option: bool
    current_sleep_time: int
    pogo_restarted_at: DateTime
    rebooted_at: DateTime
    def __init__(self, position: _Optional[_Union[LatLng, _Mapping]] = ..., area_id: _Optional[int] = ..., idle: _Optional[bool] = ..., route_pos: _Optional[int] = ..., route_max: _Optional[int] = ..., last_proto_time: _Optional[_Union[DateTime, _Mapping]] = ..., restart_count: _Optional[int] = ..., reboot_count: _Optional[int] = ..., rebooting_option: _Optional[bool] = ..., current_sleep_time: _Optional[int] = ..., pogo_restarted_at: _Optional[_Union[DateTime, _Mapping]] = ..., rebooted_at: _Optional[_Union[DateTime, _Mapping]] = ...) -> None: ...

class WalkerContext(_message.Message):
    __slots__ = ("now", "event_id", "registered", "scannable", "rounds", "zones")
    class RegisteredEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: int
        def __init__(self, key: _Optional[int] = ..., value: _Optional[int] = ...) -> None: ...
    class ScannableEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: int
        def __init__(self, key: _Optional[int] = ..., value: _Optional[int] = ...) -> None: ...
    class RoundsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: int
        def __init__(self, key: _Optional[int] = ..., value: _Optional[int] = ...) -> None: ...
    class ZonesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: Zone
        def __init__(self, key: _Optional[int] = ..., value: _Optional[_Union[Zone, _Mapping]] = ...) -> None: ...
    NOW_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_FIELD_NUMBER: _ClassVar[int]
    SCANNABLE_FIELD_NUMBER: _ClassVar[int]
    ROUNDS_FIELD_NUMBER: _ClassVar[int]
    ZONES_FIELD_NUMBER: _ClassVar[int]
    now: DateTime
    event_id: int
    registered: _containers.ScalarMap[int, int]
    scannable: _containers.ScalarMap[int, int]
    rounds: _containers.ScalarMap[int, int]
    zones: _containers.MessageMap[int, Zone]
    def __init__(self, now: _Optional[_Union[DateTime, _Mapping]] = ..., event_id: _Optional[int] = ..., registered: _Optional[_Mapping[int, int]] = ..., scannable: _Optional[_Mapping[int, int]] = ..., rounds: _Optional[_Mapping[int, int]] = ..., zones: _Optional[_Mapping[int, Zone]] = ...) -> None: ...

class WalkerChoice(_message.Message):
    __slots__ = ("position", "walker_area")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    WALKER_AREA_FIELD_NUMBER: _ClassVar[int]
    position: int
    walker_area: WalkerArea
    def __init__(self, position: _Optional[int] = ..., walker_area: _Optional[_Union[WalkerArea, _Mapping]] = ...) -> None: ...

class WalkerVerdict(_message.Message):
    __slots__ = ("leave", "reason", "idle_until")
    LEAVE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDLE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    leave: bool
    reason: str
    idle_until: DateTime
    def __init__(self, leave: _Optional[bool] = ..., reason: _Optional[str] = ..., idle_until: _Optional[_Union[DateTime, _Mapping]] = ...) -> None: ...

class WalkerRequest(_message.Message):
    __slots__ = ("worker", "context", "route_exhausted")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    ROUTE_EXHAUSTED_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    context: WalkerContext
    route_exhausted: bool
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., context: _Optional[_Union[WalkerContext, _Mapping]] = ..., route_exhausted: _Optional[bool] = ...) -> None: ...

class ReportStatusRequest(_message.Message):
    __slots__ = ("worker", "update")
    WORKER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_FIELD_NUMBER: _ClassVar[int]
    worker: _shared_pb2.Worker
    update: StatusUpdate
    def __init__(self, worker: _Optional[_Union[_shared_pb2.Worker, _Mapping]] = ..., update: _Optional[_Union[StatusUpdate, _Mapping]] = ...) -> None: ...

class OptionalDevice(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: Device
    def __init__(self, value: _Optional[_Union[Device, _Mapping]] = ...) -> None: ...

class OptionalWalker(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: Walker
    def __init__(self, value: _Optional[_Union[Walker, _Mapping]] = ...) -> None: ...

class OptionalArea(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: Area
    def __init__(self, value: _Optional[_Union[Area, _Mapping]] = ...) -> None: ...

class OptionalGeofence(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: Geofence
    def __init__(self, value: _Optional[_Union[Geofence, _Mapping]] = ...) -> None: ...

class OptionalMonList(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: MonList
    def __init__(self, value: _Optional[_Union[MonList, _Mapping]] = ...) -> None: ...

class OptionalGameAccount(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: GameAccount
    def __init__(self, value: _Optional[_Union[GameAccount, _Mapping]] = ...) -> None: ...

class OptionalWalkerChoice(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: WalkerChoice
    def __init__(self, value: _Optional[_Union[WalkerChoice, _Mapping]] = ...) -> None: ...

class Areas(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedCompositeFieldContainer[Area]
    def __init__(self, values: _Optional[_Iterable[_Union[Area, _Mapping]]] = ...) -> None: ...

class GameAccounts(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedCompositeFieldContainer[GameAccount]
    def __init__(self, values: _Optional[_Iterable[_Union[GameAccount, _Mapping]]] = ...) -> None: ...

class AuthEntries(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedCompositeFieldContainer[AuthEntry]
    def __init__(self, values: _Optional[_Iterable[_Union[AuthEntry, _Mapping]]] = ...) -> None: ...

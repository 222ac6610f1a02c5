"""MAD's configuration surface: the same long names, short flags and defaults.

Sources, lowest to highest precedence: built-in defaults, the config file (`-cf/--config`, else
`$MAD_CONFIG`, else `configs/config.ini`), environment variables (`THERAIDMAPPER_<NAME>` as in MAD),
and the command line. Options are declared once, in `Config`, with their flags and help in the field
metadata; the parser is built from that declaration, so the typed record and the CLI never drift.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import configargparse

ENV_PREFIX = "THERAIDMAPPER_"
DEFAULT_CONFIG_FILE = "configs/config.ini"
MITMMAPPER_TYPES = ("standalone", "grpc", "redis")


class ConfigError(SystemExit):
    """A bad option value: carries the one line that names the option and what it expects."""

    def __init__(self, message: str) -> None:
        super().__init__(2)
        self.message = message

    def __str__(self) -> str:
        return self.message


def opt(default: Any, *flags: str, help: str, group: str, kind: str = "value",
        choices: Sequence[str] | None = None, name: str | None = None) -> Any:
    """Declare an option. `kind`: value | flag (store_true) | noflag (store_false) | bool
    (--x/--no-x) | count. `name` overrides the long flag when MAD's differs from the field name."""
    return field(default=default, metadata={
        "flags": flags, "help": help, "group": group, "kind": kind, "choices": choices, "name": name,
    })


@dataclass(frozen=True)
class Config:
    # --- General -------------------------------------------------------------------------------------
    config: str | None = opt(None, "-cf", help="Config file (default: $MAD_CONFIG or configs/config.ini)",
                             group="General")
    apk_storage_interface: str = opt("fs", "-asi", choices=("db", "fs"), group="General",
                                     help="Where MAD APKs are stored: db (needed when receivers serve APKs) or fs")

    # --- Database ------------------------------------------------------------------------------------
    dbip: str | None = opt(None, group="Database", help="MariaDB/MySQL host; unset = embedded SQLite")
    dbsocket: str | None = opt(None, group="Database", help="MariaDB/MySQL unix socket (replaces dbip)")
    dbport: int = opt(3306, group="Database", help="MariaDB/MySQL port")
    dbusername: str | None = opt(None, group="Database", help="Database user (required with dbip/dbsocket)")
    dbpassword: str | None = opt(None, group="Database", help="Database password")
    dbname: str | None = opt(None, group="Database", help="Database name (required with dbip/dbsocket)")
    db_poolsize: int = opt(5, "-dbps", group="Database", help="Database connections per process (upper bound)")
    db_url: str | None = opt(None, group="Database",
                             help="Full SQLAlchemy URL (sqlite+aiosqlite:///… or mysql+aiomysql://…); "
                                  "overrides the db* options")
    sqlite_file: str = opt("data/magneton.db", group="Database",
                           help="Embedded SQLite database file, used when no server is configured")
    no_restrict_accounts_to_instance: bool = opt(False, "-nrati", kind="flag", group="Database",
                                                 help="Share game accounts between instances")

    # --- DB cleanup ----------------------------------------------------------------------------------
    cleanup_interval: int = opt(300, group="DB cleanup", help="Seconds between cleanup runs")
    delete_mons_n_hours: int | None = opt(None, group="DB cleanup",
                                          help="Delete mons that disappeared more than N hours ago")
    delete_mons_limit: int = opt(5000, group="DB cleanup", help="Rows deleted per batch (0 = unlimited)")
    delete_incidents_n_hours: int | None = opt(None, group="DB cleanup",
                                               help="Delete incidents that ended more than N hours ago")

    # --- Websocket -----------------------------------------------------------------------------------
    ws_ip: str = opt("0.0.0.0", group="Websocket", help="Bind address of the device (RGC) websocket")
    ws_port: int = opt(8080, group="Websocket", help="Port of the device (RGC) websocket")
    websocket_command_timeout: int = opt(30, group="Websocket", help="Default seconds a device command may take")

    # --- MITM receiver -------------------------------------------------------------------------------
    mitmreceiver_ip: str = opt("0.0.0.0", group="MITM receiver", help="Bind address of the MITM receiver")
    mitmreceiver_port: int = opt(8000, group="MITM receiver", help="Port of the MITM receiver")
    mitmreceiver_data_workers: int = opt(2, group="MITM receiver", help="Data processing workers per receiver")
    mitmreceiver_queue_size: int = opt(5000, group="MITM receiver",
                                       help="Entries a receiver queues for processing before it answers 503")
    mitm_ignore_proc_time_thresh: int = opt(0, group="MITM receiver",
                                            help="Ignore data older than N seconds on arrival (0 = off)")
    mitm_ignore_pre_boot: bool | None = opt(None, kind="bool", group="MITM receiver",
                                            help="Ignore data captured before this process started")
    mitm_status_password: str = opt("", group="MITM receiver", help="Kept for MAD compatibility (unused)")
    mitm_unix_socket: str | None = opt(None, group="MITM receiver",
                                       help="Listen on this unix socket instead of TCP")
    enable_x_forwarded_path_mitm_receiver: bool | None = opt(None, kind="bool", group="MITM receiver",
                                                             help="Honour X-Forwarded-Path from a proxy")
    insecure_auth: bool | None = opt(None, kind="bool", group="MITM receiver",
                                     help="Accept MITM data without Basic auth")

    # --- gRPC: MappingManager, MitmMapper, StatsHandler ----------------------------------------------
    mappingmanager_ip: str = opt("127.0.0.1", group="MappingManager", help="Bind (server) / target (client)")
    mappingmanager_port: int = opt(50052, group="MappingManager", help="gRPC port")
    mappingmanager_tls_private_key_file: str | None = opt(None, group="MappingManager", help="TLS key")
    mappingmanager_tls_cert_file: str | None = opt(None, group="MappingManager", help="TLS certificate")
    mappingmanager_compression: bool | None = opt(None, kind="bool", group="MappingManager",
                                                  help="gzip-compress gRPC messages")
    mitmmapper_type: str | None = opt(None, "-mitmtype", choices=MITMMAPPER_TYPES, group="MitmMapper",
                                      help="standalone (in process), grpc or redis")
    mitmmapper_ip: str = opt("127.0.0.1", group="MitmMapper", help="Bind (server) / target (client)")
    mitmmapper_port: int = opt(50051, group="MitmMapper", help="gRPC port")
    mitmmapper_tls_private_key_file: str | None = opt(None, group="MitmMapper", help="TLS key")
    mitmmapper_tls_cert_file: str | None = opt(None, group="MitmMapper", help="TLS certificate")
    mitmmapper_compression: bool | None = opt(None, kind="bool", group="MitmMapper",
                                              help="gzip-compress gRPC messages")
    statshandler_ip: str = opt("127.0.0.1", group="StatsHandler", help="Bind (server) / target (client)")
    statshandler_port: int = opt(50053, group="StatsHandler", help="gRPC port")
    statshandler_tls_private_key_file: str | None = opt(None, group="StatsHandler", help="TLS key")
    statshandler_tls_cert_file: str | None = opt(None, group="StatsHandler", help="TLS certificate")
    statshandler_compression: bool | None = opt(None, kind="bool", group="StatsHandler",
                                                help="gzip-compress gRPC messages")

    # --- Walk ----------------------------------------------------------------------------------------
    enable_worker_specific_extra_start_stop_handling: bool = opt(False, kind="flag", group="Walk",
                                                                 help="Per-worker start/stop hooks")
    maximum_valid_distance: float = opt(5.0, "-mvd", group="Walk",
                                        help="Metres a device may be off its target and still count as there")

    # --- Jobs ----------------------------------------------------------------------------------------
    job_dt_wh: bool = opt(False, kind="flag", group="Jobs", help="Send job status to a Discord webhook")
    job_dt_wh_url: str = opt("", group="Jobs", help="Discord webhook URL for job status")
    job_dt_send_type: str = opt("SUCCESS|FAILURE|NOCONNECT|TERMINATED", group="Jobs",
                                help="Job states reported to the webhook")
    job_restart_notconnect: int = opt(0, group="Jobs", help="Minutes before a job of an offline device restarts")
    job_thread_count: int = opt(1, group="Jobs", help="Concurrent device jobs")

    # --- Run types -----------------------------------------------------------------------------------
    only_scan: bool = opt(True, "-os", kind="flag", group="Run types", help="Scan (always on, as in MAD)")
    ocr_thread_count: int = opt(2, group="Run types", help="OCR worker processes")
    omp_thread_limit: int | None = opt(None, group="Run types", help="OMP_THREAD_LIMIT for OCR")
    only_routes: bool = opt(False, "-or", kind="flag", group="Run types", help="Only calculate routes")
    config_mode: bool = opt(False, "-cm", kind="flag", group="Run types",
                            help="Configuration mode: MADmin only, no scanning")
    scan_nearby_mons: bool = opt(False, "-nm", kind="flag", group="Run types", help="Store nearby mons")
    disable_nearby_cell: bool = opt(False, kind="flag", group="Run types", help="Skip cell-based nearby mons")
    scan_lured_mons: bool = opt(False, "-lm", kind="flag", group="Run types", help="Store lured mons")
    default_nearby_timeleft: int = opt(15, group="Run types", help="Minutes a nearby mon is assumed to stay")
    default_unknown_timeleft: int = opt(3, group="Run types",
                                        help="Minutes a mon of unknown despawn time is assumed to stay")
    status_name: str = opt("mad", "-sn", name="status-name", group="Run types",
                           help="Instance name; every process of one instance must use the same one")
    no_event_checker: bool = opt(False, kind="flag", group="Run types", help="Do not follow trs_event")
    unit_tests: bool = opt(False, "-ut", kind="flag", group="Run types", help="Kept for MAD compatibility")

    # --- Paths ---------------------------------------------------------------------------------------
    temp_path: str = opt("temp", group="Paths", help="Temporary files")
    upload_path: str = opt("upload", group="Paths", help="Uploaded files (APKs)")
    file_path: str = opt("files", group="Paths", help="Generated files")
    mappings: str = opt("configs/mappings.json", "-mf", group="Paths", help="Legacy mappings file (unused)")

    # --- Other ---------------------------------------------------------------------------------------
    home_lat: float = opt(0.0, group="Other", help="Home latitude")
    home_lng: float = opt(0.0, group="Other", help="Home longitude")
    language: str = opt("en", "-L", group="Other", help="Language of quest texts")
    no_quest_titles: bool = opt(False, kind="flag", group="Other", help="Do not store quest titles")
    wait_for_data_sleep_duration: float = opt(1.0, group="Other",
                                              help="Seconds between a worker's checks for fresh data")

    # --- MADmin --------------------------------------------------------------------------------------
    disable_madmin: bool = opt(False, kind="flag", group="MADmin", help="Do not start MADmin")
    madmin_base_path: str = opt("/", group="MADmin", help="Path prefix behind a reverse proxy")
    madmin_ip: str = opt("0.0.0.0", group="MADmin", help="Bind address of MADmin")
    madmin_port: int = opt(5000, group="MADmin", help="Port of MADmin")
    madmin_unix_socket: str | None = opt(None, group="MADmin", help="Listen on this unix socket instead")
    madmin_enable_auth: bool | None = opt(None, kind="bool", group="MADmin",
                                          help="Require a settings_auth login for MADmin")
    madmin_time: int = opt(24, group="MADmin", help="Clock format: 24 or 12")
    madmin_noresponsive: bool = opt(True, kind="noflag", group="MADmin", help="Disable responsive layout")
    quests_public: bool = opt(False, kind="flag", group="MADmin", help="Quest page without login")
    outdated_spawnpoints: int = opt(3, group="MADmin", help="Days after which a spawnpoint counts as outdated")
    quest_stats_fences: str = opt("", group="MADmin", help="Fences for the quest statistics")
    enable_x_forwarded_path_madmin: bool | None = opt(None, kind="bool", group="MADmin",
                                                      help="Honour X-Forwarded-Path from a proxy")

    # --- System statistics ---------------------------------------------------------------------------
    statistic: bool = opt(False, kind="flag", group="System statistics", help="Record CPU/memory to trs_usage")
    stat_gc: bool = opt(False, kind="flag", group="System statistics", help="Record garbage collector stats")
    statistic_interval: int = opt(60, group="System statistics", help="Seconds between usage records")
    trace: bool = opt(False, kind="flag", group="System statistics", help="Trace memory allocations")

    # --- Game statistics -----------------------------------------------------------------------------
    game_stats: bool = opt(False, kind="flag", group="Game statistics", help="Record detection statistics")
    game_stats_raw: bool = opt(False, kind="flag", group="Game statistics", help="Record raw detections")
    game_stats_mon_seen: bool = opt(False, kind="flag", group="Game statistics",
                                    help="Record how each mon was first seen")
    game_stats_save_time: int = opt(300, group="Game statistics", help="Seconds between stats flushes")
    raw_delete_shiny: int = opt(0, group="Game statistics", help="Days to keep raw shiny stats (0 = forever)")

    # --- ADB -----------------------------------------------------------------------------------------
    use_adb: bool = opt(False, kind="flag", group="ADB", help="Use ADB for device control")
    adb_server_ip: str = opt("127.0.0.1", group="ADB", help="ADB server address")
    adb_server_port: int = opt(5037, group="ADB", help="ADB server port")

    # --- Webhook -------------------------------------------------------------------------------------
    webhook: bool = opt(False, kind="flag", group="Webhook", help="Send webhooks")
    webhook_url: str = opt("", group="Webhook", help="Webhook targets, comma separated, [type …]url routing")
    webhook_submit_exraids: bool = opt(False, kind="flag", group="Webhook", help="Send EX raids")
    webhook_excluded_areas: str = opt("", group="Webhook", help="Areas whose data is not sent")
    quest_webhook_flavor: str = opt("default", choices=("default", "poracle"), group="Webhook",
                                    help="Quest payload shape")
    webhook_start_time: int = opt(0, group="Webhook", help="Only send data newer than this epoch")
    webhook_max_payload_size: int = opt(0, group="Webhook", help="Messages per POST (0 = unlimited)")
    webhook_worker_interval: int = opt(10, group="Webhook", help="Seconds between webhook rounds")

    # --- Rarity --------------------------------------------------------------------------------------
    rarity_hours: int = opt(72, group="Rarity", help="Hours of sightings that rarity is computed from")
    rarity_update_frequency: int = opt(60, group="Rarity", help="Minutes between rarity updates")

    # --- Logging -------------------------------------------------------------------------------------
    no_file_logs: bool = opt(False, kind="flag", group="Logging", help="Log to the console only")
    log_path: str = opt("logs/", group="Logging", help="Folder of the log files")
    log_filename: str = opt("%Y%m%d_%H%M_<SN>.log", group="Logging",
                            help="Log file name (strftime; <SN> = status-name)")
    log_file_rotation: str = opt("50 MB", group="Logging", help="Rotate the log file at this size")
    log_level: str | None = opt(None, group="Logging", help="Console level (TRACE…CRITICAL); overrides -v")
    verbose: int = opt(0, "-v", kind="count", group="Logging", help="-v debug, -vv debug with libraries")
    log_file_level: str | None = opt(None, group="Logging", help="File level (default: the console level)")
    log_file_retention: int = opt(10, group="Logging", help="Days rotated log files are kept")
    no_log_colors: bool = opt(False, kind="flag", group="Logging", help="Plain console output")

    # --- MAD APKs ------------------------------------------------------------------------------------
    token_dispenser: str = opt("configs/token-dispensers.ini", "-td", group="MAD APKs",
                               help="Token dispensers for APK downloads")
    token_dispenser_user: str = opt("", group="MAD APKs", help="User token dispensers")
    gmail_user: str = opt("", group="MAD APKs", help="Google account for APK downloads")
    gmail_passwd: str = opt("", group="MAD APKs", help="Google account password")
    maddev_api_token: str | None = opt(None, group="MAD APKs", help="API token for APK downloads")

    # --- Autoconfig ----------------------------------------------------------------------------------
    autoconfig_no_auth: bool = opt(False, "-acna", kind="flag", group="Autoconfig",
                                   help="Autoconfig without MITM auth")

    # --- PTC login tracking --------------------------------------------------------------------------
    ip_service: str = opt("https://checkip.amazonaws.com", group="Login tracking", help="Public IP lookup")
    enable_login_tracking: bool = opt(False, kind="flag", group="Login tracking",
                                      help="Limit game logins per IP")
    login_tracking_host: str | None = opt(None, group="Login tracking", help="Redis host for login tracking")
    login_tracking_port: int = opt(6379, group="Login tracking", help="Redis port")
    login_tracking_username: str = opt("", group="Login tracking", help="Redis user")
    login_tracking_password: str = opt("", group="Login tracking", help="Redis password")
    login_tracking_database: int = opt(0, group="Login tracking", help="Redis database")
    login_tracking_timeout: int = opt(360, group="Login tracking", help="Seconds a login slot is held")
    login_tracking_limit: int = opt(15, group="Login tracking", help="Logins per IP per timeout")

    # --- Redis cache ---------------------------------------------------------------------------------
    enable_cache: bool = opt(False, "-ec", kind="flag", group="Redis cache",
                             help="Use the Redis cache for incoming data (shared by several receivers)")
    cache_host: str = opt("127.0.0.1", group="Redis cache", help="Redis host")
    cache_socket: str | None = opt(None, group="Redis cache", help="Redis unix socket (replaces host)")
    cache_port: int = opt(6379, group="Redis cache", help="Redis port")
    cache_username: str | None = opt(None, group="Redis cache", help="Redis user")
    cache_password: str | None = opt(None, group="Redis cache", help="Redis password")
    cache_database: int = opt(0, group="Redis cache", help="Redis database")

    # --- Misc ----------------------------------------------------------------------------------------
    enable_early_maintenance_detection: bool = opt(False, kind="flag", group="Misc",
                                                   help="Detect game maintenance from screenshots")
    redis_report_queue_key: str | None = opt(None, group="Misc", help="Redis key for the receiver queue size")
    redis_report_queue_interval: int = opt(30, group="Misc", help="Seconds between queue size reports")

    # --- derived -------------------------------------------------------------------------------------
    @property
    def uses_server_db(self) -> bool:
        return bool(self.dbip or self.dbsocket or (self.db_url and not self.db_url.startswith("sqlite")))

    @property
    def uses_redis(self) -> bool:
        return self.enable_cache or self.mitmmapper_type == "redis"


# ----------------------------------------------------------------------------------------------------
# Parser
# ----------------------------------------------------------------------------------------------------

_BOOL_WORDS = {"true": True, "yes": True, "on": True, "1": True,
               "false": False, "no": False, "off": False, "0": False}


def _value_type(annotation: str) -> type:
    if annotation.startswith("int"):
        return int
    if annotation.startswith("float"):
        return float
    return str


def _expected(annotation: str) -> str:
    return {int: "a whole number", float: "a number"}.get(_value_type(annotation), "text")


def long_name(f: dataclasses.Field) -> str:
    return f.metadata.get("name") or f.name


class _Parser(configargparse.ArgumentParser):
    """configargparse with MAD's sources and one-line errors instead of usage dumps."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse hook
        raise ConfigError(f"configuration error: {message}")


def build_parser(prog: str = "magneton", description: str | None = None) -> configargparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description=description,
        default_config_files=[],  # resolved by parse_config so MAD_CONFIG and -cf behave as in MAD
        auto_env_var_prefix=ENV_PREFIX,
        args_for_setting_config_path=[],
        config_file_parser_class=configargparse.DefaultConfigFileParser,
        add_help=False,
    )
    groups: dict[str, argparse._ArgumentGroup] = {}
    for f in dataclasses.fields(Config):
        meta = f.metadata
        group = groups.setdefault(meta["group"], parser.add_argument_group(meta["group"]))
        flags = [*meta["flags"], f"--{long_name(f)}"]
        kw: dict[str, Any] = {"dest": f.name, "help": meta["help"], "default": f.default}
        if f.name == "config":
            kw["is_config_file"] = True
        kind = meta["kind"]
        if kind == "flag":
            group.add_argument(*flags, action="store_true", **kw)
        elif kind == "noflag":
            group.add_argument(*flags, action="store_false", **kw)
        elif kind == "count":
            group.add_argument(*flags, action="count", **kw)
        elif kind == "bool":
            group.add_argument(*flags, type=_parse_bool(long_name(f)), nargs="?", const=True, **kw)
            group.add_argument(f"--no-{long_name(f)}", dest=f.name, action="store_false",
                               help=argparse.SUPPRESS)
        else:
            group.add_argument(*flags, type=_typed(long_name(f), f.type), choices=meta["choices"], **kw)
    return parser


def _parse_bool(name: str):
    def convert(text: str) -> bool:
        try:
            return _BOOL_WORDS[str(text).strip().lower()]
        except KeyError:
            raise ConfigError(f"configuration error: {name} must be true or false, got {text!r}") from None
    return convert


def _typed(name: str, annotation: str):
    value_type = _value_type(str(annotation))

    def convert(text: str) -> Any:
        try:
            return value_type(text)
        except ValueError:
            raise ConfigError(
                f"configuration error: {name} must be {_expected(str(annotation))}, got {text!r}") from None
    return convert


def config_file_path(argv: Sequence[str], environ: dict[str, str]) -> str | None:
    """The config file MAD would read: -cf/--config, else $MAD_CONFIG, else configs/config.ini if it exists."""
    for i, arg in enumerate(argv):
        if arg in ("-cf", "--config") and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    if environ.get("MAD_CONFIG"):
        return environ["MAD_CONFIG"]
    return DEFAULT_CONFIG_FILE if Path(DEFAULT_CONFIG_FILE).is_file() else None


def parse_config(argv: Sequence[str] | None = None, environ: dict[str, str] | None = None) -> Config:
    """Parse every source into a validated `Config`; raise ConfigError on the first bad value."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = dict(os.environ if environ is None else environ)
    path = config_file_path(argv, environ)
    if path is not None and not Path(path).is_file():
        raise ConfigError(f"configuration error: config file {path!r} does not exist")
    if path is not None and not any(a in ("-cf", "--config") or a.startswith("--config=") for a in argv):
        argv = ["--config", path, *argv]
    parser = build_parser()
    namespace = parser.parse_args(argv, env_vars=environ)
    cfg = Config(**vars(namespace))
    validate(cfg)
    return cfg


def validate(cfg: Config) -> None:
    for name in ("ws_port", "mitmreceiver_port", "madmin_port", "mitmmapper_port", "statshandler_port",
                 "mappingmanager_port", "dbport", "cache_port", "adb_server_port", "login_tracking_port"):
        port = getattr(cfg, name)
        if not 0 < port < 65536:
            raise ConfigError(f"configuration error: {name} must be a port between 1 and 65535, got {port}")
    for name in ("db_poolsize", "mitmreceiver_data_workers", "mitmreceiver_queue_size"):
        if getattr(cfg, name) < 1:
            raise ConfigError(f"configuration error: {name} must be at least 1, got {getattr(cfg, name)}")
    if cfg.dbip or cfg.dbsocket:
        for name in ("dbname", "dbusername"):
            if not getattr(cfg, name):
                via = "dbip" if cfg.dbip else "dbsocket"
                raise ConfigError(f"configuration error: {name} is required when {via} is set")
    if cfg.db_url is not None and not cfg.db_url.startswith(("sqlite", "mysql", "mariadb")):
        raise ConfigError("configuration error: db_url must be a sqlite+aiosqlite:// or mysql+aiomysql:// URL, "
                          f"got {cfg.db_url!r}")
    if not cfg.status_name.strip():
        raise ConfigError("configuration error: status-name must not be empty")
    for name in ("mappingmanager", "mitmmapper", "statshandler"):
        key = getattr(cfg, f"{name}_tls_private_key_file")
        cert = getattr(cfg, f"{name}_tls_cert_file")
        if bool(key) != bool(cert):
            raise ConfigError(f"configuration error: {name}_tls_private_key_file and {name}_tls_cert_file "
                              "must be set together")


# ----------------------------------------------------------------------------------------------------
# The documented example file (configs/config.ini.example is this text; a test keeps them equal)
# ----------------------------------------------------------------------------------------------------

EXAMPLE_HEADER = """\
# Magneton configuration: MAD's options, names and defaults.
#
# Copy to configs/config.ini (or point -cf/--config or $MAD_CONFIG at your file). Syntax: `option: value`
# or `option = value`, one per line; a flag is written alone (`scan_nearby_mons`) or with true/false.
# Every option can also be set in the environment as THERAIDMAPPER_<OPTION> (for example
# THERAIDMAPPER_WS_PORT=8081) and on the command line as --option; the command line wins over the
# environment, which wins over this file. Lines starting with # are comments; every option below is shown
# commented out with its default.
#
# With no database options at all, Magneton uses an embedded SQLite file (sqlite_file) and needs no server.
# For production, set dbip (or dbsocket), dbusername, dbpassword and dbname for MariaDB/MySQL, then run
# `magneton db upgrade` (or `alembic upgrade head`) once before starting the split roles.
"""


def example_config() -> str:
    lines = [EXAMPLE_HEADER]
    group = None
    for f in dataclasses.fields(Config):
        meta = f.metadata
        if f.name == "config":
            continue
        if meta["group"] != group:
            group = meta["group"]
            lines.append(f"\n# ---- {group} " + "-" * (96 - len(group)))
        name, text, kind = long_name(f), meta["help"], meta["kind"]
        if meta["choices"]:
            text += f" ({' | '.join(meta['choices'])})"
        if kind == "flag":
            lines.append(f"# {text} [flag, default off]\n#{name}")
        elif kind == "noflag":
            lines.append(f"# {text} [flag: setting it turns this off]\n#{name}")
        elif kind == "count":
            lines.append(f"# {text}\n#{name}: 0")
        else:
            default = "" if f.default is None else str(f.default).lower() if isinstance(f.default, bool) \
                else f.default
            lines.append(f"# {text}\n#{name}: {default}")
    return "\n".join(lines) + "\n"

"""Configuration: MAD's option surface, source precedence and one-line errors for every bad value."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from magneton.config import Config, ConfigError, example_config, long_name, parse_config

ROOT = Path(__file__).resolve().parents[1]

# Every option of MAD's walkerArgs (reference mad-architecture.md §6) with MAD's default.
MAD_OPTIONS = {
    "apk_storage_interface": "fs",  # required in MAD; defaulted here so the embedded quick start needs no file
    "dbip": None, "dbsocket": None, "dbport": 3306, "dbusername": None, "dbpassword": None, "dbname": None,
    "db_poolsize": 5, "no_restrict_accounts_to_instance": False,
    "cleanup_interval": 300, "delete_mons_n_hours": None, "delete_mons_limit": 5000,
    "delete_incidents_n_hours": None,
    "ws_ip": "0.0.0.0", "ws_port": 8080, "websocket_command_timeout": 30,
    "mitmreceiver_ip": "0.0.0.0", "mitmreceiver_port": 8000, "mitmreceiver_data_workers": 2,
    "mitm_ignore_proc_time_thresh": 0, "mitm_ignore_pre_boot": None, "mitm_status_password": "",
    "mitm_unix_socket": None, "enable_x_forwarded_path_mitm_receiver": None, "insecure_auth": None,
    "mappingmanager_ip": "127.0.0.1", "mappingmanager_port": 50052,
    "mappingmanager_tls_private_key_file": None, "mappingmanager_tls_cert_file": None,
    "mappingmanager_compression": None,
    "mitmmapper_type": None, "mitmmapper_ip": "127.0.0.1", "mitmmapper_port": 50051,
    "mitmmapper_tls_private_key_file": None, "mitmmapper_tls_cert_file": None, "mitmmapper_compression": None,
    "statshandler_ip": "127.0.0.1", "statshandler_port": 50053, "statshandler_tls_private_key_file": None,
    "statshandler_tls_cert_file": None, "statshandler_compression": None,
    "enable_worker_specific_extra_start_stop_handling": False, "maximum_valid_distance": 5,
    "job_dt_wh": False, "job_dt_wh_url": "", "job_dt_send_type": "SUCCESS|FAILURE|NOCONNECT|TERMINATED",
    "job_restart_notconnect": 0, "job_thread_count": 1,
    "only_scan": True, "ocr_thread_count": 2, "omp_thread_limit": None, "only_routes": False,
    "config_mode": False, "scan_nearby_mons": False, "disable_nearby_cell": False, "scan_lured_mons": False,
    "default_nearby_timeleft": 15, "default_unknown_timeleft": 3, "status-name": "mad",
    "no_event_checker": False, "unit_tests": False,
    "temp_path": "temp", "upload_path": "upload", "file_path": "files", "mappings": "configs/mappings.json",
    "home_lat": 0.0, "home_lng": 0.0, "language": "en", "no_quest_titles": False,
    "wait_for_data_sleep_duration": 1.0,
    "disable_madmin": False, "madmin_base_path": "/", "madmin_ip": "0.0.0.0", "madmin_port": 5000,
    "madmin_unix_socket": None, "madmin_enable_auth": None, "madmin_time": 24, "madmin_noresponsive": True,
    "quests_public": False, "outdated_spawnpoints": 3, "quest_stats_fences": "",
    "enable_x_forwarded_path_madmin": None,
    "statistic": False, "stat_gc": False, "statistic_interval": 60, "trace": False,
    "game_stats": False, "game_stats_raw": False, "game_stats_mon_seen": False, "game_stats_save_time": 300,
    "raw_delete_shiny": 0,
    "use_adb": False, "adb_server_ip": "127.0.0.1", "adb_server_port": 5037,
    "webhook": False, "webhook_url": "", "webhook_submit_exraids": False, "webhook_excluded_areas": "",
    "quest_webhook_flavor": "default", "webhook_start_time": 0, "webhook_max_payload_size": 0,
    "webhook_worker_interval": 10,
    "rarity_hours": 72, "rarity_update_frequency": 60,
    "no_file_logs": False, "log_path": "logs/", "log_filename": "%Y%m%d_%H%M_<SN>.log",
    "log_file_rotation": "50 MB", "log_level": None, "verbose": 0, "log_file_level": None,
    "log_file_retention": 10, "no_log_colors": False,
    "token_dispenser": "configs/token-dispensers.ini", "token_dispenser_user": "", "gmail_user": "",
    "gmail_passwd": "", "maddev_api_token": None,
    "autoconfig_no_auth": False,
    "ip_service": "https://checkip.amazonaws.com", "enable_login_tracking": False, "login_tracking_host": None,
    "login_tracking_port": 6379, "login_tracking_username": "", "login_tracking_password": "",
    "login_tracking_database": 0, "login_tracking_timeout": 360, "login_tracking_limit": 15,
    "enable_cache": False, "cache_host": "127.0.0.1", "cache_socket": None, "cache_port": 6379,
    "cache_username": None, "cache_password": None, "cache_database": 0,
    "enable_early_maintenance_detection": False, "redis_report_queue_key": None,
    "redis_report_queue_interval": 30,
}

# MAD's short flags.
MAD_SHORT_FLAGS = {"-asi": "apk_storage_interface", "-dbps": "db_poolsize", "-nrati":
                   "no_restrict_accounts_to_instance", "-mitmtype": "mitmmapper_type",
                   "-mvd": "maximum_valid_distance", "-os": "only_scan", "-or": "only_routes",
                   "-cm": "config_mode", "-nm": "scan_nearby_mons", "-lm": "scan_lured_mons",
                   "-sn": "status_name", "-ut": "unit_tests", "-mf": "mappings", "-L": "language",
                   "-td": "token_dispenser", "-acna": "autoconfig_no_auth", "-ec": "enable_cache",
                   "-cf": "config", "-v": "verbose"}


@pytest.fixture(autouse=True)
def _no_local_config(tmp_path, monkeypatch):
    """Run each test where no configs/config.ini exists, unless the test writes one."""
    monkeypatch.chdir(tmp_path)


def test_every_mad_option_has_mads_name_and_default():
    cfg = parse_config([], {})
    fields = {long_name(f): f.name for f in dataclasses.fields(Config)}
    for name, default in MAD_OPTIONS.items():
        assert name in fields, f"MAD option {name} missing"
        assert getattr(cfg, fields[name]) == default, name


def test_mads_short_flags():
    field = {f.name: f for f in dataclasses.fields(Config)}
    for flag, name in MAD_SHORT_FLAGS.items():
        assert flag in field[name].metadata["flags"], flag


def test_seed_supervisord_command_line_parses():
    cfg = parse_config(["-os", "-vv", "-ec", "--mitm_unix_socket=/tmp/mad_mitm_receiver_1.sock"], {})
    assert cfg.only_scan and cfg.enable_cache and cfg.verbose == 2
    assert cfg.mitm_unix_socket == "/tmp/mad_mitm_receiver_1.sock"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_precedence_file_then_env_then_command_line(tmp_path):
    ini = write(tmp_path / "c.ini", "ws_port: 9001\nstatus-name = fromfile\ndbname: filedb\nscan_nearby_mons\n"
                                    "madmin_enable_auth: false\n")
    env = {"THERAIDMAPPER_WS_PORT": "9002", "THERAIDMAPPER_DBNAME": "envdb"}
    cfg = parse_config(["-cf", str(ini), "--ws_port", "9003"], env)
    assert cfg.ws_port == 9003  # command line beats env and file
    assert cfg.dbname == "envdb"  # env beats file
    assert cfg.status_name == "fromfile"  # file beats default
    assert cfg.scan_nearby_mons is True  # a flag written alone
    assert cfg.madmin_enable_auth is False
    assert cfg.madmin_port == 5000  # default when nobody sets it


def test_status_name_from_env_and_short_flag(tmp_path):
    assert parse_config([], {"THERAIDMAPPER_STATUS_NAME": "envsn"}).status_name == "envsn"
    assert parse_config(["-sn", "cli"], {"THERAIDMAPPER_STATUS_NAME": "envsn"}).status_name == "cli"


def test_config_file_from_mad_config_env_and_default_location(tmp_path):
    write(tmp_path / "configs" / "config.ini", "ws_port: 7001\n")
    other = write(tmp_path / "other.ini", "ws_port: 7002\n")
    third = write(tmp_path / "third.ini", "ws_port: 7003\n")
    assert parse_config([], {}).ws_port == 7001  # configs/config.ini in the working directory
    assert parse_config([], {"MAD_CONFIG": str(other)}).ws_port == 7002
    assert parse_config(["--config", str(third)], {"MAD_CONFIG": str(other)}).ws_port == 7003


def test_boolean_options_accept_no_prefix():
    assert parse_config(["--insecure_auth"], {}).insecure_auth is True
    assert parse_config(["--insecure_auth", "--no-insecure_auth"], {}).insecure_auth is False
    assert parse_config(["--madmin_noresponsive"], {}).madmin_noresponsive is False


@pytest.mark.parametrize(("argv", "env", "ini", "expected"), [
    (["--ws_port", "abc"], {}, None, "ws_port must be a whole number, got 'abc'"),
    ([], {"THERAIDMAPPER_MADMIN_PORT": "http"}, None, "madmin_port must be a whole number"),
    ([], {}, "mitmreceiver_port: eight\n", "mitmreceiver_port must be a whole number"),
    (["--ws_port", "70000"], {}, None, "ws_port must be a port between 1 and 65535"),
    (["--wait_for_data_sleep_duration", "soon"], {}, None, "wait_for_data_sleep_duration must be a number"),
    (["--mitmmapper_type", "memory"], {}, None, "invalid choice: 'memory'"),
    ([], {}, "quest_webhook_flavor: fancy\n", "invalid choice: 'fancy'"),
    (["--dbip", "127.0.0.1", "--dbusername", "u"], {}, None, "dbname is required when dbip is set"),
    (["--dbip", "127.0.0.1", "--dbname", "d"], {}, None, "dbusername is required when dbip is set"),
    (["--dbsocket", "/run/mysqld.sock", "--dbusername", "u"], {}, None, "dbname is required when dbsocket"),
    (["--insecure_auth", "maybe"], {}, None, "insecure_auth must be true or false"),
    (["--db_poolsize", "0"], {}, None, "db_poolsize must be at least 1"),
    (["--db_url", "postgres://x"], {}, None, "db_url must be a sqlite+aiosqlite:// or mysql+aiomysql:// URL"),
    (["--mitmmapper_tls_cert_file", "c.pem"], {}, None, "must be set together"),
    (["--status-name", " "], {}, None, "status-name must not be empty"),
    (["--no_such_option"], {}, None, "unrecognized arguments: --no_such_option"),
    ([], {}, "no_such_key: 1\n", "unrecognized arguments"),
    (["-cf", "missing.ini"], {}, None, "config file 'missing.ini' does not exist"),
])
def test_bad_values_stop_with_one_line(tmp_path, argv, env, ini, expected):
    if ini is not None:
        argv = ["-cf", str(write(tmp_path / "bad.ini", ini)), *argv]
    with pytest.raises(ConfigError) as err:
        parse_config(argv, env)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_bad_value_at_start_up_is_one_line_and_exit_2(tmp_path):
    """What an operator sees: the entry script prints one line naming the option, no traceback."""
    proc = subprocess.run([sys.executable, str(ROOT / "start.py"), "--ws_port", "eighty"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["magneton: configuration error: ws_port must be a whole "
                                                "number, got 'eighty'"]


def test_example_config_documents_every_option_and_parses():
    example = ROOT / "configs" / "config.ini.example"
    text = example.read_text()
    assert text == example_config(), "configs/config.ini.example is stale: regenerate it with example_config()"
    for f in dataclasses.fields(Config):
        if f.name != "config":
            assert f"#{long_name(f)}" in text, long_name(f)
    assert dataclasses.replace(parse_config(["-cf", str(example)], {}), config=None) == parse_config([], {})
    # Uncommenting every `name: default` line must give the defaults back.
    active = "\n".join(line[1:] for line in text.splitlines()
                       if line.startswith("#") and ":" in line and not line.startswith("# ")
                       and not line.split(":", 1)[1].strip() == "")
    path = write(Path("active.ini"), active)
    cfg = parse_config(["-cf", str(path)], {})
    assert dataclasses.replace(cfg, config=None) == parse_config([], {})

"""Logging options: file per status-name, size rotation with retention, levels."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime

import pytest

from magneton.config import ConfigError, parse_config
from magneton.logs import RetainingFileHandler, log_file_path, parse_size, setup_logging


@pytest.fixture(autouse=True)
def _restore_root_logger():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def test_log_file_name_has_date_and_status_name(tmp_path):
    cfg = parse_config(["--log_path", str(tmp_path), "-sn", "north"], {})
    assert log_file_path(cfg, datetime(2026, 1, 2, 3, 4)) == tmp_path / "20260102_0304_north.log"


def test_file_log_is_written_at_the_file_level(tmp_path):
    cfg = parse_config(["--log_path", str(tmp_path), "--log_file_level", "DEBUG", "--log_level", "WARNING",
                        "-sn", "south"], {})
    setup_logging(cfg, "core")
    logging.getLogger("magneton.test").debug("debug line for the file")
    for handler in logging.getLogger().handlers:
        handler.flush()
    [log_file] = list(tmp_path.glob("*_south.log"))
    assert "[core] magneton.test: debug line for the file" in log_file.read_text()


def test_sizes_and_bad_levels():
    assert parse_size("50 MB") == 50 * 1024**2
    assert parse_size("512kb") == 512 * 1024
    with pytest.raises(ConfigError, match="log_file_rotation"):
        parse_size("fifty")
    with pytest.raises(ConfigError, match="log_level must be one of"):
        setup_logging(parse_config(["--log_level", "LOUD", "--no_file_logs"], {}), "x")


def test_rotation_removes_files_past_retention(tmp_path):
    handler = RetainingFileHandler(tmp_path / "m.log", max_bytes=100, retention_days=1)
    stale = tmp_path / "m.log.7"
    stale.write_text("old")
    two_days_ago = time.time() - 2 * 86400
    os.utime(stale, (two_days_ago, two_days_ago))
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "y" * 200, None, None)
    handler.emit(record)
    handler.emit(record)  # second record exceeds maxBytes: rollover
    handler.close()
    assert not stale.exists()
    assert (tmp_path / "m.log.1").exists()

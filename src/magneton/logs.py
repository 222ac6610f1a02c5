"""Logging as MAD's options describe it: a console with levels and colours, and a size-rotated log file
per `status-name` whose rotated copies are removed after `log_file_retention` days."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import time
from datetime import datetime
from pathlib import Path

from magneton.config import Config, ConfigError

TRACE = 5
logging.addLevelName(TRACE, "TRACE")
LEVELS = {"TRACE": TRACE, "DEBUG": logging.DEBUG, "INFO": logging.INFO, "SUCCESS": logging.INFO,
          "WARNING": logging.WARNING, "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}
_COLOURS = {TRACE: "\x1b[2m", logging.DEBUG: "\x1b[36m", logging.WARNING: "\x1b[33m",
            logging.ERROR: "\x1b[31m", logging.CRITICAL: "\x1b[1;31m"}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$", re.IGNORECASE)


class _ColourFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        colour = _COLOURS.get(record.levelno)
        return f"{colour}{text}\x1b[0m" if colour else text


class RetainingFileHandler(logging.handlers.RotatingFileHandler):
    """Rotates by size and deletes rotated files older than the retention period."""

    def __init__(self, filename: Path, max_bytes: int, retention_days: int) -> None:
        super().__init__(filename, maxBytes=max_bytes, backupCount=10_000, encoding="utf-8")
        self.retention_seconds = retention_days * 86400

    def doRollover(self) -> None:
        super().doRollover()
        cutoff = time.time() - self.retention_seconds
        base = Path(self.baseFilename)
        for old in base.parent.glob(base.name + ".*"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)


def parse_size(text: str) -> int:
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"configuration error: log_file_rotation must be a size such as '50 MB', got {text!r}")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def _level(name: str, text: str) -> int:
    try:
        return LEVELS[text.upper()]
    except KeyError:
        raise ConfigError(f"configuration error: {name} must be one of {', '.join(LEVELS)}, got {text!r}") from None


def console_level(cfg: Config) -> int:
    if cfg.log_level:
        return _level("log_level", cfg.log_level)
    return logging.DEBUG if cfg.verbose else logging.INFO


def log_file_path(cfg: Config, now: datetime | None = None) -> Path:
    name = (now or datetime.now()).strftime(cfg.log_filename).replace("<SN>", cfg.status_name)
    return Path(cfg.log_path) / name


def setup_logging(cfg: Config, role: str) -> None:
    """Configure the root logger for one process; safe to call again (handlers are replaced)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    level = console_level(cfg)
    file_level = _level("log_file_level", cfg.log_file_level) if cfg.log_file_level else level
    fmt = f"%(asctime)s [%(levelname)-5s] [{role}] %(name)s: %(message)s"

    console = logging.StreamHandler(sys.stderr)
    console.setLevel(level)
    colours = not cfg.no_log_colors and sys.stderr.isatty()
    console.setFormatter((_ColourFormatter if colours else logging.Formatter)(fmt))
    root.addHandler(console)

    if not cfg.no_file_logs:
        path = log_file_path(cfg)
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RetainingFileHandler(path, parse_size(cfg.log_file_rotation), cfg.log_file_retention)
        handler.setLevel(file_level)
        handler.setFormatter(logging.Formatter(fmt))
        root.addHandler(handler)

    root.setLevel(min(level, file_level))
    # Library chatter only from -vv on: one -v is for Magneton's own debug lines.
    quiet = logging.WARNING if cfg.verbose < 2 else logging.DEBUG
    for name in ("sqlalchemy", "aiosqlite", "aiomysql", "asyncio", "aiohttp.access", "grpc"):
        logging.getLogger(name).setLevel(quiet)

"""The database URL and async engine for a Config: MariaDB/MySQL when configured, embedded SQLite otherwise."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import URL, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from magneton.config import Config

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
MYSQL_POOL_RECYCLE_S = 3600
MYSQL_INIT_COMMAND = "SET time_zone = '+00:00'"


def database_url(cfg: Config) -> URL:
    """db_url if set; else MariaDB over dbsocket or dbip; else the embedded SQLite file."""
    if cfg.db_url:
        return make_url(cfg.db_url)
    if cfg.dbsocket:
        return URL.create("mysql+aiomysql", username=cfg.dbusername, password=cfg.dbpassword,
                          database=cfg.dbname, query={"unix_socket": cfg.dbsocket})
    if cfg.dbip:
        return URL.create("mysql+aiomysql", username=cfg.dbusername, password=cfg.dbpassword,
                          host=cfg.dbip, port=cfg.dbport, database=cfg.dbname)
    path = Path(cfg.sqlite_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite+aiosqlite", database=str(path))


def is_mysql(url: URL) -> bool:
    return url.get_backend_name() in ("mysql", "mariadb")


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"
                                                    or url.database.startswith("file::memory:"))


def describe(url: URL) -> str:
    """Where the database is, for error messages (never the password)."""
    if is_mysql(url):
        where = f"unix socket {url.query['unix_socket']}" if "unix_socket" in url.query else \
            f"{url.host}:{url.port or 3306}"
        return f"MariaDB/MySQL at {where}, database {url.database!r}, user {url.username!r}"
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}" if not is_memory_sqlite(url) else "in-memory SQLite"
    return url.render_as_string(hide_password=True)


def engine_options(url: URL, pool_size: int) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if not is_memory_sqlite(url):
        # max_overflow=0: db_poolsize is a hard bound on each process's connections.
        options.update(pool_size=pool_size, max_overflow=0)
    if is_mysql(url):
        connect_args: dict[str, Any] = {"init_command": MYSQL_INIT_COMMAND}
        if "charset" not in url.query:
            connect_args["charset"] = "utf8mb4"
        options.update(pool_pre_ping=True, pool_recycle=MYSQL_POOL_RECYCLE_S, connect_args=connect_args)
    return options


def create_engine(cfg: Config, url: URL | None = None) -> AsyncEngine:
    url = url if url is not None else database_url(cfg)
    engine = create_async_engine(url, **engine_options(url, cfg.db_poolsize))
    if url.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
    log.debug("engine for %s (pool %d)", describe(url), cfg.db_poolsize)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers run while a writer commits; NORMAL is durable enough with WAL.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()

"""A lock held while migrations run, so several processes never migrate one database at once.

MySQL/MariaDB: a named server lock (GET_LOCK) on a connection of its own. SQLite: flock on a file next to
the database file. An in-memory SQLite database is private to its process and needs no lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from magneton.db.errors import MigrationLockTimeout

log = logging.getLogger(__name__)

LOCK_NAME = "magneton_migrations"
LOCK_TIMEOUT_SECONDS = 60


def mysql_lock_name(database: str | None) -> str:
    # Server-wide lock names: scope them to the database so unrelated databases do not wait on each other.
    return f"{LOCK_NAME}.{database or ''}"[:64]


def sqlite_lock_path(database: str | None) -> Path | None:
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).with_name(Path(database).name + ".migrate.lock")


@contextlib.asynccontextmanager
async def migration_lock(engine: AsyncEngine, timeout: float = LOCK_TIMEOUT_SECONDS) -> AsyncIterator[None]:
    dialect = engine.dialect.name
    if dialect in ("mysql", "mariadb"):
        async with _mysql_lock(engine, timeout):
            yield
    elif dialect == "sqlite":
        async with _file_lock(sqlite_lock_path(engine.url.database), timeout):
            yield
    else:
        yield


@contextlib.asynccontextmanager
async def _mysql_lock(engine: AsyncEngine, timeout: float) -> AsyncIterator[None]:
    name = mysql_lock_name(engine.url.database)
    async with engine.connect() as conn:
        got = await conn.scalar(text("SELECT GET_LOCK(:name, :timeout)"), {"name": name, "timeout": int(timeout)})
        if got != 1:
            raise MigrationLockTimeout(
                f"another process held the migration lock {name!r} for more than {int(timeout)} s; try again")
        log.debug("migration lock %s acquired", name)
        try:
            yield
        finally:
            await conn.scalar(text("SELECT RELEASE_LOCK(:name)"), {"name": name})


@contextlib.asynccontextmanager
async def _file_lock(path: Path | None, timeout: float) -> AsyncIterator[None]:
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                # flock (not lockf): the lock belongs to this open file, so threads of one process exclude
                # each other too.
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise MigrationLockTimeout(
                        f"another process held the migration lock {path} for more than {int(timeout)} s; "
                        "try again") from None
                await asyncio.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

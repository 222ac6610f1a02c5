"""Schema migrations for a Config: upgrade, downgrade, inspect, and the start-up check.

A sync API around Alembic (env.py runs its own event loop); async callers use asyncio.to_thread.
Every upgrade/downgrade runs under the migration lock (see migration_lock).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from magneton.config import Config
from magneton.db.engine import database_url, engine_options
from magneton.db.errors import SchemaNotCurrent

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Alembic keeps the running migration's context in module globals, so two threads of one process must not
# run commands at the same time; across processes the database-side migration lock takes over.
_COMMAND_LOCK = threading.Lock()


def alembic_config(url: URL | str) -> AlembicConfig:
    """An Alembic Config built in code: our migrations folder, the URL passed as an object (no ini escaping)."""
    alembic_cfg = AlembicConfig()
    alembic_cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    alembic_cfg.attributes["url"] = url
    alembic_cfg.attributes["configure_logger"] = False
    return alembic_cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def upgrade(cfg: Config, revision: str = "head") -> None:
    log.info("upgrading the database schema to %s", revision)
    with _COMMAND_LOCK:
        command.upgrade(alembic_config(database_url(cfg)), revision)


def downgrade(cfg: Config, revision: str) -> None:
    log.info("downgrading the database schema to %s", revision)
    with _COMMAND_LOCK:
        command.downgrade(alembic_config(database_url(cfg)), revision)


async def _current_revision(url: URL) -> str | None:
    options = {k: v for k, v in engine_options(url, 1).items() if k not in ("pool_size", "max_overflow")}
    engine = create_async_engine(url, poolclass=NullPool, **options)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
    finally:
        await engine.dispose()


def current_revision(cfg: Config) -> str | None:
    """The revision the database is stamped with; None for a database Alembic never touched."""
    return asyncio.run(_current_revision(database_url(cfg)))


def ensure_at_head(cfg: Config) -> None:
    current, head = current_revision(cfg), head_revision()
    if current != head:
        at = f"at revision {current}" if current else "not initialised"
        raise SchemaNotCurrent(f"the database schema is {at}, magneton needs {head}: run `magneton db upgrade`")

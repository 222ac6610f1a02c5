"""Alembic environment: async engines, one migration at a time, and no migrating of foreign schemas.

The URL comes from `config.attributes["url"]` (set by magneton.db.migrate) or the ini's `sqlalchemy.url`.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from magneton.db.errors import MigrationRefused
from magneton.db.migration_lock import migration_lock
from magneton.db.models import metadata

MAD_HEAD = "b533c33be802"
# MAD's own revisions before its head: a database at one of them must be brought to MAD's head by MAD.
MAD_OLDER_REVISIONS = frozenset({
    "415b64e87252", "c7ec9d7f3f8a", "4702cf22a7af", "a744c3b912ac", "fb3e82019b14", "5fc3214266b4",
    "867783e63a90", "29caa9552405", "bab9bc231ee5", "288e656b3be6", "ea08ea07c88e", "7a1290ddb6c9",
    "eca0559702f6", "d0fd6032d758", "3d16f94ed34a", "3d75fd039d7e", "eaac70c077bd", "6e1ff55fcde7",
    "d8ceb8f31205", "6664dd764a11", "0451db7421d4", "830757363f4b", "5d925338cee4", "a2e69d3ecf7c",
    "ed4770cbf39c", "a37ee4b66dd1", "d85b527673d9", "258ab2aaf284", "73063d78ff1c",
})
VIEWS = frozenset({"v_trs_status"})

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> Any:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise MigrationRefused("no database URL: set sqlalchemy.url in alembic.ini")
    return make_url(url) if isinstance(url, str) else url


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    # The views are maintained by hand in revisions; autogenerate must not see them as tables.
    return not (type_ == "table" and name in VIEWS)


def check_adoptable(connection: Connection, script: ScriptDirectory) -> None:
    """Refuse databases whose schema is not one of ours: older MAD revisions, or MAD tables with no stamp."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables:
        stamped = [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]
        for version in stamped:
            if version in MAD_OLDER_REVISIONS:
                raise MigrationRefused(
                    f"database is at MAD revision {version}; upgrade it with MAD to {MAD_HEAD} first")
            try:
                script.get_revision(version)
            except Exception:
                raise MigrationRefused(
                    f"database is at revision {version}, which neither MAD ({MAD_HEAD}) nor this magneton "
                    "knows (was it migrated by a newer magneton?)") from None
        if stamped:
            return
    ours = sorted(tables & set(metadata.tables))
    if ours:
        raise MigrationRefused(
            f"database has MAD tables ({', '.join(ours[:3])}{', …' if len(ours) > 3 else ''}) but no Alembic "
            f"revision stamp; bring it to MAD revision {MAD_HEAD} with MAD first, or use an empty database")


def do_run_migrations(connection: Connection) -> None:
    check_adoptable(connection, context.script)
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        compare_type=True,
        # SQLite can only ALTER through table copies.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_async_engine(_url(), poolclass=NullPool)
    try:
        async with migration_lock(engine):
            async with engine.connect() as connection:
                await connection.run_sync(do_run_migrations)
                await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, include_object=include_object,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_async_migrations())

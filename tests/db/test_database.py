"""Database.start/stop, the madmin_instance row, connection errors, engine settings and URLs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, text

from magneton.config import Config
from magneton.db import Database, DatabaseError, SchemaNotCurrent, database_url
from magneton.db.models import MadminInstance

from .conftest import MARIADB_HOST, MARIADB_PORT, mariadb_url


async def test_start_migrates_and_creates_the_instance_row(empty_cfg: Config) -> None:
    db = Database(empty_cfg)
    await db.start(migrate=True)
    try:
        first_id = db.instance_id
        assert first_id is not None
        assert await db.ensure_instance("test") == first_id
        other_id = await db.ensure_instance("other")
        assert other_id != first_id
        async with db.sessionmaker() as session:
            result = await session.execute(select(MadminInstance.name, MadminInstance.instance_id))
            names = {name: instance_id for name, instance_id in result.all()}
        assert names == {"test": first_id, "other": other_id}
    finally:
        await db.stop()

    again = Database(empty_cfg)
    await again.start(migrate=False)  # schema current now: no migration needed
    try:
        assert again.instance_id == first_id
    finally:
        await again.stop()
    with pytest.raises(RuntimeError):
        _ = again.engine


async def test_start_without_migrate_refuses_an_old_schema(empty_cfg: Config) -> None:
    db = Database(empty_cfg)
    with pytest.raises(SchemaNotCurrent, match="magneton db upgrade"):
        await db.start(migrate=False)


async def test_engine_settings(migrated_cfg: Config) -> None:
    cfg = Config(**{**migrated_cfg.__dict__, "db_poolsize": 3})
    db = Database(cfg)
    await db.start(migrate=False)
    try:
        assert db.engine.pool.size() == 3
        assert db.engine.pool._max_overflow == 0  # noqa: SLF001 - the bound is the point of the test
        async with db.engine.connect() as conn:
            if db.engine.dialect.name == "sqlite":
                assert (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
                assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
                assert (await conn.exec_driver_sql("PRAGMA synchronous")).scalar() == 1  # NORMAL
            else:
                assert (await conn.execute(text("SELECT @@session.time_zone"))).scalar() == "+00:00"
                assert (await conn.execute(text("SELECT @@character_set_connection"))).scalar() == "utf8mb4"
    finally:
        await db.stop()


@pytest.mark.mariadb
async def test_bad_password_gives_one_clear_line(mariadb_database: Callable[[], str]) -> None:
    database = mariadb_database()
    db = Database(Config(dbip=MARIADB_HOST, dbport=MARIADB_PORT, dbusername="root", dbpassword="wrong-password",
                         dbname=database))
    with pytest.raises(DatabaseError) as info:
        await db.start(migrate=True)
    message = str(info.value)
    assert "\n" not in message
    assert f"{MARIADB_HOST}:{MARIADB_PORT}" in message and database in message
    assert "Access denied" in message and "wrong-password" not in message


@pytest.mark.mariadb
async def test_unreachable_server_gives_one_clear_line() -> None:
    db = Database(Config(db_url="mysql+aiomysql://root@127.0.0.1:1/nowhere"))
    with pytest.raises(DatabaseError, match=r"127\.0\.0\.1:1, database 'nowhere'") as info:
        await db.start(migrate=False)
    assert "\n" not in str(info.value)


def test_database_url_forms(tmp_path: Path) -> None:
    tcp = database_url(Config(dbip="db.example", dbport=3307, dbusername="mad", dbpassword="p@ss:/w%rd",
                              dbname="mad"))
    assert tcp.render_as_string(hide_password=False) == "mysql+aiomysql://mad:p%40ss%3A%2Fw%25rd@db.example:3307/mad"
    assert tcp.password == "p@ss:/w%rd"

    sock = database_url(Config(dbsocket="/run/mysqld/mysqld.sock", dbusername="mad", dbpassword="x", dbname="mad"))
    assert sock.render_as_string(hide_password=False) == \
        "mysql+aiomysql://mad:x@/mad?unix_socket=%2Frun%2Fmysqld%2Fmysqld.sock"

    given = database_url(Config(db_url=mariadb_url("other"), dbip="ignored", dbname="ignored"))
    assert given.database == "other" and given.host == MARIADB_HOST

    sqlite_file = tmp_path / "sub" / "dir" / "m.db"
    lite = database_url(Config(sqlite_file=str(sqlite_file)))
    assert lite.drivername == "sqlite+aiosqlite" and lite.database == str(sqlite_file)
    assert sqlite_file.parent.is_dir()

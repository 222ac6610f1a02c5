"""upgrade/downgrade build and remove MAD's schema; the models agree with the migrations."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from magneton.config import Config
from magneton.db import migrate
from magneton.db.engine import create_engine
from magneton.db.errors import MigrationRefused, SchemaNotCurrent
from magneton.db.models import TrsEvent, metadata
from magneton.db.types import SQLITE_INDEX_RENAMES

from .conftest import mariadb_connect, mariadb_url
from .mad_schema import dump_tables, information_schema_snapshot, load_dump


def run(cfg: Config, fn: Callable[[Any], Any]) -> Any:
    """Run fn(sync_connection) on the configured database."""

    async def go() -> Any:
        engine = create_engine(cfg)
        try:
            async with engine.connect() as conn:
                result = await conn.run_sync(fn)
                await conn.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(go())


def tables_and_views(conn: Any) -> tuple[set[str], set[str]]:
    insp = inspect(conn)
    return set(insp.get_table_names()), set(insp.get_view_names())


def test_upgrade_builds_every_mad_table_with_mads_columns(migrated_cfg: Config) -> None:
    expected = dump_tables()
    assert len(expected) == 52

    def columns(conn: Any) -> dict[str, list[str]]:
        insp = inspect(conn)
        return {t: [c["name"] for c in insp.get_columns(t)] for t in insp.get_table_names()}

    assert run(migrated_cfg, columns) == expected
    assert run(migrated_cfg, tables_and_views)[1] == {"v_trs_status"}
    assert migrate.current_revision(migrated_cfg) == migrate.head_revision()


def test_upgrade_inserts_mads_default_event(migrated_cfg: Config) -> None:
    def events(conn: Any) -> list[Any]:
        return list(conn.execute(TrsEvent.__table__.select()))

    rows = run(migrated_cfg, events)
    assert len(rows) == 1
    row = rows[0]._mapping
    assert (row["id"], row["event_name"], row["event_lure_duration"]) == (1, "DEFAULT", 30)
    assert row["event_start"] == datetime(1970, 1, 1, tzinfo=UTC)
    assert row["event_end"] == datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.mariadb
def test_mariadb_schema_is_mads_schema(mariadb_database: Callable[[], str]) -> None:
    """Column types, nullability, defaults, AUTO_INCREMENT, collations, index names and parts, FK names and
    rules of a migrated database equal those of the database MAD built (its dump loaded next to it).
    Intentional differences: alembic_version is left out (MAD's is latin1, Alembic creates ours in the
    database's charset) and the v_trs_status view exists only in ours."""
    ours, mads = mariadb_database(), mariadb_database()
    migrate.upgrade(Config(db_url=mariadb_url(ours)))
    load_dump(mads)
    with mariadb_connect() as conn, conn.cursor() as cur:
        our_schema = information_schema_snapshot(cur, ours)
        mad_schema = information_schema_snapshot(cur, mads)
    our_schema["tables"] = [t for t in our_schema["tables"] if t[0] != "v_trs_status"]
    our_schema["columns"] = [c for c in our_schema["columns"] if c[0] != "v_trs_status"]
    for part in mad_schema:
        assert len(mad_schema[part]) > 0
        assert our_schema[part] == mad_schema[part], part


def test_models_agree_with_migrations(migrated_cfg: Config) -> None:
    def diff(conn: Any) -> list[Any]:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True, "compare_server_default": True,
            "include_object": lambda obj, name, type_, reflected, other: name not in ("v_trs_status",),
        })
        return compare_metadata(ctx, metadata)

    differences = run(migrated_cfg, diff)
    if migrated_cfg.db_url is None:
        # SQLite scopes index names per database; the one renamed index is the only expected difference.
        renamed = set(SQLITE_INDEX_RENAMES.values())
        original = {name for (_, name) in SQLITE_INDEX_RENAMES}
        differences = [d for d in differences
                       if not (d[0] == "remove_index" and d[1].name in renamed)
                       and not (d[0] == "add_index" and d[1].name in original)]
    assert differences == []


def test_downgrade_base_removes_every_table_and_the_view(migrated_cfg: Config) -> None:
    migrate.downgrade(migrated_cfg, "base")
    tables, views = run(migrated_cfg, tables_and_views)
    # Alembic keeps its own (now empty) version table.
    assert tables == {"alembic_version"}
    assert views == set()
    assert migrate.current_revision(migrated_cfg) is None


def test_downgrade_then_upgrade_again(migrated_cfg: Config) -> None:
    migrate.downgrade(migrated_cfg, "b533c33be802")
    assert run(migrated_cfg, tables_and_views)[1] == set()
    migrate.upgrade(migrated_cfg)
    assert run(migrated_cfg, tables_and_views)[1] == {"v_trs_status"}


def _upgrade_in_child(cfg: Config) -> None:
    migrate.upgrade(cfg)


def test_concurrent_upgrades_build_the_schema_once(empty_cfg: Config) -> None:
    """Two processes upgrade one fresh database at once: the lock makes one wait, both succeed."""
    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_upgrade_in_child, args=(empty_cfg,)) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=300)
    assert [child.exitcode for child in children] == [0, 0]
    assert migrate.current_revision(empty_cfg) == migrate.head_revision()
    # The seed row comes from the first revision only: running it twice would have failed or duplicated it.
    assert run(empty_cfg, lambda conn: conn.execute(text("SELECT COUNT(*) FROM trs_event")).scalar()) == 1


def test_concurrent_upgrades_in_threads_of_one_process(empty_cfg: Config) -> None:
    errors: list[BaseException] = []

    def upgrade() -> None:
        try:
            migrate.upgrade(empty_cfg)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=upgrade) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert migrate.current_revision(empty_cfg) == migrate.head_revision()


def test_ensure_at_head_tells_the_user_to_upgrade(empty_cfg: Config) -> None:
    with pytest.raises(SchemaNotCurrent, match="run `magneton db upgrade`"):
        migrate.ensure_at_head(empty_cfg)
    migrate.upgrade(empty_cfg, "b533c33be802")
    with pytest.raises(SchemaNotCurrent, match="at revision b533c33be802"):
        migrate.ensure_at_head(empty_cfg)
    migrate.upgrade(empty_cfg)
    migrate.ensure_at_head(empty_cfg)


def test_enum_columns_reject_unknown_values(migrated_cfg: Config) -> None:
    """Native ENUM on MariaDB (strict mode), VARCHAR + CHECK on SQLite: a bad mode never gets in."""

    def insert_bad(conn: Any) -> None:
        conn.execute(text("INSERT INTO madmin_instance (instance_id, name) VALUES (1, 'x')"))
        conn.execute(text("INSERT INTO settings_area (instance_id, name, mode) VALUES (1, 'a', 'bogus')"))

    with pytest.raises(Exception) as info:
        run(migrated_cfg, insert_bad)
    assert isinstance(info.value, IntegrityError) or "mode" in str(info.value)


def test_unstamped_database_with_mad_tables_is_refused(empty_cfg: Config) -> None:
    run(empty_cfg, lambda conn: conn.execute(text("CREATE TABLE pokemon (encounter_id BIGINT PRIMARY KEY)")))
    with pytest.raises(MigrationRefused, match=r"MAD tables \(pokemon\) but no Alembic revision stamp"):
        migrate.upgrade(empty_cfg)
    assert migrate.current_revision(empty_cfg) is None

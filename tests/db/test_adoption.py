"""A database MAD built is adopted as is; databases at other revisions, or unstamped, are refused."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from magneton.config import Config
from magneton.db import migrate
from magneton.db.errors import MigrationRefused

from .conftest import mariadb_connect, mariadb_url
from .mad_schema import REPO_ROOT, dump_tables, load_dump

pytestmark = pytest.mark.mariadb


def row_counts(database: str) -> dict[str, int]:
    counts = {}
    with mariadb_connect(database) as conn, conn.cursor() as cur:
        for table in dump_tables():
            cur.execute(f"SELECT COUNT(*) FROM `{table}`")
            counts[table] = cur.fetchone()[0]
    return counts


def query(database: str, sql: str) -> list[tuple[object, ...]]:
    with mariadb_connect(database) as conn, conn.cursor() as cur:
        cur.execute(sql)
        return list(cur.fetchall())


SAMPLES = (
    "SELECT encounter_id, spawnpoint_id, pokemon_id, latitude, longitude, disappear_time, seen_type "
    "FROM pokemon ORDER BY encounter_id LIMIT 5",
    "SELECT * FROM settings_device ORDER BY device_id",
    "SELECT * FROM trs_event",
    "SELECT * FROM settings_auth",
    "SELECT * FROM gym ORDER BY gym_id LIMIT 5",
)


def test_mad_database_is_adopted_with_its_rows(mariadb_database: Callable[[], str]) -> None:
    database = mariadb_database()
    load_dump(database)
    counts_before = row_counts(database)
    samples_before = [query(database, sql) for sql in SAMPLES]
    assert counts_before["pokemon"] > 0 and counts_before["settings_device"] == 10

    cfg = Config(db_url=mariadb_url(database))
    migrate.upgrade(cfg)

    assert migrate.current_revision(cfg) == migrate.head_revision()
    migrate.ensure_at_head(cfg)
    assert row_counts(database) == counts_before
    assert [query(database, sql) for sql in SAMPLES] == samples_before

    # The view answers for MAD's devices, positions included.
    with mariadb_connect(database) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO trs_status (instance_id, device_id, currentPos, lastProtoDateTime, idle) "
                    "VALUES (1, 3, ST_GeomFromText('POINT(13.4 52.5)'), '2024-05-01 12:00:00', 0)")
    rows = query(database, "SELECT device_id, name, rmname, currentPos, lastProtoDateTime, init "
                           "FROM v_trs_status")
    assert rows == [(3, "benchdev03", "Idle", "52.50000, 13.40000", 1714564800, 0)]


def test_older_mad_revision_is_refused(mariadb_database: Callable[[], str]) -> None:
    database = mariadb_database()
    load_dump(database)
    query(database, "UPDATE alembic_version SET version_num = '73063d78ff1c'")
    cfg = Config(db_url=mariadb_url(database))
    with pytest.raises(MigrationRefused) as info:
        migrate.upgrade(cfg)
    assert str(info.value) == "database is at MAD revision 73063d78ff1c; upgrade it with MAD to b533c33be802 first"
    assert query(database, "SELECT version_num FROM alembic_version") == [("73063d78ff1c",)]
    assert "v_trs_status" not in {t for (t,) in query(database, "SHOW TABLES")}


def test_alembic_cli_refuses_an_older_mad_revision_in_one_line(mariadb_database: Callable[[], str],
                                                               tmp_path: Path) -> None:
    database = mariadb_database()
    load_dump(database)
    query(database, "UPDATE alembic_version SET version_num = '3d16f94ed34a'")
    ini = tmp_path / "alembic.ini"
    ini.write_text((REPO_ROOT / "alembic.ini.example").read_text().replace(
        "sqlalchemy.url = mysql+aiomysql://db_user:password@host:port/db_name",
        f"sqlalchemy.url = {mariadb_url(database)}"))
    result = subprocess.run([str(Path(sys.executable).with_name("alembic")), "-c", str(ini), "upgrade", "head"],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    message = "database is at MAD revision 3d16f94ed34a; upgrade it with MAD to b533c33be802 first"
    assert [line for line in result.stderr.splitlines() if message in line] != []
    assert "Traceback" not in result.stderr


def test_mad_tables_without_a_revision_stamp_are_refused(mariadb_database: Callable[[], str]) -> None:
    database = mariadb_database()
    load_dump(database)
    query(database, "DROP TABLE alembic_version")
    with pytest.raises(MigrationRefused, match="MAD tables .* but no Alembic revision stamp"):
        migrate.upgrade(Config(db_url=mariadb_url(database)))

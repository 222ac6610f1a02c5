"""Fixtures: throwaway SQLite files and throwaway MariaDB databases (magneton_t_<hex>, dropped afterwards)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pymysql
import pytest

from magneton.config import Config
from magneton.db import migrate

MARIADB_HOST = "127.0.0.1"
MARIADB_PORT = 3306
MARIADB_USER = "root"


def mariadb_connect(database: str | None = None) -> pymysql.connections.Connection:
    return pymysql.connect(host=MARIADB_HOST, port=MARIADB_PORT, user=MARIADB_USER, database=database,
                           autocommit=True, charset="utf8mb4")


@pytest.fixture
def mariadb_database() -> Iterator[Callable[[], str]]:
    """Creates empty throwaway databases on demand; drops exactly those afterwards."""
    created: list[str] = []

    def make() -> str:
        name = f"magneton_t_{secrets.token_hex(6)}"
        with mariadb_connect() as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        created.append(name)
        return name

    yield make
    with mariadb_connect() as conn, conn.cursor() as cur:
        for name in created:
            # A connection a failed test left inside a transaction would block the DROP forever.
            cur.execute("SELECT id FROM information_schema.processlist WHERE db = %s AND id != CONNECTION_ID()",
                        (name,))
            for (thread,) in cur.fetchall():
                try:
                    cur.execute(f"KILL {int(thread)}")
                except pymysql.err.OperationalError:
                    pass  # it ended meanwhile
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def mariadb_url(database: str, password: str = "") -> str:
    auth = MARIADB_USER + (f":{password}" if password else "")
    return f"mysql+aiomysql://{auth}@{MARIADB_HOST}:{MARIADB_PORT}/{database}"


@pytest.fixture(params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def dialect(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_cfg(dialect: str, tmp_path: Path, mariadb_database: Callable[[], str]) -> Config:
    """A Config pointing at an empty database of the parametrised dialect."""
    if dialect == "sqlite":
        return Config(sqlite_file=str(tmp_path / "data" / "magneton.db"), status_name="test")
    return Config(db_url=mariadb_url(mariadb_database()), status_name="test")


@pytest.fixture
def migrated_cfg(empty_cfg: Config) -> Config:
    migrate.upgrade(empty_cfg)
    return empty_cfg


def pytest_configure(config: pytest.Config) -> None:
    # SQLAlchemy reflects MariaDB's spatial columns as NullType and says so; expected for MAD's POINTs.
    config.addinivalue_line(
        "filterwarnings", r"ignore:Did not recognize type '(point|geometry)':sqlalchemy.exc.SAWarning")

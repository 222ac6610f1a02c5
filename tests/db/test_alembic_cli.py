"""The seed's set-up steps work verbatim: copy alembic.ini.example, set the URL, `alembic upgrade head`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import mariadb_connect, mariadb_url
from .mad_schema import REPO_ROOT, dump_tables

EXAMPLE_URL_LINE = "sqlalchemy.url = mysql+aiomysql://db_user:password@host:port/db_name"


def alembic(ini: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("alembic")
    return subprocess.run([str(executable), "-c", str(ini), *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300)


def test_example_ini_carries_the_documented_url_line() -> None:
    assert EXAMPLE_URL_LINE in (REPO_ROOT / "alembic.ini.example").read_text().splitlines()


@pytest.mark.mariadb
def test_alembic_cli_upgrade_head_builds_the_schema(mariadb_database: Callable[[], str], tmp_path: Path) -> None:
    database = mariadb_database()
    ini = tmp_path / "alembic.ini"
    ini.write_text((REPO_ROOT / "alembic.ini.example").read_text().replace(
        EXAMPLE_URL_LINE, f"sqlalchemy.url = {mariadb_url(database)}"))

    result = alembic(ini, "upgrade", "head")
    assert result.returncode == 0, result.stderr

    with mariadb_connect(database) as conn, conn.cursor() as cur:
        cur.execute("SHOW FULL TABLES")
        found = {name: kind for name, kind in cur.fetchall()}
    assert {name for name, kind in found.items() if kind == "BASE TABLE"} == set(dump_tables())
    assert found["v_trs_status"] == "VIEW"

    current = alembic(ini, "current")
    assert current.returncode == 0 and "(head)" in current.stdout

    result = alembic(ini, "downgrade", "base")
    assert result.returncode == 0, result.stderr
    with mariadb_connect(database) as conn, conn.cursor() as cur:
        cur.execute("SHOW FULL TABLES")
        assert [name for name, _ in cur.fetchall()] == ["alembic_version"]

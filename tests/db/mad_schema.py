"""Helpers for comparing a schema with MAD's dump: parse its CREATE TABLEs, snapshot information_schema."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
DUMP_NAME = "mad_b533c33be802.sql"


def dump_path() -> Path:
    candidates = [REPO_ROOT.parent / "shared" / "fixtures" / "mad-database" / DUMP_NAME]
    if shared := os.environ.get("MAGNETON_SHARED"):
        candidates.append(Path(shared) / "fixtures" / "mad-database" / DUMP_NAME)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{DUMP_NAME} not found (looked in {', '.join(map(str, candidates))}); set MAGNETON_SHARED")


_CREATE = re.compile(r"^CREATE TABLE `([^`]+)` \((.*?)^\) ENGINE", re.M | re.S)
_COLUMN = re.compile(r"^\s+`([^`]+)` ")


def dump_tables() -> dict[str, list[str]]:
    """Table name → column names in order, from the dump's CREATE TABLE blocks."""
    text = dump_path().read_text()
    tables: dict[str, list[str]] = {}
    for name, body in _CREATE.findall(text):
        tables[name] = [m.group(1) for line in body.splitlines() if (m := _COLUMN.match(line))]
    return tables


def load_dump(database: str) -> None:
    with dump_path().open("rb") as dump:
        subprocess.run(["mariadb", "-h127.0.0.1", "-uroot", database], stdin=dump, check=True,
                       capture_output=True)


def information_schema_snapshot(cursor: Any, database: str) -> dict[str, Any]:
    """Columns, indexes, foreign keys and table options of one database, comparable across databases."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        cursor.execute(sql, (database,))
        return sorted(tuple(r) for r in cursor.fetchall())

    return {
        "tables": rows("SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
                       "WHERE TABLE_SCHEMA = %s AND TABLE_NAME <> 'alembic_version'"),
        "columns": rows("SELECT TABLE_NAME, ORDINAL_POSITION, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
                        "COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS "
                        "WHERE TABLE_SCHEMA = %s AND TABLE_NAME <> 'alembic_version'"),
        "indexes": rows("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART "
                        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s "
                        "AND TABLE_NAME <> 'alembic_version'"),
        "foreign_keys": rows(
            "SELECT rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, rc.UPDATE_RULE, "
            "k.ORDINAL_POSITION, k.COLUMN_NAME, k.REFERENCED_COLUMN_NAME "
            "FROM information_schema.REFERENTIAL_CONSTRAINTS rc JOIN information_schema.KEY_COLUMN_USAGE k "
            "ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME "
            "AND k.TABLE_NAME = rc.TABLE_NAME WHERE rc.CONSTRAINT_SCHEMA = %s"),
    }

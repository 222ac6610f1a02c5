"""One bulk upsert for the ingest hot path, on MySQL/MariaDB and SQLite alike.

    await upsert(conn, Pokemon, rows)                          # insert, or update every given non-key column
    await upsert(conn, Pokemon, rows, ["cp", "last_modified"]) # insert, or update only these columns
    await upsert(conn, PokemonDisplay, rows, [])               # insert, or leave the existing row alone
    await upsert(conn, TrsSpawn, rows, {                       # expressions: keep the earliest value
        "first_detection": least(TrsSpawn.first_detection, excluded("first_detection")),
        "last_scanned": excluded("last_scanned"),
    })

MySQL/MariaDB get `INSERT … ON DUPLICATE KEY UPDATE c = VALUES(c)` (or `INSERT IGNORE`), SQLite gets
`INSERT … ON CONFLICT (<primary key>) DO UPDATE SET c = excluded.c` (or `DO NOTHING`); one statement is
executed with all rows (constants in update expressions are written with `const()`). In an update expression, `excluded(name)` is the value the statement tried
to insert and the table's own column is the value already stored. Note that MySQL's ON DUPLICATE KEY
fires on any unique key, SQLite's ON CONFLICT here only on the primary key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert, literal_column
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import BindParameter, ColumnElement, FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal, iterate
from sqlalchemy.types import NullType

UpdateColumns = Sequence[str] | Mapping[str, ColumnElement[Any] | str] | None

MAX_PARAMS_PER_CALL = 100_000


class excluded(ColumnElement[Any]):  # noqa: N801 - reads like SQL's `excluded.col`
    """In an upsert's update expression: the value the INSERT tried to write to column `name`."""

    inherit_cache = True
    type = NullType()

    _traverse_internals = [("name", InternalTraversal.dp_string)]

    def __init__(self, name: str) -> None:
        self.name = name


@compiles(excluded)
def _excluded_default(element: excluded, compiler: Any, **kw: Any) -> str:
    return f"excluded.{compiler.preparer.quote(element.name)}"


@compiles(excluded, "mysql")
@compiles(excluded, "mariadb")
def _excluded_mysql(element: excluded, compiler: Any, **kw: Any) -> str:
    return f"VALUES({compiler.preparer.quote(element.name)})"


class greatest(FunctionElement[Any]):  # noqa: N801
    """The larger argument: GREATEST on MySQL/MariaDB, the scalar max() on SQLite (NULL if any is NULL)."""

    inherit_cache = True
    name = "greatest"


class least(FunctionElement[Any]):  # noqa: N801
    """The smaller argument: LEAST on MySQL/MariaDB, the scalar min() on SQLite (NULL if any is NULL)."""

    inherit_cache = True
    name = "least"


@compiles(greatest)
def _greatest_default(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(least)
def _least_default(element: least, compiler: Any, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: Any, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


def const(value: int | str) -> ColumnElement[Any]:
    """A constant inside an update expression. Update expressions may not carry bound parameters: the
    statement is executed with many rows, and the MySQL driver's multi-row rewrite cannot place them."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"const() takes an int or a str, not {value!r}")
    if isinstance(value, str):
        return literal_column("'" + value.replace("'", "''") + "'")
    return literal_column(str(value))


def _check_no_binds(table: str, updates: Mapping[str, Any]) -> None:
    for column, expression in updates.items():
        if isinstance(expression, ColumnElement) and any(
                isinstance(node, BindParameter) for node in iterate(expression)):
            raise ValueError(f"upsert into {table}: the update of {column} carries a bound value; "
                             "write constants with const()")


def _table_of(table: Any) -> Table:
    found = getattr(table, "__table__", table)
    if not isinstance(found, Table):
        raise TypeError(f"upsert needs a Table or a mapped class, not {table!r}")
    return found


def _dialect_name(conn: AsyncConnection | AsyncSession) -> str:
    if isinstance(conn, AsyncSession):
        return conn.get_bind().dialect.name
    return conn.dialect.name


def chunk_rows(n_columns: int, dialect: str, chunk_size: int | None = None) -> int:
    """Rows per execute call: bounds the memory of one call (the driver splits further as needed)."""
    limit = max(1, MAX_PARAMS_PER_CALL // max(1, n_columns))
    return min(limit, chunk_size) if chunk_size else limit


async def upsert(conn: AsyncConnection | AsyncSession, table: Any, rows: Sequence[Mapping[str, Any]],
                 update_columns: UpdateColumns = None, *, chunk_size: int | None = None) -> None:
    """Insert `rows` into `table`; on a primary-key clash update `update_columns` (see the module doc).

    update_columns: None = every non-key column the rows carry; [] = keep the existing row (insert-ignore);
    a sequence of names = those columns from the new row; a mapping name → expression (or → name of the
    column to take from the new row). All rows must carry the same keys.
    """
    if not rows:
        return
    stmt = upsert_statement(_dialect_name(conn), table, list(rows[0]), update_columns)
    await execute_upsert(conn, stmt, rows, chunk_size=chunk_size)


def upsert_statement(dialect: str, table: Any, keys: Sequence[str], update_columns: UpdateColumns = None) -> Any:
    """The upsert statement for rows carrying `keys`; build it once and reuse it for every batch of the
    same shape (the ingest writer does), which spares rebuilding and re-checking the expressions."""
    tbl = _table_of(table)
    unknown = [k for k in keys if k not in tbl.c]
    if unknown:
        raise ValueError(f"{tbl.name} has no column(s) {', '.join(unknown)}")
    pk = [c.name for c in tbl.primary_key.columns]
    updates: dict[str, Any]
    if update_columns is None:
        updates = {k: excluded(k) for k in keys if k not in pk}
    elif isinstance(update_columns, Mapping):
        updates = {k: excluded(v) if isinstance(v, str) else v for k, v in update_columns.items()}
    else:
        updates = {k: excluded(k) for k in update_columns}
    bad = [k for k in updates if k not in tbl.c]
    if bad:
        raise ValueError(f"{tbl.name} has no column(s) {', '.join(bad)} to update")
    _check_no_binds(tbl.name, updates)
    return _statement(tbl, dialect, pk, updates)


async def execute_upsert(conn: AsyncConnection | AsyncSession, stmt: Any, rows: Sequence[Mapping[str, Any]], *,
                         chunk_size: int | None = None) -> None:
    """Run an upsert statement over `rows`, which must all carry the same columns."""
    keys = rows[0].keys()
    width = len(keys)
    for row in rows:
        if len(row) != width or row.keys() != keys:
            raise ValueError(f"upsert into {stmt.table.name}: every row must carry the same columns "
                             f"({', '.join(keys)})")
    # One statement, executed with many parameter sets: SQLAlchemy compiles it once (cached), the
    # MySQL driver rewrites it into multi-row INSERTs sized to the packet limit, SQLite loops in C.
    step = chunk_rows(width, _dialect_name(conn), chunk_size)
    for start in range(0, len(rows), step):
        await conn.execute(stmt, [r if type(r) is dict else dict(r) for r in rows[start:start + step]])


def _statement(tbl: Table, dialect: str, pk: list[str], updates: dict[str, Any]) -> Any:
    if dialect in ("mysql", "mariadb"):
        stmt = mysql_insert(tbl)
        if not updates:
            return stmt.prefix_with("IGNORE")
        # A list keeps the caller's order: MariaDB evaluates the assignments left to right and later ones
        # see earlier results, so callers order them (a dict would be reordered to the table's order).
        return stmt.on_duplicate_key_update(list(updates.items()))
    if dialect == "sqlite":
        stmt = sqlite_insert(tbl)
        if not updates:
            return stmt.on_conflict_do_nothing()
        return stmt.on_conflict_do_update(index_elements=pk, set_=updates)
    if not updates:
        raise NotImplementedError(f"upsert has no insert-ignore for dialect {dialect!r}")
    return insert(tbl)

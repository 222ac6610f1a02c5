"""Column types that give MAD's exact MySQL/MariaDB schema and a faithful portable one elsewhere.

Every helper returns a generic SQLAlchemy type with a MySQL/MariaDB variant, so one MetaData creates
`int(10) unsigned`, `longtext`, `enum(...)`, `point` … on MariaDB and INTEGER/TEXT/VARCHAR+CHECK on
SQLite. Display widths are spelled out where MAD's dump has a non-default one, so information_schema
of a magneton-built database matches a MAD-built one column for column.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    Enum,
    Integer,
    LargeBinary,
    SmallInteger,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex, DropIndex
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import NullType, TypeEngine, UserDefinedType

MYSQL_DIALECTS = ("mysql", "mariadb")


def uint(width: int | None = None) -> TypeEngine[int]:
    """INT UNSIGNED (MAD's id and FK columns; FKs must match signedness on MySQL)."""
    return Integer().with_variant(mysql.INTEGER(display_width=width, unsigned=True), *MYSQL_DIALECTS)


def int_w(width: int) -> TypeEngine[int]:
    """Signed INT with a non-default display width, e.g. MAD's `int(10)` or `int(255)`."""
    return Integer().with_variant(mysql.INTEGER(display_width=width), *MYSQL_DIALECTS)


class Unsigned64(TypeDecorator[int]):
    """A 64-bit unsigned integer where the database only has signed BIGINT (SQLite).

    Encounter ids and S2 cell ids use all 64 bits. Values from 2**63 up are stored as their two's-complement
    negative and turned back on reading, so equality, uniqueness and upserts work; ordering and ranges
    across 2**63 do not (MySQL/MariaDB use a real BIGINT UNSIGNED, see ubigint()).
    """

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: int | None, dialect: Dialect) -> int | None:
        if value is not None and value >= 1 << 63:
            return value - (1 << 64)
        return value

    def process_result_value(self, value: int | None, dialect: Dialect) -> int | None:
        if value is not None and value < 0:
            return value + (1 << 64)
        return value


def ubigint() -> TypeEngine[int]:
    """BIGINT UNSIGNED (encounter ids and S2 cell ids exceed the signed range)."""
    return Unsigned64().with_variant(mysql.BIGINT(unsigned=True), *MYSQL_DIALECTS)


def smallint(width: int) -> TypeEngine[int]:
    """SMALLINT with a non-default display width (the default `smallint(6)` is plain SmallInteger)."""
    return SmallInteger().with_variant(mysql.SMALLINT(display_width=width), *MYSQL_DIALECTS)


def tinyint(width: int) -> TypeEngine[int]:
    """TINYINT holding a number (booleans use sqlalchemy.Boolean, which is `tinyint(1)` too)."""
    return SmallInteger().with_variant(mysql.TINYINT(display_width=width), *MYSQL_DIALECTS)


def longtext() -> TypeEngine[str]:
    return Text().with_variant(mysql.LONGTEXT(), *MYSQL_DIALECTS)


def longblob() -> TypeEngine[bytes]:
    return LargeBinary().with_variant(mysql.LONGBLOB(), *MYSQL_DIALECTS)


def mediumblob() -> TypeEngine[bytes]:
    return LargeBinary().with_variant(mysql.MEDIUMBLOB(), *MYSQL_DIALECTS)


def enum(*values: str, name: str) -> Enum:
    """A native ENUM on MySQL/MariaDB; VARCHAR plus a CHECK constraint named `name` elsewhere."""
    return Enum(*values, name=name, native_enum=True, create_constraint=True)


class UTCDateTime(TypeDecorator[datetime]):
    """DATETIME holding naive UTC, as MAD and the map front ends expect.

    Accepts aware datetimes (converted to UTC) and naive ones (taken as UTC); returns aware UTC.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# --- spatial points --------------------------------------------------------------------------------
# MySQL/MariaDB keep a real POINT/GEOMETRY (MAD and PMSF call ST_X/ST_Y on it); other dialects keep the
# same WKT as text. The conversion functions compile per dialect, so the type itself stays portable.


class _GeomFromText(FunctionElement[Any]):
    type = NullType()
    inherit_cache = True
    name = "geom_from_text"


class _GeomAsText(FunctionElement[Any]):
    type = NullType()
    inherit_cache = True
    name = "geom_as_text"


@compiles(_GeomFromText)
@compiles(_GeomAsText)
def _passthrough(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_GeomFromText, "mysql")
@compiles(_GeomFromText, "mariadb")
def _geom_from_text_mysql(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
    return f"ST_GeomFromText({compiler.process(element.clauses, **kw)})"


@compiles(_GeomAsText, "mysql")
@compiles(_GeomAsText, "mariadb")
def _geom_as_text_mysql(element: FunctionElement[Any], compiler: Any, **kw: Any) -> str:
    return f"ST_AsText({compiler.process(element.clauses, **kw)})"


class _MySQLSpatial(UserDefinedType[Any]):
    cache_ok = True

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def get_col_spec(self, **kw: Any) -> str:
        return self.spec


_WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.IGNORECASE)


def point_to_wkt(value: tuple[float, float]) -> str:
    """(lat, lng) → MAD's WKT `POINT(lng lat)` (x = longitude)."""
    lat, lng = value
    return f"POINT({float(lng)!r} {float(lat)!r})"


def wkt_to_point(text: str | bytes) -> tuple[float, float] | None:
    if isinstance(text, bytes):
        text = text.decode()
    match = _WKT_POINT.match(text)
    if match is None:
        return None
    return float(match.group(2)), float(match.group(1))


class Point(TypeDecorator[tuple[float, float]]):
    """A (lat, lng) tuple: POINT/GEOMETRY on MySQL/MariaDB, WKT text on SQLite."""

    impl = Text
    cache_ok = True

    def __init__(self, spatial_type: str = "POINT") -> None:
        super().__init__()
        self.spatial_type = spatial_type

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in MYSQL_DIALECTS:
            return dialect.type_descriptor(_MySQLSpatial(self.spatial_type))
        return dialect.type_descriptor(Text())

    def bind_expression(self, bindvalue: Any) -> ColumnElement[Any]:
        return _GeomFromText(bindvalue)

    def column_expression(self, column: Any) -> ColumnElement[Any]:
        # Typed as this Point, so the result is still turned into a (lat, lng) tuple.
        as_text = _GeomAsText(column)
        as_text.type = self
        return as_text

    def process_bind_param(self, value: tuple[float, float] | None, dialect: Dialect) -> str | None:
        return None if value is None else point_to_wkt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[float, float] | None:
        return None if value is None else wkt_to_point(value)

    def __repr__(self) -> str:
        return f"Point({self.spatial_type!r})"


# --- SQLite index names ----------------------------------------------------------------------------
# MySQL scopes index names per table, SQLite per database. MAD reuses `worker` on two tables, so on
# SQLite the second one is created under a table-prefixed name.
SQLITE_INDEX_RENAMES: dict[tuple[str, str], str] = {
    ("trs_stats_location", "worker"): "trs_stats_location_worker",
}


def sqlite_index_name(table: str, name: str) -> str:
    return SQLITE_INDEX_RENAMES.get((table, name), name)


@compiles(CreateIndex, "sqlite")
@compiles(DropIndex, "sqlite")
def _sqlite_index_ddl(element: CreateIndex | DropIndex, compiler: Any, **kw: Any) -> str:
    index = element.element
    renamed = SQLITE_INDEX_RENAMES.get((index.table.name, index.name)) if index.table is not None else None
    if renamed is None:
        return str(compiler.visit_create_index(element, **kw) if isinstance(element, CreateIndex)
                   else compiler.visit_drop_index(element, **kw))
    original = index.name
    index.name = renamed
    try:
        if isinstance(element, CreateIndex):
            return str(compiler.visit_create_index(element, **kw))
        return str(compiler.visit_drop_index(element, **kw))
    finally:
        index.name = original

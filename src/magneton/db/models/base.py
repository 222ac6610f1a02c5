"""The declarative base every MAD table shares."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# MAD's tables are InnoDB, utf8mb4_unicode_ci whatever the database default is.
MYSQL_TABLE_OPTIONS: dict[str, str] = {
    "mysql_engine": "InnoDB",
    "mysql_charset": "utf8mb4",
    "mysql_collate": "utf8mb4_unicode_ci",
}


def table_args(*items: Any) -> tuple[Any, ...]:
    """`__table_args__` with MAD's table options appended to constraints/indexes."""
    return (*items, dict(MYSQL_TABLE_OPTIONS))


class Base(DeclarativeBase):
    metadata = MetaData()
    __table_args__: Any = table_args()

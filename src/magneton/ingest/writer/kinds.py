"""A write kind: one way of writing rows into one table (its key, its update rules, its merge)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Table

Row = dict[str, Any]
# An update rule builds the SET expression of one column from the stored row (the table) and the incoming
# row (`inserted`: VALUES(col) on MariaDB, excluded.col on SQLite). Dialect-neutral by construction.
Rule = Callable[[Table, Any], ColumnElement]


def take(column: str) -> Rule:
    """Always take the incoming value."""
    return lambda stored, incoming: incoming[column]


def keep_unless_null(column: str) -> Rule:
    """Take the incoming value unless it is NULL (a field this sighting does not know)."""
    from sqlalchemy import func
    return lambda stored, incoming: func.coalesce(incoming[column], stored.c[column])


@dataclass(frozen=True, eq=False)
class WriteKind:
    """How rows of one kind reach their table.

    - `key`: the columns identifying a row; pending rows with the same key are coalesced in memory.
    - `update`: on a duplicate key, column → rule; None means "every non-key column takes the new value";
      an empty mapping means insert-if-missing only.
    - `merge`: combines a pending row with a newer one of the same key (default: the newer replaces it).
    - `stage`: flush order; rows that others reference by foreign key are written in an earlier stage.
    - `mode`: "upsert" inserts or updates; "update" only updates rows that already exist.
    - `assign_last`: columns other rules read from the stored row. MariaDB evaluates the assignments of
      ON DUPLICATE KEY UPDATE left to right and later ones see earlier results, so these go last, in
      this order (SQLite reads the old row everywhere; the order is harmless there).
    """

    name: str
    table: str
    key: tuple[str, ...]
    update: Mapping[str, Rule] | None = None
    merge: Callable[[Row, Row], Row] | None = None
    stage: int = 1
    mode: Literal["upsert", "update"] = "upsert"
    assign_last: tuple[str, ...] = ()

    def combine(self, pending: Row, newer: Row) -> Row:
        return self.merge(pending, newer) if self.merge else newer

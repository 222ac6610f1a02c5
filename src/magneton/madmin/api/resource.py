"""The generic REST resource: one settings table (plus virtual fields a resource stores itself), read in
MAD's legacy shape and written from legacy or flat (column-named) JSON."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import Column, Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.madmin.api.fields import (
    MISSING,
    Field,
    Problems,
    auth_level_names,
    convert,
    decode_lines,
    epoch,
    is_blank,
    uri_of,
)
from magneton.madmin.context import MadminContext

log = logging.getLogger(__name__)

IGNORED_KEYS = frozenset({"guid", "instance_id"})


class ApiError(Exception):
    """An answer other than success: status, JSON body and headers."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, body)
        self.status, self.body, self.headers = status, body, headers or {}


@dataclass
class Write:
    """A validated write: column values and virtual field values (by field name)."""

    columns: dict[str, Any]
    virtual: dict[str, Any]
    given: dict[str, Any]  # field name -> converted value, as the request gave it


def column_default(col: Column[Any] | None) -> Any:
    """The value a row gets when the column is not written (MISSING when it has none we can know)."""
    if col is None:
        return MISSING
    if col.default is not None and getattr(col.default, "is_scalar", False):
        return col.default.arg
    if col.server_default is None:
        return None if col.nullable else MISSING
    arg = getattr(col.server_default, "arg", None)
    text = getattr(arg, "text", arg)
    if not isinstance(text, str):
        return MISSING
    text = text.strip("'\"")
    try:
        python_type = col.type.python_type
    except NotImplementedError:
        return text
    if python_type is bool:
        return text not in ("0", "false")
    if python_type in (int, float):
        return python_type(text)
    return text


class Resource:
    """Subclasses set the class attributes and override the hooks their resource needs."""

    name: ClassVar[str]
    table: ClassVar[Table]
    pk: ClassVar[str]
    display: ClassVar[str]  # legacy field shown per entry when the collection is read without fetch_all
    fields: ClassVar[tuple[Field, ...]]
    description: ClassVar[str] = ""
    scoped: ClassVar[bool] = True  # rows belong to the MADmin instance (instance_id)

    # --- definition --------------------------------------------------------------------------------
    def fields_for(self, mode: str | None) -> tuple[Field, ...]:
        return self.fields

    def table_for(self, storage: str, mode: str | None) -> Table:
        return self.table

    def lookup(self, mode: str | None) -> dict[str, Field]:
        """Fields by legacy name and by column name."""
        found: dict[str, Field] = {}
        for f in self.fields_for(mode):
            found[f.name] = f
            if f.storage:
                found.setdefault(f.storage, f)
        return found

    def definition(self, mode: str | None) -> Any:
        fields = self.fields_for(mode)
        return {"fields": [f.describe() for f in fields if not f.settings],
                "settings": [f.describe() for f in fields if f.settings]}

    def default_of(self, f: Field, mode: str | None) -> Any:
        if not f.storage:
            return MISSING
        return column_default(self.table_for(f.storage, mode).c.get(f.storage))

    # --- reads --------------------------------------------------------------------------------------
    def _where(self, ctx: MadminContext, stmt: Any, table: Table) -> Any:
        return stmt.where(table.c.instance_id == ctx.instance_id) if self.scoped else stmt

    async def rows(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None = None,
                   mode: str | None = None) -> list[dict[str, Any]]:
        stmt = self._where(ctx, select(self.table), self.table)
        if ident is not None:
            stmt = stmt.where(self.table.c[self.pk] == ident)
        rows = [dict(r._mapping) for r in await conn.execute(stmt.order_by(self.table.c[self.pk]))]
        await self.load_virtual(conn, ctx, rows)
        return rows

    async def load_virtual(self, conn: AsyncConnection, ctx: MadminContext, rows: list[dict[str, Any]]) -> None:
        """Add virtual field values to `rows` (by field name)."""

    async def exists(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> dict[str, Any] | None:
        stmt = self._where(ctx, select(self.table).where(self.table.c[self.pk] == ident), self.table)
        row = (await conn.execute(stmt)).first()
        return dict(row._mapping) if row else None

    def mode_of(self, row: dict[str, Any]) -> str | None:
        return None

    def render(self, row: dict[str, Any], mode: str | None = None) -> dict[str, Any]:
        """A row in the legacy shape: unset values left out (unless the field has an `empty`), values
        equal to the column default left out unless required, FKs as URIs, settings in a sub-object."""
        out: dict[str, Any] = {}
        settings: dict[str, Any] = {}
        for f in self.fields_for(mode):
            if f.writeonly:
                continue
            value = row.get(f.storage or f.name) if f.storage else row.get(f.name, None)
            if value is None:
                if f.empty is MISSING:
                    continue
                shown = f.empty
            else:
                if not f.required and f.storage and value == self.default_of(f, mode) and f.empty is MISSING:
                    continue
                shown = self.show(f, value)
            (settings if f.settings else out)[f.name] = shown
        if settings:
            out["settings"] = settings
        return out

    @staticmethod
    def show(f: Field, value: Any) -> Any:
        kind = f.kind
        if kind == "uri":
            return uri_of(f.uri or "", int(value))
        if kind == "uri_list":
            return [uri_of(f.uri or "", int(v)) for v in value]
        if kind == "bool":
            return bool(value)
        if kind == "float":
            return float(value)
        if kind == "epoch":
            return epoch(value)
        if kind in ("coords", "fence"):
            if isinstance(value, str) and value.lstrip().startswith("{"):
                return json.loads(value)
            return decode_lines(value) if isinstance(value, str) else value
        if kind == "auth_level":
            return auth_level_names(int(value))
        return value

    # --- writes -------------------------------------------------------------------------------------
    def prepare(self, body: dict[str, Any], method: str, mode: str | None) -> tuple[Write, Problems]:
        """Convert a request body; `method` is POST, PUT or PATCH."""
        problems = Problems()
        lookup = self.lookup(mode)
        flat: list[tuple[str, Any]] = []
        for key, value in body.items():
            if key == "settings" and isinstance(value, dict):
                flat.extend(value.items())
            else:
                flat.append((key, value))
        given: dict[str, Any] = {}
        for key, value in flat:
            f = lookup.get(key)
            if f is None:
                if key not in IGNORED_KEYS and key != self.pk and not key.startswith("_") and key not in self.ignored:
                    problems.unknown.append(key)
                continue
            if f.readonly:
                continue
            converted = convert(f, value, problems)
            if converted is not MISSING:
                given[f.name] = converted
        fields = self.fields_for(mode)
        for f in fields:
            if not f.required or f.readonly:
                continue
            value = given.get(f.name, MISSING)
            absent = value is MISSING and method != "PATCH" and not self._failed(f, problems)
            if absent or (value is not MISSING and is_blank(value)):
                problems.missing.append(f.name)
        columns: dict[str, Any] = {}
        virtual: dict[str, Any] = {}
        for f in fields:
            if f.readonly:
                continue
            if f.name in given:
                value = given[f.name]
            elif method == "PUT" and not self._failed(f, problems):
                value = None  # a PUT replaces the whole object
            elif method == "POST" and f.storage and self.default_of(f, mode) is MISSING and f.empty is not MISSING:
                value = None  # a NOT NULL column without default gets the field's empty value
            else:
                continue
            if f.storage:
                columns[f.storage] = self.store(f, value, mode)
            else:
                virtual[f.name] = value
        return Write(columns, virtual, given), problems

    ignored: ClassVar[frozenset[str]] = frozenset()

    @staticmethod
    def _failed(f: Field, problems: Problems) -> bool:
        return any(i[0] == f.name for i in problems.invalid) or any(i[0] == f.name for i in problems.invalid_uri)

    def store(self, f: Field, value: Any, mode: str | None) -> Any:
        if value is None:
            default = self.default_of(f, mode)
            if default is not MISSING or f.empty is MISSING:
                return None if default is MISSING else default
            value = f.empty
        if f.kind in ("coords", "fence"):
            return json.dumps(value) if not isinstance(value, str) else value
        return value

    async def check(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None, write: Write,
                    mode: str | None, problems: Problems) -> None:
        """Rules beyond single values (uniqueness, cross-field checks); add to `problems`."""

    async def insert(self, conn: AsyncConnection, ctx: MadminContext, columns: dict[str, Any],
                     mode: str | None) -> int:
        values = {**columns, **({"instance_id": ctx.instance_id} if self.scoped else {})}
        result = await conn.execute(insert(self.table).values(**values))
        return int(result.inserted_primary_key[0])

    async def update(self, conn: AsyncConnection, ctx: MadminContext, ident: int, columns: dict[str, Any],
                     mode: str | None) -> None:
        if columns:
            await conn.execute(update(self.table).where(self.table.c[self.pk] == ident).values(**columns))

    async def store_virtual(self, conn: AsyncConnection, ctx: MadminContext, ident: int, virtual: dict[str, Any],
                            append: bool) -> None:
        """Write virtual fields (None: clear)."""

    # --- delete -------------------------------------------------------------------------------------
    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        """What still uses the object: [{uri, name}]; a non-empty list refuses the delete (412)."""
        return []

    async def remove(self, conn: AsyncConnection, ctx: MadminContext, ident: int, row: dict[str, Any]) -> None:
        await conn.execute(delete(self.table).where(self.table.c[self.pk] == ident))

    # --- JSON-RPC -----------------------------------------------------------------------------------
    async def rpc(self, ctx: MadminContext, ident: int, row: dict[str, Any], call: str,
                  args: dict[str, Any]) -> tuple[int, Any]:
        raise ApiError(501, {"error": f"unknown call {call!r} for {self.name}"})


def users(rows: Any, resource: str, pk: str, name: str) -> list[dict[str, Any]]:
    """[{uri, name}] of dependants, for a 412 body."""
    return [{"uri": uri_of(resource, int(r._mapping[pk])), "name": r._mapping[name]} for r in rows]

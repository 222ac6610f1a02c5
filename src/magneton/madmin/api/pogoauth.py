"""/api/pogoauth: game accounts and the device each one is assigned to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsDevice, SettingsPogoauth
from magneton.madmin.api.fields import Field, Problems, uri_of
from magneton.madmin.api.resource import Resource, Write
from magneton.madmin.context import MadminContext

ACCOUNTS = SettingsPogoauth.__table__


class PogoauthResource(Resource):
    name = "pogoauth"
    table = SettingsPogoauth.__table__
    pk = "account_id"
    display = "username"
    description = "Game accounts (Google or PTC) and the device using each"
    fields = (
        Field("login_type", "enum", values=("google", "ptc"), required=True, descr="Account type"),
        Field("username", required=True, descr="Login name (Google: lower-cased)"),
        Field("password", required=True, descr="Password"),
        Field("device_id", "uri", uri="device", descr="Device using the account (one account per device)"),
        Field("level", "int", descr="Trainer level"),
        Field("last_burn", "epoch", readonly=True, descr="When the account was last found burnt (epoch)"),
        Field("last_burn_type", "enum", values=("ban", "suspended", "maintenance"), descr="Kind of the last burn"),
    )
    ignored = frozenset({"key_blob", "last_softban_action", "last_softban_action_location"})

    def render(self, row: dict[str, Any], mode: str | None = None) -> dict[str, Any]:
        out = super().render(row, mode)
        out.pop("last_burn", None)  # informational only; GET bodies must PUT back
        return out

    async def check(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None, write: Write,
                    mode: str | None, problems: Problems) -> None:
        columns = write.columns
        login_type = columns.get("login_type")
        if login_type is None and ident is not None:
            login_type = await conn.scalar(select(ACCOUNTS.c.login_type).where(ACCOUNTS.c.account_id == ident))
        if login_type == "google" and columns.get("username"):
            columns["username"] = columns["username"].lower()  # Google logins are case-insensitive
        if columns.get("username") and login_type:
            other = await conn.scalar(select(ACCOUNTS.c.account_id).where(
                ACCOUNTS.c.login_type == login_type, ACCOUNTS.c.username == columns["username"]))
            if other is not None and other != ident:
                problems.bad("username", f"Already used by {uri_of('pogoauth', other)}")

    async def update(self, conn: AsyncConnection, ctx: MadminContext, ident: int, columns: dict[str, Any],
                     mode: str | None) -> None:
        await self._free_device(conn, columns.get("device_id"), ident)
        await super().update(conn, ctx, ident, columns, mode)

    async def insert(self, conn: AsyncConnection, ctx: MadminContext, columns: dict[str, Any],
                     mode: str | None) -> int:
        await self._free_device(conn, columns.get("device_id"), None)
        return await super().insert(conn, ctx, columns, mode)

    @staticmethod
    async def _free_device(conn: AsyncConnection, device_id: int | None, keep: int | None) -> None:
        # one account per device (unique device_id): the newly assigned one replaces the old
        if device_id is not None:
            await conn.execute(update(ACCOUNTS).where(ACCOUNTS.c.device_id == device_id,
                                                      ACCOUNTS.c.account_id != (keep or 0)).values(device_id=None))

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        stmt = (select(SettingsDevice.device_id, SettingsDevice.name)
                .join(ACCOUNTS, ACCOUNTS.c.device_id == SettingsDevice.device_id)
                .where(ACCOUNTS.c.account_id == ident))
        return [{"uri": uri_of("device", r.device_id), "name": r.name} for r in await conn.execute(stmt)]

"""/api/auth: MADmin and MITM credentials (settings_auth)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import AutoconfigFile, SettingsAuth
from magneton.madmin.api.fields import Field, Problems
from magneton.madmin.api.resource import Resource, Write
from magneton.madmin.context import MadminContext


class AuthResource(Resource):
    name = "auth"
    table = SettingsAuth.__table__
    pk = "auth_id"
    display = "username"
    description = "Users of MADmin (MADMIN_ADMIN, MADMIN_PUBLIC_PAGE) and of devices (MITM_DATA)"
    fields = (
        Field("username", required=True, descr="Login name (unique)"),
        Field("password", required=True, descr="Password (stored as MAD stores it: in plain text)"),
        Field("auth_level", "auth_level",
              descr="Comma-separated levels: MADMIN_PUBLIC_PAGE, MITM_DATA, MADMIN_ADMIN (or their bit sum)"),
    )

    async def check(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None, write: Write,
                    mode: str | None, problems: Problems) -> None:
        username = write.columns.get("username")
        if username:
            # settings_auth.username is unique across instances
            other = await conn.scalar(select(SettingsAuth.auth_id).where(SettingsAuth.username == username))
            if other is not None and other != ident:
                problems.bad("username", "Must be unique")

    async def dependants(self, conn: AsyncConnection, ctx: MadminContext, ident: int) -> list[dict[str, Any]]:
        found = []
        files = await conn.execute(select(AutoconfigFile.name, AutoconfigFile.data)
                                   .where(AutoconfigFile.instance_id == ctx.instance_id))
        for name, data in files:
            try:
                config = json.loads(data)
            except (ValueError, TypeError):
                continue
            if isinstance(config, dict) and str(config.get("mad_auth")) == str(ident):
                found.append({"uri": f"/api/autoconf/{name}", "name": f"autoconfig {name}"})
        return found

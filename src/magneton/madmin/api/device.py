"""/api/device: a device (its origin), its walker, pool, account and tuning; pause/resume by JSON-RPC."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from magneton.db.models import SettingsDevice, SettingsPogoauth, TrsStatus, TrsVisited
from magneton.madmin.api.devicepool import TUNING
from magneton.madmin.api.fields import Field, Problems, uri_of
from magneton.madmin.api.resource import ApiError, Resource, Write
from magneton.madmin.context import MadminContext
from magneton.mapping.manager import UnknownDevice

log = logging.getLogger(__name__)

ACCOUNTS = SettingsPogoauth.__table__


class DeviceResource(Resource):
    name = "device"
    table = SettingsDevice.__table__
    pk = "device_id"
    display = "origin"
    description = "Devices: origin, walker, shared settings, account and device tuning"
    fields = (
        Field("origin", column="name", required=True, descr="Origin (name) the device's apps use"),
        Field("walker", "uri", column="walker_id", uri="walker", required=True, descr="Walker of the device"),
        Field("pool", "uri", column="pool_id", uri="devicepool", descr="Shared settings (devicepool)"),
        Field("adbname", descr="ADB serial, for control over ADB"),
        *TUNING,
        Field("ggl_login", "uri", column=None, uri="pogoauth", settings=True, descr="Google account (pogoauth)"),
        Field("ptc_login", "uri", column=None, uri="pogoauth", settings=True, descr="PTC account (pogoauth)"),
        Field("ggl_login_mail", settings=True, descr="Google account mail the device logs in with"),
        Field("clear_game_data", "bool", settings=True, descr="Clear game data on account rotation"),
        Field("account_rotation", "bool", settings=True, descr="Rotate accounts"),
        Field("rotation_waittime", "float", settings=True, descr="Minutes between rotations"),
        Field("rotate_on_lvl_30", "bool", settings=True, descr="Rotate when an account reaches level 30"),
        Field("mac_address", settings=True, descr="MAC address (unique), for autoconfig"),
        Field("interface_type", "enum", settings=True, values=("lan", "wlan"), descr="Network interface"),
        Field("softbar_enabled", "bool", settings=True, descr="The device shows a soft navigation bar"),
        Field("extended_permission_toggling", "bool", settings=True, descr="Toggle permissions on start"),
    )

    async def load_virtual(self, conn: AsyncConnection, ctx: MadminContext, rows: list[dict[str, Any]]) -> None:
        ids = [r["device_id"] for r in rows]
        accounts: dict[int, tuple[int, str]] = {}
        if ids:
            stmt = select(ACCOUNTS.c.device_id, ACCOUNTS.c.account_id, ACCOUNTS.c.login_type).where(
                ACCOUNTS.c.device_id.in_(ids))
            accounts = {r.device_id: (r.account_id, r.login_type) for r in await conn.execute(stmt)}
        for row in rows:
            account = accounts.get(row["device_id"])
            if account is not None:
                row["ggl_login" if account[1] == "google" else "ptc_login"] = account[0]

    async def check(self, conn: AsyncConnection, ctx: MadminContext, ident: int | None, write: Write,
                    mode: str | None, problems: Problems) -> None:
        device = self.table
        origin = write.columns.get("name")
        if origin:
            other = await conn.scalar(select(device.c.device_id).where(
                device.c.name == origin, device.c.instance_id == ctx.instance_id, device.c.device_id != (ident or 0)))
            if other is not None:
                problems.bad("origin", f"Already used by {uri_of('device', other)}")
        mac = write.columns.get("mac_address")
        if mac:
            other = await conn.scalar(select(device.c.device_id).where(
                device.c.mac_address == mac, device.c.device_id != (ident or 0)))
            if other is not None:
                problems.bad("mac_address", f"Already used by {uri_of('device', other)}")
        given = {k: write.given[k] for k in ("ggl_login", "ptc_login") if write.given.get(k) is not None}
        if len(given) > 1:
            problems.bad("ptc_login", "A device holds one account: set ggl_login or ptc_login")
        for key, account_id in given.items():
            login_type = await conn.scalar(select(ACCOUNTS.c.login_type).where(ACCOUNTS.c.account_id == account_id))
            wanted = "google" if key == "ggl_login" else "ptc"
            if login_type is not None and login_type != wanted:
                problems.bad(key, f"Must be a {wanted} account")

    async def store_virtual(self, conn: AsyncConnection, ctx: MadminContext, ident: int, virtual: dict[str, Any],
                            append: bool) -> None:
        keys = [k for k in ("ggl_login", "ptc_login") if k in virtual]
        if not keys:
            return
        account_id = next((virtual[k] for k in keys if virtual[k] is not None), None)
        # settings_pogoauth.device_id is unique: one account per device
        await conn.execute(update(ACCOUNTS).where(ACCOUNTS.c.device_id == ident).values(device_id=None))
        if account_id is not None:
            await conn.execute(update(ACCOUNTS).where(ACCOUNTS.c.account_id == account_id).values(device_id=ident))

    async def remove(self, conn: AsyncConnection, ctx: MadminContext, ident: int, row: dict[str, Any]) -> None:
        # The FK from settings_pogoauth cascades; the account must survive the device, so unassign it first.
        await conn.execute(update(ACCOUNTS).where(ACCOUNTS.c.device_id == ident).values(device_id=None))
        await conn.execute(delete(TrsStatus.__table__).where(TrsStatus.__table__.c.device_id == ident))
        await super().remove(conn, ctx, ident, row)

    async def rpc(self, ctx: MadminContext, ident: int, row: dict[str, Any], call: str,
                  args: dict[str, Any]) -> tuple[int, Any]:
        origin = row["name"]
        if call == "device_state":
            active = args.get("active")
            if active not in (0, 1, True, False, "0", "1"):
                raise ApiError(422, {"invalid": [["active", "0|1"]]})
            if ctx.mapping is None:
                raise ApiError(503, {"error": "no MappingManager in this process"})
            try:
                await ctx.mapping.set_paused(origin, str(active) in ("0", "False"))
            except UnknownDevice as why:
                raise ApiError(409, {"error": str(why)}) from None
            return 200, {}
        if call == "flush_level":
            async with ctx.engine.begin() as conn:
                username = await conn.scalar(select(ACCOUNTS.c.username).where(ACCOUNTS.c.device_id == ident))
                if username is not None:
                    await conn.execute(delete(TrsVisited.__table__)
                                       .where(TrsVisited.__table__.c.username == username))
            log.info("[%s] visited stops flushed (account %s)", origin, username or "none assigned")
            return 204, None
        return await super().rpc(ctx, ident, row, call, args)

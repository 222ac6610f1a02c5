"""`magneton user`: the settings_auth users of an instance, for the first MADmin login and the devices'
MITM credentials (MADmin's Settings → MADmin users edits the same rows once someone can log in).

    magneton user add NAME [--password PW] [--level admin,mitm,public]   [MAD options]
    magneton user list | remove NAME                                      [MAD options]

Without --password the password is asked for on the terminal. Levels are MAD's settings_auth bits."""

from __future__ import annotations

import argparse
import asyncio
import getpass
from collections.abc import Callable, Sequence

from sqlalchemy import delete, insert, select, update

from magneton.auth import AuthLevel
from magneton.config import Config, ConfigError
from magneton.db import Database
from magneton.db.models import SettingsAuth

LEVELS = {"public": AuthLevel.MADMIN_PUBLIC_PAGE, "mitm": AuthLevel.MITM_DATA, "admin": AuthLevel.MADMIN_ADMIN}


def parse_level(text: str) -> int:
    level = 0
    for word in filter(None, (w.strip().lower() for w in text.split(","))):
        if word not in LEVELS:
            raise ConfigError(f"unknown user level {word!r}; use a comma-separated list of {', '.join(LEVELS)}")
        level |= LEVELS[word]
    if not level:
        raise ConfigError("a user needs at least one level (admin, mitm, public)")
    return level


def level_names(level: int) -> str:
    return ",".join(name for name, bit in LEVELS.items() if level & bit) or "none"


def split_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The user command's own words and options; the rest are MAD options (`-cf`, `--dbip`, …)."""
    parser = argparse.ArgumentParser(prog="magneton user", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("add", "list", "remove"))
    parser.add_argument("name", nargs="?")
    parser.add_argument("--password")
    parser.add_argument("--level", default="admin", help="comma-separated: admin, mitm, public (default admin)")
    args, rest = parser.parse_known_args(argv)
    if args.action in ("add", "remove") and not args.name:
        raise ConfigError(f"magneton user {args.action} needs a user name")
    return args, rest


async def run(args: argparse.Namespace, cfg: Config) -> int:
    db = Database(cfg)
    await db.start(migrate=False)
    try:
        async with db.engine.begin() as conn:
            mine = SettingsAuth.instance_id == db.instance_id
            if args.action == "add":
                level = parse_level(args.level)
                password = args.password if args.password is not None else _ask_password(args.name)
                if len(args.name) > 32 or len(password) > 32:
                    raise ConfigError("user names and passwords are at most 32 characters (MAD's schema)")
                owner = await conn.scalar(select(SettingsAuth.instance_id).where(SettingsAuth.username == args.name))
                values = {"password": password, "auth_level": level}
                if owner is None:
                    await conn.execute(insert(SettingsAuth).values(instance_id=db.instance_id, username=args.name,
                                                                   **values))
                elif owner == db.instance_id:
                    await conn.execute(update(SettingsAuth).where(mine, SettingsAuth.username == args.name)
                                       .values(**values))
                else:  # user names are unique over every instance of the database
                    raise ConfigError(f"user {args.name} belongs to another instance (status-name)")
                print(f"user {args.name} ({level_names(level)}) saved for instance {cfg.status_name!r}")
            elif args.action == "remove":
                gone = (await conn.execute(delete(SettingsAuth).where(mine, SettingsAuth.username == args.name)))
                if not gone.rowcount:
                    print(f"no user {args.name} in instance {cfg.status_name!r}")
                    return 1
                print(f"user {args.name} removed")
            else:
                for name, level in await conn.execute(select(SettingsAuth.username, SettingsAuth.auth_level)
                                                      .where(mine).order_by(SettingsAuth.username)):
                    print(f"{name}\t{level_names(int(level or 0))}")
    finally:
        await db.stop()
    return 0


def _ask_password(name: str) -> str:
    first = getpass.getpass(f"password for {name}: ")
    if not first or first != getpass.getpass("again: "):
        raise ConfigError("the passwords are empty or do not match")
    return first


def main(argv: Sequence[str], config: Callable[[Sequence[str]], Config]) -> int:
    args, rest = split_args(argv)
    return asyncio.run(run(args, config(rest)))

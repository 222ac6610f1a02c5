"""`magneton demo`: a configuration to watch simulated phones scan, for someone trying magneton out.

    magneton demo [--devices N] [--lat LAT --lng LNG] [--radius M] [--origin-prefix sim-]
                  [--user demo --password demo]   [MAD options: -cf, --sqlite_file, --dbip, …]

It upgrades the schema, then seeds the configured instance (status-name) with a geofence around the
`magneton sim` world, one area and walker per scan mode, devices PREFIX001… on those walkers, a MITM user
for the phones, and the world's spawnpoints, stops and gyms as an earlier scan would have left them; then it
prints the `magneton run` and `magneton sim` commands to start. The demo is seeded once: a second run (or a
device name or user name already taken) changes nothing and says why in one line, so it never overwrites
what someone has since edited in MADmin."""

from __future__ import annotations

import argparse
import asyncio
import shlex
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from magneton.auth import AuthLevel
from magneton.config import Config, ConfigError
from magneton.db import Database
from magneton.db.models import SettingsAuth, SettingsDevice, SettingsGeofence
from magneton.sim.command import ORIGIN_PREFIX, origins
from magneton.sim.setup import add_devices, add_fence_and_targets, add_mode, seed_known_world
from magneton.sim.world import DEFAULT_LAT, DEFAULT_LNG, DEFAULT_RADIUS_M, DEFAULT_SEED, World

FENCE = "demo"
# In the order devices get them, the most visible first: mons, raids, quests, then IVs of what the others saw
# without encountering, then init (a fresh scan of the whole fence). Left out: idle (shows nothing) and
# leveling (a pokestops area with `level`: it needs a game account per device, which simulated phones lack).
MODES = ("mon_mitm", "raids_mitm", "pokestops", "iv_mitm", "init")


def split_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """The demo's own options; the rest are MAD options (`-cf`, `--dbip`, …)."""
    parser = argparse.ArgumentParser(prog="magneton demo", description=__doc__, allow_abbrev=False,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=3, help="simulated devices (default 3)")
    parser.add_argument("--lat", type=float, default=DEFAULT_LAT, help="world centre (default: the sim's)")
    parser.add_argument("--lng", type=float, default=DEFAULT_LNG)
    parser.add_argument("--radius", type=float, default=DEFAULT_RADIUS_M, help="world radius in metres")
    parser.add_argument("--origin-prefix", default=ORIGIN_PREFIX, help="device names: PREFIX001, … (sim-)")
    parser.add_argument("--user", default="demo", help="the phones' MITM + websocket user (default demo)")
    parser.add_argument("--password", default="demo")
    args, rest = parser.parse_known_args(argv)
    if args.devices < 1:
        raise ConfigError("magneton demo needs at least one device (--devices)")
    if args.radius <= 0:
        raise ConfigError("the world radius (--radius) must be positive")
    if len(args.user) > 32 or len(args.password) > 32:
        raise ConfigError("user names and passwords are at most 32 characters (MAD's schema)")
    return args, rest


async def seed_demo(db: Database, world: World, names: list[str], user: str, password: str) -> dict[str, str]:
    """Seed the demo into the instance of `db`; returns device → mode.

    One walker per mode, device i on mode i mod len(MODES): with the default three phones the map shows mons
    with IVs, raids and quests at once from the first minute, which a single walker stepping through the
    modes' areas would show one after the other (and N devices sharing one walker would all scan the same
    mode). More devices add IV and init scans, then share modes (a mode's route is split among its devices)."""
    instance = db.instance_id
    async with AsyncSession(db.engine, expire_on_commit=False) as s, s.begin():
        account = await _refuse_conflicts(s, db, names, user, password)
        fence_id, monlist_id = await add_fence_and_targets(s, instance, world, FENCE)
        walkers = {mode: (await add_mode(s, instance, mode, f"demo {mode}", fence_id, monlist_id))[1]
                   for mode in MODES}
        mode_of = {name: MODES[i % len(MODES)] for i, name in enumerate(names)}
        add_devices(s, instance, {name: walkers[mode] for name, mode in mode_of.items()})
        if account is None:
            s.add(SettingsAuth(instance_id=instance, username=user, password=password,
                               auth_level=int(AuthLevel.MITM_DATA)))
        else:  # the operator's own user, same password: the phones may use it too
            account.auth_level = int(account.auth_level or 0) | AuthLevel.MITM_DATA
    # mon_mitm, raids and quest routes are made of known points: without them the routes would stay empty
    # until an init scan had found them
    await seed_known_world(db.engine, world)
    return mode_of


async def _refuse_conflicts(s: AsyncSession, db: Database, names: list[str], user: str,
                            password: str) -> SettingsAuth | None:
    """Stop before anything is written if the demo or one of its names is there already; returns the existing
    settings_auth row of `user` (same instance and password), if any."""
    where = f"instance {db.cfg.status_name!r}"
    if await s.scalar(select(SettingsGeofence.geofence_id).where(SettingsGeofence.instance_id == db.instance_id,
                                                                 SettingsGeofence.name == FENCE)):
        raise ConfigError(f"{where} already has the demo (geofence {FENCE!r}); nothing changed")
    taken = await s.scalar(select(SettingsDevice.name).where(SettingsDevice.instance_id == db.instance_id,
                                                             SettingsDevice.name.in_(names)))
    if taken:
        raise ConfigError(f"device {taken} already exists in {where}; choose another --origin-prefix")
    account = await s.scalar(select(SettingsAuth).where(SettingsAuth.username == user))
    if account is not None and account.instance_id != db.instance_id:  # user names are unique in the database
        raise ConfigError(f"user {user} belongs to another instance (status-name); choose another --user")
    if account is not None and account.password != password:
        raise ConfigError(f"user {user} exists with another password; pass its --password or another --user")
    return account


def next_commands(args: argparse.Namespace, mad_options: Sequence[str], cfg: Config) -> list[str]:
    """`magneton run` with the same MAD options, and `magneton sim` aimed at its websocket and receiver."""
    sim = ["magneton", "sim", "--devices", str(args.devices), "--ws", f"ws://{_reachable(cfg.ws_ip)}:{cfg.ws_port}",
           "--mitm", f"http://{_reachable(cfg.mitmreceiver_ip)}:{cfg.mitmreceiver_port}",
           "--user", args.user, "--password", args.password]
    # only what differs from the sim's defaults, which are the demo's
    for option, value, default in (("--origin-prefix", args.origin_prefix, ORIGIN_PREFIX),
                                   ("--lat", args.lat, DEFAULT_LAT), ("--lng", args.lng, DEFAULT_LNG),
                                   ("--radius", args.radius, DEFAULT_RADIUS_M)):
        if value != default:
            sim += [option, str(value)]
    return [shlex.join(["magneton", "run", *mad_options]), shlex.join(sim)]


def _reachable(bind_ip: str) -> str:
    """A bind-to-all address is not one to connect to; the phones run on this machine."""
    return "127.0.0.1" if bind_ip in ("", "0.0.0.0", "::") else bind_ip


async def run(args: argparse.Namespace, cfg: Config, mad_options: Sequence[str] = ()) -> int:
    world = World(DEFAULT_SEED, args.lat, args.lng, args.radius)
    names = origins(args.origin_prefix, args.devices)
    db = Database(cfg)
    await db.start(migrate=True)  # as `magneton db upgrade`, under the migration lock
    try:
        mode_of = await seed_demo(db, world, names, args.user, args.password)
    finally:
        await db.stop()
    print(f"demo seeded into instance {cfg.status_name!r}: geofence {FENCE!r} ({args.radius:.0f} m around "
          f"{args.lat:.4f},{args.lng:.4f}), {len(world.spawnpoints)} spawnpoints, {len(world.forts)} stops and gyms")
    for name, mode in mode_of.items():
        print(f"  {name}: walker 'demo {mode}'")
    print("now run, in two terminals:")
    for command in next_commands(args, mad_options, cfg):
        print(f"  {command}")
    print(f"and watch MADmin on port {cfg.madmin_port}")
    return 0


def main(argv: Sequence[str], config: Callable[[Sequence[str]], Config]) -> int:
    args, rest = split_args(argv)
    return asyncio.run(run(args, config(rest), rest))

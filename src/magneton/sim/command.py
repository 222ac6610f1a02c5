"""`magneton sim`: simulated devices against any magneton (or MAD) deployment."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from magneton.sim.device import FAULTS, SimConfig, SimDevice
from magneton.sim.world import DEFAULT_LAT, DEFAULT_LNG, DEFAULT_RADIUS_M, DEFAULT_SEED, World

ORIGIN_PREFIX = "sim-"


def origins(prefix: str, devices: int) -> list[str]:
    """The simulated devices' names, as `magneton demo` configures them: sim-001, sim-002, …"""
    return [f"{prefix}{i:03d}" for i in range(1, devices + 1)]


def register(subparsers) -> None:
    parser = subparsers.add_parser("sim", help="run simulated devices (RGC + PogoDroid) against a deployment")
    parser.add_argument("--ws", default="ws://127.0.0.1:8080", help="the core's device websocket")
    parser.add_argument("--mitm", default="http://127.0.0.1:8000", help="the MITM receiver (or nginx)")
    parser.add_argument("--devices", type=int, default=1)
    # --prefix: the option's first name, kept for scripts written before --origin-prefix
    parser.add_argument("--origin-prefix", "--prefix", dest="origin_prefix", default=ORIGIN_PREFIX,
                        help="device names (origins): PREFIX001, PREFIX002, … (default %(default)s)")
    parser.add_argument("--user", default="", help="MITM auth user (settings_auth)")
    parser.add_argument("--password", default="")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--lat", type=float, default=DEFAULT_LAT)
    parser.add_argument("--lng", type=float, default=DEFAULT_LNG)
    parser.add_argument("--radius", type=float, default=DEFAULT_RADIUS_M, help="world radius in metres")
    parser.add_argument("--gmo-interval", type=float, default=2.0)
    parser.add_argument("--fault", choices=FAULTS, help="make every device misbehave this way")
    parser.add_argument("--duration", type=float, help="stop after this many seconds")
    parser.add_argument("-cf", "--config", help="accepted for symmetry with the other commands (unused)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [sim] %(message)s")
    return asyncio.run(_fleet(args))


async def _fleet(args: argparse.Namespace) -> int:
    world = World(args.seed, args.lat, args.lng, args.radius)
    cfg = SimConfig(args.ws, args.mitm.rstrip("/"), args.user, args.password, gmo_interval=args.gmo_interval)
    # the phones start in the middle of their world: PogoDroid posts from wherever the phone is, and the
    # worker waits for that first post (injection) before it sends the phone anywhere
    devices = [SimDevice(origin, world, cfg, lat=args.lat, lng=args.lng, fault=args.fault)
               for origin in origins(args.origin_prefix, args.devices)]
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: [d.stop() for d in devices])
    if args.duration:
        loop.call_later(args.duration, lambda: [d.stop() for d in devices])
    logging.info("%d simulated device(s) in a world of %d spawnpoints and %d forts around %.4f,%.4f",
                 len(devices), len(world.spawnpoints), len(world.forts), args.lat, args.lng)
    await asyncio.gather(*(device.run() for device in devices))
    logging.info("stopped; %d data posts accepted", sum(d.posts for d in devices))
    return 0

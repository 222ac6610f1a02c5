#!/usr/bin/env python3
"""Device benchmark: simulated devices scanning a mon_mitm area through a real all-in-one process.

    .venv/bin/python bench/devices.py [--db sqlite|mariadb] [--devices 10] [--seconds 60]

The all-in-one process runs as its own process (start.py, with --game_stats_raw so every location is
recorded); the simulated phones (RGC websocket + PogoDroid HTTP) run in this process over a synthetic
world. Prints locations per second, the share that got fresh data, and the time from a teleport to its
data (trs_stats_location_raw: data_ts - fix_ts, whole seconds)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.ingest import drop_mariadb_database, mariadb_database  # noqa: E402
from magneton.config import Config  # noqa: E402
from magneton.db import migrate  # noqa: E402
from magneton.db.database import Database  # noqa: E402
from magneton.db.models import Pokemon, TrsStatsLocationRaw  # noqa: E402
from magneton.sim.device import SimConfig, SimDevice  # noqa: E402
from magneton.sim.setup import configure_fleet, seed_known_world  # noqa: E402
from magneton.sim.world import World  # noqa: E402
from tests.ingest.conftest import free_port  # noqa: E402

USER, PASSWORD = "bench", "bench"


async def run(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="magneton-devbench-"))
    dbname = mariadb_database() if args.db == "mariadb" else None
    cfg = Config(status_name="devbench", sqlite_file=str(workdir / "bench.db"),
                 db_url=f"mysql+aiomysql://root@127.0.0.1:3306/{dbname}" if dbname else None)
    await asyncio.to_thread(migrate.upgrade, cfg)
    db = Database(cfg)
    await db.start(migrate=False)
    world = World(seed=5, lat=52.52, lng=13.40, radius_m=args.radius)
    origins = [f"bench{i:02d}" for i in range(1, args.devices + 1)]
    await configure_fleet(db.engine, db.instance_id, world, "mon_mitm", origins, USER, PASSWORD)
    await seed_known_world(db.engine, world)
    ws_port, mitm_port = free_port(), free_port()
    cmd = [sys.executable, str(ROOT / "start.py"), "--no_file_logs", "-sn", "devbench", "--game_stats_raw",
           "--ws_ip", "127.0.0.1", "--ws_port", str(ws_port), "--mitmreceiver_ip", "127.0.0.1",
           "--mitmreceiver_port", str(mitm_port), "--wait_for_data_sleep_duration", "0.2", "--madmin_ip", "127.0.0.1",
           "--madmin_port", str(free_port())]
    cmd += ["--db_url", cfg.db_url] if cfg.db_url else ["--sqlite_file", cfg.sqlite_file]
    proc = subprocess.Popen(cmd, cwd=workdir, stderr=subprocess.DEVNULL)
    sim_cfg = SimConfig(f"ws://127.0.0.1:{ws_port}", f"http://127.0.0.1:{mitm_port}", USER, PASSWORD,
                        gmo_interval=1.0)
    devices = [SimDevice(origin, world, sim_cfg, lat=world.lat, lng=world.lng) for origin in origins]
    try:
        tasks = [asyncio.create_task(device.run()) for device in devices]
        started = time.monotonic()
        await asyncio.sleep(args.seconds)
        for device in devices:
            device.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        elapsed = time.monotonic() - started
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 120)
        async with db.engine.connect() as conn:
            raw = (await conn.execute(select(TrsStatsLocationRaw.success, TrsStatsLocationRaw.fix_ts,
                                             TrsStatsLocationRaw.data_ts))).all()
            mons = len((await conn.execute(select(Pokemon.encounter_id))).all())
            ivs = len((await conn.execute(select(Pokemon.encounter_id)
                                          .where(Pokemon.individual_attack.is_not(None)))).all())
    finally:
        if proc.poll() is None:
            proc.kill()
        await db.stop()
        if dbname:
            drop_mariadb_database(dbname)
    ok = [r for r in raw if r.success]
    waits = sorted(r.data_ts - r.fix_ts for r in ok) or [0]
    print(f"device benchmark: {args.db}, {args.devices} simulated devices, mon_mitm area of "
          f"{len(world.spawnpoints)} spawnpoints, {elapsed:.0f} s (including start-up and injection)")
    print(f"  locations scanned     {len(raw)} ({len(raw) / elapsed:.2f}/s, "
          f"{len(raw) / elapsed * 60 / args.devices:.1f} per device per minute), fresh data {len(ok)}/{len(raw)}")
    print(f"  teleport -> data      p50 {statistics.median(waits):.0f} s, p99 {waits[int(len(waits) * 0.99) - 1]:.0f} s "
          "(receiver-clock seconds; MAD's rule: data of a later second than the move)")
    print(f"  mons stored           {mons} ({ivs} with IVs from encounters)")
    print(f"  data posts accepted   {sum(d.posts for d in devices)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "mariadb"), default="sqlite")
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--radius", type=float, default=1000.0, help="world radius in metres")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

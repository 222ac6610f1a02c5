#!/usr/bin/env python3
"""Webhook latency benchmark: from a payload's POST at the receiver to its webhook at a local HTTP endpoint.

    .venv/bin/python bench/webhooks.py [--db sqlite|mariadb] [--devices 20] [--period 1.0] [--rounds 3]
                                       [--interval 10]

A real all-in-one process runs with `--webhook`, posting to a local aiohttp endpoint. Simulated devices each
post one GMO of fixtures/106_city_batch.json every `period` seconds (fresh mons per device and round,
stamped with the time of sending) while the worker runs every `interval` seconds
(webhook_worker_interval). For every wild mon the delay is taken from the first POST that carried it to the
arrival of its pokemon webhook. Prints p50/p99, and how many mons arrived twice or never."""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.ingest import drop_mariadb_database, mariadb_database  # noqa: E402
from magneton.config import Config  # noqa: E402
from magneton.db import migrate  # noqa: E402
from magneton.db.database import Database  # noqa: E402
from tests.ingest.conftest import FIXTURES, Stack, free_port, seed  # noqa: E402


def gmo(entry: dict, device: int, rnd: int) -> tuple[list[dict], list[tuple[str, int]]]:
    """The entry stamped with now, its mons renumbered for this device and round; and their (encounter id,
    time_till_hidden)."""
    entry = copy.deepcopy(entry)
    now = time.time()
    entry["timestamp"] = int(now)
    ids = []
    for cell in entry["payload"]["cells"]:
        cell["current_timestamp"] = int(now * 1000)
        for mon in cell["wild_pokemon"]:
            mon["encounter_id"] = (mon["encounter_id"] ^ (device * 7919 + rnd * 104729 + 1)) & (2**63 - 1)
            ids.append((str(mon["encounter_id"]), mon["time_till_hidden"]))
    return [entry], ids


async def run(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="magneton-bench-"))
    dbname = mariadb_database() if args.db == "mariadb" else None
    cfg = Config(status_name="bench", sqlite_file=str(workdir / "bench.db"), mitmreceiver_port=free_port(),
                 db_url=f"mysql+aiomysql://root@127.0.0.1:3306/{dbname}" if dbname else None)
    await asyncio.to_thread(migrate.upgrade, cfg)
    db = Database(cfg)
    await db.start(migrate=False)
    origins = [f"bench{i:03d}" for i in range(args.devices)]
    await seed(db.engine, db.instance_id, origins, account_for=None)
    await db.stop()

    posted: dict[str, float] = {}
    short_lived: set[str] = set()  # despawn within one worker interval of posting: may never be sent
    arrived: dict[str, float] = {}
    last_message: dict[str, dict] = {}
    duplicates = updates = 0

    async def hook(request: web.Request) -> web.Response:
        nonlocal duplicates, updates
        now = time.time()
        for entry in await request.json():
            message = entry["message"]
            if entry["type"] == "pokemon" and message["seen_type"] == "wild":
                eid = message["encounter_id"]
                if eid in arrived:  # sent again: a duplicate only if nothing changed
                    changed = {k for k in message if message[k] != last_message[eid].get(k)} - {"rarity"}
                    duplicates += not changed
                    updates += bool(changed)
                last_message[eid] = message
                arrived.setdefault(eid, now)
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    hook_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", hook_port).start()

    cmd = [sys.executable, str(ROOT / "start.py"), "--no_file_logs", "-sn", "bench", "--mitmreceiver_ip",
           "127.0.0.1", "--mitmreceiver_port", str(cfg.mitmreceiver_port), "--ws_ip", "127.0.0.1", "--ws_port",
           str(free_port()), "--madmin_port", str(free_port()), "--webhook", "--webhook_url",
           f"[pokemon wild raid gym pokestop weather]http://127.0.0.1:{hook_port}/hook",
           "--webhook_worker_interval", str(args.interval)]
    cmd += ["--db_url", cfg.db_url] if cfg.db_url else ["--sqlite_file", cfg.sqlite_file]
    proc = subprocess.Popen(cmd, cwd=workdir, stderr=None if args.verbose else subprocess.DEVNULL)
    batch = json.loads((FIXTURES / "106_city_batch.json").read_text())
    url = f"http://127.0.0.1:{cfg.mitmreceiver_port}/"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):  # wait until the receiver answers
                try:
                    async with session.get(url + "get_addresses", headers=Stack.headers(origins[0])):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)

            async def device(index: int) -> None:
                headers = Stack.headers(origins[index])
                await asyncio.sleep(args.period * index / args.devices)  # spread the devices over a period
                for rnd in range(args.rounds):
                    for entry in batch:
                        body, ids = gmo(entry, index, rnd)
                        sent = time.time()
                        for eid, tth in ids:
                            if eid not in posted and 0 <= tth <= args.interval * 1000:
                                short_lived.add(eid)
                            posted.setdefault(eid, sent)
                        async with session.post(url, data=json.dumps(body).encode(), headers=headers) as response:
                            await response.read()
                        await asyncio.sleep(max(0.0, args.period - (time.time() - sent)))

            started = time.perf_counter()
            await asyncio.gather(*(device(i) for i in range(args.devices)))
            load = time.perf_counter() - started
            deadline = time.time() + 8 * args.interval + 30  # let the last rounds arrive
            while len(set(posted) - set(arrived) - short_lived) and time.time() < deadline:
                await asyncio.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 120)
    finally:
        if proc.poll() is None:
            proc.kill()
        await runner.cleanup()
        if dbname:
            drop_mariadb_database(dbname)

    delays = sorted(arrived[e] - posted[e] for e in arrived if e in posted)
    gmos = args.devices * args.rounds * len(batch)
    print(f"webhook benchmark: {args.db}, {args.devices} devices x {args.rounds} rounds x {len(batch)} GMOs, "
          f"one GMO per device every {args.period:g} s ({gmos / load:.0f} GMOs/s for {load:.0f} s), "
          f"webhook_worker_interval {args.interval}")
    missing = set(posted) - set(arrived)
    print(f"  wild mons posted      {len(posted)}, webhooks received {len(arrived)}, duplicates {duplicates}, "
          f"re-sent with a change {updates}")
    print(f"  not received          {len(missing - short_lived)} (+ {len(missing & short_lived)} that despawned "
          f"within one interval of posting, of {len(short_lived)} such)")
    if delays:
        print(f"  POST -> webhook       p50 {statistics.median(delays):.2f} s, "
              f"p99 {delays[max(0, int(len(delays) * 0.99) - 1)]:.2f} s, max {delays[-1]:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "mariadb"), default="sqlite")
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--period", type=float, default=1.0, help="seconds between one device's GMOs")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the 20 GMOs of the city batch")
    parser.add_argument("--interval", type=int, default=10, help="webhook_worker_interval")
    parser.add_argument("--verbose", action="store_true", help="show the process log")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

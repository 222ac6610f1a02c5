#!/usr/bin/env python3
"""Ingest benchmark: simulated PogoDroid devices posting map data to a real all-in-one process.

    .venv/bin/python bench/ingest.py [--db sqlite|mariadb] [--devices 20] [--rounds 10]
    .venv/bin/python bench/ingest.py --split [--devices 20] [--rounds 10]     (MariaDB, needs nginx)

Each device posts the 20 GMOs of fixtures/106_city_batch.json per round (one shared city: the same forts,
fresh mons every round, timestamps shifted to now) as fast as the receiver answers. The process is then
stopped with SIGTERM, which drains everything accepted, so "durable" below is the time from the first
POST until every accepted payload is in the database. Prints payloads/s, rows/s and POST latencies.

--split runs the fully split deployment instead (core, MitmMapper, StatsHandler and receivers on unix
sockets behind nginx, on MariaDB), once with 1 and once with 2 receivers, and prints both and the ratio.
Receivers answer 200 only once a payload is stored, so there "accepted" is already durable."""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import pymysql
import redis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from magneton.config import Config  # noqa: E402
from magneton.db import migrate  # noqa: E402
from magneton.db.database import Database  # noqa: E402
from tests.ingest.conftest import FIXTURES, Stack, free_port, seed  # noqa: E402
from tests.split.conftest import REDIS_DB, Deployment, write_config  # noqa: E402

TABLES = ("pokemon", "trs_spawn", "pokestop", "pokestop_incident", "gym", "gymdetails", "raid", "weather",
          "trs_s2cells")


def workload(devices: int, rounds: int) -> list[list[list[dict]]]:
    """bodies[device][i]: the GMO posts of one device, shifted to now, with fresh mons per round."""
    batch = json.loads((FIXTURES / "106_city_batch.json").read_text())
    shift = int(time.time()) - 1717243200
    bodies = []
    for device in range(devices):
        posts = []
        for rnd in range(rounds):
            for entry in batch:
                entry = copy.deepcopy(entry)
                entry["timestamp"] += shift + rnd * 200
                for cell in entry["payload"]["cells"]:
                    cell["current_timestamp"] += (shift + rnd * 200) * 1000
                    for mon in cell["wild_pokemon"]:
                        mon["encounter_id"] = (mon["encounter_id"] ^ (device * 7919 + rnd * 104729 + 1)) & (2**63 - 1)
                posts.append([entry])
        bodies.append(posts)
    return bodies


def mariadb_database() -> str:
    name = f"magneton_bench_{secrets.token_hex(4)}"
    with pymysql.connect(host="127.0.0.1", user="root", autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    return name


def drop_mariadb_database(name: str) -> None:
    with pymysql.connect(host="127.0.0.1", user="root", autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


async def count_rows(db: Database) -> dict[str, int]:
    from sqlalchemy import text

    async with db.engine.connect() as conn:
        return {t: (await conn.execute(text(f"SELECT COUNT(*) FROM {t}"))).scalar_one() for t in TABLES}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib(pid: int, field: str = "VmHWM") -> float:
    """A /proc/<pid>/status memory figure in MiB: VmHWM (peak resident set) or VmRSS (now)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def mariadb_pid() -> int | None:
    """The local MariaDB server's pid, to count its CPU too (None when it cannot be found)."""
    found = subprocess.run(["pgrep", "-o", "mariadbd|mysqld"], capture_output=True, text=True)
    return int(found.stdout.split()[0]) if found.returncode == 0 and found.stdout.strip() else None


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
    cmd = [sys.executable, str(ROOT / "start.py"), "--no_file_logs", "-sn", "bench", "--mitmreceiver_ip",
           "127.0.0.1", "--mitmreceiver_port", str(cfg.mitmreceiver_port), "--db_poolsize", str(args.poolsize),
           "--mitmreceiver_data_workers", str(args.workers), "--ws_ip", "127.0.0.1", "--ws_port", str(free_port()),
           "--madmin_port", str(free_port())]
    cmd += ["--db_url", cfg.db_url] if cfg.db_url else ["--sqlite_file", cfg.sqlite_file]
    proc = subprocess.Popen(cmd, cwd=workdir, stderr=None if args.verbose else subprocess.DEVNULL)
    bodies = workload(args.devices, args.rounds)
    url = f"http://127.0.0.1:{cfg.mitmreceiver_port}/"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):  # wait until the receiver answers
                try:
                    async with session.get(url + "get_addresses", headers=Stack.headers(origins[0])):
                        break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)

            async def device(origin: str, posts: list[list[dict]]) -> None:
                headers = Stack.headers(origin)
                for body in posts:
                    data = json.dumps(body).encode()
                    while True:
                        started = time.perf_counter()
                        async with session.post(url, data=data, headers=headers) as response:
                            await response.read()
                        latencies.append(time.perf_counter() - started)
                        statuses[response.status] = statuses.get(response.status, 0) + 1
                        if response.status != 503:
                            break
                        await asyncio.sleep(float(response.headers.get("Retry-After", "1")))

            before = await count_rows(db)
            server = mariadb_pid() if dbname else None
            cpu_before = cpu_seconds(proc.pid), server and cpu_seconds(server)
            started = time.perf_counter()
            await asyncio.gather(*(device(o, b) for o, b in zip(origins, bodies)))
            posted = time.perf_counter() - started
            # answers come after commit, so the posting window holds nearly all the work
            cpu_used = cpu_seconds(proc.pid) - cpu_before[0]
            db_cpu_used = cpu_seconds(server) - cpu_before[1] if server else None
            peak_rss = memory_mib(proc.pid)
            proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(proc.wait, 600)
            durable = time.perf_counter() - started
        after = await count_rows(db)
    finally:
        if proc.poll() is None:
            proc.kill()
        await db.stop()
        if dbname:
            drop_mariadb_database(dbname)

    payloads = sum(len(b) for b in bodies)
    mons = sum(len(c["wild_pokemon"]) for b in bodies for body in b for c in body[0]["payload"]["cells"])
    rows = {t: after[t] - before[t] for t in TABLES}
    latencies.sort()
    print(f"ingest benchmark: {args.db}, {args.devices} devices x {args.rounds} rounds x 20 GMOs, "
          f"{args.workers} data workers, db_poolsize {args.poolsize}")
    print(f"  payloads posted       {payloads} ({mons} wild mon sightings), answers {statuses}")
    print(f"  accepted in           {posted:.2f} s  -> {payloads / posted:.0f} payloads/s")
    print(f"  durable after         {durable:.2f} s  -> {payloads / durable:.0f} payloads/s, "
          f"{sum(rows.values()) / durable:.0f} distinct rows/s")
    print(f"  POST latency          p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.1f} ms")
    print(f"  distinct rows stored  {sum(rows.values())}: " + ", ".join(f"{t} {n}" for t, n in rows.items()))
    print(f"  magneton CPU          {cpu_used / payloads * 1000:.2f} s per 1,000 payloads "
          f"({cpu_used / posted * 100:.0f} % of one core; one core alone would take "
          f"{payloads / cpu_used:.0f} payloads/s), peak RSS {peak_rss:.0f} MiB")
    if db_cpu_used is not None:
        print(f"  MariaDB server CPU    {db_cpu_used / payloads * 1000:.2f} s per 1,000 payloads")


async def run_split(args: argparse.Namespace, receivers: int) -> float:
    """Payloads/s through nginx over `receivers` receiver processes; the deployment is torn down after."""
    workdir = Path(tempfile.mkdtemp(prefix="magneton-bench-split-"))
    sockdir = Path(tempfile.mkdtemp(prefix="magneton-bench-sock-"))
    sockdir.chmod(0o777)
    dbname = mariadb_database()
    db_url = f"mysql+aiomysql://root@127.0.0.1:3306/{dbname}"
    ports = {"mitmmapper_port": free_port(), "statshandler_port": free_port(), "mappingmanager_port": free_port(),
             "ws_ip": "127.0.0.1", "ws_port": free_port(), "madmin_port": free_port(),
             "db_poolsize": args.poolsize, "mitmreceiver_data_workers": args.workers}
    write_config(workdir / "config.ini", db_url, **ports)
    cfg = Config(status_name="split", db_url=db_url)
    await asyncio.to_thread(migrate.upgrade, cfg)
    db = Database(cfg)
    await db.start(migrate=False)
    origins = [f"bench{i:03d}" for i in range(args.devices)]
    await seed(db.engine, db.instance_id, origins, account_for=None)
    redis.Redis(db=REDIS_DB).flushdb()  # dedup keys of an earlier run
    d = Deployment(workdir, sockdir, cfg)
    bodies = workload(args.devices, args.rounds)
    statuses: dict[int, int] = {}
    try:
        for name, script in (("mitmmapper", "start_mitmmapper.py"), ("statshandler", "start_statshandler.py"),
                             ("core", "start_core.py")):
            await asyncio.to_thread(d.script(name, script).wait_for, "lifecycle: ready:")
        for n in range(1, receivers + 1):
            await asyncio.to_thread(d.receiver(n).wait_for, "lifecycle: ready:")
        d.nginx(receivers)
        url = d.url + "/"
        async with aiohttp.ClientSession() as session:
            for _ in range(200):
                try:
                    async with session.post(url, json=[], headers=Stack.headers(origins[0])) as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)

            async def device(origin: str, posts: list[list[dict]]) -> None:
                headers = Stack.headers(origin)
                for body in posts:
                    while True:
                        async with session.post(url, data=json.dumps(body).encode(), headers=headers) as response:
                            await response.read()
                        statuses[response.status] = statuses.get(response.status, 0) + 1
                        if response.status == 200:
                            break
                        await asyncio.sleep(float(response.headers.get("Retry-After", "0.2")))

            started = time.perf_counter()
            await asyncio.gather(*(device(o, b) for o, b in zip(origins, bodies)))
            elapsed = time.perf_counter() - started
        payloads = sum(len(b) for b in bodies)
        print(f"  {receivers} receiver(s): {payloads} payloads stored in {elapsed:.2f} s -> "
              f"{payloads / elapsed:.0f} payloads/s, answers {statuses}")
        return payloads / elapsed
    finally:
        d.stop_all()
        await db.stop()
        drop_mariadb_database(dbname)
        shutil.rmtree(sockdir, ignore_errors=True)


async def split(args: argparse.Namespace) -> None:
    print(f"split ingest benchmark: MariaDB, nginx, {args.devices} devices x {args.rounds} rounds x 20 GMOs, "
          f"{args.workers} data workers and db_poolsize {args.poolsize} per receiver")
    one = await run_split(args, 1)
    two = await run_split(args, 2)
    print(f"  2 receivers / 1 receiver = {two / one:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "mariadb"), default="sqlite")
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="mitmreceiver_data_workers")
    parser.add_argument("--poolsize", type=int, default=5, help="db_poolsize")
    parser.add_argument("--verbose", action="store_true", help="show the process log")
    parser.add_argument("--split", action="store_true", help="split deployment behind nginx, 1 vs 2 receivers")
    args = parser.parse_args()
    asyncio.run(split(args) if args.split else run(args))


if __name__ == "__main__":
    main()
